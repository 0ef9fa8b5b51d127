"""Who may see and change needs (the only place that decides it).

Everyone — visitors, members, the ministry viewer — sees the public needs with their actions on the page
"Ihr habt gesagt – wir haben gehandelt": statements, topics, districts, weights and what answered them,
never who voiced a need. Capturing, tagging, merging, answering and every source (a counselling case, an
organisation) are for the team (staff acting with the second factor); nobody else learns that a need
that is not public exists.
"""

from __future__ import annotations

from django.db.models import QuerySet

from vielfalt.accounts.access import acts_with_staff_rights
from vielfalt.accounts.types import Viewer
from vielfalt.needs.models import Need


def can_manage_needs(user: Viewer) -> bool:
    return acts_with_staff_rights(user)


def public_needs() -> QuerySet[Need]:
    return Need.objects.filter(is_public=True)
