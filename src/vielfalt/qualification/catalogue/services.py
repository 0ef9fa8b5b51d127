"""Writes on the catalogue: modules and curricula, which the team maintains.

A slug is derived from the German title once and kept (links and imports refer to it). Every refusal
is an ``ApplicationError`` naming the field it concerns; nothing is saved when one is raised.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record
from vielfalt.core.lib.languages import SPOKEN_LANGUAGES
from vielfalt.core.lib.slugs import readable_slug
from vielfalt.core.lib.translated import clean_translations
from vielfalt.organisations.models import FieldOfAction
from vielfalt.qualification.models import Audience, Curriculum, CurriculumModule, Module

# What a DecimalField(max_digits=5, decimal_places=1) holds.
MAX_UNITS = Decimal("9999.9")


@dataclass(frozen=True)
class CurriculumEntry:
    """One module of a curriculum, in the order they are given."""

    module: Module
    required: bool = False


def format_units(value: Decimal) -> str:
    """``Decimal("2.5")`` as "2,5" in German, "2.5" in English; whole numbers without decimals."""
    return floatformat(value, -1)


def _title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ApplicationError(_("Bitte geben Sie den deutschen Titel an."), field="title")
    return title


def _unique_slug(model: type[Module] | type[Curriculum], title: str, fallback: str) -> str:
    base = readable_slug(title, max_length=80) or fallback
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_units(value: Decimal, *, field: str, allow_zero: bool) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ApplicationError(_("Bitte geben Sie die UE als Zahl an, zum Beispiel 2,5."), field=field)
    if value < 0:
        raise ApplicationError(_("Die UE können nicht negativ sein."), field=field)
    if value == 0 and not allow_zero:
        raise ApplicationError(_("Ein Modul hat mehr als 0 UE."), field=field)
    if value > MAX_UNITS:
        raise ApplicationError(_("Höchstens %(max)s UE, bitte.") % {"max": format_units(MAX_UNITS)}, field=field)
    if value != value.quantize(Decimal("0.1")):
        raise ApplicationError(
            _("Bitte geben Sie die UE mit höchstens einer Stelle nach dem Komma an, zum Beispiel 2,5."), field=field
        )
    return value.quantize(Decimal("0.1"))


def _check_audiences(audiences: Iterable[str]) -> list[str]:
    chosen = set(audiences)
    unknown = chosen - set(Audience.values)
    if unknown:
        raise ApplicationError(_("Bitte wählen Sie die Zielgruppen aus der Liste."), field="audiences")
    return [value for value in Audience.values if value in chosen]


def _check_languages(languages: Iterable[str]) -> list[str]:
    chosen = set(languages)
    known = [code for code, _name in SPOKEN_LANGUAGES]
    if chosen - set(known):
        raise ApplicationError(_("Bitte wählen Sie die Sprachen aus der Liste."), field="languages")
    return [code for code in known if code in chosen]


def _module_values(
    *,
    title: str,
    title_translations: dict[str, str],
    description: str,
    description_translations: dict[str, str],
    goals: str,
    goals_translations: dict[str, str],
    units: Decimal,
    audiences: Iterable[str],
    languages: Iterable[str],
    is_active: bool,
) -> dict[str, Any]:
    return {
        "title": _title(title),
        "title_translations": clean_translations(title_translations),
        "description": (description or "").strip(),
        "description_translations": clean_translations(description_translations),
        "goals": (goals or "").strip(),
        "goals_translations": clean_translations(goals_translations),
        "units": _check_units(units, field="units", allow_zero=False),
        "audiences": _check_audiences(audiences),
        "languages": _check_languages(languages),
        "is_active": bool(is_active),
    }


def _changed(instance: Model, values: dict[str, Any]) -> list[str]:
    return [name for name, value in values.items() if getattr(instance, name) != value]


@transaction.atomic
def module_create(
    *,
    title: str,
    title_translations: dict[str, str],
    description: str = "",
    description_translations: dict[str, str] | None = None,
    goals: str = "",
    goals_translations: dict[str, str] | None = None,
    units: Decimal,
    audiences: Iterable[str] = (),
    topics: Iterable[FieldOfAction] = (),
    languages: Iterable[str] = (),
    is_active: bool = True,
    by: User,
) -> Module:
    """Add a module to the catalogue."""
    values = _module_values(
        title=title,
        title_translations=title_translations,
        description=description,
        description_translations=description_translations or {},
        goals=goals,
        goals_translations=goals_translations or {},
        units=units,
        audiences=audiences,
        languages=languages,
        is_active=is_active,
    )
    module = Module.objects.create(slug=_unique_slug(Module, values["title"], "modul"), **values)
    module.topics.set(list(topics))
    audit_record(actor=by, action="qualification.module_created", target=module, data={"slug": module.slug})
    return module


@transaction.atomic
def module_update(
    *,
    module: Module,
    title: str,
    title_translations: dict[str, str],
    description: str = "",
    description_translations: dict[str, str] | None = None,
    goals: str = "",
    goals_translations: dict[str, str] | None = None,
    units: Decimal,
    audiences: Iterable[str] = (),
    topics: Iterable[FieldOfAction] = (),
    languages: Iterable[str] = (),
    is_active: bool = True,
    by: User,
) -> list[str]:
    """Change a module; returns the names of the changed fields (the slug stays)."""
    module = Module.objects.select_for_update().get(pk=module.pk)
    values = _module_values(
        title=title,
        title_translations=title_translations,
        description=description,
        description_translations=description_translations or {},
        goals=goals,
        goals_translations=goals_translations or {},
        units=units,
        audiences=audiences,
        languages=languages,
        is_active=is_active,
    )
    if "units" in _changed(module, values):
        # A smaller module may break a curriculum's minimum of units.
        for curriculum in Curriculum.objects.filter(entries__module=module).distinct():
            entries = [
                CurriculumEntry(module=entry.module if entry.module_id != module.pk else _with_units(module, values))
                for entry in curriculum.entries.select_related("module")
            ]
            if _units_sum(entries) < curriculum.min_units:
                raise ApplicationError(
                    _(
                        "Mit diesen UE erreicht der Qualifizierungsgang „%(curriculum)s“ seine Mindestzahl an UE "
                        "nicht mehr. Ändern Sie zuerst den Qualifizierungsgang."
                    )
                    % {"curriculum": curriculum.title},
                    field="units",
                )
    changed = _changed(module, values)
    for name in changed:
        setattr(module, name, values[name])
    if changed:
        module.save(update_fields=[*changed, "updated_at"])
    new_topics = {topic.pk for topic in topics}
    if set(module.topics.values_list("pk", flat=True)) != new_topics:
        module.topics.set(list(new_topics))
        changed.append("topics")
    if changed:
        audit_record(actor=by, action="qualification.module_updated", target=module, data={"fields": changed})
    return changed


def _with_units(module: Module, values: dict[str, Any]) -> Module:
    return Module(pk=module.pk, title=module.title, units=values["units"])


def _units_sum(entries: Sequence[CurriculumEntry]) -> Decimal:
    return sum((entry.module.units for entry in entries), Decimal("0"))


# --- curricula -----------------------------------------------------------------------------------------


def _check_rule(entries: Sequence[CurriculumEntry], min_modules: int | None, min_units: Decimal) -> None:
    """The rule must be reachable with the modules it has."""
    if not entries:
        raise ApplicationError(_("Bitte wählen Sie mindestens ein Modul für den Qualifizierungsgang."), field="modules")
    ids = [entry.module.pk for entry in entries]
    if len(set(ids)) != len(ids):
        raise ApplicationError(_("Jedes Modul kann nur einmal im Qualifizierungsgang stehen."), field="modules")
    if min_modules is not None:
        if min_modules < 1:
            raise ApplicationError(
                _("Die Mindestzahl der Module ist mindestens 1. Leer lassen heißt: alle Module."), field="min_modules"
            )
        if min_modules > len(entries):
            raise ApplicationError(
                ngettext(
                    "Der Qualifizierungsgang hat nur %(count)s Modul; die Mindestzahl kann nicht größer sein. "
                    "Leer lassen heißt: alle Module.",
                    "Der Qualifizierungsgang hat nur %(count)s Module; die Mindestzahl kann nicht größer sein. "
                    "Leer lassen heißt: alle Module.",
                    len(entries),
                )
                % {"count": len(entries)},
                field="min_modules",
            )
    total = _units_sum(entries)
    if min_units > total:
        raise ApplicationError(
            _("Die Module zusammen haben nur %(total)s UE; mehr können nicht verlangt werden (Mindestens: %(min)s UE).")
            % {"total": format_units(total), "min": format_units(min_units)},
            field="min_units",
        )


def _curriculum_values(
    *,
    title: str,
    title_translations: dict[str, str],
    description: str,
    description_translations: dict[str, str],
    entries: Sequence[CurriculumEntry],
    min_modules: int | None,
    min_units: Decimal,
    is_active: bool,
) -> dict[str, Any]:
    units = _check_units(min_units, field="min_units", allow_zero=True)
    _check_rule(entries, min_modules, units)
    return {
        "title": _title(title),
        "title_translations": clean_translations(title_translations),
        "description": (description or "").strip(),
        "description_translations": clean_translations(description_translations),
        "min_modules": min_modules,
        "min_units": units,
        "is_active": bool(is_active),
    }


def _set_entries(curriculum: Curriculum, entries: Sequence[CurriculumEntry]) -> bool:
    """Replace the curriculum's modules; returns whether anything changed."""
    current = [(e.module_id, e.required) for e in curriculum.entries.order_by("position", "pk")]
    wanted = [(entry.module.pk, entry.required) for entry in entries]
    if current == wanted:
        return False
    curriculum.entries.all().delete()
    CurriculumModule.objects.bulk_create(
        CurriculumModule(curriculum=curriculum, module=entry.module, position=position, required=entry.required)
        for position, entry in enumerate(entries)
    )
    return True


