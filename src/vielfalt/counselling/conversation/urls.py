"""Addresses of this part (joined in ``counselling.urls`` under ``/<lang>/beratung/``)."""

from django.urls import URLPattern, path

from vielfalt.counselling.conversation import views

urlpatterns: list[URLPattern] = [
    path("faelle/<str:reference>/nachrichten/neu/", views.message_create, name="message_create"),
    path("anhaenge/<int:pk>/", views.attachment, name="message_attachment"),
    path("faelle/<str:reference>/termine/neu/", views.appointment_create, name="appointment_create"),
    path("termine/<int:pk>/antwort/", views.appointment_answer, name="appointment_answer"),
    path("termine/<int:pk>/absagen/", views.appointment_cancel, name="appointment_cancel"),
    path("termine/<int:pk>/kalender.ics", views.appointment_ics, name="appointment_ics"),
    path("termin/<str:token>/", views.appointment_by_link, name="appointment_by_link"),
]
staff_urlpatterns: list[URLPattern] = []
