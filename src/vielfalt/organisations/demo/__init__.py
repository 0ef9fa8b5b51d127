"""Synthetic demo directory: about 300 organisations in all 26 districts of Hessen.

Invented associations only (names built from a community, a kind of association and a town), never
real people; contact addresses end in ``demo.vielfalt.invalid`` and websites in ``example.org``.
Deterministic (a seeded random generator) and idempotent: nothing happens if organisations exist.
The names, places, offers and needs they are drawn from are in the JSON files of this package
(read by ``data``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TextIO

from django.utils import timezone

from vielfalt.accounts.models import User
from vielfalt.organisations.demo.data import (
    ASSOCIATIONS,
    CITY_WEIGHTS,
    COMMUNITIES,
    ENDINGS,
    GENERIC_NAMES,
    LARGER_TOWNS,
    NEEDS,
    OFFERS,
    SEATS,
    SIZES,
)
from vielfalt.organisations.models import (
    ClaimRequest,
    FieldOfAction,
    FundingRecord,
    Membership,
    Organisation,
    TargetGroup,
)
from vielfalt.organisations.services import organisation_refresh_search_text
from vielfalt.organisations.vocabulary import starting_terms as vocabulary
from vielfalt.organisations.vocabulary.services import german_slug
from vielfalt.regions.models import District, Municipality

SEED = 3003
DEMO_DOMAIN = "demo.vielfalt.invalid"  # as in accounts.demo
MIGRANT_ORGANISATIONS = 190

Kind = Organisation.Kind
LegalForm = Organisation.LegalForm

FIELD_LABELS = dict(vocabulary.FIELDS_OF_ACTION)


@dataclass
class Spec:
    name: str
    kind: str
    legal_form: str
    municipality: Municipality
    fields: list[str]
    groups: list[str]
    languages: list[str]
    description: str
    offers: str = ""
    needs: str = ""
    communities: str = ""
    status: str = Organisation.Status.VERIFIED
    status_reason: str = ""
    translation_en: str = ""


def _town(municipality: Municipality) -> str:
    """``Friedberg (Hessen)`` → ``Friedberg``: the way people name their town in an association's name."""
    return municipality.name.split(" (")[0]


def _district_label(district: District) -> str:
    return f"Landkreis {district.name}" if district.kind == District.Kind.RURAL else district.name


class _Places:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.districts = list(District.objects.defer("outline").order_by("ags"))
        municipalities = Municipality.objects.select_related("district").defer("district__outline").order_by("ags")
        self.by_district: dict[int, list[Municipality]] = {}
        for municipality in municipalities:
            self.by_district.setdefault(municipality.district_id, []).append(municipality)

    def seat(self, district: District) -> Municipality:
        towns = self.by_district[district.pk]
        wanted = SEATS.get(district.ags)
        return next((town for town in towns if town.name == wanted), None) or next(
            (town for town in towns if town.kind == Municipality.Kind.CITY), towns[0]
        )

    def town_in(self, district: District) -> Municipality:
        towns = self.by_district[district.pk]
        seat = self.seat(district)
        weights = [
            8 if town.pk == seat.pk or town.name in LARGER_TOWNS else 2 if town.kind == Municipality.Kind.CITY else 1
            for town in towns
        ]
        return self.rng.choices(towns, weights=weights)[0]

    def district(self) -> District:
        weights = [CITY_WEIGHTS.get(district.ags, 1.6) for district in self.districts]
        return self.rng.choices(self.districts, weights=weights)[0]


