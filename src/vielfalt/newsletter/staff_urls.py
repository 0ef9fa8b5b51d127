"""The team's pages of the newsletter (``/<lang>/staff/newsletter/``, names in the ``staff`` namespace)."""

from django.urls import URLPattern, URLResolver, path

from vielfalt.newsletter import staff_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", staff_views.issues, name="newsletter_issues"),
    path("neu/", staff_views.issue_create, name="newsletter_issue_create"),
    path("<int:pk>/", staff_views.issue_detail, name="newsletter_issue"),
    path("<int:pk>/bearbeiten/", staff_views.issue_edit, name="newsletter_issue_edit"),
    path("<int:pk>/vorschau/<str:language>/", staff_views.issue_preview, name="newsletter_issue_preview"),
    path("<int:pk>/test/", staff_views.issue_send_test, name="newsletter_issue_test"),
    path("<int:pk>/senden/", staff_views.issue_send, name="newsletter_issue_send"),
    path("<int:pk>/loeschen/", staff_views.issue_delete, name="newsletter_issue_delete"),
]
