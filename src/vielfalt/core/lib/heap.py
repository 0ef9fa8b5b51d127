"""Garbage collection for a long-running web worker.

A Django process holds a few hundred thousand objects that live as long as it does (modules, URL
patterns, compiled templates, the seven translation catalogues). CPython's collector walks all of them
in every full (oldest-generation) collection, which a worker triggered every 25 requests or so: a pause
of 110–150 ms in the middle of a request (measured with the case list of ``bench/counselling_pages.py``;
the request took 37 ms otherwise). ``prepare()`` loads what every request will use, then moves it all out
of the collector's sight (``gc.freeze``, as Instagram's Django servers do): reference cycles of a
request are still freed, the process's permanent objects are no longer walked again and again; and full
collections come ten times less often (``OLD_THRESHOLD``). (A larger youngest generation, tried with
5,000 and 50,000 objects, only moved the pauses around.)
"""

from __future__ import annotations

import gc
from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.template.backends.django import DjangoTemplates
from django.urls import get_resolver
from django.utils import translation

# Collections of the middle generation before a full one (CPython's default: 10). Frozen objects do not
# count as long-lived, so after the freeze a full collection came every 25 requests or so (30 ms each).
OLD_THRESHOLD = 100


def prepare() -> None:
    """Call once the application is loaded, before the first request (``wsgi``, the benchmarks)."""
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Vielfalt Hessen")  # loads the catalogue of ``code``
    get_resolver().url_patterns  # noqa: B018 - imports every view module
    _compile_templates()
    gc.collect()
    gc.freeze()
    young, middle, _old = gc.get_threshold()
    gc.set_threshold(young, middle, OLD_THRESHOLD)


def _compile_templates() -> None:
    """Every template of the project and its apps, compiled into the cached loader now instead of
    during the first requests (so that the compiled templates are frozen with the rest)."""
    for engine in engines.all():
        if not isinstance(engine, DjangoTemplates):
            continue
        directories = list(engine.template_dirs)
        for directory in directories:
            root = Path(directory)
            if not root.is_dir():
                continue
            for path in root.rglob("*"):
                if path.suffix in (".html", ".txt", ".xml", ".ics") and path.is_file():
                    try:
                        engine.get_template(path.relative_to(root).as_posix())
                    except (TemplateDoesNotExist, TemplateSyntaxError):  # a fragment that compiles only in context
                        continue
