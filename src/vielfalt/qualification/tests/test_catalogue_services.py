"""Writes on the catalogue: modules and curricula, their rules, and bad input refused with nothing saved."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from vielfalt.core.errors import ApplicationError
from vielfalt.core.models import AuditEntry
from vielfalt.organisations.models import FieldOfAction
from vielfalt.qualification.catalogue import services
from vielfalt.qualification.catalogue.services import CurriculumEntry
from vielfalt.qualification.models import Curriculum, CurriculumModule, Module
from vielfalt.qualification.tests.factories import ModuleFactory, curriculum_with

pytestmark = pytest.mark.django_db


def module_kwargs(**overrides):  # type: ignore[no-untyped-def]
    values = {
        "title": "Rolle und Selbstverständnis",
        "title_translations": {"en": "Role and self-understanding", "ar": ""},
        "description": "Was eine WIR-Lotsin tut und was nicht.",
        "description_translations": {},
        "goals": "Die eigene Rolle beschreiben.\nGrenzen kennen.",
        "goals_translations": {"tr": "Kendi rolünü tanımlamak."},
        "units": Decimal("2.5"),
        "audiences": ["lotsen", "coordinators"],
        "topics": [],
        "languages": ["ar", "de"],
        "is_active": True,
    }
    return values | overrides


def refused(field: str, call, **kwargs) -> ApplicationError:  # type: ignore[no-untyped-def]
    with pytest.raises(ApplicationError) as caught:
        call(**kwargs)
    assert caught.value.field == field
    return caught.value


# --- modules -------------------------------------------------------------------------------------------


def test_a_module_is_created_with_its_translations_topics_and_an_audit_entry(personas) -> None:
    topic = FieldOfAction.objects.create(slug="q-bildung", name="Bildung")

    module = services.module_create(**module_kwargs(topics=[topic]), by=personas.staff)

    module.refresh_from_db()
    assert module.slug == "rolle-und-selbstverstaendnis"
    assert module.units == Decimal("2.5")
    assert module.title_translations == {"en": "Role and self-understanding"}  # empty ones dropped
    assert module.audiences == ["lotsen", "coordinators"]
    assert module.languages == ["de", "ar"]  # in the list's order
    assert list(module.topics.all()) == [topic]
    entry = AuditEntry.objects.get(action="qualification.module_created")
    assert entry.actor == personas.staff
    assert entry.target_id == str(module.pk)


def test_two_modules_of_one_title_get_two_addresses(personas) -> None:
    first = services.module_create(**module_kwargs(), by=personas.staff)
    second = services.module_create(**module_kwargs(), by=personas.staff)

    assert (first.slug, second.slug) == ("rolle-und-selbstverstaendnis", "rolle-und-selbstverstaendnis-2")


@pytest.mark.parametrize(
    ("field", "overrides", "message"),
    [
        ("units", {"units": Decimal("-1")}, "negativ"),
        ("units", {"units": Decimal("0")}, "mehr als 0"),
        ("units", {"units": Decimal("2.25")}, "einer Stelle nach dem Komma"),
        ("units", {"units": Decimal("10000")}, "Höchstens"),
        ("title", {"title": "   "}, "deutschen Titel"),
        ("audiences", {"audiences": ["everyone"]}, "Zielgruppen"),
        ("languages", {"languages": ["xx"]}, "Sprachen"),
    ],
)
def test_bad_module_input_is_refused_with_a_clear_message_and_nothing_saved(personas, field, overrides, message):
    error = refused(field, services.module_create, **module_kwargs(**overrides), by=personas.staff)

    assert message in str(error)
    assert not Module.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_message_is_in_the_persons_language(personas) -> None:
    with translation.override("en"):
        error = refused("units", services.module_create, **module_kwargs(units=Decimal("-2")), by=personas.staff)

    assert "negativ" not in str(error)


def test_a_module_update_reports_what_changed_and_keeps_its_slug(personas) -> None:
    module = services.module_create(**module_kwargs(), by=personas.staff)
    topic = FieldOfAction.objects.create(slug="q-gesundheit", name="Gesundheit")

    changed = services.module_update(
        module=module,
        **module_kwargs(title="Rolle, Haltung und Selbstverständnis", units=Decimal("3"), topics=[topic]),
        by=personas.staff,
    )

    module.refresh_from_db()
    assert set(changed) == {"title", "units", "topics"}
    assert module.slug == "rolle-und-selbstverstaendnis"
    assert module.units == Decimal("3")
    assert AuditEntry.objects.filter(action="qualification.module_updated").count() == 1


def test_an_unchanged_module_writes_no_audit_entry(personas) -> None:
    module = services.module_create(**module_kwargs(), by=personas.staff)

    assert services.module_update(module=module, **module_kwargs(), by=personas.staff) == []
    assert not AuditEntry.objects.filter(action="qualification.module_updated").exists()


def test_a_module_cannot_shrink_below_what_its_curriculum_asks(personas) -> None:
    module = ModuleFactory(units=Decimal("4"))
    other = ModuleFactory(units=Decimal("4"))
    curriculum_with([module, other], min_units=Decimal("8"), title="Basisqualifizierung")

    error = refused(
        "units",
        services.module_update,
        module=module,
        **module_kwargs(units=Decimal("3")),
        by=personas.staff,
    )

    assert "Basisqualifizierung" in str(error)
    module.refresh_from_db()
    assert module.units == Decimal("4")
    assert module.title != "Rolle und Selbstverständnis"  # nothing half-saved


# --- curricula -----------------------------------------------------------------------------------------


def curriculum_kwargs(modules, **overrides):  # type: ignore[no-untyped-def]
    values = {
        "title": "Basisqualifizierung WIR-Lotsen",
        "title_translations": {"en": "Basic qualification"},
        "description": "Acht Module für den Einstieg.",
        "description_translations": {},
        "entries": [CurriculumEntry(module, required=index < 2) for index, module in enumerate(modules)],
        "min_modules": None,
        "min_units": Decimal("8"),
        "is_active": True,
    }
    return values | overrides


@pytest.fixture
def modules():  # type: ignore[no-untyped-def]
    return [ModuleFactory(units=Decimal("4")), ModuleFactory(units=Decimal("2.5")), ModuleFactory(units=Decimal("4"))]


def test_a_curriculum_keeps_its_modules_in_order_with_required_flags(personas, modules) -> None:
    ordered = [modules[2], modules[0], modules[1]]

    curriculum = services.curriculum_create(
        **curriculum_kwargs(ordered, min_modules=2, min_units=Decimal("10.5")), by=personas.staff
    )

    entries = list(curriculum.entries.order_by("position"))
    assert [entry.module_id for entry in entries] == [m.pk for m in ordered]
    assert [entry.required for entry in entries] == [True, True, False]
    assert curriculum.min_modules == 2
    assert curriculum.min_units == Decimal("10.5")
    assert curriculum.slug == "basisqualifizierung-wir-lotsen"
    assert AuditEntry.objects.filter(action="qualification.curriculum_created").count() == 1


def test_more_required_modules_than_the_minimum_is_fine(personas, modules) -> None:
    entries = [CurriculumEntry(module, required=True) for module in modules]

    curriculum = services.curriculum_create(
        **curriculum_kwargs(modules, entries=entries, min_modules=1), by=personas.staff
    )

    assert curriculum.entries.filter(required=True).count() == 3


@pytest.mark.parametrize(
    ("field", "overrides", "message"),
    [
        ("min_modules", {"min_modules": 4}, "hat nur 3 Module"),
        ("min_modules", {"min_modules": 0}, "mindestens 1"),
        ("min_units", {"min_units": Decimal("11")}, "nur 10,5 UE"),
        ("min_units", {"min_units": Decimal("-1")}, "negativ"),
        ("modules", {"entries": []}, "mindestens ein Modul"),
        ("title", {"title": ""}, "deutschen Titel"),
    ],
)
def test_bad_curriculum_input_is_refused_and_nothing_saved(personas, modules, field, overrides, message) -> None:
    error = refused(field, services.curriculum_create, **curriculum_kwargs(modules, **overrides), by=personas.staff)

    assert message in str(error)
    assert not Curriculum.objects.exists()
    assert not CurriculumModule.objects.exists()


def test_a_module_twice_is_refused(personas, modules) -> None:
    entries = [CurriculumEntry(modules[0]), CurriculumEntry(modules[0])]

    refused("modules", services.curriculum_create, **curriculum_kwargs(modules, entries=entries), by=personas.staff)

    assert not Curriculum.objects.exists()


def test_a_curriculum_update_reorders_and_a_refused_one_changes_nothing(personas, modules) -> None:
    curriculum = services.curriculum_create(**curriculum_kwargs(modules), by=personas.staff)
    reordered = [CurriculumEntry(modules[1], required=True), CurriculumEntry(modules[0])]

    changed = services.curriculum_update(
        curriculum=curriculum,
        **curriculum_kwargs(modules, entries=reordered, min_units=Decimal("6")),
        by=personas.staff,
    )

    assert set(changed) == {"min_units", "modules"}
    assert [(e.module_id, e.required) for e in curriculum.entries.order_by("position")] == [
        (modules[1].pk, True),
        (modules[0].pk, False),
    ]

    refused(
        "min_modules",
        services.curriculum_update,
        curriculum=curriculum,
        **curriculum_kwargs(modules, entries=[CurriculumEntry(modules[2])], min_modules=2, title="Neu"),
        by=personas.staff,
    )

    curriculum.refresh_from_db()
    assert curriculum.title == "Basisqualifizierung WIR-Lotsen"
    assert [e.module_id for e in curriculum.entries.order_by("position")] == [modules[1].pk, modules[0].pk]
