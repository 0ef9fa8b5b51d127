"""Demo messages in the team's inboxes (invented senders)."""

from __future__ import annotations

from typing import TextIO

from vielfalt.pages.models import AccessibilityFeedback, ContactMessage


def load(stdout: TextIO) -> None:
    if not AccessibilityFeedback.objects.exists():
        AccessibilityFeedback.objects.create(
            name="Samir Haddad",
            email="samir.haddad@demo.vielfalt.invalid",
            page_url="/de/kontakt/",
            message="Mit der Bildschirmlupe überlappt das Sprachmenü die Überschrift.",
            language="de",
        )
    if not ContactMessage.objects.exists():
        ContactMessage.objects.create(
            name="Olena Kovalenko",
            email="olena.kovalenko@demo.vielfalt.invalid",
            subject="Beratung zur Vereinsgründung",
            message="Wir möchten einen Verein gründen und suchen Beratung zur Satzung.",
            language="uk",
        )
