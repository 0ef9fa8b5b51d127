from django.urls import URLPattern, URLResolver

from vielfalt.reports.annual import urls as annual_urls

app_name = "reports"

urlpatterns: list[URLPattern | URLResolver] = [
    *annual_urls.urlpatterns,
]
