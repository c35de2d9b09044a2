from django.urls import path

from otklik.measures import views

app_name = "measures"
urlpatterns = [
    path("", views.measure_list, name="list"),
    path("new/", views.measure_new, name="new"),
    path("<int:pk>/", views.measure_detail, name="detail"),
    path("<int:pk>/<str:step>/", views.measure_step, name="step"),
    path("alerts/", views.alert_list, name="alerts"),
    path("alerts/<int:pk>/", views.alert_detail, name="alert"),
    path("alerts/<int:pk>/<str:step>/", views.alert_step, name="alert_step"),
]
