"""Who may see or do what in qualification (the only place that decides it).

Roles: a *Lotse* has an active ``Lotse`` row at a Träger; a *coordinator* administers an organisation of
kind Lotsen-Träger; the *organiser* of a course run is whoever runs its event (the team, or the admins of
the organising organisation: ``events.access.can_manage_event``); *staff* act with MFA; the *ministry
viewer* sees aggregated figures only. Lotsen see only their own hours, progress and certificates; a
coordinator sees their own Träger's Lotsen only.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from vielfalt.accounts.access import acts_with_staff_rights, is_ministry_viewer
from vielfalt.events.access import can_manage_event, get_event_for_managing
from vielfalt.organisations.access import is_organisation_admin
from vielfalt.organisations.models import Organisation
from vielfalt.qualification.models import Certificate, CourseRun, Curriculum, Lotse, Module


def is_trager(organisation: Organisation) -> bool:
    return organisation.kind == Organisation.Kind.LOTSEN


def is_coordinator(user: Any, organisation: Organisation) -> bool:
    """The coordinators of a Träger are its organisation admins."""
    return is_trager(organisation) and is_organisation_admin(user, organisation)


def can_view_trager(user: Any, organisation: Organisation) -> bool:
    """A Träger's dashboard (its Lotsen, their hours and certificates): its coordinators and the team."""
    return is_trager(organisation) and (acts_with_staff_rights(user) or is_coordinator(user, organisation))


def can_view_figures(user: Any) -> bool:
    """Aggregated figures without names: the team and the ministry viewer."""
    return acts_with_staff_rights(user) or is_ministry_viewer(user)


def can_manage_catalogue(user: Any) -> bool:
    return acts_with_staff_rights(user)


def lotse_roles(user: Any) -> list[Lotse]:
    """The Träger at which ``user`` serves as an active Lotse (usually one)."""
    if not user.is_authenticated:
        return []
    return list(Lotse.objects.filter(user=user, active=True).select_related("organisation"))


def get_trager_for_viewing(user: Any, slug: str) -> Organisation:
    """The Träger ``slug`` if ``user`` may see its dashboard: 404 if there is none, 403 otherwise."""
    organisation = Organisation.objects.filter(slug=slug, kind=Organisation.Kind.LOTSEN).first()
    if organisation is None:
        raise Http404
    if not can_view_trager(user, organisation):
        raise PermissionDenied
    return organisation


def can_manage_run(user: Any, run: CourseRun) -> bool:
    return can_manage_event(user, run.event)


def get_run_for_managing(user: Any, slug: str) -> CourseRun:
    """The course run of the event ``slug`` if ``user`` runs it (404 if it is not a course run)."""
    event = get_event_for_managing(user, slug)
    run = CourseRun.objects.select_related("module", "event").filter(event=event).first()
    if run is None:
        raise Http404
    return run


# --- hours ---


def can_approve_hours(user: Any, organisation: Organisation) -> bool:
    """A Träger's months of service hours are approved by its coordinators (and the team, standing in)."""
    return can_view_trager(user, organisation)


def can_view_statement(user: Any, lotse: Lotse) -> bool:
    """A Lotse's monthly statement (the PDF to sign): the Lotse themself and whoever sees the Träger."""
    return (user.is_authenticated and lotse.user_id == user.pk) or can_view_trager(user, lotse.organisation)


# --- catalogue ---


def get_module_for_viewing(user: Any, slug: str) -> Module:
    """The module ``slug``: everyone sees those in the catalogue, the team also the others (404 otherwise)."""
    module = Module.objects.filter(slug=slug).first()
    if module is None or not (module.is_active or can_manage_catalogue(user)):
        raise Http404
    return module


def get_curriculum_for_viewing(user: Any, slug: str) -> Curriculum:
    """The curriculum ``slug``: everyone sees those in the catalogue, the team also the others (404 otherwise)."""
    curriculum = Curriculum.objects.filter(slug=slug).first()
    if curriculum is None or not (curriculum.is_active or can_manage_catalogue(user)):
        raise Http404
    return curriculum


# --- certificates ---


def can_download_certificate(user: Any, certificate: Certificate) -> bool:
    """A certificate's PDF: the person it was issued to, the coordinators of the Träger that issued
    it, and the team. A revoked certificate only the team (a paper copy would look valid)."""
    if not user.is_authenticated:
        return False
    if acts_with_staff_rights(user):
        return True
    if not certificate.is_valid:
        return False
    if certificate.user_id is not None and certificate.user_id == user.pk:
        return True
    issuer = certificate.issuer_organisation
    return issuer is not None and is_coordinator(user, issuer)


def get_certificate_for_download(user: Any, code: str) -> Certificate:
    """The certificate ``code`` (its stored form) if ``user`` may download it: 404 if there is none,
    403 otherwise."""
    certificate = Certificate.objects.select_related("issuer_organisation").filter(code=code).first()
    if certificate is None:
        raise Http404
    if not can_download_certificate(user, certificate):
        raise PermissionDenied
    return certificate


def can_issue_participation(user: Any, run: CourseRun) -> bool:
    """Teilnahmebescheinigungen for a run: whoever runs it."""
    return can_manage_run(user, run)


# --- runs ---


def can_create_run(user: Any) -> bool:
    """Who may create events creates course runs: the team, and the admins of a verified organisation
    (a Träger for its own runs)."""
    from vielfalt.events.access import organisers_for

    return acts_with_staff_rights(user) or organisers_for(user).exists()


def can_import_runs(user: Any, organisation: Organisation | None) -> bool:
    """Importing a year's plan of course runs: for a verified Träger its coordinators and the team; for
    the centre itself (``None``) the team."""
    if organisation is None:
        return acts_with_staff_rights(user)
    return (
        is_trager(organisation)
        and organisation.status == Organisation.Status.VERIFIED
        and (acts_with_staff_rights(user) or is_coordinator(user, organisation))
    )


def get_trager_for_importing(user: Any, slug: str) -> Organisation:
    """The Träger ``slug`` if ``user`` may import its course runs: 404 if there is none, 403 otherwise."""
    organisation = Organisation.objects.filter(slug=slug, kind=Organisation.Kind.LOTSEN).first()
    if organisation is None:
        raise Http404
    if not can_import_runs(user, organisation):
        raise PermissionDenied
    return organisation


def can_correct_attendance(user: Any, run: CourseRun) -> bool:
    """Once a run is closed, only the team corrects its attendance (one entry, with a reason)."""
    return run.is_closed and acts_with_staff_rights(user)


def can_manage_lotsen(user: Any, organisation: Organisation) -> bool:
    """Adding Lotsen to a Träger and ending their role: its coordinators and the team."""
    return can_view_trager(user, organisation)


def get_lotse_for_managing(user: Any, organisation: Organisation, pk: int) -> Lotse:
    """A Lotse role at ``organisation`` for whoever manages its Lotsen (403 otherwise, 404 if unknown)."""
    if not can_manage_lotsen(user, organisation):
        raise PermissionDenied
    lotse = Lotse.objects.filter(organisation=organisation, pk=pk).select_related("user").first()
    if lotse is None:
        raise Http404
    return lotse
