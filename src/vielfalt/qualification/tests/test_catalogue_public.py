"""The public catalogue: the trainings page with its filters, module and curriculum pages, the start page
and the navigation — as every persona, with constant query counts and in Arabic."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import login
from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.events.models import Registration
from vielfalt.events.tests.factories import EventFactory
from vielfalt.organisations.models import FieldOfAction
from vielfalt.organisations.tests.factories import OrganisationFactory, municipality_by_ags
from vielfalt.qualification.tests.factories import (
    CourseRunFactory,
    CourseSessionFactory,
    ModuleFactory,
    curriculum_with,
)

TRAININGS = "/de/qualifizierung/"
PERSONAS = [
    "anonymous",
    "outsider",
    "member",
    "org_admin",
    "lotse",
    "coordinator",
    "other_coordinator",
    "ministry",
    "staff_no_mfa",
    "staff",
]
GIESSEN_DISTRICT = "06531"


@pytest.fixture(autouse=True)
def _empty_cache(db: None):  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


def days(n: int, hour: int = 10):  # type: ignore[no-untyped-def]
    moment = timezone.localtime() + timedelta(days=n)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def as_persona(client, everyone, persona):  # type: ignore[no-untyped-def]
    if persona != "anonymous":
        login(client, everyone[persona])
    return client


def run_of(module, *, sessions: int = 2, **event):  # type: ignore[no-untyped-def]
    """A course run of ``module`` whose event has ``event``'s fields, with ``sessions`` dates of 2 UE."""
    starts = event.pop("starts_at", days(14))
    run = CourseRunFactory(
        module=module,
        event=EventFactory(kind="training", starts_at=starts, ends_at=starts + timedelta(days=7, hours=6), **event),
    )
    for n in range(sessions):
        CourseSessionFactory(run=run, starts_at=starts + timedelta(days=7 * n), units=Decimal("2"))
    return run


@pytest.fixture
def catalogue(db):  # type: ignore[no-untyped-def]
    """Two modules in the catalogue and one out of it, a curriculum, and runs of each kind of visibility."""
    communication = FieldOfAction.objects.create(slug="q-kommunikation", name="Kommunikation")
    funding = FieldOfAction.objects.create(slug="q-foerderung", name="Förderung", name_translations={"en": "Funding"})
    lotsen = ModuleFactory(
        slug="interkulturelle-kommunikation",
        title="Interkulturelle Kommunikation",
        title_translations={"ar": "التواصل بين الثقافات"},
        description="Wie Verständigung über Sprach- und Kulturgrenzen gelingt.",
        goals="Missverständnisse erkennen.\nGespräche klären.",
        units=Decimal("4.5"),
        audiences=["lotsen"],
        languages=["de", "ar"],
    )
    lotsen.topics.set([communication])
    mo = ModuleFactory(
        slug="foerdermittel-akquirieren",
        title="Fördermittel akquirieren",
        units=Decimal("3"),
        audiences=["mo_volunteers"],
        languages=["de", "tr"],
    )
    mo.topics.set([funding])
    hidden = ModuleFactory(slug="altes-modul", title="Altes Modul", is_active=False)
    curriculum = curriculum_with(
        [mo, lotsen],
        required=1,
        slug="basisqualifizierung",
        title="Basisqualifizierung",
        min_modules=1,
        min_units=Decimal("3"),
    )
    runs = {
        "on_site": run_of(lotsen, title="Interkulturelle Kommunikation in Gießen", languages=["de", "ar"]),
        "online": run_of(
            mo,
            title="Fördermittel online",
            municipality=None,
            district=None,
            venue_name="",
            street="",
            postcode="",
            is_online=True,
            online_url="https://meet.example.org/foerdermittel",
            languages=["tr"],
            starts_at=days(20),
        ),
        "members": run_of(lotsen, title="Kommunikation für Mitglieder", audience="members", starts_at=days(25)),
        "draft": run_of(lotsen, title="Kommunikation im Entwurf", status="draft"),
        "cancelled": run_of(lotsen, title="Kommunikation abgesagt", status="cancelled"),
        "past": run_of(lotsen, title="Kommunikation im Frühjahr", starts_at=days(-30)),
        "hidden": run_of(hidden, title="Kurs zum alten Modul"),
    }
    return {"lotsen": lotsen, "mo": mo, "hidden": hidden, "curriculum": curriculum, "runs": runs}


