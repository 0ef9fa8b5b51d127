"""Who may see the figures: the team (with the second factor passed) and the ministry viewer.

Both see only counts, with small ones withheld; names and other personal data never reach this app.
"""

from __future__ import annotations

from vielfalt.accounts.access import can_view_reports
from vielfalt.accounts.types import Viewer


def can_view_dashboard(user: Viewer) -> bool:
    return can_view_reports(user)
