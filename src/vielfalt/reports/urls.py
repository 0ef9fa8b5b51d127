from django.urls import URLPattern, URLResolver, path

from vielfalt.reports.annual import urls as annual_urls
from vielfalt.reports.dashboard import views as dashboard

app_name = "reports"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", dashboard.dashboard, name="dashboard"),
    *annual_urls.urlpatterns,
]
