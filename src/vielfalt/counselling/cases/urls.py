"""Addresses of this part (joined in ``counselling.urls`` and ``counselling.staff_urls``)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
staff_urlpatterns: list[URLPattern] = []
