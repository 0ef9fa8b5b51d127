"""Who may see or change legal texts and the team's inboxes."""

from __future__ import annotations

from vielfalt.accounts.access import acts_with_staff_rights
from vielfalt.accounts.types import Viewer


def can_edit_legal_documents(user: Viewer) -> bool:
    return acts_with_staff_rights(user)


def can_read_inbox(user: Viewer) -> bool:
    """Feedback and contact messages contain personal data: the centre's team only."""
    return acts_with_staff_rights(user)
