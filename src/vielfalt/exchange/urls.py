from django.urls import path

from vielfalt.exchange import board_views, message_views, moderation_views, views

app_name = "exchange"

urlpatterns = [
    # Dashboard with suggestions (board_views.py)
    path("", board_views.home, name="home"),
    # Groups and discussions (views.py)
    path("gruppen/", views.groups, name="groups"),
    path("gruppen/neu/", views.group_create, name="group_create"),
    path("gruppen/<slug:slug>/", views.group, name="group"),
    path("gruppen/<slug:slug>/bearbeiten/", views.group_edit, name="group_edit"),
    path("gruppen/<slug:slug>/beitreten/", views.group_join, name="group_join"),
    path("gruppen/<slug:slug>/verlassen/", views.group_leave, name="group_leave"),
    path("gruppen/<slug:slug>/einladung/", views.group_invitation, name="group_invitation"),
    path("gruppen/<slug:slug>/mitglieder/", views.group_members, name="group_members"),
    path("gruppen/<slug:slug>/mitglieder/einladen/", views.group_invite, name="group_invite"),
    path("gruppen/<slug:slug>/mitglieder/<int:pk>/", views.group_member, name="group_member"),
    path("gruppen/<slug:slug>/dateien/", views.group_files, name="group_files"),
    path("gruppen/<slug:slug>/meldungen/", moderation_views.group_reports, name="group_reports"),
    path("gruppen/<slug:slug>/neu/", views.thread_create, name="thread_create"),
    path("gruppen/<slug:slug>/<int:pk>/", views.thread, name="thread"),
    path("gruppen/<slug:slug>/<int:pk>/antworten/", views.reply, name="reply"),
    path("gruppen/<slug:slug>/<int:pk>/anheften/", views.thread_pin, name="thread_pin"),
    path("beitrag/<int:pk>/bearbeiten/", views.post_edit, name="post_edit"),
    path("beitrag/<int:pk>/loeschen/", views.post_delete, name="post_delete"),
    path("anhang/<int:pk>/", views.attachment, name="attachment"),
    # Direct messages (message_views.py)
    path("nachrichten/", message_views.inbox, name="inbox"),
    path("nachrichten/an/<int:user_pk>/", message_views.message_person, name="message_person"),
    path("nachrichten/an-organisation/<slug:slug>/", message_views.message_organisation, name="message_organisation"),
    path("nachrichten/<int:pk>/", message_views.conversation, name="conversation"),
    path("blockiert/", message_views.blocked, name="blocked"),
    path("personen/<int:pk>/blockieren/", message_views.block, name="block"),
    # Reports and moderation (moderation_views.py)
    path("melden/<str:target>/<int:pk>/", moderation_views.report, name="report"),
    path("moderation/<str:target>/<int:pk>/", moderation_views.moderate, name="moderate"),
    # Board of requests and offers (board_views.py)
    path("brett/", board_views.board, name="board"),
    path("brett/neu/", board_views.board_create, name="board_create"),
    path("brett/<int:pk>/", board_views.board_post, name="board_post"),
    path("brett/<int:pk>/bearbeiten/", board_views.board_edit, name="board_edit"),
    path("brett/<int:pk>/antworten/", board_views.board_reply, name="board_reply"),
]
