"""Addresses of the milestones part (joined in ``counselling.urls``, namespace ``counselling``, under
``/<lang>/beratung/``): the forms of the case page's milestones section and the case's timeline."""

from django.urls import URLPattern, path

from vielfalt.counselling.milestones import views

urlpatterns: list[URLPattern] = [
    path("faelle/<str:reference>/meilensteine/neu/", views.milestone_add, name="milestone_add"),
    path("faelle/<str:reference>/meilensteine/<int:pk>/", views.milestone_edit, name="milestone_edit"),
    path("faelle/<str:reference>/meilensteine/<int:pk>/erreicht/", views.milestone_done, name="milestone_done"),
    path("faelle/<str:reference>/meilensteine/<int:pk>/loeschen/", views.milestone_delete, name="milestone_delete"),
    path("faelle/<str:reference>/verlauf/", views.timeline, name="timeline"),
]
staff_urlpatterns: list[URLPattern] = []
