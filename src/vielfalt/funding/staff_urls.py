"""The team's pages of this app (names in the ``staff`` namespace; every view is ``staff_required``)."""

from django.urls import URLPattern, URLResolver, path

from vielfalt.funding import staff_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", staff_views.overview, name="funding"),
    path("programme/neu/", staff_views.programme_create, name="funding_programme_create"),
    path("programme/<int:pk>/", staff_views.programme_edit, name="funding_programme_edit"),
    path("programme/<int:pk>/veroeffentlichen/", staff_views.programme_publish, name="funding_programme_publish"),
    path("programme/<int:pk>/aufrufe/neu/", staff_views.call_create, name="funding_call_create"),
    path("aufrufe/<int:pk>/", staff_views.call_edit, name="funding_call_edit"),
    path("aufrufe/<int:pk>/veroeffentlichen/", staff_views.call_publish, name="funding_call_publish"),
]