def _migrant_spec(rng: random.Random, municipality: Municipality) -> Spec:
    stem, spoken, _weight = rng.choices(COMMUNITIES, weights=[c[2] for c in COMMUNITIES])[0]
    adjective = stem[0].upper() + stem[1:]
    town = _town(municipality)
    if rng.random() < 0.15:
        noun, fields, groups = rng.choice(GENERIC_NAMES)
        name = f"{noun} {town}"
        community = ""
    else:
        noun, gender, fields, groups = rng.choice(ASSOCIATIONS)
        prefix = "Deutsch-" if rng.random() < 0.3 and stem not in ("russischsprachig", "jesidisch") else ""
        name = f"{prefix}{adjective}{ENDINGS[gender]} {noun} {town}"
        community = f"{adjective}e Community"
    legal_form = LegalForm.INITIATIVE if "initiative" in noun.lower() or "netzwerk" in noun.lower() else LegalForm.EV
    if legal_form == LegalForm.EV and not name.endswith("e.V."):
        name += " e.V."
    fields = sorted({*fields, *rng.sample(list(FIELD_LABELS), k=rng.choice([0, 0, 1]))})
    offers = rng.sample(OFFERS, k=rng.choice([2, 3]))
    needs = rng.sample(NEEDS, k=rng.choice([1, 2]))
    founded = rng.randint(1968, 2023)
    roots = f"{stem}en Wurzeln" if community else "ganz unterschiedlicher Herkunft"
    topics = " sowie ".join(FIELD_LABELS.get(slug, slug) for slug in fields[:2])
    description = rng.choice(
        [
            f"Wir sind ein ehrenamtlich getragener Verein von Menschen mit {roots} in {town} und Umgebung. "
            f"Seit {founded} engagieren wir uns vor allem in den Bereichen {topics}.",
            f"Unser Verein bringt seit {founded} Menschen mit {roots} in {town} zusammen. "
            f"Schwerpunkte unserer Arbeit: {topics}. Neue Mitglieder und Gäste sind immer willkommen.",
            f"In {town} organisieren wir Begegnung, Beratung und Bildung für Menschen mit {roots}. "
            f"Wir arbeiten mit Schulen, Kitas und dem Integrationsbüro zusammen.",
        ]
    )
    description += f" Wir bieten {', '.join(offers[:-1])} und {offers[-1]}."
    return Spec(
        name=name,
        kind=Kind.MIGRANT,
        legal_form=legal_form,
        municipality=municipality,
        fields=fields,
        groups=list(groups),
        languages=sorted({"de", *spoken, *(["en"] if rng.random() < 0.3 else [])}),
        description=description,
        offers=", ".join(offers[:-1]) + f" und {offers[-1]}",
        needs=", ".join(needs),
        communities=community,
        translation_en=(
            f"We are a volunteer-run association in {town}. We offer activities for families, young people and "
            "newcomers and work closely with local schools and the integration office."
            if rng.random() < 0.25
            else ""
        ),
    )


def _institution(
    rng: random.Random, name: str, kind: str, legal_form: str, municipality: Municipality, fields: list[str], text: str
) -> Spec:
    return Spec(
        name=name,
        kind=kind,
        legal_form=legal_form,
        municipality=municipality,
        fields=fields,
        groups=["neuzugewanderte", "ehrenamtliche", "verwaltung"][: rng.randint(1, 3)],
        languages=sorted({"de", "en", *rng.sample(["tr", "ar", "fa", "ru", "uk", "pl"], k=rng.randint(0, 2))}),
        description=text,
    )


