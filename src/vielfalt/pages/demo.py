"""Demo content of the centre's own pages: a complete Impressum, messages in the team's inboxes, and the demo
people's privacy consent.

Everything is invented: the association, its address (a street that stands for any), the people, the register
number; the telephone number is from the range the Bundesnetzagentur keeps for film and fiction (069 90009).
"""

from __future__ import annotations

from typing import TextIO

from vielfalt.accounts.demo import DEMO_DOMAIN
from vielfalt.accounts.models import User
from vielfalt.pages import selectors, services
from vielfalt.pages.models import AccessibilityFeedback, ConsentRecord, ContactMessage, LegalDocument

IMPRINT_DETAILS = {
    "provider": "Trägerverein Kompetenzzentrum Vielfalt Hessen e. V.",
    "address": "Beispielstraße 12\n60311 Frankfurt am Main",
    "representatives": "Dr. Leyla Demir (Vorsitzende), Hannah Schröder (stellvertretende Vorsitzende)",
    "email": "kontakt@demo.vielfalt.invalid",
    "phone": "+49 69 90009 123",
    "register": "Vereinsregister beim Amtsgericht Frankfurt am Main, VR 19999",
    "responsible": "Dr. Leyla Demir, Anschrift wie oben",
}


def load(stdout: TextIO) -> None:
    imprint = selectors.legal_document_current(kind=LegalDocument.Kind.IMPRINT)
    if imprint is not None and imprint.missing_imprint_details():
        services.legal_document_publish(
            kind=LegalDocument.Kind.IMPRINT,
            body=imprint.body,
            body_translations=imprint.body_translations,
            details=IMPRINT_DETAILS,
            change_note="Demo: vollständige Angaben eines erfundenen Trägervereins",
            published_by=None,
        )
    privacy = selectors.legal_document_current(kind="privacy")
    if privacy is not None:
        # Every demo person signed up by accepting the privacy notice (as a real sign-up would).
        without_consent = User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exclude(
            pk__in=ConsentRecord.objects.values("user_id")
        )
        for user in without_consent:
            services.consent_record(user=user, document=privacy)
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
