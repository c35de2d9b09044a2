from django.urls import path

from otklik.reports.views import dashboard, registry, reports

app_name = "reports"
urlpatterns = [
    path("", reports.index, name="index"),
    path("registry/", registry.registry, name="registry"),
    path("registry/export", registry.registry_export, name="registry_export"),
    path("registry/count", registry.registry_count, name="registry_count"),
    path("exports/<int:pk>/", registry.export_job, name="export_job"),
    path("exports/<int:pk>/progress", registry.export_job_progress, name="export_job_progress"),
    path("exports/<int:pk>/download", registry.export_job_download, name="export_job_download"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("quarterly/<str:period>/named/<slug:fmt>", reports.named_annex, name="named_annex"),
    path("<slug:kind>/<str:period>/", reports.report, name="report"),
    path("<slug:kind>/<str:period>/<slug:fmt>", reports.download, name="download"),
]
