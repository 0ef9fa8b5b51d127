"""The milestones part in the seven languages: the timeline, the section, a refusal and the digest (RTL too)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from conftest import Personas, login
from vielfalt.counselling.milestones import digest
from vielfalt.counselling.tests.conftest import Counselling
from vielfalt.counselling.tests.factories import MilestoneFactory

pytestmark = pytest.mark.django_db

# language: (timeline heading word, section heading, "overdue" badge, digest subject word, direction)
EXPECTED = {
    "de": ("Verlauf des Falls", "Meilensteine", "überfällig", "offener Fall", "ltr"),
    "en": ("History of case", "Milestones", "overdue", "open case", "ltr"),
    "tr": ("vakasının geçmişi", "Kilometre taşları", "süresi geçti", "açık vaka", "ltr"),
    "ar": ("سجل الحالة", "المراحل الرئيسية", "متأخرة", "حالات الاستشارة", "rtl"),
    "fa": ("سابقه پرونده", "نقاط عطف", "عقب‌افتاده", "پرونده باز", "rtl"),
    "ru": ("История дела", "Этапы", "просрочен", "открытое дело", "ltr"),
    "uk": ("Історія справи", "Етапи", "прострочено", "відкрита справа", "ltr"),
}


@pytest.mark.parametrize("language", list(EXPECTED))
def test_the_pages_and_the_digest_speak_every_language(
    client: Client, personas: Personas, counselling: Counselling, mailbox: list[mail.EmailMessage], language: str
) -> None:
    timeline_heading, section_heading, overdue, subject, direction = EXPECTED[language]
    today = timezone.localdate()
    MilestoneFactory(case=counselling.case, title="Satzung überarbeitet", due_on=today - timedelta(days=1))
    MilestoneFactory(case=counselling.case, title="Vorstand gewählt", due_on=today + timedelta(days=9))
    reference = counselling.case.reference
    login(client, personas.staff)
    with translation.override(language):
        timeline = client.get(reverse("counselling:timeline", args=[reference])).content.decode()
        case = client.get(reverse("counselling:case", args=[reference])).content.decode()
        bad = client.post(
            reverse("counselling:milestone_add", args=[reference]), {"milestone-title": "", "milestone-due_on": ""}
        ).content.decode()
    assert f'lang="{language}" dir="{direction}"' in timeline and timeline_heading in timeline
    assert "<bdi>Satzung überarbeitet</bdi>" in timeline
    assert section_heading in case and overdue in case
    if language != "de":
        assert "Bitte geben Sie an, was erreicht werden soll." not in bad
        assert "Meilenstein geplant" not in timeline and "Noch keine" not in case
    personas.staff.preferred_language = language
    personas.staff.save(update_fields=["preferred_language"])
    next_monday = today + timedelta(days=7 - today.weekday())  # the first milestone is overdue by then
    assert digest.digests_send(today=next_monday) == 1
    [email] = mailbox
    assert subject in email.subject and f"/{language}/beratung/faelle/{reference}/#meilensteine" in email.body
    assert "\u2068Satzung überarbeitet\u2069" in email.body  # isolated in the text part
    if language in ("ar", "fa"):
        assert "„" not in email.body.split("--")[0]  # no German quotation marks in RTL languages
