"""Assertions about the site layout, shared by every app's tests."""

from __future__ import annotations

from django.http import HttpResponse

# Parts of ``base.html`` that every full page has: skip link, header, main landmark, footer.
LAYOUT_MARKERS = ('class="vf-skip-link"', 'class="vf-header"', 'id="main"', 'class="vf-footer"')


def in_layout(response: HttpResponse) -> bool:
    """True when ``response`` is a full page in the site layout (not a bare fragment or text)."""
    content = response.content.decode()
    return all(marker in content for marker in LAYOUT_MARKERS)
