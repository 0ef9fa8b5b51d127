"""Course runs, a Träger's dashboard and its Lotsen, and "Meine Qualifizierung" (``/<lang>/qualifizierung/``)."""

from django.urls import URLPattern, path

from vielfalt.qualification.runs import import_views, views

urlpatterns: list[URLPattern] = [
    path("kurse/neu/", views.run_create, name="run_create"),
    path("kurse/import/vorlage.xlsx", import_views.run_import_template, name="run_import_template"),
    path("kurse/<slug:slug>/", views.run_detail, name="run_detail"),
    path("kurse/<slug:slug>/termine/neu/", views.session_add, name="run_session_add"),
    path("kurse/<slug:slug>/termine/<int:pk>/", views.session_edit, name="run_session_edit"),
    path("kurse/<slug:slug>/termine/<int:pk>/loeschen/", views.session_delete, name="run_session_delete"),
    path("kurse/<slug:slug>/termine/<int:pk>/anwesenheit/", views.attendance, name="run_attendance"),
    path(
        "kurse/<slug:slug>/termine/<int:pk>/korrektur/<int:registration>/",
        views.attendance_correct,
        name="run_attendance_correct",
    ),
    path("kurse/<slug:slug>/abschliessen/", views.run_close, name="run_close"),
    path("traeger/<slug:slug>/", views.trager_dashboard, name="trager_dashboard"),
    path("traeger/<slug:slug>/lotsen/", views.trager_lotsen, name="trager_lotsen"),
    path("traeger/<slug:slug>/kurse/import/", import_views.trager_run_import, name="trager_run_import"),
    path(
        "traeger/<slug:slug>/kurse/import/bestaetigen/",
        import_views.trager_run_import_confirm,
        name="trager_run_import_confirm",
    ),
    path("traeger/<slug:slug>/lotsen/<int:pk>/beenden/", views.trager_lotse_end, name="trager_lotse_end"),
    path("meine/", views.my_qualification, name="my_qualification"),
]
# The team's: under /<lang>/staff/qualifizierung/ (namespace "staff"): the centre's own runs.
staff_urlpatterns: list[URLPattern] = [
    path("kurse/import/", import_views.course_run_import, name="course_run_import"),
    path("kurse/import/bestaetigen/", import_views.course_run_import_confirm, name="course_run_import_confirm"),
]
