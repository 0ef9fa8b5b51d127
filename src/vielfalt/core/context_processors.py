from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from django.utils.translation import get_language, get_language_bidi

from vielfalt.core import composition
from vielfalt.core.lib.alternates import language_alternates


def site(request: HttpRequest) -> dict[str, Any]:
    """Layout data every page needs: language switcher links and text direction.

    A page that has its own version in another language (``core.lib.alternates``) links there."""
    current = get_language() or settings.LANGUAGE_CODE
    # Links are built from the path only: "//host/..." (or "/\\host/...", which browsers read the same
    # way) must not become a link to another site, as translate_url would read it as one.
    path = "/" + request.get_full_path().lstrip("/\\")
    alternates = language_alternates(request)
    languages = [
        {
            "code": code,
            "name": _native_name(code),
            "url": alternates.get(code) if code != current and code in alternates else _switch_url(path, code, current),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
    return {
        "site_languages": languages,
        "text_direction": "rtl" if get_language_bidi() else "ltr",
    }


def _switch_url(path: str, code: str, current: str) -> str:
    """The same page in language ``code``. The platform's paths are the same in every language (only
    the prefix differs; a test holds every pattern to it), so this swaps the prefix — what Django's
    ``translate_url`` returns, without resolving and reversing the path six times on every page.
    Paths outside the language prefix (none of them has a switcher) stay as they are."""
    prefix = f"/{current}/"
    if code == current or not path.startswith(prefix):
        return path
    return f"/{code}/{path.removeprefix(prefix)}"


_NATIVE = {
    "de": "Deutsch",
    "en": "English",
    "tr": "Türkçe",
    "ar": "العربية",
    "fa": "فارسی",
    "ru": "Русский",
    "uk": "Українська",
}


def _native_name(code: str) -> str:
    # Each language is named in itself, so people find theirs whatever the page language is.
    return _NATIVE[code]


class NavCounts:
    """The unread counts in the navigation of signed-in people, as the apps registered them
    (``core.composition.register_nav_count``). Counted when the layout first asks, all at once (one
    cache read, or one query each without the cache), so a page that does not show the navigation
    (an htmx fragment, an email) costs nothing."""

    def __init__(self, user: AbstractBaseUser) -> None:
        self.user = user
        self._counted: dict[str, int] | None = None

    def __getattr__(self, name: str) -> int:
        if name.startswith("_"):
            raise AttributeError(name)
        if self._counted is None:
            self._counted = composition.nav_counts_of(self.user)
        try:
            return self._counted[name]
        except KeyError:
            raise AttributeError(name) from None


def nav_counts(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}  # anonymous visitors: no query at all
    return {"nav_counts": NavCounts(user)}
