from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from vielfalt.core.lib import pagecache
from vielfalt.pages.selectors import privacy_consent_pending

CONSENT_GROUP = "pages.consent"


def privacy_notice(request: HttpRequest) -> dict[str, Any]:
    """Ask signed-in people to accept a new version of the privacy notice (shown in the layout)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Asked on every page of a signed-in person: kept until the legal texts or consents change.
    pending = pagecache.cached(CONSENT_GROUP, str(user.pk), lambda: privacy_consent_pending(user=user))
    if pending is None:
        return {}
    # Accounts made by the team (or before consent was recorded) have never agreed to any version.
    return {"privacy_update": pending, "privacy_first_consent": not user.consents.exists()}
