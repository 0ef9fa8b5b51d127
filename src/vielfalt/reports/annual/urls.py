from django.urls import URLPattern, path

from vielfalt.reports.annual import views

urlpatterns: list[URLPattern] = [
    path("jahresbericht/", views.annual, name="annual"),
    path("jahresbericht/<int:year>/excel/", views.annual_download, {"file_format": "xlsx"}, name="annual_xlsx"),
    path("jahresbericht/<int:year>/pdf/", views.annual_download, {"file_format": "pdf"}, name="annual_pdf"),
]
