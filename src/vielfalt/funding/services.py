"""Writes of funding: the team's programmes and calls, a person's follows and reminder settings.

Each function is one transaction; a refusal is an ``ApplicationError`` naming the field it is about,
and nothing is written. A slug is derived from the German name once and kept (links, calendar
subscriptions and reminders refer to it).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record
from vielfalt.core.lib.slugs import readable_slug
from vielfalt.funding.models import REMINDER_DAYS, Call, Follow, Programme, Reminder, ReminderSettings
from vielfalt.organisations.models import FieldOfAction, Organisation, TargetGroup
from vielfalt.regions.models import District


@dataclass(frozen=True)
class ProgrammeInput:
    """What the programme form entered."""

    name: str
    name_translations: dict[str, str]
    funder: str
    funder_kind: str
    summary: str
    summary_translations: dict[str, str]
    description: str = ""
    description_translations: dict[str, str] = dataclasses.field(default_factory=dict)
    eligibility: str = ""
    eligibility_translations: dict[str, str] = dataclasses.field(default_factory=dict)
    amounts: str = ""
    amounts_translations: dict[str, str] = dataclasses.field(default_factory=dict)
    max_amount: int | None = None
    url: str = ""
    organisation_kinds: Sequence[str] = ()
    topics: Sequence[FieldOfAction] = ()
    target_groups: Sequence[TargetGroup] = ()
    districts: Sequence[District] = ()
    is_published: bool = False

    def values(self) -> dict[str, Any]:
        """The model's columns (not the many-to-many lists)."""
        kinds = set(self.organisation_kinds)
        unknown = kinds - set(Organisation.Kind.values)
        if unknown:
            raise ApplicationError(
                _("Bitte wählen Sie nur Arten von Organisationen aus der Liste."), field="organisation_kinds"
            )
        if self.funder_kind not in Programme.FunderKind.values:
            raise ApplicationError(_("Bitte wählen Sie die Art des Fördergebers."), field="funder_kind")
        return {
            "name": self.name.strip(),
            "name_translations": dict(self.name_translations),
            "funder": self.funder.strip(),
            "funder_kind": self.funder_kind,
            "summary": self.summary.strip(),
            "summary_translations": dict(self.summary_translations),
            "description": self.description.strip(),
            "description_translations": dict(self.description_translations),
            "eligibility": self.eligibility.strip(),
            "eligibility_translations": dict(self.eligibility_translations),
            "amounts": self.amounts.strip(),
            "amounts_translations": dict(self.amounts_translations),
            "max_amount": self.max_amount,
            "url": self.url,
            # In the order of the choices, so the same selection is stored the same way.
            "organisation_kinds": [kind for kind in Organisation.Kind.values if kind in kinds],
            "is_published": self.is_published,
        }

    @classmethod
    def of(cls, programme: Programme, **changes: Any) -> ProgrammeInput:
        """The input that would save ``programme`` unchanged, with ``changes``."""
        current: dict[str, Any] = {
            f.name: getattr(programme, f.name)
            for f in dataclasses.fields(cls)
            if f.name not in ("topics", "target_groups", "districts")
        }
        current["topics"] = list(programme.topics.all())
        current["target_groups"] = list(programme.target_groups.all())
        current["districts"] = list(programme.districts.all())
        return cls(**{**current, **changes})


@dataclass(frozen=True)
class CallInput:
    """What the call form entered."""

    title: str
    title_translations: dict[str, str]
    purpose: str
    purpose_translations: dict[str, str]
    opens_on: date
    deadline: date
    max_amount: int | None = None
    url: str = ""
    is_published: bool = False

    def values(self) -> dict[str, Any]:
        if self.deadline < self.opens_on:
            raise ApplicationError(
                _(
                    "Die Antragsfrist (%(deadline)s) liegt vor dem Beginn der Antragstellung (%(opens)s). Bitte prüfen Sie beide Daten."
                )
                % {
                    "deadline": date_format(self.deadline, "SHORT_DATE_FORMAT"),
                    "opens": date_format(self.opens_on, "SHORT_DATE_FORMAT"),
                },
                code="deadline_before_opening",
                field="deadline",
            )
        return {
            "title": self.title.strip(),
            "title_translations": dict(self.title_translations),
            "purpose": self.purpose.strip(),
            "purpose_translations": dict(self.purpose_translations),
            "opens_on": self.opens_on,
            "deadline": self.deadline,
            "max_amount": self.max_amount,
            "url": self.url,
            "is_published": self.is_published,
        }

    @classmethod
    def of(cls, call: Call, **changes: Any) -> CallInput:
        current = {f.name: getattr(call, f.name) for f in dataclasses.fields(cls)}
        return cls(**{**current, **changes})


def _unique_slug(model: type[Programme] | type[Call], text: str, fallback: str) -> str:
    base = readable_slug(text, max_length=80) or fallback
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _changed(instance: Any, values: dict[str, Any]) -> list[str]:
    return [name for name, value in values.items() if getattr(instance, name) != value]


def _set_audience(programme: Programme, data: ProgrammeInput) -> list[str]:
    """Set the programme's lists; returns the names of those that changed."""
    changed = []
    for name, items in (("topics", data.topics), ("target_groups", data.target_groups), ("districts", data.districts)):
        manager = getattr(programme, name)
        wanted = {item.pk for item in items}
        if set(manager.values_list("pk", flat=True)) != wanted:
            manager.set(list(items))
            changed.append(name)
    return changed


