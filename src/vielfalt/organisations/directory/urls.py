"""The public directory (/<lang>/verzeichnis/...)."""

from django.urls import path

from vielfalt.organisations.directory import views as directory_views
from vielfalt.organisations.imports import exporting

app_name = "directory"

urlpatterns = [
    path("", directory_views.directory, name="index"),
    path("kreis/<str:ags>/", directory_views.district, name="district"),
    path("export/", exporting.public_export, name="export"),
]
