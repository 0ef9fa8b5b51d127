"""System checks: what must be in place for the pages to look and work as designed.

The front-end packages (KERN UX, htmx) come from npm. ``settings.STATICFILES_DIRS`` lists their
folders only if they exist, so without ``node_modules`` Django's own check (staticfiles.W004) stays
silent and every page quietly loses the KERN stylesheet. This check says so at ``runserver``,
``migrate`` and ``vielfalt check``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.checks import CheckMessage, Tags, register
from django.core.checks import Warning as CheckWarning

# What every page loads from the npm packages (templates/base.html), and which package brings it.
VENDOR_FILES = {
    "vendor/kern/kern.min.css": "@kern-ux/native (the KERN stylesheet)",
    "vendor/htmx/htmx.min.js": "htmx.org",
}


def _available(path: str) -> bool:
    """Found among the static files, or already collected into STATIC_ROOT (production)."""
    return bool(finders.find(path)) or (Path(settings.STATIC_ROOT) / path).is_file()


@register(Tags.staticfiles)
def check_vendor_files(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    missing = [path for path in VENDOR_FILES if not _available(path)]
    if not missing:
        return []
    packages = sorted({VENDOR_FILES[path] for path in missing})
    return [
        CheckWarning(
            f"Front-end files from npm are missing: {', '.join(missing)} ({'; '.join(packages)}). "
            "Pages would be shown without the KERN design system (or without htmx).",
            hint=(
                f"Install the npm packages with `npm ci` (or `make setup`) in the project folder, or set "
                f"NODE_MODULES to where they are installed (now: {settings.NODE_MODULES})."
            ),
            id="vielfalt.W001",
        )
    ]