@transaction.atomic
def curriculum_create(
    *,
    title: str,
    title_translations: dict[str, str],
    description: str = "",
    description_translations: dict[str, str] | None = None,
    entries: Sequence[CurriculumEntry],
    min_modules: int | None = None,
    min_units: Decimal,
    is_active: bool = True,
    by: User,
) -> Curriculum:
    """Add a curriculum: its modules in order (some required) and its completion rule."""
    values = _curriculum_values(
        title=title,
        title_translations=title_translations,
        description=description,
        description_translations=description_translations or {},
        entries=entries,
        min_modules=min_modules,
        min_units=min_units,
        is_active=is_active,
    )
    curriculum = Curriculum.objects.create(
        slug=_unique_slug(Curriculum, values["title"], "qualifizierungsgang"), **values
    )
    _set_entries(curriculum, entries)
    audit_record(
        actor=by,
        action="qualification.curriculum_created",
        target=curriculum,
        data={"slug": curriculum.slug, "modules": [entry.module.pk for entry in entries]},
    )
    return curriculum


@transaction.atomic
def curriculum_update(
    *,
    curriculum: Curriculum,
    title: str,
    title_translations: dict[str, str],
    description: str = "",
    description_translations: dict[str, str] | None = None,
    entries: Sequence[CurriculumEntry],
    min_modules: int | None = None,
    min_units: Decimal,
    is_active: bool = True,
    by: User,
) -> list[str]:
    """Change a curriculum; returns the names of what changed ("modules" for its modules)."""
    curriculum = Curriculum.objects.select_for_update().get(pk=curriculum.pk)
    values = _curriculum_values(
        title=title,
        title_translations=title_translations,
        description=description,
        description_translations=description_translations or {},
        entries=entries,
        min_modules=min_modules,
        min_units=min_units,
        is_active=is_active,
    )
    changed = _changed(curriculum, values)
    for name in changed:
        setattr(curriculum, name, values[name])
    if changed:
        curriculum.save(update_fields=[*changed, "updated_at"])
    if _set_entries(curriculum, entries):
        changed.append("modules")
    if changed:
        audit_record(actor=by, action="qualification.curriculum_updated", target=curriculum, data={"fields": changed})
    return changed