def _specs(rng: random.Random, places: _Places) -> list[Spec]:
    specs: list[Spec] = []
    for district in places.districts:
        seat = places.seat(district)
        label = _district_label(district)
        city = district.kind == District.Kind.CITY
        specs.append(
            _institution(
                rng, f"WIR-Vielfaltszentrum {label}", Kind.VIELFALTSZENTRUM, LegalForm.PUBLIC_BODY, seat,
                ["demokratie-teilhabe", "antidiskriminierung", "bildung"],
                f"Das WIR-Vielfaltszentrum bündelt die Integrationsarbeit im {label}: Vernetzung von "
                "Migrantenorganisationen, Verwaltung und Ehrenamt, Beratung zu Förderung und interkultureller Öffnung.",
            )
        )  # fmt: skip
        office = f"Integrationsbüro der Stadt {seat.name}" if city else f"Fachstelle Integration {label}"
        specs.append(
            _institution(
                rng, office, Kind.INTEGRATION_OFFICE, LegalForm.PUBLIC_BODY, seat, ["demokratie-teilhabe", "sprache"],
                "Ansprechstelle der Verwaltung für Integration: Sprachkursberatung, Förderung von Vereinen, "
                "Koordination der Integrationslotsinnen und -lotsen.",
            )
        )  # fmt: skip
        lotsen_town = places.town_in(district)
        specs.append(
            _institution(
                rng, f"Freiwilligenzentrum {_town(lotsen_town)} e.V.", Kind.LOTSEN, LegalForm.EV, lotsen_town,
                ["gefluechtete", "sprache", "demokratie-teilhabe"],
                "Träger der WIR-Integrationslotsinnen und -lotsen: Wir qualifizieren Ehrenamtliche in der "
                "Basisqualifizierung und begleiten ihre Einsätze bei Behörden, Kitas und Schulen.",
            )
        )  # fmt: skip
        specs.append(_migrant_spec(rng, places.town_in(district)))  # every district has at least one MO
    # Towns (not villages) for the town-level offices, each at most once.
    draws = (places.town_in(places.district()) for _ in range(400))
    towns = list({town.pk: town for town in draws if town.kind == Municipality.Kind.CITY}.values())
    for town in towns[:8]:
        specs.append(
            _institution(
                rng, f"Integrationsbüro der Stadt {town.name}", Kind.INTEGRATION_OFFICE, LegalForm.PUBLIC_BODY, town,
                ["sprache", "arbeit-ausbildung"], "Beratung und Vernetzung für Zugewanderte und Vereine in der Stadt.",
            )
        )  # fmt: skip
    for town in towns[8:20]:
        specs.append(
            _institution(
                rng, f"Ausländerbeirat der Stadt {town.name}", Kind.POLITICS, LegalForm.PUBLIC_BODY, town,
                ["demokratie-teilhabe", "antidiskriminierung"],
                "Der gewählte Ausländerbeirat vertritt die Interessen der Einwohnerinnen und Einwohner ohne deutschen "
                "Pass gegenüber Stadtverordnetenversammlung und Magistrat.",
            )
        )  # fmt: skip
    for town in towns[20:30]:
        specs.append(
            _institution(
                rng, f"Migrationsberatung {_town(town)}", Kind.COUNSELLING, LegalForm.GGMBH, town,
                ["arbeit-ausbildung", "gesundheit", "gefluechtete"],
                "Kostenlose, vertrauliche Beratung für Zugewanderte zu Aufenthalt, Arbeit, Wohnen und Familie.",
            )
        )  # fmt: skip
    for region, town_name in (
        ("Nordhessen", "Kassel"), ("Mittelhessen", "Gießen"), ("Osthessen", "Fulda"), ("Südhessen", "Darmstadt"),
        ("Rhein-Main", "Frankfurt am Main"),
    ):  # fmt: skip
        town = next(t for towns_ in places.by_district.values() for t in towns_ if t.name == town_name)
        specs.append(
            _institution(
                rng, f"Dachverband der Migrantenorganisationen {region} e.V.", Kind.UMBRELLA, LegalForm.EV, town,
                ["demokratie-teilhabe", "bildung"],
                f"Zusammenschluss von Migrantenorganisationen in {region}: Fortbildungen zu Anträgen, "
                "Öffentlichkeitsarbeit und Vereinsstrukturen, gemeinsame Stimme gegenüber Politik und Verwaltung.",
            )
        )  # fmt: skip
    for town in towns[30:33]:
        specs.append(
            _institution(
                rng, f"Interkultureller Garten {_town(town)} e.V.", Kind.OTHER, LegalForm.EV, town,
                ["kultur", "senioren"], "Gemeinsam gärtnern, kochen und feiern: ein Garten für alle Nachbarinnen.",
            )
        )  # fmt: skip
    for _ in range(MIGRANT_ORGANISATIONS - len(places.districts)):
        specs.append(_migrant_spec(rng, places.town_in(places.district())))
    for _ in range(8):
        spec = _migrant_spec(rng, places.town_in(places.district()))
        spec.status = Organisation.Status.PENDING
        specs.append(spec)
    archived = _migrant_spec(rng, places.town_in(places.district()))
    archived.status, archived.status_reason = Organisation.Status.ARCHIVED, "Verein hat sich aufgelöst."
    rejected = _migrant_spec(rng, places.town_in(places.district()))
    rejected.status = Organisation.Status.REJECTED
    rejected.status_reason = "Bitte ergänzen Sie die Beschreibung und die Registernummer."
    return [*specs, archived, rejected]


def _ensure_vocabulary() -> None:
    if not FieldOfAction.objects.exists():
        FieldOfAction.objects.bulk_create(
            FieldOfAction(slug=slug, name=name, position=i)
            for i, (slug, name) in enumerate(vocabulary.FIELDS_OF_ACTION)
        )
    if not TargetGroup.objects.exists():
        TargetGroup.objects.bulk_create(
            TargetGroup(slug=slug, name=name, position=i) for i, (slug, name) in enumerate(vocabulary.TARGET_GROUPS)
        )


