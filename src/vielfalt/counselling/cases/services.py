"""Writes on requests and cases: asking for counselling, opening, assigning, moving and editing a case,
confirming a visitor's request, and the team's topic list.

Every service runs in one transaction, locks the case it changes and records what it did in the audit
log (actions ``counselling.case.*``, data without names or texts). A refusal is a :class:`CaseRefused`,
which is both the project's ``ApplicationError`` (views put it on a form; one escaping is a 400) and a
Django ``ValidationError`` (what the shared brief promises the other parts: ``case_move`` "refuses with
``ValidationError``").

Reading a case is audited too (``case_read``): the team's reads only (the organisation side reads its own
case), at most one entry per person and case within an hour, so the log answers "who read this case,
and when" without an entry for every reload of the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vielfalt.accounts.access import is_staff_member
from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record
from vielfalt.core.lib.emails import queue_email
from vielfalt.core.lib.languages import SPOKEN_LANGUAGES
from vielfalt.core.lib.slugs import readable_slug
from vielfalt.core.lib.translated import clean_translations
from vielfalt.core.models import AuditEntry
from vielfalt.counselling import access, workflow
from vielfalt.counselling.cases import selectors
from vielfalt.counselling.models import REQUEST_WAYS, Case, Topic
from vielfalt.notifications.models import Category
from vielfalt.notifications.services import notify
from vielfalt.organisations.models import Organisation
from vielfalt.regions.models import District

Status = Case.Status

CONFIRM_SALT = "counselling.confirm"
# How long a visitor's confirmation link works (then the request stays unconfirmed).
CONFIRM_MAX_AGE = timedelta(days=14)
# The team's reads of a case: one audit entry per person and case within this time.
READ_AUDIT_WINDOW = timedelta(hours=1)
DESCRIPTION_MIN = 20


class CaseRefused(ApplicationError, ValidationError):  # type: ignore[misc]  # ``code``: str vs str | None
    """A service's refusal, with a message in the reader's language (see the module's docstring)."""

    def __init__(self, message: Any, *, code: str = "invalid", field: str | None = None) -> None:
        # ApplicationError's ``super().__init__`` is ValidationError's here (the MRO), so both are set up.
        super().__init__(message, code=code, field=field)


# --- inputs ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestInput:
    """What a member asks: for one of their organisations, or for a group founding one (``founding_name``)."""

    topic: Topic
    description: str
    title: str = ""
    organisation: Organisation | None = None
    founding_name: str = ""
    district: District | None = None
    languages: Sequence[str] = ()
    ways: Sequence[str] = ()
    deadline: date | None = None
    phone: str = ""


@dataclass(frozen=True)
class PublicRequestInput:
    """What a visitor without an account asks through the public form."""

    topic: Topic
    description: str
    name: str
    email: str
    organisation_name: str
    phone: str = ""
    district: District | None = None
    languages: Sequence[str] = ()
    ways: Sequence[str] = ()
    deadline: date | None = None


@dataclass(frozen=True)
class OpenInput:
    """A case the team opens itself (after a phone call, at an event)."""

    topic: Topic
    title: str
    description: str = ""
    kind: str = Case.Kind.COUNSELLING
    organisation: Organisation | None = None
    founding_name: str = ""
    district: District | None = None
    requester_name: str = ""
    requester_email: str = ""
    requester_phone: str = ""
    languages: Sequence[str] = ()
    ways: Sequence[str] = ()
    deadline: date | None = None
    assignee: User | None = None


@dataclass(frozen=True)
class CaseInput:
    """The facts of a case the team edits."""

    title: str
    kind: str
    topic: Topic
    district: District | None = None
    deadline: date | None = None
    follow_up_on: date | None = None

    @classmethod
    def of(cls, case: Case, **changes: Any) -> CaseInput:
        values: dict[str, Any] = {
            "title": case.title,
            "kind": case.kind,
            "topic": case.topic,
            "district": case.district,
            "deadline": case.deadline,
            "follow_up_on": case.follow_up_on,
        }
        return cls(**(values | changes))


@dataclass(frozen=True)
class TopicInput:
    name: str
    name_translations: dict[str, str] = field(default_factory=dict)
    order: int = 100
    is_active: bool = True


# --- checks ------------------------------------------------------------------------------------------------

_LANGUAGE_CODES = [code for code, _name in SPOKEN_LANGUAGES]


def _languages(codes: Sequence[str]) -> list[str]:
    wanted = set(codes)
    unknown = wanted - set(_LANGUAGE_CODES)
    if unknown:
        raise CaseRefused(_("Bitte wählen Sie Sprachen aus der Liste."), field="languages")
    return [code for code in _LANGUAGE_CODES if code in wanted]


def _ways(values: Sequence[str]) -> list[str]:
    allowed = [str(way.value) for way in REQUEST_WAYS]
    if set(values) - set(allowed):
        raise CaseRefused(_("Bitte wählen Sie Wege aus der Liste."), field="ways")
    return [way for way in allowed if way in set(values)]


def _description(text: str, *, required: bool = True) -> str:
    text = (text or "").strip()
    if required and len(text) < DESCRIPTION_MIN:
        raise CaseRefused(
            _("Bitte beschreiben Sie Ihr Anliegen in ein paar Sätzen (mindestens %(count)s Zeichen).")
            % {"count": DESCRIPTION_MIN},
            field="description",
        )
    return text


def _topic(topic: Topic) -> Topic:
    if not topic.is_active:
        raise CaseRefused(_("Dieses Thema steht nicht mehr zur Auswahl."), field="topic")
    return topic


def _deadline(value: date | None) -> date | None:
    if value is not None and value < timezone.localdate():
        raise CaseRefused(_("Die Frist liegt in der Vergangenheit."), field="deadline")
    return value


def _title(title: str, topic: Topic) -> str:
    return (title or "").strip()[:200] or topic.name


def _kind(kind: str) -> str:
    if kind not in Case.Kind.values:
        raise CaseRefused(_("Bitte wählen Sie eine Art aus der Liste."), field="kind")
    return kind


# --- the reference -----------------------------------------------------------------------------------------


def _next_reference(year: int) -> str:
    """``B-<year>-<5 digits>``: one more than the year's highest (zero-padded, so text order is number order)."""
    last = (
        Case.objects.filter(reference__startswith=f"B-{year}-")
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"B-{year}-{number:05d}"


def _create_case(**values: Any) -> Case:
    """Create a case under the next free reference; two requests at the same moment: the second retries."""
    year = timezone.localdate().year
    for attempt in range(5):
        try:
            with transaction.atomic():
                return Case.objects.create(reference=_next_reference(year), **values)
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


# --- emails ------------------------------------------------------------------------------------------------


def confirm_token(case: Case) -> str:
    return signing.dumps({"c": case.pk, "e": case.requester_email}, salt=CONFIRM_SALT, compress=True)


def _case_from_token(token: str) -> Case:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
        return Case.objects.select_for_update().get(pk=data["c"], requester_email=data["e"], anonymised_at=None)
    except signing.SignatureExpired as error:
        raise CaseRefused(
            _("Dieser Bestätigungslink ist abgelaufen. Bitte senden Sie Ihre Anfrage noch einmal."), code="expired"
        ) from error
    except (signing.BadSignature, Case.DoesNotExist, KeyError, TypeError) as error:
        raise CaseRefused(_("Dieser Bestätigungslink ist ungültig."), code="invalid_link") from error


def _receipt(case: Case, *, to: str, language: str, confirm_url: str = "") -> None:
    """The receipt in the requester's language: what they asked, the reference, and the way on (their
    case page; a visitor: the confirmation link)."""
    context = {
        "reference": case.reference,
        "title": case.title,
        "asker": case.asker,
        "topic": str(case.topic.localized_name(language)),
        "has_account": case.requester_id is not None,
        "confirm_url": confirm_url,
    }
    transaction.on_commit(
        lambda: queue_email(
            to=[to], template_prefix="counselling/cases/emails/receipt", context=context, language=language
        )
    )


def _tell_team(case: Case) -> None:
    transaction.on_commit(
        lambda: queue_email(
            to=[settings.STAFF_EMAIL],
            template_prefix="counselling/cases/emails/team_new_request",
            context={"reference": case.reference, "asker": case.asker},
            language="de",
        )
    )


# --- requests ----------------------------------------------------------------------------------------------


@transaction.atomic
def case_request(*, by: User, data: RequestInput) -> Case:
    """A signed-in person asks for counselling, for one of their organisations or for a group founding
    one. The district is the organisation's (else the one chosen); they get a receipt in their language."""
    if not access.can_request(by):
        raise CaseRefused(_("Bitte melden Sie sich an, um eine Beratung anzufragen."))
    organisation = data.organisation
    founding_name = (data.founding_name or "").strip()[:200]
    if organisation is not None:
        if not access.requestable_organisations(by).filter(pk=organisation.pk).exists():
            raise CaseRefused(
                _("Sie können nur für eine Organisation anfragen, zu der Sie gehören."), field="organisation"
            )
        founding_name = ""
    elif not founding_name:
        raise CaseRefused(
            _("Bitte wählen Sie Ihre Organisation oder nennen Sie den Namen der geplanten Organisation."),
            field="organisation",
        )
    topic = _topic(data.topic)
    case = _create_case(
        title=_title(data.title, topic),
        topic=topic,
        source=Case.Source.MEMBER,
        organisation=organisation,
        founding_name=founding_name,
        district=(organisation.district if organisation is not None and organisation.district_id else None)
        or data.district,
        requester=by,
        requester_phone=(data.phone or "").strip()[:40],
        requester_language=by.preferred_language or "de",
        is_verified=True,
        description=_description(data.description),
        languages=_languages(data.languages),
        ways=_ways(data.ways),
        deadline=_deadline(data.deadline),
    )
    audit_record(actor=by, action="counselling.case.requested", target=case, data={"source": case.source})
    _receipt(case, to=by.email, language=case.requester_language)
    _tell_team(case)
    return case


@transaction.atomic
def case_request_public(*, data: PublicRequestInput, language: str) -> Case:
    """A visitor asks through the public form. The request stays unconfirmed (the team's lists leave it
    out) until they follow the link in the receipt email (``case_confirm``)."""
    topic = _topic(data.topic)
    name = (data.name or "").strip()[:120]
    email = (data.email or "").strip()[:254]
    organisation_name = (data.organisation_name or "").strip()[:200]
    if not name:
        raise CaseRefused(_("Bitte nennen Sie Ihren Namen."), field="name")
    if not email:
        raise CaseRefused(_("Bitte geben Sie Ihre E-Mail-Adresse an."), field="email")
    if not organisation_name:
        raise CaseRefused(
            _("Bitte nennen Sie Ihre Organisation oder die Organisation, die Sie gründen möchten."),
            field="organisation_name",
        )
    language = language if language in dict(settings.LANGUAGES) else "de"
    case = _create_case(
        title=topic.name,
        topic=topic,
        source=Case.Source.PUBLIC,
        founding_name=organisation_name,
        district=data.district,
        requester_name=name,
        requester_email=email,
        requester_phone=(data.phone or "").strip()[:40],
        requester_language=language,
        is_verified=False,
        description=_description(data.description),
        languages=_languages(data.languages),
        ways=_ways(data.ways),
        deadline=_deadline(data.deadline),
    )
    audit_record(actor=None, action="counselling.case.requested", target=case, data={"source": case.source})
    with translation.override(language):
        path = reverse("counselling:confirm", args=[confirm_token(case)])
    _receipt(case, to=email, language=language, confirm_url=f"{settings.SITE_URL}{path}")
    return case


def case_for_confirmation(*, token: str) -> Case:
    """The request a confirmation link names (for the page that asks to confirm); refuses a bad link."""
    with transaction.atomic():
        return _case_from_token(token)


@transaction.atomic
def case_confirm(*, token: str) -> tuple[Case, bool]:
    """A visitor confirms their request by the link from the receipt; returns the case and whether this
    confirmed it (``False``: it was confirmed before)."""
    case = _case_from_token(token)
    if case.is_verified:
        return case, False
    case.is_verified = True
    case.save(update_fields=["is_verified"])
    audit_record(actor=None, action="counselling.case.confirmed", target=case)
    _tell_team(case)
    return case, True


@transaction.atomic
def unconfirmed_requests_delete(*, now: datetime | None = None) -> int:
    """Delete visitors' requests whose confirmation link has expired unconfirmed (the periodic job).

    Nobody can confirm them any more and the team never saw them, so their names and addresses are
    not kept (data minimisation). The audit log keeps the reference, no personal data.
    """
    cutoff = (now or timezone.now()) - CONFIRM_MAX_AGE
    stale = list(
        Case.objects.select_for_update()
        .filter(source=Case.Source.PUBLIC, is_verified=False, created_at__lt=cutoff)
        .only("pk", "reference", "title")
    )
    for case in stale:
        audit_record(actor=None, action="counselling.case.unconfirmed_deleted", target=case)
    Case.objects.filter(pk__in=[case.pk for case in stale]).delete()
    return len(stale)


@transaction.atomic
def case_open(*, by: User, data: OpenInput) -> Case:
    """The team opens a case itself (e.g. after a phone call); assigned at once when ``data.assignee``."""
    if not access.works_on_cases(by):
        raise CaseRefused(_("Nur das Team kann Fälle anlegen."))
    title = (data.title or "").strip()
    if not title:
        raise CaseRefused(_("Bitte geben Sie einen Titel an."), field="title")
    founding_name = "" if data.organisation is not None else (data.founding_name or "").strip()[:200]
    if data.organisation is None and not founding_name:
        raise CaseRefused(
            _("Bitte wählen Sie eine Organisation oder nennen Sie den Namen der geplanten Organisation."),
            field="organisation",
        )
    organisation = data.organisation
    case = _create_case(
        title=title[:200],
        kind=_kind(data.kind),
        topic=_topic(data.topic),
        source=Case.Source.STAFF,
        organisation=organisation,
        founding_name=founding_name,
        district=(organisation.district if organisation is not None and organisation.district_id else None)
        or data.district,
        requester_name=(data.requester_name or "").strip()[:120],
        requester_email=(data.requester_email or "").strip()[:254],
        requester_phone=(data.requester_phone or "").strip()[:40],
        is_verified=True,
        description=_description(data.description, required=False),
        languages=_languages(data.languages),
        ways=_ways(data.ways),
        deadline=data.deadline,
    )
    audit_record(actor=by, action="counselling.case.opened", target=case, data={"source": case.source})
    if data.assignee is not None:
        return case_assign(case=case, assignee=data.assignee, by=by)
    return case


# --- the workflow ------------------------------------------------------------------------------------------


def _locked(case: Case) -> Case:
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.anonymised_at is not None:
        raise CaseRefused(_("Dieser Fall ist anonymisiert und kann nicht mehr geändert werden."))
    return locked


def _refresh(target: Case, source: Case) -> Case:
    """Copy the saved state onto the caller's object, so a view or test holding it sees the change."""
    for name in ("status", "assignee_id", "status_changed_at", "closed_at", "outcome", "result", "waiting_reminded_at"):
        setattr(target, name, getattr(source, name))
    target.assignee = source.assignee
    return target


def _subject(case: Case) -> str:
    return f"{case.reference} {case.title}"


@transaction.atomic
def case_assign(*, case: Case, assignee: User, by: User) -> Case:
    """Make ``assignee`` (a team member) responsible for ``case``; a new case becomes *assigned*.
    The assignee is notified unless they assigned themselves."""
    if not access.works_on_cases(by):
        raise CaseRefused(_("Nur das Team kann Fälle zuweisen."))
    if not is_staff_member(assignee):
        raise CaseRefused(_("Fälle können nur Personen aus dem Team zugewiesen werden."), field="assignee")
    locked = _locked(case)
    if locked.status == Status.CLOSED:
        raise CaseRefused(_("Ein abgeschlossener Fall kann nicht zugewiesen werden. Öffnen Sie ihn zuerst wieder."))
    if locked.assignee_id == assignee.pk:
        raise CaseRefused(_("Der Fall ist dieser Person schon zugewiesen."), field="assignee")
    previous = locked.assignee_id
    locked.assignee = assignee
    fields = ["assignee"]
    if locked.status == Status.NEW:
        locked.status = Status.ASSIGNED
        locked.status_changed_at = timezone.now()
        fields += ["status", "status_changed_at"]
    locked.save(update_fields=fields)
    audit_record(
        actor=by,
        action="counselling.case.assigned",
        target=locked,
        data={"assignee": assignee.pk, "previous": previous, "status": locked.status},
    )
    notify(
        users=[assignee],
        category=Category.COUNSELLING,
        verb="counselling.assigned",
        url=reverse("counselling:case", args=[locked.reference]),
        actor=by,
        subject=_subject(locked),
    )
    return _refresh(case, locked)


@transaction.atomic
def case_answered(*, case: Case, by: User) -> Case:
    """The organisation side wrote in a case that waits for it: back to *in progress*, so the team sees
    its turn. Any other status stays as it is (a closed case is reopened only by the team)."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status != Status.WAITING or locked.anonymised_at is not None:
        return case
    locked.status, locked.status_changed_at, locked.waiting_reminded_at = Status.IN_PROGRESS, timezone.now(), None
    locked.save(update_fields=["status", "status_changed_at", "waiting_reminded_at"])
    audit_record(
        actor=by,
        action="counselling.case.moved",
        target=locked,
        data={"from": Status.WAITING, "to": Status.IN_PROGRESS, "because": "answer"},
    )
    return _refresh(case, locked)


# The moves the organisation side hears of (the others are the team's own bookkeeping).
TOLD_MOVES = {Status.WAITING: "counselling.waiting_for_you", Status.CLOSED: "counselling.closed"}


@transaction.atomic
def case_move(*, case: Case, to: str, by: User, outcome: str = "", result: str = "") -> Case:
    """Move ``case`` to status ``to`` if the workflow allows it (``workflow.ALLOWED``).

    Closing needs an ``outcome`` (``Case.Outcome``) and may carry a short ``result``; reopening (closed →
    in progress) clears ``closed_at`` and the outcome and keeps the result text for the next closing;
    an unassigned case that is reopened goes to whoever reopens it. A new case becomes *assigned* only
    through ``case_assign``. Every move sets ``status_changed_at`` and starts a new waiting period
    (``waiting_reminded_at = None``). The organisation side (requester and the organisation's admins) is
    told when the case waits for it, is closed or is reopened.
    """
    if not access.works_on_cases(by):
        raise CaseRefused(_("Nur das Team kann den Status eines Falls ändern."))
    locked = _locked(case)
    current = locked.status
    if to not in Status.values or not workflow.can_move(current, to):
        if to not in Status.values:
            raise CaseRefused(_("Diesen Status gibt es nicht."), field="to")
        raise CaseRefused(workflow.transition_error(current, to), code="transition", field="to")
    if to == Status.ASSIGNED:
        raise CaseRefused(_("Weisen Sie den Fall jemandem aus dem Team zu; dann ist er zugewiesen."), field="to")
    now = timezone.now()
    fields = ["status", "status_changed_at", "waiting_reminded_at"]
    if to == Status.CLOSED:
        if outcome not in Case.Outcome.values:
            raise CaseRefused(_("Bitte wählen Sie ein Ergebnis, um den Fall abzuschließen."), field="outcome")
        result = (result or "").strip()
        if len(result) > 2000:
            raise CaseRefused(_("Das Ergebnis in Kürze ist zu lang (höchstens 2.000 Zeichen)."), field="result")
        locked.outcome, locked.result, locked.closed_at = outcome, result, now
        fields += ["outcome", "result", "closed_at"]
    elif current == Status.CLOSED:
        locked.outcome, locked.closed_at = "", None
        fields += ["outcome", "closed_at"]
        if locked.assignee_id is None:
            locked.assignee = by
            fields.append("assignee")
    elif locked.assignee_id is None:
        raise CaseRefused(_("Bitte weisen Sie den Fall zuerst jemandem aus dem Team zu."), field="to")
    locked.status, locked.status_changed_at, locked.waiting_reminded_at = to, now, None
    locked.save(update_fields=fields)
    data: dict[str, Any] = {"from": current, "to": to}
    if to == Status.CLOSED:
        data["outcome"] = outcome
    audit_record(actor=by, action="counselling.case.moved", target=locked, data=data)
    verb = "counselling.reopened" if current == Status.CLOSED else TOLD_MOVES.get(Status(to))
    if verb is not None:
        notify(
            users=selectors.organisation_side_people(case=locked),
            category=Category.COUNSELLING,
            verb=verb,
            url=reverse("counselling:case", args=[locked.reference]),
            actor=by,
            subject=locked.title,
        )
    return _refresh(case, locked)


@transaction.atomic
def case_update(*, case: Case, by: User, data: CaseInput) -> list[str]:
    """Change a case's facts (title, kind, topic, district, deadline, follow-up date); returns what changed."""
    if not access.works_on_cases(by):
        raise CaseRefused(_("Nur das Team kann Fälle bearbeiten."))
    locked = _locked(case)
    title = (data.title or "").strip()[:200]
    if not title:
        raise CaseRefused(_("Bitte geben Sie einen Titel an."), field="title")
    values: dict[str, Any] = {
        "title": title,
        "kind": _kind(data.kind),
        "topic": data.topic,
        "district": data.district,
        "deadline": data.deadline,
        "follow_up_on": data.follow_up_on,
    }
    if data.topic.pk != locked.topic_id:
        _topic(data.topic)
    follow_up_on = data.follow_up_on
    if follow_up_on is not None and follow_up_on != locked.follow_up_on and follow_up_on < timezone.localdate():
        raise CaseRefused(_("Die Wiedervorlage kann nicht in der Vergangenheit liegen."), field="follow_up_on")
    changed = [name for name, value in values.items() if getattr(locked, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(locked, name, values[name])
        setattr(case, name, values[name])
    locked.save(update_fields=changed)
    audit_record(actor=by, action="counselling.case.updated", target=locked, data={"fields": changed})
    return changed


def case_read(*, case: Case, by: User) -> bool:
    """Record that a team member opened ``case`` (at most once per person and case within an hour);
    returns whether an entry was written. The organisation side's reads are not recorded."""
    if not access.works_on_cases(by):
        return False
    since = timezone.now() - READ_AUDIT_WINDOW
    seen = AuditEntry.objects.filter(
        action="counselling.case.read",
        target_type=case._meta.label_lower,
        target_id=str(case.pk),
        actor=by,
        created_at__gte=since,
    ).exists()
    if seen:
        return False
    audit_record(actor=by, action="counselling.case.read", target=case)
    return True


# --- topics ------------------------------------------------------------------------------------------------


def _topic_values(data: TopicInput) -> dict[str, Any]:
    name = (data.name or "").strip()[:120]
    if not name:
        raise CaseRefused(_("Bitte geben Sie den Namen des Themas an."), field="name")
    return {
        "name": name,
        "name_translations": clean_translations(data.name_translations),
        "order": max(0, min(int(data.order), 32767)),
        "is_active": bool(data.is_active),
    }


@transaction.atomic
def topic_create(*, by: User, data: TopicInput) -> Topic:
    """Add a counselling topic (its address comes from the German name and never changes)."""
    values = _topic_values(data)
    if Topic.objects.filter(name__iexact=values["name"]).exists():
        raise CaseRefused(_("Ein Thema mit diesem Namen gibt es schon."), field="name")
    base = readable_slug(values["name"], max_length=50) or "thema"
    slug, number = base, 2
    while Topic.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    topic = Topic.objects.create(slug=slug, **values)
    audit_record(actor=by, action="counselling.topic.created", target=topic, data={"slug": slug})
    return topic


@transaction.atomic
def topic_update(*, topic: Topic, by: User, data: TopicInput) -> list[str]:
    """Change a topic's name, translations, place in the list or whether it is offered; returns what changed."""
    locked = Topic.objects.select_for_update().get(pk=topic.pk)
    values = _topic_values(data)
    if Topic.objects.filter(name__iexact=values["name"]).exclude(pk=locked.pk).exists():
        raise CaseRefused(_("Ein Thema mit diesem Namen gibt es schon."), field="name")
    changed = [name for name, value in values.items() if getattr(locked, name) != value]
    for name in changed:
        setattr(locked, name, values[name])
    if changed:
        locked.save(update_fields=changed)
        audit_record(actor=by, action="counselling.topic.updated", target=locked, data={"fields": changed})
    return changed


# --- personal data -----------------------------------------------------------------------------------------


def personal_data_erase(user: User) -> None:
    """Account deletion: the person's requests stay with their organisation (the team's work on them
    counts), without the contact details they left; ``requester`` becomes empty when the account goes."""
    Case.objects.filter(requester=user).update(requester_name="", requester_email="", requester_phone="")
