from django.urls import path

from otklik.intake import batch_views, manual_views

app_name = "intake"
urlpatterns = [
    path("new/", manual_views.new_appeal, name="new"),
    path("batches/", batch_views.batches, name="batches"),
    path("upload/", batch_views.upload_view, name="upload"),
    path("upload/mapping/", batch_views.mapping_view, name="mapping"),
    path("batches/<int:pk>/", batch_views.batch_view, name="batch"),
    path("batches/<int:pk>/progress/", batch_views.batch_progress, name="batch_progress"),
    path("quarantine/<int:pk>/", batch_views.quarantine_fix, name="quarantine_fix"),
]
