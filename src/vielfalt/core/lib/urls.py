"""``reverse()`` kept per process: the address of a view is worked out once per language and arguments.

Django's ``reverse`` walks the URL patterns, checks the arguments against each candidate and quotes the
result: 11 µs a call on the development machine. A page asks for 4 (the layout) to 52 (the directory:
a card per organisation, a row per district) addresses, most of them the same on every request. What
decides an address is kept in the key: the view's name, the arguments, the active language (each
address starts with it), the URL configuration and the script prefix (a site served below a path).
Only arguments of plain text or whole numbers are kept — anything else (a model instance, a lazy
string) may render differently later and goes to Django each time — and a failed lookup never is. The
last 20,000 addresses are kept (``lru_cache``), and all are forgotten when a setting changes
(``core.lib.kept``).

The ``{% url %}`` tag of every template asks here (``core.templatetags.urls``, a builtin of the
template engine that takes the place of Django's tag of the same name and syntax).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from django.utils.translation import get_language

from vielfalt.core.lib import kept


def reverse(
    viewname: str | Callable[..., Any],
    args: Sequence[Any] | None = None,
    kwargs: dict[str, Any] | None = None,
    current_app: str | None = None,
) -> str:
    """Django's ``reverse(viewname, args=…, kwargs=…, current_app=…)``, kept once worked out."""
    arguments = tuple(args or ())
    named = tuple(sorted((kwargs or {}).items()))
    if not all(_keepable(value) for value in (*arguments, *(value for _name, value in named))):
        return django_reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(viewname, arguments, named, current_app, get_language(), urlconf, get_script_prefix())


@lru_cache(maxsize=20_000)
def _reverse(
    viewname: str | Callable[..., Any],
    arguments: tuple[Any, ...],
    named: tuple[tuple[str, Any], ...],
    current_app: str | None,
    _language: str | None,
    _urlconf: str,
    _prefix: str,
) -> str:
    # The language, configuration and prefix are the key's: Django's reverse reads the active ones. A
    # lookup that fails raises, and what raises is not kept.
    return django_reverse(viewname, args=arguments, kwargs=dict(named), current_app=current_app)


def _keepable(value: object) -> bool:
    # Exactly str or int: a bool is an int, and a subclass of str may carry meaning of its own.
    return type(value) is str or type(value) is int


kept.forget_with(_reverse.cache_clear)
