from __future__ import annotations

from importlib import import_module
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app that has demo data provides ``demo.load(stdout)``; the order respects dependencies.
DEMO_MODULES = [
    "vielfalt.accounts.demo",
    "vielfalt.organisations.demo",
    "vielfalt.knowledge.demo",
    "vielfalt.funding.demo",
    "vielfalt.news.demo",
    "vielfalt.events.demo",
    "vielfalt.exchange.demo",
    "vielfalt.qualification.demo",
    "vielfalt.counselling.demo",
    "vielfalt.newsletter.demo",
    "vielfalt.surveys.demo",
    "vielfalt.needs.demo",
    "vielfalt.reports.demo",
    "vielfalt.pages.demo",
]


class Command(BaseCommand):
    help = "Load synthetic demo data (idempotent: what exists already is kept)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            for module in DEMO_MODULES:
                import_module(module).load(self.stdout)
