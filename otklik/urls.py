from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from otklik.accounts.forms import LoginForm
from otklik.intake.api import api
from otklik.registry import urls as registry_urls
from otklik.web import record
from otklik.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("health", web_views.health, name="health"),
    path("regulation/", web_views.regulation, name="regulation"),
    path("home/measures/<int:pk>/approve", web_views.approve_measure, name="home_approve_measure"),
    path("login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("audit/", include("otklik.audit.urls")),
    path(
        "registry/",
        include(([path("<int:pk>/", record.detail, name="detail"), *registry_urls.urlpatterns], "registry")),
    ),
    path("registry/", include("otklik.intake.urls")),
    path("monitoring/", include("otklik.monitoring.urls")),
    path("measures/", include("otklik.measures.urls")),
    path("reports/", include("otklik.reports.urls")),
    path("analysis/", include("otklik.analysis.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
