"""Create N synthetic, verified organisations for the directory benchmark (default 20,000).

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/generate_organisations.py [--count N] [--seed S]

Names, places and descriptions are invented (never real associations or people). Runs migrate and the
regions import first; removes the organisations of an earlier run (slugs starting with ``bench-``).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import setup_django

# Community adjectives by stem: "Türkisch" + -er / -e / -es follows the noun's gender.
COMMUNITIES = [
    ("Türkisch", ["tr"]), ("Kurdisch", ["ku", "tr"]), ("Afghanisch", ["fa"]), ("Syrisch", ["ar"]),
    ("Eritreisch", ["ti"]), ("Polnisch", ["pl"]), ("Ukrainisch", ["uk", "ru"]), ("Russischsprachig", ["ru"]),
    ("Marokkanisch", ["ar", "fr"]), ("Iranisch", ["fa"]), ("Griechisch", ["el"]), ("Italienisch", ["it"]),
    ("Kroatisch", ["hr"]), ("Bosnisch", ["bs"]), ("Albanisch", ["sq"]), ("Somalisch", ["so"]),
    ("Vietnamesisch", ["vi"]), ("Spanisch", ["es"]), ("Rumänisch", ["ro"]), ("Irakisch", ["ar", "ku"]),
    ("Ghanaisch", ["en"]), ("Kamerunisch", ["fr", "en"]), ("Tamilisch", ["en"]), ("Bulgarisch", ["bg"]),
    ("Deutsch-Türkisch", ["tr"]), ("Deutsch-Arabisch", ["ar"]), ("Afrikanisch", ["fr", "en"]),
    ("Lateinamerikanisch", ["es"]), ("Ungarisch", ["hu"]), ("Serbisch", ["sr"]),
]  # fmt: skip
NOUNS = [
    ("Kulturverein", "m"), ("Elternverein", "m"), ("Frauenverein", "m"), ("Jugendverein", "m"),
    ("Sportverein", "m"), ("Bildungsverein", "m"), ("Freundeskreis", "m"), ("Integrationsverein", "m"),
    ("Akademikerverein", "m"), ("Fußballverein", "m"), ("Gemeinde", "f"), ("Initiative", "f"),
    ("Frauengruppe", "f"), ("Elterninitiative", "f"), ("Gemeinschaft", "f"), ("Kulturzentrum", "n"),
    ("Begegnungszentrum", "n"), ("Netzwerk", "n"), ("Forum", "n"), ("Haus der Kulturen", "n"),
]  # fmt: skip
ENDINGS = {"m": "er", "f": "e", "n": "es"}
OFFERS = [
    "Hausaufgabenhilfe", "Sprachcafé", "Deutschkurse", "Nachhilfe für Schulkinder", "Beratung bei Behördengängen",
    "Dolmetschen bei Arztbesuchen", "Frauenfrühstück", "Fußballtraining für Jugendliche", "Folkloretanz",
    "Musikunterricht", "Elterncafé", "Bewerbungstraining", "Kinderbetreuung", "Kochabende", "Theatergruppe",
    "Seniorentreff", "Computerkurse", "Ausflüge", "Feste und Begegnungen", "Muttersprachlicher Unterricht",
    "Lesepatenschaften", "Fahrradkurse für Frauen", "Gesprächskreise", "Interreligiöser Dialog",
]  # fmt: skip
NEEDS = [
    "Räume für unsere Treffen", "Ehrenamtliche für die Hausaufgabenhilfe", "Beratung zu Fördermitteln",
    "Hilfe bei Projektanträgen", "Kooperationspartner in der Kommune", "Fortbildungen zur Öffentlichkeitsarbeit",
    "Unterstützung bei der Vereinsbuchhaltung", "Sportplatzzeiten", "einen Proberaum", "Spenden für Material",
    "Kontakt zu Schulen", "Austausch mit anderen Vereinen", "Fördermittel für ein Sommerfest",
]  # fmt: skip
OPENINGS = [
    "Wir sind ein ehrenamtlicher Verein in {place} und bringen Menschen aus vielen Ländern zusammen.",
    "Seit {year} engagieren wir uns in {place} für ein gutes Miteinander.",
    "Unser Verein wurde {year} von Familien aus {place} gegründet.",
    "Wir sind Ansprechpartner für Neuzugewanderte in {place} und Umgebung.",
    "Gemeinsam mit Ehrenamtlichen gestalten wir Begegnungen in {place}.",
]  # fmt: skip
MIDDLES = [
    "Wir bieten {offer1} und {offer2} an.",
    "Zu unseren Angeboten gehören {offer1}, {offer2} und vieles mehr.",
    "Besonders wichtig sind uns {offer1} sowie {offer2}.",
    "Jede Woche gibt es bei uns {offer1}; einmal im Monat {offer2}.",
]  # fmt: skip
CLOSINGS = [
    "Alle sind herzlich willkommen.",
    "Wir freuen uns über neue Mitglieder und Kooperationen.",
    "Wir arbeiten eng mit Schulen, Kitas und der Kommune zusammen.",
    "Für neue Projekte suchen wir Partner und Fördermittel.",
    "Unsere Mitglieder sprechen viele Sprachen und helfen gern weiter.",
]  # fmt: skip
ENGLISH = [
    "We are a volunteer association in {place} bringing people from many countries together.",
    "We offer homework help, a language café and counselling for newcomers.",
    "Everyone is welcome; we look forward to new members and partners.",
]  # fmt: skip
TURKISH = [
    "Derneğimiz {place} şehrinde kültürel buluşmalar ve ödev yardımı sunmaktadır.",
    "Herkes davetlidir; yeni üyeler ve ortaklarla tanışmaktan mutluluk duyarız.",
]  # fmt: skip
ARABIC = ["جمعيتنا في {place} تقدم دروس اللغة والمساعدة في الواجبات المدرسية.", "الجميع مرحب بهم."]
MUNICIPAL = [
    ("integration_office", "Integrationsbüro {place}"),
    ("integration_office", "Fachdienst Migration und Integration {place}"),
    ("administration", "Stabsstelle Vielfalt der Stadt {place}"),
    ("administration", "Ausländerbehörde {place}"),
    ("politics", "Ausländerbeirat {place}"),
    ("politics", "Integrationskommission {place}"),
]  # fmt: skip
OTHER_KINDS = [
    ("lotsen", "WIR-Lotsen-Projekt {place}"),
    ("lotsen", "Freiwilligenagentur {place}"),
    ("counselling", "Migrationsberatung {place}"),
    ("counselling", "Beratungsstelle für Zugewanderte {place}"),
    ("umbrella", "Dachverband der Migrantenorganisationen {place}"),
    ("other", "Nachbarschaftshaus {place}"),
]  # fmt: skip
EXTRA_LANGUAGES = ["en", "ar", "tr", "fa", "ru", "uk", "fr", "es", "pl", "ro", "ku", "it"]


def _name(rng: random.Random, place: str) -> tuple[str, str, list[str]]:
    roll = rng.random()
    if roll < 0.08:
        kind, pattern = rng.choice(MUNICIPAL)
        return kind, pattern.format(place=place), ["de"]
    if roll < 0.16:
        kind, pattern = rng.choice(OTHER_KINDS)
        return kind, pattern.format(place=place), ["de", *rng.sample(EXTRA_LANGUAGES, 2)]
    stem, languages = rng.choice(COMMUNITIES)
    noun, gender = rng.choice(NOUNS)
    legal = rng.choice([" e.V.", " e.V.", " e.V.", "", " gGmbH"])
    return "migrant", f"{stem}{ENDINGS[gender]} {noun} {place}{legal}", ["de", *languages]


def _description(rng: random.Random, place: str) -> tuple[str, str, str]:
    offer1, offer2, offer3 = rng.sample(OFFERS, 3)
    year = rng.randint(1965, 2023)
    parts = [
        rng.choice(OPENINGS).format(place=place, year=year),
        rng.choice(MIDDLES).format(offer1=offer1, offer2=offer2),
        rng.choice(CLOSINGS),
    ]
    offers = ", ".join([offer1, offer2, offer3])
    needs = ", ".join(rng.sample(NEEDS, 2))
    return " ".join(parts), offers, needs


def _translations(rng: random.Random, place: str) -> dict[str, str]:
    translations = {}
    if rng.random() < 0.3:
        translations["en"] = " ".join(line.format(place=place) for line in ENGLISH)
    if rng.random() < 0.15:
        translations["tr"] = " ".join(line.format(place=place) for line in TURKISH)
    if rng.random() < 0.1:
        translations["ar"] = " ".join(line.format(place=place) for line in ARABIC)
    return translations


def ensure_vocabulary() -> None:
    from vielfalt.organisations.models import FieldOfAction, TargetGroup
    from vielfalt.organisations.vocabulary import starting_terms as vocabulary

    for model, terms in ((FieldOfAction, vocabulary.FIELDS_OF_ACTION), (TargetGroup, vocabulary.TARGET_GROUPS)):
        for position, (slug, name) in enumerate(terms):
            model.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


def generate(*, count: int, seed: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from vielfalt.organisations.models import FieldOfAction, Organisation, TargetGroup
    from vielfalt.regions.models import Municipality

    rng = random.Random(seed)
    ensure_vocabulary()
    fields = list(FieldOfAction.objects.all())
    groups = list(TargetGroup.objects.all())
    municipalities = list(Municipality.objects.select_related("district").defer("district__outline"))
    now = timezone.now()
    started = time.perf_counter()
    with transaction.atomic():
        Organisation.objects.filter(slug__startswith="bench-").delete()
        organisations, vocabulary = [], {}
        for index in range(count):
            municipality = rng.choice(municipalities)
            kind, name, languages = _name(rng, municipality.name)
            description, offers, needs = _description(rng, municipality.name)
            organisation = Organisation(
                name=name,
                slug=f"bench-{index}",
                kind=kind,
                legal_form="ev" if name.endswith("e.V.") else "",
                founded_year=rng.randint(1965, 2023),
                description=description,
                description_translations=_translations(rng, municipality.name),
                district=municipality.district,
                municipality=municipality,
                latitude=municipality.latitude,
                longitude=municipality.longitude,
                languages=sorted(set(languages) | set(rng.sample(EXTRA_LANGUAGES, rng.randint(0, 2)))),
                offers=offers,
                needs=needs,
                contact_email=f"bench-{index}@example.org",
                status=Organisation.Status.VERIFIED,
                verified_at=now,
            )
            terms = (
                rng.sample(fields, rng.randint(1, 4)) if fields else [],
                rng.sample(groups, rng.randint(0, 3)) if groups else [],
            )
            # The search text is built in bulk here, before the rows are written (no second pass).
            organisation.search_text = _search_text(organisation, municipality, [*terms[0], *terms[1]])
            organisation.field_ids = sorted(term.pk for term in terms[0])
            organisations.append(organisation)
            vocabulary[organisation.slug] = terms
        Organisation.objects.bulk_create(organisations, batch_size=1000)
        ids = dict(Organisation.objects.filter(slug__startswith="bench-").values_list("slug", "pk"))
        Organisation.fields_of_action.through.objects.bulk_create(
            [
                Organisation.fields_of_action.through(organisation_id=ids[slug], fieldofaction_id=term.pk)
                for slug, (chosen, _groups) in vocabulary.items()
                for term in chosen
            ],
            batch_size=2000,
        )
        Organisation.target_groups.through.objects.bulk_create(
            [
                Organisation.target_groups.through(organisation_id=ids[slug], targetgroup_id=term.pk)
                for slug, (_fields, chosen) in vocabulary.items()
                for term in chosen
            ],
            batch_size=2000,
        )
    elapsed = time.perf_counter() - started
    print(f"created {len(ids)} verified organisations in {elapsed:.1f} s")


def _search_text(organisation: Any, municipality: Any, terms: list[Any]) -> str:
    """The same text as organisations.services.organisation_refresh_search_text."""
    parts = [organisation.name, organisation.short_name, organisation.description, organisation.offers]
    parts += [organisation.needs, municipality.name, municipality.district.name]
    parts += list(organisation.description_translations.values())
    for term in terms:
        parts += [term.name, *term.name_translations.values()]
    return " ".join(part for part in parts if part).lower()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    vendor = setup_django()
    print(f"database: {vendor}")
    generate(count=args.count, seed=args.seed)
    from django.db import connection

    # Compact the tables (an earlier run's rows were deleted) and set the statistics and, on
    # PostgreSQL, the visibility map that lets browsing count facets from the covering index.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ("organisations_organisation", "organisations_organisation_fields_of_action"):
                cursor.execute(f"VACUUM FULL ANALYZE {table}")
                cursor.execute(f"VACUUM ANALYZE {table}")
        else:
            cursor.execute("VACUUM")
            cursor.execute("ANALYZE")


if __name__ == "__main__":
    main()
