from django.urls import path

from vielfalt.events import feeds, views
from vielfalt.events.documentation import views as documentation_views
from vielfalt.events.manage import views as manage_views
from vielfalt.events.programme import views as programme_views
from vielfalt.events.registration import views as registration_views

app_name = "events"

urlpatterns = [
    # Public: listing, event pages, calendar feeds (views.py, feeds.py)
    path("", views.upcoming, name="list"),
    path("vergangene/", views.past, name="past"),
    path("vernetzungstreffen/", views.networking_series, name="series"),
    path("kalender.ics", feeds.all_events, name="feed"),
    path("kalender/kreis/<slug:district>.ics", feeds.district_events, name="feed_district"),
    path("kalender/organisation/<slug:organisation>.ics", feeds.organisation_events, name="feed_organisation"),
    # Registration (registration/views.py)
    path("meine/", registration_views.mine, name="mine"),
    path("abmelden/<str:token>/", registration_views.cancel_by_link, name="cancel_by_link"),
    path("angebot/<str:token>/", registration_views.offer_by_link, name="offer_by_link"),
    # Running an event (manage/views.py, programme/views.py)
    path("neu/", manage_views.create, name="create"),
    # One event (keep these last: the slug takes any path segment)
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/kalender.ics", feeds.event, name="event_ics"),
    path("<slug:slug>/anmelden/", registration_views.register, name="register"),
    path("<slug:slug>/anmeldung/", registration_views.my_registration, name="my_registration"),
    path("<slug:slug>/anmeldung/workshop/", registration_views.change_workshop, name="change_workshop"),
    path("<slug:slug>/anmeldung/stornieren/", registration_views.cancel, name="cancel"),
    path("<slug:slug>/anmeldung/angebot/", registration_views.answer_offer, name="answer_offer"),
    path("<slug:slug>/bearbeiten/", manage_views.edit, name="edit"),
    path("<slug:slug>/veroeffentlichen/", manage_views.publish, name="publish"),
    path("<slug:slug>/absagen/", manage_views.cancel_event, name="cancel_event"),
    path("<slug:slug>/programm/", programme_views.programme, name="programme"),
    path("<slug:slug>/programm/zeitfenster/<int:pk>/", programme_views.slot_edit, name="slot_edit"),
    path("<slug:slug>/programm/zeitfenster/<int:pk>/loeschen/", programme_views.slot_delete, name="slot_delete"),
    path("<slug:slug>/programm/punkt/<int:pk>/", programme_views.session_edit, name="session_edit"),
    path("<slug:slug>/programm/punkt/<int:pk>/loeschen/", programme_views.session_delete, name="session_delete"),
    path("<slug:slug>/teilnehmende/", manage_views.participants, name="participants"),
    path("<slug:slug>/teilnehmende/export.<str:fmt>", manage_views.participants_export, name="participants_export"),
    path("<slug:slug>/teilnehmende/<int:pk>/stornieren/", manage_views.participant_cancel, name="participant_cancel"),
    path("<slug:slug>/unterschriftenliste.pdf", manage_views.sign_in_sheet, name="sign_in_sheet"),
    path("<slug:slug>/einlass/", manage_views.check_in, name="check_in"),
    path("<slug:slug>/einlass/<int:pk>/", manage_views.check_in_toggle, name="check_in_toggle"),
    path("<slug:slug>/dokumentation/", documentation_views.documentation, name="documentation"),
    path("<slug:slug>/dokumentation/bearbeiten/", documentation_views.documentation_edit, name="documentation_edit"),
    path("<slug:slug>/dokumentation/bild/", documentation_views.image_add, name="documentation_image_add"),
    path(
        "<slug:slug>/dokumentation/bild/<int:pk>/loeschen/",
        documentation_views.image_delete,
        name="documentation_image_delete",
    ),
    path("<slug:slug>/dokumentation/datei/", documentation_views.file_add, name="documentation_file_add"),
    path(
        "<slug:slug>/dokumentation/datei/<int:pk>/loeschen/",
        documentation_views.file_delete,
        name="documentation_file_delete",
    ),
]
