"""Profiles in the directory (/<lang>/organisationen/...). Fixed paths come before the slug."""

from django.urls import path

from vielfalt.organisations import views

app_name = "organisations"

urlpatterns = [
    path("registrieren/", views.register, name="register"),
    path("meine/", views.mine, name="mine"),
    path("einladung/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/bearbeiten/", views.edit, name="edit"),
    path("<slug:slug>/foerderung/", views.funding_add, name="funding_add"),
    path("<slug:slug>/foerderung/<int:pk>/entfernen/", views.funding_remove, name="funding_remove"),
    path("<slug:slug>/kontakt/", views.contact, name="contact"),
    path("<slug:slug>/uebernehmen/", views.claim, name="claim"),
    path("<slug:slug>/mitglieder/", views.members, name="members"),
    path("<slug:slug>/mitglieder/einladen/", views.member_invite, name="member_invite"),
    path("<slug:slug>/mitglieder/uebergeben/", views.hand_over, name="hand_over"),
    path("<slug:slug>/mitglieder/<int:pk>/rolle/", views.member_role, name="member_role"),
    path("<slug:slug>/mitglieder/<int:pk>/entfernen/", views.member_remove, name="member_remove"),
    path("<slug:slug>/ansprechperson/", views.public_contact, name="public_contact"),
]
