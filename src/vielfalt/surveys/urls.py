"""Public survey pages (``/<lang>/umfragen/``)."""

from django.urls import URLPattern, URLResolver, path

from vielfalt.surveys import views

app_name = "surveys"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.survey_list, name="list"),
    path("veranstaltung/<slug:event_slug>/rueckmeldung/", views.feedback_create, name="feedback_create"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/danke/", views.thanks, name="thanks"),
    path("<slug:slug>/ergebnisse/", views.results, name="results"),
]
