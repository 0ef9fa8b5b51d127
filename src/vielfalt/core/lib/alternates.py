"""Where the language switcher goes when a page has its own version in another language.

By default the switcher shows the same page in the other interface language. A page whose content is
written in one language and translated as separate objects (a library item and its Turkish translation)
names the address of each translation instead; ``core.context_processors.site`` uses them.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.http import HttpRequest

_ATTRIBUTE = "_vf_language_alternates"


def set_language_alternates(request: HttpRequest, urls: Mapping[str, str]) -> None:
    """The switcher's link for each interface language in ``urls`` (a path on this site) goes there."""
    setattr(
        request,
        _ATTRIBUTE,
        {code: url for code, url in urls.items() if url.startswith("/") and not url.startswith("//")},
    )


def language_alternates(request: HttpRequest) -> dict[str, str]:
    alternates: dict[str, str] = getattr(request, _ATTRIBUTE, {})
    return alternates