def titles_on(content: str, catalogue) -> set[str]:  # type: ignore[no-untyped-def]
    return {key for key, run in catalogue["runs"].items() if run.event.title in content}


# --- the trainings page ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_trainings_page_shows_coming_runs_each_persona_may_see(client, everyone, catalogue, persona) -> None:
    as_persona(client, everyone, persona)

    response = client.get(TRAININGS)

    assert response.status_code == 200
    content = response.content.decode()
    expected = {"on_site", "online", "hidden"} | ({"members"} if persona != "anonymous" else set())
    assert titles_on(content, catalogue) == expected
    assert content.count("<h1") == 1
    # The catalogue: curricula and the modules in it, not the one taken out of it.
    assert "Basisqualifizierung" in content
    assert "/de/qualifizierung/module/interkulturelle-kommunikation/" in content
    assert "/de/qualifizierung/module/altes-modul/" not in content
    # A run's card links to its event page (registration) and its module.
    assert f"/de/veranstaltungen/{catalogue['runs']['on_site'].event.slug}/" in content
    assert "2 Termine" in content


@pytest.mark.django_db
def test_a_training_whose_places_are_taken_shows_the_waiting_list(client, catalogue) -> None:
    run = catalogue["runs"]["on_site"]
    run.event.capacity = 1
    run.event.save()
    Registration.objects.create(event=run.event, user=UserFactory(), status="waiting")

    def badge_shown() -> bool:
        content = client.get(TRAININGS).content.decode()
        start = content.index(run.event.title)
        return "ausgebucht – Warteliste" in content[start : content.index("</article>", start)]

    assert not badge_shown()  # someone waiting takes no place
    Registration.objects.create(event=run.event, user=UserFactory(), status="confirmed")
    assert badge_shown()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("topic=q-kommunikation", {"on_site", "hidden_excluded"}),
        ("topic=q-foerderung", {"online"}),
        ("audience=mo_volunteers", {"online"}),
        ("audience=lotsen", {"on_site", "hidden"}),
        (f"district={GIESSEN_DISTRICT}", {"on_site", "hidden"}),
        ("language=tr", {"online"}),
        ("language=ar", {"on_site"}),
        ("format=online", {"online"}),
        ("format=vor-ort", {"on_site", "hidden"}),
        ("topic=q-kommunikation&format=online", set()),
        ("topic=../../etc&audience=alle&district=x&language=1&format=mond", {"on_site", "online", "hidden"}),
    ],
)
def test_the_filters_narrow_the_runs(client, catalogue, query, expected) -> None:
    expected = expected - {"hidden_excluded"}

    content = client.get(f"{TRAININGS}?{query}").content.decode()

    assert titles_on(content, catalogue) == expected
    if not expected:
        assert "Kein Kurs passt zu Ihren Filtern." in content


@pytest.mark.django_db
def test_the_filter_form_works_without_javascript_and_keeps_its_values(client, catalogue) -> None:
    content = client.get(f"{TRAININGS}?topic=q-foerderung&format=online").content.decode()

    form = content.split('id="training-filters"', 1)[1].split("</form>", 1)[0]
    assert 'method="get"' in content.split('id="training-filters"', 1)[0][-200:] + form
    assert "hx-" not in form
    assert re.search(r'<option value="q-foerderung" selected>Förderung</option>', form)
    assert re.search(r'<option value="online" selected>', form)
    for name in ("topic", "audience", "district", "language", "format"):
        assert f'name="{name}"' in form
    assert "Alle Filter entfernen" in content


@pytest.mark.django_db
def test_topics_are_offered_in_the_visitors_language(client, catalogue) -> None:
    content = client.get("/en/qualifizierung/").content.decode()

    assert '<option value="q-foerderung">Funding</option>' in content


@pytest.mark.django_db
def test_an_empty_catalogue_says_so(client) -> None:
    content = client.get(TRAININGS).content.decode()

    assert "Zurzeit sind keine Kurse geplant." in content
    assert "Der Katalog ist noch leer." in content