def _create(
    rng: random.Random, spec: Spec, slugs: set[str], terms: dict[str, Any], groups: dict[str, Any]
) -> Organisation:
    base = german_slug(spec.name)[:70] or "organisation"
    slug, n = base, 1
    while slug in slugs:
        n += 1
        slug = f"{base}-{n}"
    slugs.add(slug)
    founded = rng.randint(1968, 2023) if spec.kind in (Kind.MIGRANT, Kind.LOTSEN, Kind.UMBRELLA, Kind.OTHER) else None
    registered = spec.legal_form == LegalForm.EV and rng.random() < 0.7
    municipality = spec.municipality
    organisation = Organisation.objects.create(
        name=spec.name,
        slug=slug,
        kind=spec.kind,
        legal_form=spec.legal_form,
        register_court=f"Amtsgericht {_town(municipality)}" if registered else "",
        register_number=f"VR {rng.randint(100, 9999)}" if registered else "",
        founded_year=founded,
        description=spec.description,
        description_translations={"en": spec.translation_en} if spec.translation_en else {},
        district=municipality.district,
        municipality=municipality,
        latitude=municipality.latitude,
        longitude=municipality.longitude,
        languages=spec.languages,
        communities=spec.communities,
        communities_public=bool(spec.communities) and rng.random() < 0.5,
        offers=spec.offers,
        needs=spec.needs,
        website=f"https://{slug[:60].strip('-')}.example.org" if rng.random() < 0.7 else "",
        contact_email=f"kontakt@{slug[:50].strip('-')}.{DEMO_DOMAIN}",
        members_count=rng.choice(SIZES),
        volunteers_count=rng.choice(SIZES),
        status=spec.status,
        status_reason=spec.status_reason,
    )
    organisation.fields_of_action.set([terms[slug] for slug in spec.fields if slug in terms])
    organisation.target_groups.set([groups[slug] for slug in spec.groups if slug in groups])
    # Spread the history over the last years, so lists sorted by date look lived-in.
    created = timezone.now() - timedelta(days=rng.randint(1, 30) if spec.status == "pending" else rng.randint(30, 900))
    verified = created + timedelta(days=rng.randint(1, 14)) if spec.status != "pending" else None
    Organisation.objects.filter(pk=organisation.pk).update(created_at=created, verified_at=verified)
    if spec.kind == Kind.MIGRANT and spec.status == "verified" and rng.random() < 0.2:
        FundingRecord.objects.create(
            organisation=organisation, programme="WIR-Mikroprojekt", year=rng.choice([2023, 2024, 2025]),
            public=rng.random() < 0.6,
        )  # fmt: skip
    organisation_refresh_search_text(organisation=organisation)
    return organisation


def _people(organisations: list[Organisation], rng: random.Random) -> None:
    """Demo accounts (from accounts.demo) run some organisations and belong to others."""
    people = {user.email: user for user in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")}
    members = [people.get(f"mitglied-{index:02d}@{DEMO_DOMAIN}") for index in range(1, 41)]
    pending = [o for o in organisations if o.status in (Organisation.Status.PENDING, Organisation.Status.REJECTED)]
    verified_mos = [o for o in organisations if o.status == "verified" and o.kind == Kind.MIGRANT]
    administered: set[int] = set()

    def join(user: User | None, organisation: Organisation, role: str, public: bool = False) -> None:
        if user is not None:
            Membership.objects.get_or_create(
                organisation=organisation, user=user, defaults={"role": role, "public_contact": public}
            )
            if role == Membership.Role.ADMIN:
                administered.add(organisation.pk)

    # mitglied-01…09 registered the pending and rejected profiles; 10…29 run a verified organisation.
    for user, organisation in zip(members[:9], pending, strict=False):
        join(user, organisation, Membership.Role.ADMIN)
    for user, organisation in zip(members[9:29], verified_mos, strict=False):
        join(user, organisation, Membership.Role.ADMIN, public=rng.random() < 0.5)
    # Everyone is also a member elsewhere (one or two organisations).
    for user in members:
        for organisation in rng.sample(verified_mos, k=rng.choice([1, 2])):
            join(user, organisation, Membership.Role.MEMBER)
    # The municipal demo accounts run their district's integration office.
    for organisation in organisations:
        if organisation.kind == Kind.INTEGRATION_OFFICE and organisation.name.startswith(
            ("Fachstelle", "Integrationsbüro der Stadt")
        ):
            join(people.get(f"kommune-{organisation.district.ags}@{DEMO_DOMAIN}"), organisation, Membership.Role.ADMIN)
    # Three people ask to take over profiles the team created (nobody administers them yet).
    unclaimed = [o for o in verified_mos if o.pk not in administered]
    for user, organisation in zip(members[29:32], unclaimed[:3], strict=False):
        if user is not None:
            ClaimRequest.objects.create(
                organisation=organisation,
                user=user,
                message="Ich bin im Vorstand dieses Vereins und möchte unser Profil selbst pflegen.",
            )


def load(stdout: TextIO) -> None:
    if Organisation.objects.exists():
        stdout.write("Demo directory: organisations exist already, nothing added.\n")
        return
    if not District.objects.exists():
        stdout.write("Demo directory skipped: import the regions first (import_regions).\n")
        return
    rng = random.Random(SEED)
    _ensure_vocabulary()
    terms = {term.slug: term for term in FieldOfAction.objects.all()}
    groups = {group.slug: group for group in TargetGroup.objects.all()}
    places = _Places(rng)
    slugs: set[str] = set()
    names: set[str] = set()
    organisations = []
    for spec in _specs(rng, places):
        if spec.name in names:  # the same community, kind and town drawn twice: keep the first
            continue
        names.add(spec.name)
        organisations.append(_create(rng, spec, slugs, terms, groups))
    _people(organisations, rng)
    verified = sum(1 for o in organisations if o.status == Organisation.Status.VERIFIED)
    stdout.write(
        f"Demo directory: {len(organisations)} organisations ({verified} verified) in "
        f"{len({o.district_id for o in organisations})} districts.\n"
    )
