"""The team's pages of this app (names in the ``staff`` namespace)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