# --- the team: programmes and calls -----------------------------------------------------------------------


@transaction.atomic
def programme_create(*, data: ProgrammeInput, by: User) -> Programme:
    """Add a programme (a draft unless ``is_published``)."""
    values = data.values()
    programme = Programme.objects.create(slug=_unique_slug(Programme, values["name"], "programm"), **values)
    _set_audience(programme, data)
    audit_record(actor=by, action="funding.programme_created", target=programme, data={"slug": programme.slug})
    return programme


@transaction.atomic
def programme_update(*, programme: Programme, data: ProgrammeInput, by: User) -> list[str]:
    """Change a programme; returns the names of the changed fields (the slug stays)."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    values = data.values()
    changed = _changed(programme, values)
    for name in changed:
        setattr(programme, name, values[name])
    if changed:
        programme.save(update_fields=[*changed, "updated_at"])
    changed += _set_audience(programme, data)
    if changed:
        audit_record(actor=by, action="funding.programme_changed", target=programme, data={"fields": changed})
    return changed


@transaction.atomic
def programme_publish(*, programme: Programme, published: bool, by: User) -> bool:
    """Publish or withdraw a programme (with it, its calls appear or disappear); returns whether it changed."""
    changed = Programme.objects.filter(pk=programme.pk).exclude(is_published=published).update(is_published=published)
    if changed:
        programme.is_published = published
        action = "funding.programme_published" if published else "funding.programme_withdrawn"
        audit_record(actor=by, action=action, target=programme)
    return bool(changed)


@transaction.atomic
def call_create(*, programme: Programme, data: CallInput, by: User) -> Call:
    """Add a call to ``programme``. A deadline before the call opens is refused."""
    values = data.values()
    call = Call.objects.create(programme=programme, slug=_unique_slug(Call, values["title"], "aufruf"), **values)
    audit_record(actor=by, action="funding.call_created", target=call, data={"slug": call.slug})
    return call


@transaction.atomic
def call_update(*, call: Call, data: CallInput, by: User) -> list[str]:
    """Change a call; returns the names of the changed fields. A new deadline starts its reminders
    afresh (those sent for the old one said another date)."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    values = data.values()
    changed = _changed(call, values)
    if not changed:
        return []
    for name in changed:
        setattr(call, name, values[name])
    call.save(update_fields=[*changed, "updated_at"])
    if "deadline" in changed:
        Reminder.objects.filter(call=call).delete()
    audit_record(actor=by, action="funding.call_changed", target=call, data={"fields": changed})
    return changed


@transaction.atomic
def call_publish(*, call: Call, published: bool, by: User) -> bool:
    """Publish or withdraw a call; returns whether it changed."""
    changed = Call.objects.filter(pk=call.pk).exclude(is_published=published).update(is_published=published)
    if changed:
        call.is_published = published
        audit_record(actor=by, action="funding.call_published" if published else "funding.call_withdrawn", target=call)
    return bool(changed)


# --- following ----------------------------------------------------------------------------------------------


def _follow(user: User, **target: Any) -> bool:
    try:
        with transaction.atomic():
            _follow_row, created = Follow.objects.get_or_create(user=user, **target)
    except IntegrityError:  # the same click twice at once
        return False
    return created


@transaction.atomic
def call_follow(*, user: User, call: Call) -> bool:
    """``user`` follows ``call`` (reminders before its deadline); returns False if they did already."""
    if not (call.is_published and call.programme.is_published):
        raise ApplicationError(_("Diesem Förderaufruf kann man nicht folgen."), code="not_public")
    return _follow(user, call=call)


@transaction.atomic
def call_unfollow(*, user: User, call: Call) -> bool:
    """``user`` no longer follows ``call``; returns whether they did. Reminders through its programme stay."""
    deleted, _rows = Follow.objects.filter(user=user, call=call).delete()
    return bool(deleted)


@transaction.atomic
def programme_follow(*, user: User, programme: Programme) -> bool:
    """``user`` follows every call of ``programme``, also those added later."""
    if not programme.is_published:
        raise ApplicationError(_("Diesem Förderprogramm kann man nicht folgen."), code="not_public")
    return _follow(user, programme=programme)


@transaction.atomic
def programme_unfollow(*, user: User, programme: Programme) -> bool:
    deleted, _rows = Follow.objects.filter(user=user, programme=programme).delete()
    return bool(deleted)


@transaction.atomic
def reminder_settings_save(*, user: User, days_before: Iterable[int]) -> list[int]:
    """When ``user`` wants to be reminded (days before a deadline; none: no reminders). Returns them sorted."""
    days = sorted({int(d) for d in days_before}, reverse=True)
    if any(d not in REMINDER_DAYS for d in days):
        raise ApplicationError(_("Bitte wählen Sie nur Zeitpunkte aus der Liste."), field="days_before")
    ReminderSettings.objects.update_or_create(user=user, defaults={"days_before": days})
    return days


# --- personal data ------------------------------------------------------------------------------------------


def personal_data_erase(user: User) -> None:
    Follow.objects.filter(user=user).delete()
    ReminderSettings.objects.filter(user=user).delete()
    Reminder.objects.filter(user=user).delete()