@pytest.mark.django_db
def test_the_trainings_page_reads_the_same_number_of_queries_for_3_and_15_runs(client, everyone, catalogue) -> None:
    """The cards read only some columns of the run's event, organiser and module (``RUN_CARD_FIELDS``):
    one they show and the query does not read would cost a query per card."""
    login(client, everyone["lotse"])
    module = catalogue["lotsen"]
    organiser = OrganisationFactory(name="Bildungswerk Nordhessen")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(TRAININGS).status_code == 200
        return len(queries)

    for n in range(3):
        run_of(module, title=f"Zusatzkurs {n}", starts_at=days(30 + n))
    few = count()
    for n in range(12):
        run_of(module, title=f"Weiterer Kurs {n}", sessions=3, starts_at=days(40 + n), organiser=organiser)
    many = count()

    assert few == many
    assert client.get(TRAININGS).content.decode().count("Bildungswerk Nordhessen") == 12


# --- a module's page ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_a_module_page_is_open_to_everyone(client, everyone, catalogue, persona) -> None:
    as_persona(client, everyone, persona)

    response = client.get("/de/qualifizierung/module/interkulturelle-kommunikation/")

    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert "Interkulturelle Kommunikation" in content
    assert "Missverständnisse erkennen." in content
    assert "<bdi>4,5</bdi> Unterrichtseinheiten (UE)" in content
    assert "WIR-Lotsinnen und -Lotsen" in content
    assert "Kommunikation" in content
    assert "Arabisch" in content
    # Its next runs with a link to the event page for registration, soonest first, never drafts or past ones.
    shown = titles_on(content, catalogue)
    assert shown == {"on_site"} | ({"members"} if persona != "anonymous" else set())
    assert f"/de/veranstaltungen/{catalogue['runs']['on_site'].event.slug}/" in content
    # The curricula it belongs to.
    assert "/de/qualifizierung/qualifizierungsgaenge/basisqualifizierung/" in content
    assert ("Modul bearbeiten" in content) is (persona == "staff")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_a_module_out_of_the_catalogue_is_seen_by_the_team_only(client, everyone, catalogue, persona) -> None:
    as_persona(client, everyone, persona)

    response = client.get("/de/qualifizierung/module/altes-modul/")

    assert response.status_code == (200 if persona == "staff" else 404)
    if persona == "staff":
        assert "Dieses Modul steht nicht im Katalog." in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_module_is_not_found(client, catalogue) -> None:
    assert client.get("/de/qualifizierung/module/gibt-es-nicht/").status_code == 404


@pytest.mark.django_db
def test_a_module_page_in_arabic_is_right_to_left_with_a_german_fallback_note(client, catalogue) -> None:
    response = client.get("/ar/qualifizierung/module/interkulturelle-kommunikation/")

    content = response.content.decode()
    assert response.status_code == 200
    assert 'lang="ar"' in content
    assert 'dir="rtl"' in content
    assert re.search(r'<h1 class="kern-heading-large" lang="ar" dir="auto">التواصل بين الثقافات</h1>', content)
    # The description exists in German only: marked as German and said so in Arabic.
    assert re.search(r'<div class="kern-body" lang="de" dir="auto"><p>Wie Verständigung', content)
    assert "هذا النص غير متوفر بلغتكم بعد. إليكم النسخة الألمانية." in content
    assert "<bdi>4.5</bdi>" in content  # the number isolated, with the Arabic page's decimal point


