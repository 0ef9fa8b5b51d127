"""Issuing and revoking certificates, and storing their PDF.

Two kinds: a curriculum certificate (*Zertifikat*) once a person meets a curriculum's rule, issued
automatically after attendance changes (``certificates_issue_due``, called by the runs part) or by
the team (``certificate_issue_curriculum``), and a *Teilnahmebescheinigung* for one course run,
issued by its organiser for chosen participants (``certificates_issue_participation``).

What a certificate says is frozen when it is issued (see ``Certificate``). The PDF is rendered by a
task after the transaction commits, so issuing stays fast and a failed rendering never undoes an
issue; the download renders it on the fly while the stored file is missing.

Every function is one transaction and locks the people concerned first, so two attendance changes at
the same moment never issue one certificate twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record
from vielfalt.core.lib.uploads import private_storage
from vielfalt.events.models import Registration
from vielfalt.organisations.models import Organisation
from vielfalt.qualification.certificates import codes
from vielfalt.qualification.models import Attendance, Certificate, CourseRun, Curriculum, Module
from vielfalt.qualification.progress import CurriculumProgress, curriculum_progress, curriculum_progress_many

# The issuer when the Kompetenzzentrum itself ran the training (a name: frozen in German).
CENTRE_NAME = "Kompetenzzentrum Vielfalt Hessen"
PDF_FOLDER = "qualification/certificates"
REVOKE_REASON_MAX = 500


def _language(user: User) -> str:
    codes_ = {code for code, _name in settings.LANGUAGES}
    return user.preferred_language if user.preferred_language in codes_ else "de"


def _new_code() -> str:
    while True:  # 100 random bits never collide in practice; the loop only makes it certain
        code = codes.new_code()
        if not Certificate.objects.filter(code=code).exists():
            return code


def _topics(module: Module) -> list[dict[str, Any]]:
    return [
        {"name": topic.name, "name_translations": dict(topic.name_translations or {})} for topic in module.topics.all()
    ]


def _module_entry(module: Module, units: Decimal, *, topics: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "title": module.title,
        "title_translations": dict(module.title_translations or {}),
        "units": str(units),
        "topics": topics or [],
    }


def _create(
    *,
    kind: str,
    user: User,
    title: str,
    title_translations: dict[str, str],
    modules: list[dict[str, Any]],
    units: Decimal,
    issuer: Organisation | None,
    by: User | None,
    curriculum: Curriculum | None = None,
    run: CourseRun | None = None,
) -> Certificate:
    certificate = Certificate.objects.create(
        code=_new_code(),
        kind=kind,
        user=user,
        name=user.name.strip(),
        curriculum=curriculum,
        run=run,
        title=title,
        title_translations=title_translations,
        modules=modules,
        units=units,
        issuer=issuer.name if issuer else CENTRE_NAME,
        issuer_organisation=issuer,
        language=_language(user),
        issued_at=timezone.now(),
        issued_by=by if by is not None and by.is_authenticated else None,
    )
    audit_record(
        actor=by,
        action=f"certificate.issued_{kind}",
        target=certificate,
        data={"curriculum": curriculum.pk if curriculum else None, "run": run.pk if run else None},
    )
    return certificate


def _render_after_commit(certificates: Sequence[Certificate]) -> None:
    from vielfalt.qualification.certificates.tasks import render_certificate_pdf, render_certificate_pdfs

    ids = [certificate.pk for certificate in certificates]
    if len(ids) == 1:
        transaction.on_commit(lambda: render_certificate_pdf.enqueue(certificate_id=ids[0]))
    elif ids:
        transaction.on_commit(lambda: render_certificate_pdfs.enqueue(certificate_ids=ids))


def _lock_people(user_ids: Iterable[int]) -> dict[int, User]:
    """The people, locked for the transaction (one issue at a time per person)."""
    return {user.pk: user for user in User.objects.select_for_update().filter(pk__in=list(user_ids)).order_by("pk")}


def _curriculum_issuers(curriculum: Curriculum, user_ids: Sequence[int]) -> dict[int, Organisation | None]:
    """Who issues each person's certificate: the organisation that ran every course they attended in
    the curriculum's modules (a Träger's own Basisqualifizierung), else the Kompetenzzentrum."""
    rows = (
        Attendance.objects.filter(
            status=Attendance.Status.PRESENT,
            units__gt=0,
            registration__user_id__in=list(user_ids),
            session__run__module__in=curriculum.modules.all(),
        )
        .values_list("registration__user_id", "session__run__event__organiser_id")
        .distinct()
    )
    organisers: dict[int, set[int | None]] = defaultdict(set)
    for person, organiser in rows:
        organisers[person].add(organiser)
    single = {person: next(iter(ids)) for person, ids in organisers.items() if len(ids) == 1}
    found = Organisation.objects.in_bulk([pk for pk in single.values() if pk is not None])
    return {person: found.get(single[person]) if single.get(person) else None for person in user_ids}


def _curriculum_content(progress: CurriculumProgress) -> tuple[list[dict[str, Any]], Decimal]:
    modules = [
        _module_entry(entry.module, entry.units_attended) for entry in progress.modules if entry.units_attended > 0
    ]
    return modules, progress.units_done


def _issue_curriculum(
    *, curriculum: Curriculum, people: Sequence[User], progress: dict[int, CurriculumProgress], by: User | None
) -> list[Certificate]:
    issuers = _curriculum_issuers(curriculum, [person.pk for person in people])
    issued = []
    for person in people:
        modules, units = _curriculum_content(progress[person.pk])
        issued.append(
            _create(
                kind=Certificate.Kind.CURRICULUM,
                user=person,
                curriculum=curriculum,
                title=curriculum.title,
                title_translations=dict(curriculum.title_translations or {}),
                modules=modules,
                units=units,
                issuer=issuers.get(person.pk),
                by=by,
            )
        )
    return issued


@transaction.atomic
def certificates_issue_due(*, user_ids: Iterable[int], by: User | None) -> list[Certificate]:
    """Issue a curriculum certificate to each of these people for every active curriculum whose rule
    they meet and for which they hold none; returns the new certificates (idempotent: a second call
    issues nothing). Called after attendance changes.

    People without a name in their account are left out (a certificate carries the name as entered;
    it is issued once they have entered one and attendance changes again, or by the team). A
    certificate the team revoked is not issued again automatically: after a revocation only the team
    issues a new one (``certificate_issue_curriculum``), e.g. with a corrected name.
    """
    people = _lock_people(set(user_ids))
    people = {pk: person for pk, person in people.items() if person.is_active and person.name.strip()}
    if not people:
        return []
    curricula = list(Curriculum.objects.filter(is_active=True).order_by("pk"))
    held = set(
        Certificate.objects.filter(
            kind=Certificate.Kind.CURRICULUM, user_id__in=list(people), curriculum__in=curricula
        ).values_list("user_id", "curriculum_id")
    )
    issued: list[Certificate] = []
    for curriculum in curricula:
        candidates = [pk for pk in people if (pk, curriculum.pk) not in held]
        if not candidates:
            continue
        progress = curriculum_progress_many(curriculum=curriculum, user_ids=candidates)
        due = [people[pk] for pk in candidates if progress[pk].is_met]
        if due:
            issued += _issue_curriculum(curriculum=curriculum, people=due, progress=progress, by=by)
    _render_after_commit(issued)
    return issued


@transaction.atomic
def certificate_issue_curriculum(*, curriculum: Curriculum, user: User, by: User) -> Certificate:
    """The team issues a curriculum certificate by hand (e.g. again after a revocation): refused when
    the person does not meet the curriculum's rule or already holds a valid certificate for it."""
    person = _lock_people([user.pk]).get(user.pk)
    if person is None or not person.is_active:
        raise ApplicationError(_("Dieses Konto gibt es nicht mehr."), field="email")
    if not person.name.strip():
        raise ApplicationError(
            _("Im Konto dieser Person ist kein Name eingetragen. Ein Zertifikat trägt den Namen."), field="email"
        )
    if Certificate.objects.filter(
        kind=Certificate.Kind.CURRICULUM, user=person, curriculum=curriculum, revoked_at__isnull=True
    ).exists():
        raise ApplicationError(_("Diese Person hat für diesen Qualifizierungsgang bereits ein gültiges Zertifikat."))
    progress = curriculum_progress(curriculum=curriculum, user_id=person.pk)
    if not progress.is_met:
        raise ApplicationError(
            _(
                "Die Voraussetzungen sind nicht erfüllt: %(modules)s von %(modules_needed)s Modulen und "
                "%(units)s von %(units_needed)s UE sind abgeschlossen."
            )
            % {
                "modules": progress.modules_done,
                "modules_needed": progress.modules_needed,
                "units": _number(progress.units_done),
                "units_needed": _number(progress.units_required),
            }
            + (
                " "
                + _("Noch offene Pflichtmodule: %(titles)s.")
                % {"titles": ", ".join(str(module.localized_title()) for module in progress.required_open)}
                if progress.required_open
                else ""
            ),
            field="curriculum",
        )
    [certificate] = _issue_curriculum(curriculum=curriculum, people=[person], progress={person.pk: progress}, by=by)
    _render_after_commit([certificate])
    return certificate


