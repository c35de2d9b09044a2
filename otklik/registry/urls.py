from django.urls import path

from otklik.registry import erasure_views

app_name = "registry"
# The record card (`registry:detail`) combines the apps above the registry: the web layer adds it here
# (`otklik/urls.py`).
urlpatterns = [
    path("erasure/", erasure_views.erasure, name="erasure"),
]
