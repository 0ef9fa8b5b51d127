from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from vielfalt.pages.selectors import privacy_consent_pending


def privacy_notice(request: HttpRequest) -> dict[str, Any]:
    """Ask signed-in people to accept a new version of the privacy notice (shown in the layout)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    pending = privacy_consent_pending(user=user)
    if pending is None:
        return {}
    # Accounts made by the team (or before consent was recorded) have never agreed to any version.
    return {"privacy_update": pending, "privacy_first_consent": not user.consents.exists()}
