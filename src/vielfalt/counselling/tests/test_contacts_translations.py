"""The contacts part in the seven languages: the statistics page and the case page's sections (RTL too)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from conftest import Personas, login
from vielfalt.counselling.tests.conftest import Counselling
from vielfalt.counselling.tests.factories import ContactFactory, NoteFactory

pytestmark = pytest.mark.django_db

# language: (statistics heading, notes heading, a contact's duration, direction)
EXPECTED = {
    "de": ("Beratung in Zahlen", "Vertrauliche Notizen", "45 Minuten", "ltr"),
    "en": ("Advice in figures", "Confidential notes", "45 minutes", "ltr"),
    "tr": ("Rakamlarla danışmanlık", "Gizli notlar", "45 dakika", "ltr"),
    "ar": ("الاستشارة بالأرقام", "ملاحظات سرية", "45 دقيقة", "rtl"),
    "fa": ("مشاوره در آمار", "یادداشت‌های محرمانه", "45 دقیقه", "rtl"),
    "ru": ("Консультации в цифрах", "Конфиденциальные заметки", "45 минут", "ltr"),
    "uk": ("Консультації в цифрах", "Конфіденційні нотатки", "45 хвилин", "ltr"),
}


@pytest.mark.parametrize("language", list(EXPECTED))
def test_the_pages_speak_every_language(
    client: Client, personas: Personas, counselling: Counselling, language: str
) -> None:
    statistics_heading, notes_heading, duration, direction = EXPECTED[language]
    contact = ContactFactory(case=counselling.case, minutes=45)
    contact.staff.set([personas.staff])
    NoteFactory(case=counselling.case, author=personas.staff)
    login(client, personas.staff)
    with translation.override(language):
        statistics = client.get(reverse("counselling:statistics")).content.decode()
        case = client.get(reverse("counselling:case", args=[counselling.case.reference])).content.decode()
        bad = client.post(
            reverse("counselling:contact_add", args=[counselling.case.reference]),
            {"contact-date": (timezone.localdate() + timedelta(days=3)).isoformat(), "contact-minutes": "2"},
        ).content.decode()
    assert f'lang="{language}" dir="{direction}"' in statistics
    assert statistics_heading in statistics and str(timezone.localdate().year) in statistics
    assert notes_heading in case and duration in case
    if language != "de":
        assert "Bitte wählen Sie mindestens ein Thema." not in bad
        assert "Vertrauliche Notizen" not in case and "Noch keine Kontakte" not in case
