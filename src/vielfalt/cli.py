"""The ``vielfalt`` command: Django's manage.py plus ``demo``, ``serve`` and ``worker``.

Hyphens and underscores are interchangeable (``vielfalt import-regions`` = ``import_regions``).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    command = argv[1].replace("-", "_") if len(argv) > 1 else "help"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vielfalt.settings")
    if command == "demo":
        # The demo is a development server: debug pages, plain HTTP, emails written at once to var/mail.
        os.environ.setdefault("DEBUG", "1")
        os.environ.setdefault("TASKS_IMMEDIATE", "1")
    if command == "serve":
        _serve(argv[2:])
        return
    argv[1:2] = [command] if len(argv) > 1 else []

    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


def _serve(extra: list[str]) -> None:
    """Production: gunicorn in front of the WSGI app (put a reverse proxy with TLS before it)."""
    bind = os.environ.get("BIND", "127.0.0.1:8000")
    workers = os.environ.get("WEB_CONCURRENCY", "3")
    args = [
        sys.executable, "-m", "gunicorn", "vielfalt.wsgi:application",
        "--bind", bind, "--workers", workers, "--access-logfile", "-", "--forwarded-allow-ips",
        os.environ.get("FORWARDED_ALLOW_IPS") or os.environ.get("TRUSTED_PROXIES") or "127.0.0.1", *extra,
    ]  # fmt: skip
    os.execv(sys.executable, args)  # noqa: S606 - replaces this process with gunicorn, no shell


if __name__ == "__main__":
    main()
