"""Addresses of this part (joined in ``counselling.urls`` and ``counselling.staff_urls``)."""

from django.urls import URLPattern, path

from vielfalt.counselling.cases import staff_views, views

# Under /<lang>/beratung/ (namespace "counselling").
urlpatterns: list[URLPattern] = [
    path("", views.start, name="start"),
    path("bestaetigen/<str:token>/", views.confirm, name="confirm"),
    path("anfragen/", views.mine, name="mine"),
    path("faelle/<str:reference>/", views.case_detail, name="case"),
    path("faelle/<str:reference>/zuweisen/", views.case_assign, name="case_assign"),
    path("faelle/<str:reference>/status/", views.case_move, name="case_move"),
    path("faelle/<str:reference>/bearbeiten/", views.case_edit, name="case_edit"),
]

# Under /<lang>/staff/beratung/ (namespace "staff"; every view is staff_required).
staff_urlpatterns: list[URLPattern] = [
    path("", staff_views.cases, name="counselling_cases"),
    path("faelle/neu/", staff_views.case_open, name="counselling_case_open"),
    path("tafel/", staff_views.board, name="counselling_board"),
    path("themen/", staff_views.topics, name="counselling_topics"),
    path("themen/neu/", staff_views.topic_create, name="counselling_topic_create"),
    path("themen/<int:pk>/", staff_views.topic_edit, name="counselling_topic_edit"),
]
