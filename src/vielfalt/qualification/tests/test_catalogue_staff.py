"""The team's catalogue pages: who may open them, and creating and editing modules and curricula through them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import login, refused_status
from vielfalt.organisations.models import FieldOfAction
from vielfalt.qualification.models import Curriculum, CurriculumModule, Module
from vielfalt.qualification.tests.factories import ModuleFactory, curriculum_with

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
CATALOGUE = "/de/staff/qualifizierung/katalog/"
MODULE_NEW = "/de/staff/qualifizierung/katalog/module/neu/"
CURRICULUM_NEW = "/de/staff/qualifizierung/katalog/qualifizierungsgaenge/neu/"


def expected_refusal(persona: str) -> int:
    # Anonymous visitors are sent to the login, the ministry viewer to what it may see.
    return 302 if persona in ("anonymous", "ministry") else refused_status(persona)


def as_persona(client, everyone, persona):  # type: ignore[no-untyped-def]
    if persona != "anonymous":
        login(client, everyone[persona])
    return client


@pytest.fixture
def existing(db):  # type: ignore[no-untyped-def]
    module = ModuleFactory(title="Gesprächsführung", units=Decimal("4"))
    other = ModuleFactory(title="Selbstfürsorge", units=Decimal("2"))
    curriculum = curriculum_with([module, other], required=1, title="Basisqualifizierung", min_units=Decimal("6"))
    return {"module": module, "other": other, "curriculum": curriculum}


def pages(existing) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        CATALOGUE,
        MODULE_NEW,
        f"/de/staff/qualifizierung/katalog/module/{existing['module'].pk}/",
        CURRICULUM_NEW,
        f"/de/staff/qualifizierung/katalog/qualifizierungsgaenge/{existing['curriculum'].pk}/",
    ]


def module_post(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Netzwerke vor Ort",
        "title_en": "Local networks",
        "title_ar": "الشبكات المحلية",
        "description": "Behörden, Beratungsstellen und Vereine in der Region.",
        "goals": "Ansprechpersonen kennen.",
        "units": "2,5",
        "audiences": ["lotsen", "municipal"],
        "languages": ["de", "ar"],
        "is_active": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_catalogue_pages_are_for_the_team(client, everyone, existing, persona) -> None:
    as_persona(client, everyone, persona)

    for url in pages(existing):
        response = client.get(url)
        assert response.status_code == (200 if persona == "staff" else expected_refusal(persona)), url
        if persona == "staff":
            assert response.content.decode().count("<h1") == 1


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "staff"])
def test_others_cannot_write_the_catalogue(client, everyone, existing, persona) -> None:
    as_persona(client, everyone, persona)
    module = existing["module"]

    responses = [
        client.post(MODULE_NEW, module_post()),
        client.post(f"/de/staff/qualifizierung/katalog/module/{module.pk}/", module_post(title="Übernommen")),
        client.post(CURRICULUM_NEW, {"title": "Fremder Gang", "min_units": "1", f"position_{module.pk}": "1"}),
    ]

    assert {r.status_code for r in responses} == {expected_refusal(persona)}
    assert Module.objects.count() == 2
    assert Curriculum.objects.count() == 1
    module.refresh_from_db()
    assert module.title == "Gesprächsführung"


@pytest.mark.django_db
def test_the_catalogue_lists_modules_and_curricula(client, personas, existing) -> None:
    ModuleFactory(title="Ausgemustert", is_active=False)
    login(client, personas.staff)

    content = client.get(CATALOGUE).content.decode()

    for title in ("Gesprächsführung", "Selbstfürsorge", "Basisqualifizierung", "Ausgemustert"):
        assert title in content
    assert reverse("staff:catalogue_module_edit", kwargs={"pk": existing["module"].pk}) in content
    assert reverse("staff:catalogue_curriculum_edit", kwargs={"pk": existing["curriculum"].pk}) in content
    assert "2 Module, <bdi>6</bdi> UE" in content


@pytest.mark.django_db
def test_the_team_creates_a_module_with_german_decimal_units(client, personas) -> None:
    topic = FieldOfAction.objects.create(slug="q-netzwerk", name="Netzwerk")
    login(client, personas.staff)

    response = client.post(MODULE_NEW, module_post(topics=[topic.pk]))

    assert response.status_code == 302
    assert response["Location"] == CATALOGUE
    module = Module.objects.get()
    assert module.units == Decimal("2.5")
    assert module.title_translations == {"en": "Local networks", "ar": "الشبكات المحلية"}
    assert module.audiences == ["lotsen", "municipal"]
    assert module.languages == ["de", "ar"]
    assert list(module.topics.all()) == [topic]
    assert "ist angelegt" in client.get(CATALOGUE).content.decode()


@pytest.mark.django_db
def test_a_point_works_as_decimal_separator_too(client, personas) -> None:
    login(client, personas.staff)

    client.post(MODULE_NEW, module_post(units="1.5"))

    assert Module.objects.get().units == Decimal("1.5")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("units", "message"),
    [
        ("-1", "Die UE können nicht negativ sein."),
        ("zwei", "Bitte geben Sie die UE als Zahl an, zum Beispiel 2,5."),
        ("1.000,5", "Bitte geben Sie die UE als Zahl an, zum Beispiel 2,5."),
        ("2,25", "höchstens einer Stelle nach dem Komma"),
        ("", "Dieses Feld ist zwingend erforderlich."),
    ],
)
def test_bad_units_are_refused_at_the_field_and_nothing_is_saved(client, personas, units, message) -> None:
    login(client, personas.staff)

    response = client.post(MODULE_NEW, module_post(units=units))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="id_units_error"' in content
    assert message in content
    assert "Bitte korrigieren Sie die folgenden Angaben:" in content
    assert f'value="{units}"' in content or not units  # what was typed is kept
    assert not Module.objects.exists()


@pytest.mark.django_db
def test_editing_a_module_shows_its_units_the_german_way_and_saves(client, personas, existing) -> None:
    module = existing["module"]
    module.units = Decimal("4.5")
    module.save()
    url = f"/de/staff/qualifizierung/katalog/module/{module.pk}/"
    login(client, personas.staff)

    form = client.get(url).content.decode()
    assert 'value="4,5"' in form
    assert "Basisqualifizierung" in form  # the curricula it belongs to

    response = client.post(url, module_post(title="Gesprächsführung und Haltung", units="5", is_active=""))

    assert response.status_code == 302
    module.refresh_from_db()
    assert (module.title, module.units, module.is_active) == ("Gesprächsführung und Haltung", Decimal("5"), False)


@pytest.mark.django_db
def test_a_module_cannot_shrink_below_its_curriculums_minimum(client, personas, existing) -> None:
    module = existing["module"]
    login(client, personas.staff)

    response = client.post(f"/de/staff/qualifizierung/katalog/module/{module.pk}/", module_post(units="3"))

    assert response.status_code == 200
    assert "Basisqualifizierung" in response.content.decode()
    module.refresh_from_db()
    assert module.units == Decimal("4")


# --- curricula -----------------------------------------------------------------------------------------


def curriculum_post(modules, **overrides: object) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """``modules``: ``{module: (position, required)}``."""
    data: dict[str, object] = {
        "title": "Vereinsmanagement",
        "title_tr": "Dernek yönetimi",
        "description": "Fünf Module für Vorstände.",
        "min_modules": "",
        "min_units": "4",
        "is_active": "on",
    }
    for module, (position, required) in modules.items():
        data[f"position_{module.pk}"] = str(position)
        if required:
            data[f"required_{module.pk}"] = "on"
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_the_team_creates_a_curriculum_with_ordered_and_required_modules(client, personas, existing) -> None:
    first, second = existing["module"], existing["other"]
    third = ModuleFactory(title="Projektmanagement", units=Decimal("3"))
    login(client, personas.staff)

    form = client.get(CURRICULUM_NEW).content.decode()
    assert f'name="position_{third.pk}"' in form
    assert f'name="required_{third.pk}"' in form

    response = client.post(
        CURRICULUM_NEW,
        curriculum_post({third: (1, True), first: (2, False), second: ("", False)}, min_modules="1", min_units="5,5"),
    )

    assert response.status_code == 302
    curriculum = Curriculum.objects.get(title="Vereinsmanagement")
    assert [(e.module_id, e.required) for e in curriculum.entries.order_by("position")] == [
        (third.pk, True),
        (first.pk, False),
    ]
    assert curriculum.min_modules == 1
    assert curriculum.min_units == Decimal("5.5")
    assert curriculum.title_translations == {"tr": "Dernek yönetimi"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"min_modules": "3"}, "Der Qualifizierungsgang hat nur 2 Module; die Mindestzahl kann nicht größer sein."),
        ({"min_units": "7"}, "Die Module zusammen haben nur 6 UE; mehr können nicht verlangt werden"),
        ({"min_units": "-2"}, "Die UE können nicht negativ sein."),
    ],
)
def test_an_unreachable_rule_is_refused_with_a_clear_message(client, personas, existing, overrides, message) -> None:
    login(client, personas.staff)
    chosen = {existing["module"]: (1, True), existing["other"]: (2, False)}

    response = client.post(CURRICULUM_NEW, curriculum_post(chosen, **overrides))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Curriculum.objects.count() == 1  # only the existing one
    assert CurriculumModule.objects.count() == 2


@pytest.mark.django_db
def test_a_curriculum_without_modules_is_refused(client, personas, existing) -> None:
    login(client, personas.staff)

    response = client.post(CURRICULUM_NEW, curriculum_post({}, min_units="0"))

    assert response.status_code == 200
    assert "Bitte wählen Sie mindestens ein Modul für den Qualifizierungsgang." in response.content.decode()
    assert Curriculum.objects.count() == 1


@pytest.mark.django_db
def test_a_required_module_needs_its_place(client, personas, existing) -> None:
    login(client, personas.staff)
    module = existing["module"]

    response = client.post(
        CURRICULUM_NEW,
        curriculum_post({existing["other"]: (1, False)}, **{f"required_{module.pk}": "on", "min_units": "1"}),
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert f'id="id_position_{module.pk}_error"' in content
    assert "Ein Pflichtmodul gehört zum Qualifizierungsgang" in content
    assert Curriculum.objects.count() == 1


@pytest.mark.django_db
def test_editing_a_curriculum_shows_its_order_and_reorders(client, personas, existing) -> None:
    curriculum, first, second = existing["curriculum"], existing["module"], existing["other"]
    url = f"/de/staff/qualifizierung/katalog/qualifizierungsgaenge/{curriculum.pk}/"
    login(client, personas.staff)

    form = client.get(url).content.decode()
    assert f'name="position_{first.pk}" value="1"' in form
    assert f'name="position_{second.pk}" value="2"' in form

    response = client.post(
        url, curriculum_post({second: (1, True), first: (5, True)}, title="Basisqualifizierung", min_units="6")
    )

    assert response.status_code == 302
    assert [(e.module_id, e.required) for e in curriculum.entries.order_by("position")] == [
        (second.pk, True),
        (first.pk, True),
    ]
