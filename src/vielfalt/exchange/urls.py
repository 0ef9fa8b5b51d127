from django.urls import path

from vielfalt.exchange.board import views as board_views
from vielfalt.exchange.dashboard import views as dashboard_views
from vielfalt.exchange.discussions import views as discussion_views
from vielfalt.exchange.groups import views
from vielfalt.exchange.messages import views as message_views
from vielfalt.exchange.moderation import views as moderation_views

app_name = "exchange"

urlpatterns = [
    # Dashboard with suggestions (dashboard/views.py)
    path("", dashboard_views.home, name="home"),
    # Groups (groups/views.py) and their discussions (discussions/views.py)
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
    path("gruppen/<slug:slug>/neu/", discussion_views.thread_create, name="thread_create"),
    path("gruppen/<slug:slug>/<int:pk>/", discussion_views.thread, name="thread"),
    path("gruppen/<slug:slug>/<int:pk>/antworten/", discussion_views.reply, name="reply"),
    path("gruppen/<slug:slug>/<int:pk>/anheften/", discussion_views.thread_pin, name="thread_pin"),
    path("beitrag/<int:pk>/bearbeiten/", discussion_views.post_edit, name="post_edit"),
    path("beitrag/<int:pk>/loeschen/", discussion_views.post_delete, name="post_delete"),
    path("anhang/<int:pk>/", discussion_views.attachment, name="attachment"),
    # Direct messages (messages/views.py)
    path("nachrichten/", message_views.inbox, name="inbox"),
    path("nachrichten/an/<uuid:public_id>/", message_views.message_person, name="message_person"),
    path("nachrichten/an-organisation/<slug:slug>/", message_views.message_organisation, name="message_organisation"),
    path("nachrichten/<int:pk>/", message_views.conversation, name="conversation"),
    path("blockiert/", message_views.blocked, name="blocked"),
    path("personen/<int:pk>/blockieren/", message_views.block, name="block"),
    # Reports and moderation (moderation/views.py)
    path("melden/<str:target>/<int:pk>/", moderation_views.report, name="report"),
    path("moderation/<str:target>/<int:pk>/", moderation_views.moderate, name="moderate"),
    # Board of requests and offers (board/views.py)
    path("brett/", board_views.board, name="board"),
    path("brett/neu/", board_views.board_create, name="board_create"),
    path("brett/<int:pk>/", board_views.board_post, name="board_post"),
    path("brett/<int:pk>/bearbeiten/", board_views.board_edit, name="board_edit"),
    path("brett/<int:pk>/antworten/", board_views.board_reply, name="board_reply"),
]
