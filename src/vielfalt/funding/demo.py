"""Synthetic demo of funding: the state's WIR programme (micro-projects up to 5,000 € a year, due
31 December for the next year; qualification measures due 4 weeks before they start), a federal
programme, two foundations and a municipal fund, with calls whose deadlines are spread over the next
months (and a few past ones). The foundations and the fund are invented; the programmes' texts are our
own. Idempotent: programmes and calls are found by their slug and brought up to date; dates are
relative to today.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from vielfalt.accounts.demo import DEMO_DOMAIN
from vielfalt.accounts.models import User
from vielfalt.funding.models import Call, Follow, Programme
from vielfalt.organisations.models import FieldOfAction, TargetGroup
from vielfalt.regions.models import District

HMSI = "Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales"
MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]


def _first_of_month(day: date, months_ahead: int) -> date:
    month = day.month - 1 + months_ahead
    return date(day.year + month // 12, month % 12 + 1, 1)


def _programmes(today: date) -> list[dict[str, Any]]:
    year = today.year
    qualification_calls = []
    for ahead in (-1, 1, 2, 3, 4):
        starts = _first_of_month(today, ahead)
        qualification_calls.append(
            {
                "slug": f"wir-qualifizierung-{starts:%Y-%m}",
                "title": f"WIR-Qualifizierungsmaßnahmen mit Beginn im {MONTHS[starts.month - 1]} {starts.year}",
                "title_translations": {"en": f"WIR qualification measures starting {starts:%B %Y}"},
                "purpose": (
                    "Schulungen und Qualifizierungen für Ehrenamtliche in Migrantenorganisationen und für "
                    "WIR-Lotsinnen und -Lotsen, die in diesem Monat beginnen. Der Antrag muss spätestens vier "
                    "Wochen vor Beginn der Maßnahme vorliegen."
                ),
                "opens_on": starts - timedelta(days=120),
                "deadline": starts - timedelta(weeks=4),
                "max_amount": 3000,
            }
        )
    return [
        {
            "slug": "wir-vielfalt-und-teilhabe",
            "name": "WIR – Vielfalt und Teilhabe",
            "name_translations": {
                "en": "WIR – Diversity and participation",
                "tr": "WIR – Çeşitlilik ve Katılım",
                "ar": "WIR – التنوع والمشاركة",
            },
            "funder": HMSI,
            "funder_kind": Programme.FunderKind.STATE,
            "summary": "Das Landesprogramm fördert Mikroprojekte von Migrantenorganisationen und Qualifizierungen im Ehrenamt.",
            "summary_translations": {
                "en": "The state programme funds micro-projects of migrant organisations and volunteer trainings.",
                "tr": "Eyalet programı göçmen örgütlerinin mikro projelerini ve gönüllü eğitimlerini destekler.",
            },
            "description": (
                "Mit dem Landesprogramm WIR stärkt Hessen Vielfalt und Teilhabe vor Ort.\n\n"
                "Mikroprojekte: Migrantenorganisationen erhalten bis zu 5.000 € im Jahr für kleine Vorhaben – "
                "ein Sprachcafé, eine Hausaufgabenhilfe, ein Nachbarschaftsfest. Anträge für das kommende Jahr "
                "gehen bis zum 31. Dezember ein.\n\n"
                "Qualifizierungsmaßnahmen: Schulungen für Ehrenamtliche und für WIR-Lotsinnen und -Lotsen. Der "
                "Antrag muss spätestens vier Wochen vor Beginn der Maßnahme vorliegen."
            ),
            "eligibility": "Gemeinnützige Migrantenorganisationen, WIR-Lotsen-Träger und WIR-Vielfaltszentren mit Sitz in Hessen.",
            "amounts": "Mikroprojekte bis zu 5.000 € im Jahr; Qualifizierungen nach Kostenplan",
            "max_amount": 5000,
            "url": "https://soziales.hessen.de/",
            "organisation_kinds": ["migrant", "lotsen", "vielfaltszentrum"],
            "topics": [],
            "target_groups": [],
            "districts": [],
            "calls": [
                {
                    "slug": f"wir-mikroprojekte-{year + 1}",
                    "title": f"WIR-Mikroprojekte {year + 1}",
                    "title_translations": {
                        "en": f"WIR micro-projects {year + 1}",
                        "tr": f"WIR mikro projeleri {year + 1}",
                        "ar": f"مشاريع WIR الصغيرة {year + 1}",
                    },
                    "purpose": (
                        f"Kleine Projekte von Migrantenorganisationen im Jahr {year + 1}: bis zu 5.000 €, "
                        "ohne Eigenanteil. Ein Antrag je Organisation und Jahr."
                    ),
                    "opens_on": date(year, 7, 1) if today >= date(year, 7, 1) else date(year, 1, 2),
                    "deadline": date(year, 12, 31),
                    "max_amount": 5000,
                },
                {
                    "slug": f"wir-mikroprojekte-{year}",
                    "title": f"WIR-Mikroprojekte {year}",
                    "purpose": f"Kleine Projekte von Migrantenorganisationen im Jahr {year}.",
                    "opens_on": date(year - 1, 7, 1),
                    "deadline": date(year - 1, 12, 31),
                    "max_amount": 5000,
                },
                *qualification_calls,
            ],
        },
        {
            "slug": "demokratie-leben",
            "name": "Demokratie leben!",
            "funder": "Bundesministerium für Bildung, Familie, Senioren, Frauen und Jugend",
            "funder_kind": Programme.FunderKind.FEDERAL,
            "summary": "Bundesprogramm für Demokratie, Vielfalt und gegen Menschenfeindlichkeit.",
            "summary_translations": {"en": "Federal programme for democracy and diversity, against hostility."},
            "description": "Gefördert werden Modellprojekte, die Demokratie stärken und Diskriminierung entgegenwirken.",
            "eligibility": "Gemeinnützige Vereine, Verbände und Initiativen; auch Zusammenschlüsse mehrerer Träger.",
            "amounts": "bis zu 150.000 € im Jahr, Eigenanteil 10 %",
            "max_amount": 150000,
            "url": "https://www.demokratie-leben.de/",
            "organisation_kinds": ["migrant", "umbrella", "counselling", "other"],
            "topics": ["demokratie-teilhabe", "antidiskriminierung", "jugend"],
            "target_groups": ["jugendliche", "ehrenamtliche"],
            "districts": [],
            "calls": [
                {
                    "slug": "demokratie-leben-innovationsprojekte",
                    "title": "Innovationsprojekte: Interessenbekundung",
                    "purpose": "Neue Ansätze gegen Diskriminierung im Alltag, in Schule und Verein.",
                    "opens_on": today - timedelta(days=20),
                    "deadline": today + timedelta(days=58),
                },
                {
                    "slug": "demokratie-leben-jugend-vorjahr",
                    "title": "Jugend gestaltet Demokratie (abgeschlossen)",
                    "purpose": "Beteiligungsprojekte von und mit Jugendlichen.",
                    "opens_on": today - timedelta(days=150),
                    "deadline": today - timedelta(days=40),
                },
            ],
        },
        {
            "slug": "stiftung-bildungsbruecke",
            "name": "Bildungsbrücke – Fonds der Stiftung Chancen Hessen",
            "funder": "Stiftung Chancen Hessen",
            "funder_kind": Programme.FunderKind.FOUNDATION,
            "summary": "Zuschüsse für Lernförderung, Hausaufgabenhilfe und Elternarbeit in Vereinen.",
            "eligibility": "Gemeinnützige Vereine und Initiativen, die mit Kindern und Familien arbeiten.",
            "amounts": "500 € bis 8.000 €",
            "max_amount": 8000,
            "url": "",
            "organisation_kinds": [],
            "topics": ["bildung", "elternarbeit", "sprache"],
            "target_groups": ["kinder", "familien"],
            "districts": [],
            "calls": [
                {
                    "slug": "bildungsbruecke-fruehjahr",
                    "title": "Bildungsbrücke: Frühjahrsrunde",
                    "purpose": "Lernpatenschaften und Hausaufgabenhilfe im kommenden Schulhalbjahr.",
                    "opens_on": today - timedelta(days=30),
                    "deadline": today + timedelta(days=24),
                },
                {
                    "slug": "bildungsbruecke-herbst",
                    "title": "Bildungsbrücke: Herbstrunde",
                    "purpose": "Sprachförderung und Elterncafés.",
                    "opens_on": today + timedelta(days=60),
                    "deadline": today + timedelta(days=150),
                },
            ],
        },
        {
            "slug": "nachbarschaftsfonds-mittelhessen",
            "name": "Nachbarschaftsfonds Mittelhessen",
            "funder": "Bürgerstiftung Mittelhessen",
            "funder_kind": Programme.FunderKind.FOUNDATION,
            "summary": "Kleine Zuschüsse für Begegnung, Kultur und Sport in der Nachbarschaft.",
            "eligibility": "Vereine und Initiativen aus Gießen, Marburg-Biedenkopf und dem Lahn-Dill-Kreis.",
            "amounts": "bis zu 2.500 €",
            "max_amount": 2500,
            "url": "",
            "organisation_kinds": [],
            "topics": ["kultur", "sport", "demokratie-teilhabe"],
            "target_groups": [],
            "districts": ["06531", "06534", "06532"],
            "calls": [
                {
                    "slug": "nachbarschaftsfonds-sommerfeste",
                    "title": "Sommerfeste und Begegnung",
                    "purpose": "Feste, Turniere und Begegnungen im Sommer.",
                    "opens_on": today - timedelta(days=45),
                    "deadline": today + timedelta(days=9),
                },
                {
                    "slug": "nachbarschaftsfonds-winter",
                    "title": "Winterprogramm",
                    "purpose": "Begegnung in der kalten Jahreszeit.",
                    "opens_on": today + timedelta(days=20),
                    "deadline": today + timedelta(days=100),
                },
            ],
        },
        {
            "slug": "integrationsfonds-frankfurt",
            "name": "Integrationsfonds der Stadt Frankfurt am Main",
            "funder": "Stadt Frankfurt am Main, Amt für multikulturelle Angelegenheiten",
            "funder_kind": Programme.FunderKind.MUNICIPAL,
            "summary": "Die Stadt fördert Projekte von Migrantenorganisationen in Frankfurt.",
            "eligibility": "Migrantenorganisationen mit Sitz oder Tätigkeit in Frankfurt am Main.",
            "amounts": "bis zu 10.000 €",
            "max_amount": 10000,
            "url": "",
            "organisation_kinds": ["migrant"],
            "topics": [],
            "target_groups": [],
            "districts": ["06412"],
            "calls": [
                {
                    "slug": "integrationsfonds-frankfurt-runde-2",
                    "title": "Integrationsfonds: zweite Antragsrunde",
                    "purpose": "Projekte im zweiten Halbjahr.",
                    "opens_on": today - timedelta(days=10),
                    "deadline": today + timedelta(days=35),
                },
                {
                    "slug": "integrationsfonds-frankfurt-runde-1",
                    "title": "Integrationsfonds: erste Antragsrunde",
                    "purpose": "Projekte im ersten Halbjahr.",
                    "opens_on": today - timedelta(days=100),
                    "deadline": today - timedelta(days=20),
                },
            ],
        },
    ]


@transaction.atomic
def load(stdout: Any) -> None:
    today = timezone.localdate()
    programmes = _programmes(today)
    topics = {term.slug: term for term in FieldOfAction.objects.all()}
    groups = {term.slug: term for term in TargetGroup.objects.all()}
    districts = {district.ags: district for district in District.objects.defer("outline")}
    calls = 0
    for data in programmes:
        data = dict(data)
        call_rows = data.pop("calls")
        lists = {name: data.pop(name) for name in ("topics", "target_groups", "districts")}
        programme, _created = Programme.objects.update_or_create(
            slug=data.pop("slug"), defaults={**data, "is_published": True}
        )
        programme.topics.set([topics[s] for s in lists["topics"] if s in topics])
        programme.target_groups.set([groups[s] for s in lists["target_groups"] if s in groups])
        programme.districts.set([districts[a] for a in lists["districts"] if a in districts])
        for row in call_rows:
            row = dict(row)
            Call.objects.update_or_create(
                slug=row.pop("slug"), defaults={**row, "programme": programme, "is_published": True}
            )
            calls += 1
    member = User.objects.filter(email=f"mitglied-01@{DEMO_DOMAIN}").first()
    if member is not None:
        Follow.objects.get_or_create(user=member, programme=Programme.objects.get(slug="wir-vielfalt-und-teilhabe"))
    stdout.write(f"Funding: {len(programmes)} programmes, {calls} calls.\n")
