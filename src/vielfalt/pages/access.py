"""Who may see or change legal texts and the team's inboxes."""

from __future__ import annotations

from typing import Any

from vielfalt.accounts.access import is_staff_member


def can_edit_legal_documents(user: Any) -> bool:
    return is_staff_member(user)


def can_read_inbox(user: Any) -> bool:
    """Feedback and contact messages contain personal data: the centre's team only."""
    return is_staff_member(user)
