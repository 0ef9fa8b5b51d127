"""The team's survey pages (``/<lang>/staff/umfragen/``, names in the ``staff`` namespace)."""

from django.urls import URLPattern, URLResolver, path

from vielfalt.surveys import staff_views as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.survey_list, name="surveys_list"),
    path("neu/", views.survey_create, name="surveys_create"),
    path("<int:pk>/", views.survey_detail, name="surveys_survey"),
    path("<int:pk>/bearbeiten/", views.survey_edit, name="surveys_edit"),
    path("<int:pk>/status/", views.survey_status, name="surveys_status"),
    path("<int:pk>/loeschen/", views.survey_delete, name="surveys_delete"),
    path("<int:pk>/ergebnisse/", views.results, name="surveys_results"),
    path("<int:pk>/export.<str:fmt>", views.export, name="surveys_export"),
    path("<int:pk>/fragen/neu/", views.question_create, name="surveys_question_create"),
    path("<int:pk>/fragen/<int:question_pk>/", views.question_edit, name="surveys_question_edit"),
    path("<int:pk>/fragen/<int:question_pk>/verschieben/", views.question_move, name="surveys_question_move"),
    path("<int:pk>/fragen/<int:question_pk>/entfernen/", views.question_remove, name="surveys_question_remove"),
    path("<int:pk>/fragen/<int:question_pk>/wieder-stellen/", views.question_restore, name="surveys_question_restore"),
    path("<int:pk>/fragen/<int:question_pk>/antworten/neu/", views.choice_create, name="surveys_choice_create"),
    path(
        "<int:pk>/fragen/<int:question_pk>/antworten/<int:choice_pk>/",
        views.choice_edit,
        name="surveys_choice_edit",
    ),
    path(
        "<int:pk>/fragen/<int:question_pk>/antworten/<int:choice_pk>/verschieben/",
        views.choice_move,
        name="surveys_choice_move",
    ),
    path(
        "<int:pk>/fragen/<int:question_pk>/antworten/<int:choice_pk>/entfernen/",
        views.choice_remove,
        name="surveys_choice_remove",
    ),
    path(
        "<int:pk>/fragen/<int:question_pk>/antworten/<int:choice_pk>/wieder-anbieten/",
        views.choice_restore,
        name="surveys_choice_restore",
    ),
]
