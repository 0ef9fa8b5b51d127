"""Core has no objects of its own to protect except the audit log, which only the team reads."""

from __future__ import annotations

from typing import Any

from vielfalt.accounts.access import acts_with_staff_rights


def can_read_audit_log(user: Any) -> bool:
    return acts_with_staff_rights(user)
