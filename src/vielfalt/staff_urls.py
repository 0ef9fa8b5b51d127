"""The team's area (/<lang>/staff/): every view here is wrapped in ``staff_required`` (MFA included)."""

from django.urls import path

from vielfalt.accounts import staff_views as accounts_staff
from vielfalt.core import staff_views as core_staff
from vielfalt.pages import staff_views as pages_staff

app_name = "staff"

urlpatterns = [
    path("", pages_staff.dashboard, name="dashboard"),
    path("personen/", accounts_staff.people, name="people"),
    path("personen/<int:pk>/", accounts_staff.person, name="person"),
    path("protokoll/", core_staff.audit_log, name="audit_log"),
    path("rechtstexte/<str:kind>/", pages_staff.legal_document_edit, name="legal_document"),
    path("posteingang/<str:box>/", pages_staff.inbox, name="inbox"),
    path("posteingang/<str:box>/<int:pk>/erledigt/", pages_staff.inbox_mark_handled, name="inbox_mark_handled"),
]
