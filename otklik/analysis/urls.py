from django.urls import path

from otklik.analysis import views

app_name = "analysis"
urlpatterns = [
    path("models/", views.models, name="models"),
    path("models/retrain/", views.retrain_view, name="retrain"),
    path("records/<int:pk>/correct/", views.correct_record, name="correct"),
]
