"""Template helpers of funding: how far away a deadline is."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def days_until(day: date, today: date | None = None) -> int:
    """Whole days from ``today`` (default: today in the site's time zone) to ``day``; negative if past."""
    return (day - (today or timezone.localdate())).days
