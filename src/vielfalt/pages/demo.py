"""Demo messages in the team's inboxes (invented senders), and the demo people's privacy consent."""

from __future__ import annotations

from typing import TextIO

from vielfalt.accounts.demo import DEMO_DOMAIN
from vielfalt.accounts.models import User
from vielfalt.pages.models import AccessibilityFeedback, ConsentRecord, ContactMessage
from vielfalt.pages.selectors import legal_document_current
from vielfalt.pages.services import consent_record


def load(stdout: TextIO) -> None:
    privacy = legal_document_current(kind="privacy")
    if privacy is not None:
        # Every demo person signed up by accepting the privacy notice (as a real sign-up would).
        without_consent = User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exclude(
            pk__in=ConsentRecord.objects.values("user_id")
        )
        for user in without_consent:
            consent_record(user=user, document=privacy)
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