def _number(value: Decimal) -> str:
    from django.utils.formats import number_format

    return number_format(value.normalize() if value == value.to_integral() else value)


def attended_units(run: CourseRun, user_ids: Iterable[int]) -> dict[int, Decimal]:
    """``{user_id: UE attended in this run}`` (present only), in one query."""
    rows = (
        Attendance.objects.filter(
            session__run=run, status=Attendance.Status.PRESENT, registration__user_id__in=list(user_ids)
        )
        .values("registration__user_id")
        .annotate(total=Sum("units"))
        .order_by()
    )
    return {row["registration__user_id"]: row["total"] or Decimal("0") for row in rows}


def _names(people: Sequence[User]) -> str:
    return ", ".join(person.name.strip() or person.email for person in people)


@transaction.atomic
def certificates_issue_participation(*, run: CourseRun, user_ids: Iterable[int], by: User) -> list[Certificate]:
    """The organiser issues a Teilnahmebescheinigung for ``run`` to the chosen participants, with the
    UE they attended and the module's topics. Refused as a whole (nothing issued) when any of them
    did not attend (no UE), already holds one for this run, or has no name in their account."""
    chosen = sorted(set(user_ids))
    if not chosen:
        raise ApplicationError(_("Bitte wählen Sie mindestens eine Person aus."), field="people")
    registered = set(
        Registration.objects.filter(event_id=run.event_id, user_id__in=chosen).values_list("user_id", flat=True)
    )
    if registered != set(chosen):
        raise ApplicationError(_("Bescheinigungen gibt es nur für Personen, die zu diesem Kurs angemeldet waren."))
    people = _lock_people(chosen)
    ordered = sorted(people.values(), key=lambda person: (person.name.casefold(), person.pk))
    units = attended_units(run, chosen)
    absent = [person for person in ordered if units.get(person.pk, Decimal("0")) <= 0]
    holding = set(
        Certificate.objects.filter(
            kind=Certificate.Kind.PARTICIPATION, run=run, user_id__in=chosen, revoked_at__isnull=True
        ).values_list("user_id", flat=True)
    )
    problems = []
    if absent:
        problems.append(
            ngettext(
                "%(names)s hat an diesem Kurs nicht teilgenommen (keine besuchten UE).",
                "%(names)s haben an diesem Kurs nicht teilgenommen (keine besuchten UE).",
                len(absent),
            )
            % {"names": _names(absent)}
        )
    if holding:
        holders = [person for person in ordered if person.pk in holding]
        problems.append(
            ngettext(
                "%(names)s hat für diesen Kurs bereits eine Teilnahmebescheinigung.",
                "%(names)s haben für diesen Kurs bereits eine Teilnahmebescheinigung.",
                len(holders),
            )
            % {"names": _names(holders)}
        )
    nameless = [person for person in ordered if not person.name.strip()]
    if nameless:
        problems.append(
            ngettext(
                "Im Konto von %(names)s ist kein Name eingetragen; eine Bescheinigung trägt den Namen.",
                "In den Konten von %(names)s ist kein Name eingetragen; eine Bescheinigung trägt den Namen.",
                len(nameless),
            )
            % {"names": _names(nameless)}
        )
    if problems:
        raise ApplicationError(" ".join([*problems, _("Es wurde keine Bescheinigung ausgestellt.")]), field="people")
    module = run.module
    topics = _topics(module)
    issuer = run.event.organiser
    issued = [
        _create(
            kind=Certificate.Kind.PARTICIPATION,
            user=person,
            run=run,
            title=module.title,
            title_translations=dict(module.title_translations or {}),
            modules=[_module_entry(module, units[person.pk], topics=topics)],
            units=units[person.pk],
            issuer=issuer,
            by=by,
        )
        for person in ordered
    ]
    _render_after_commit(issued)
    return issued


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, by: User) -> Certificate:
    """Revoke a certificate: the verify page says so from now on (the reason stays internal)."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ApplicationError(_("Bitte geben Sie einen Grund für den Widerruf an."), field="reason")
    if len(reason) > REVOKE_REASON_MAX:
        raise ApplicationError(
            _("Der Grund darf höchstens %(count)d Zeichen lang sein.") % {"count": REVOKE_REASON_MAX}, field="reason"
        )
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        raise ApplicationError(_("Dieses Zertifikat ist bereits widerrufen."))
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason
    certificate.save(update_fields=["revoked_at", "revoked_reason"])
    audit_record(actor=by, action="certificate.revoked", target=certificate)
    return certificate


def certificate_store_pdf(*, certificate: Certificate) -> str:
    """Render the certificate's PDF and keep it in the private storage; returns the stored name."""
    from vielfalt.qualification.certificates.pdf import certificate_pdf

    content = certificate_pdf(certificate)
    storage = private_storage()
    name = f"{PDF_FOLDER}/{certificate.code}.pdf"
    if storage.exists(name):
        storage.delete(name)
    stored = storage.save(name, ContentFile(content))
    Certificate.objects.filter(pk=certificate.pk).update(pdf=stored)
    certificate.pdf.name = stored
    return stored


@transaction.atomic
def personal_data_erase(user: User) -> None:
    """On account deletion the certificates stay, so that a paper certificate can still be checked
    (valid or revoked, title, date, issuer), but nothing on them points to the person any more: the
    name is emptied (the verify page then says the name was deleted at the holder's request), the
    link to the account is dropped and the stored PDF, which shows the name, is deleted."""
    certificates = list(Certificate.objects.filter(user=user))
    storage = private_storage()
    for certificate in certificates:
        if certificate.pdf.name and storage.exists(certificate.pdf.name):
            storage.delete(certificate.pdf.name)
    Certificate.objects.filter(pk__in=[c.pk for c in certificates]).update(user=None, name="", pdf="")
