"""Who may see or change legal texts and the team's inboxes."""

from __future__ import annotations

from typing import Any

from vielfalt.accounts.access import acts_with_staff_rights


def can_edit_legal_documents(user: Any) -> bool:
    return acts_with_staff_rights(user)


def can_read_inbox(user: Any) -> bool:
    """Feedback and contact messages contain personal data: the centre's team only."""
    return acts_with_staff_rights(user)
