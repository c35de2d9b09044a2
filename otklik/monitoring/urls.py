from django.urls import path

from otklik.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("my/", views.my_unit, name="my_unit"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("analyses/<int:pk>/", views.analysis_detail, name="analysis"),
    path("analyses/bulk/", views.bulk, name="bulk"),
    path("triage/", views.triage, name="triage"),
    path("notifications/", views.notification_list, name="notifications"),
]
