from django.urls import path

from otklik.intake import views

app_name = "registry"
urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/correct/", views.correct_view, name="correct"),
]