# --- a curriculum's page --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_a_curriculum_page_lists_its_modules_in_order_with_its_rule(client, everyone, catalogue, persona) -> None:
    as_persona(client, everyone, persona)

    response = client.get("/de/qualifizierung/qualifizierungsgaenge/basisqualifizierung/")

    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1") == 1
    modules = content.split('id="modules-title"', 1)[1].split("</section>", 1)[0]
    assert modules.index("Fördermittel akquirieren") < modules.index("Interkulturelle Kommunikation")
    assert modules.count("Pflichtmodul") == 1
    assert modules.index("Pflichtmodul") < modules.index("Interkulturelle Kommunikation")
    assert (
        "Abgeschlossen ist der Qualifizierungsgang, wenn Sie mindestens <bdi>1</bdi> Modul abgeschlossen haben, "
        "darunter alle Pflichtmodule, und dabei mindestens <bdi>3</bdi> UE besucht haben."
    ) in content
    assert "Alle Module zusammen: <bdi>7,5</bdi> UE." in content
    # The next runs of its modules.
    shown = titles_on(content, catalogue)
    assert shown == {"on_site", "online"} | ({"members"} if persona != "anonymous" else set())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("min_modules", "required", "min_units", "sentence"),
    [
        (None, 0, "8", "wenn Sie alle <bdi>2</bdi> Module abgeschlossen und dabei mindestens <bdi>8</bdi> UE"),
        (None, 0, "0", "wenn Sie alle <bdi>2</bdi> Module abgeschlossen haben."),
        (1, 0, "2,5", "wenn Sie mindestens <bdi>1</bdi> Modul abgeschlossen und dabei mindestens <bdi>2,5</bdi> UE"),
        (1, 1, "0", "wenn Sie mindestens <bdi>1</bdi> Modul abgeschlossen haben, darunter alle Pflichtmodule."),
        (1, 0, "0", "wenn Sie mindestens <bdi>1</bdi> Modul abgeschlossen haben."),
    ],
)
def test_the_rule_reads_as_one_sentence(client, min_modules, required, min_units, sentence) -> None:
    modules = [ModuleFactory(units=Decimal("4")), ModuleFactory(units=Decimal("4"))]
    curriculum = curriculum_with(
        modules, required=required, min_modules=min_modules, min_units=Decimal(min_units.replace(",", "."))
    )

    content = client.get(f"/de/qualifizierung/qualifizierungsgaenge/{curriculum.slug}/").content.decode()

    assert sentence in content


@pytest.mark.django_db
def test_the_rule_of_a_single_module_curriculum(client) -> None:
    curriculum = curriculum_with([ModuleFactory(units=Decimal("4"))], min_units=Decimal("4"))

    content = client.get(f"/de/qualifizierung/qualifizierungsgaenge/{curriculum.slug}/").content.decode()

    assert "wenn Sie das Modul abgeschlossen und dabei mindestens <bdi>4</bdi> UE besucht haben." in content


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_a_curriculum_out_of_the_catalogue_is_seen_by_the_team_only(client, everyone, persona) -> None:
    curriculum = curriculum_with([ModuleFactory()], is_active=False, min_units=Decimal("1"))
    as_persona(client, everyone, persona)

    response = client.get(f"/de/qualifizierung/qualifizierungsgaenge/{curriculum.slug}/")

    assert response.status_code == (200 if persona == "staff" else 404)


# --- start page, navigation, staff dashboard ------------------------------------------------------------


@pytest.mark.django_db
def test_the_start_page_shows_the_next_public_trainings(client, catalogue) -> None:
    content = client.get("/de/").content.decode()

    block = content.split('id="next-trainings-title"', 1)[1].split("</section>", 1)[0]
    assert "Interkulturelle Kommunikation in Gießen" in block
    assert "Fördermittel online" in block
    assert "Kommunikation für Mitglieder" not in block  # the start page shows what everyone may see
    assert "Kommunikation im Entwurf" not in block
    assert 'href="/de/qualifizierung/"' in block


@pytest.mark.django_db
def test_without_trainings_the_start_page_has_no_block(client) -> None:
    assert 'id="next-trainings-title"' not in client.get("/de/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_navigation_links_to_the_trainings(client, language) -> None:
    content = client.get(f"/{language}/").content.decode()

    nav = content.split('class="vf-nav"', 1)[1].split("</nav>", 1)[0]
    assert f'href="/{language}/qualifizierung/"' in nav


@pytest.mark.django_db
def test_the_staff_dashboard_links_to_the_catalogue(client, personas) -> None:
    login(client, personas.staff)

    content = client.get("/de/staff/").content.decode()

    assert "/de/staff/qualifizierung/katalog/" in content
    assert "/de/staff/qualifizierung/katalog/module/neu/" in content
    assert "/de/staff/qualifizierung/katalog/qualifizierungsgaenge/neu/" in content


@pytest.mark.django_db
def test_a_run_in_a_town_shows_where(client, catalogue) -> None:
    run_of(
        catalogue["mo"],
        title="Fördermittel in Kassel",
        municipality=municipality_by_ags("06611000"),
        starts_at=days(22),
    )

    content = client.get(TRAININGS).content.decode()

    assert "Kassel" in content
