"""Addresses of the contacts part (joined in ``counselling.urls``, namespace ``counselling``, under
``/<lang>/beratung/``): the forms of the case page's contacts and notes sections, and the statistics."""

from django.urls import URLPattern, path

from vielfalt.counselling.contacts import views

urlpatterns: list[URLPattern] = [
    path("faelle/<str:reference>/kontakte/neu/", views.contact_add, name="contact_add"),
    path("faelle/<str:reference>/kontakte/<int:pk>/", views.contact_edit, name="contact_edit"),
    path("faelle/<str:reference>/kontakte/<int:pk>/loeschen/", views.contact_delete, name="contact_delete"),
    path("faelle/<str:reference>/notizen/neu/", views.note_add, name="note_add"),
    path("faelle/<str:reference>/notizen/<int:pk>/", views.note_edit, name="note_edit"),
    path("statistik/", views.statistics, name="statistics"),
    path("statistik/<int:year>.csv", views.statistics_export, {"file_format": "csv"}, name="statistics_csv"),
    path("statistik/<int:year>.xlsx", views.statistics_export, {"file_format": "xlsx"}, name="statistics_xlsx"),
]
staff_urlpatterns: list[URLPattern] = []
