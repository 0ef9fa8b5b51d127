"""The team's needs pages (``/<lang>/staff/bedarfe/``, names in the ``staff`` namespace)."""

from django.urls import URLPattern, URLResolver, path

from vielfalt.needs import staff_views as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.table, name="needs"),
    path("erfassen/", views.capture, name="needs_capture"),
    path("zusammenfuehren/", views.merge, name="needs_merge"),
    path("themen/", views.topics, name="needs_topics"),
    path("aus-veranstaltung/<int:pk>/", views.from_event, name="needs_from_event"),
    path("aus-umfrage/<int:pk>/", views.from_survey, name="needs_from_survey"),
    path("aus-beratung/<str:reference>/", views.from_case, name="needs_from_case"),
    path("aus-profil/<slug:slug>/", views.from_organisation, name="needs_from_organisation"),
    path("<int:pk>/", views.need, name="needs_need"),
    path("<int:pk>/antworten/", views.action_add, name="needs_action_add"),
    path("<int:pk>/antworten/<int:action_pk>/entfernen/", views.action_delete, name="needs_action_delete"),
    path("<int:pk>/loeschen/", views.delete, name="needs_delete"),
]
