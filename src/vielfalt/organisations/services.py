"""Writes on the directory: registering, editing, verifying, people, claims, contact.

Every function is one transaction, records what changed in the audit log and sends its emails
(in each recipient's language) once the transaction has committed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record
from vielfalt.core.lib.emails import queue_email
from vielfalt.core.lib.ratelimit import is_limited_key
from vielfalt.core.lib.slugs import readable_slug
from vielfalt.organisations.models import (
    ClaimRequest,
    FieldOfAction,
    FormerSlug,
    FundingRecord,
    Invitation,
    Membership,
    Organisation,
    TargetGroup,
)
from vielfalt.regions.models import Municipality

# Fields a profile form may set; services never take unknown keys.
PROFILE_FIELDS = (
    "name", "short_name", "kind", "legal_form", "register_court", "register_number", "founded_year",
    "description", "description_translations", "logo", "municipality", "street", "postcode", "address_public",
    "languages", "communities", "communities_public", "offers", "needs", "website", "social_links",
    "contact_email", "members_count", "volunteers_count",
)  # fmt: skip


# Paths under /organisationen/ that are pages, not profiles.
RESERVED_SLUGS = {"registrieren", "meine", "einladung"}


def _unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = readable_slug(name) or "organisation"
    slug, n = base, 1
    others = Organisation.objects.exclude(pk=exclude_pk) if exclude_pk is not None else Organisation.objects.all()
    # An address another profile had before its renaming still leads there: never hand it out again.
    former = FormerSlug.objects.exclude(organisation_id=exclude_pk) if exclude_pk is not None else FormerSlug.objects
    while slug in RESERVED_SLUGS or others.filter(slug=slug).exists() or former.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@dataclass(frozen=True, kw_only=True, slots=True)
class ProfileInput:
    """A profile as the forms and the import give it (``OrganisationForm.profile_input``, the team's
    quick form, an import row). What a form does not ask for keeps the model's default."""

    name: str
    short_name: str = ""
    kind: str
    legal_form: str = ""
    register_court: str = ""
    register_number: str = ""
    founded_year: int | None = None
    description: str = ""
    description_translations: dict[str, str] = field(default_factory=dict)
    # None: the logo stays as it is; "": it is removed; a file: the new logo.
    logo: File[Any] | str | None = None
    municipality: Municipality
    street: str = ""
    postcode: str = ""
    address_public: bool = False
    languages: list[str] = field(default_factory=list)
    communities: str = ""
    communities_public: bool = False
    offers: str = ""
    needs: str = ""
    website: str = ""
    social_links: list[str] = field(default_factory=list)
    contact_email: str = ""
    members_count: str = ""
    volunteers_count: str = ""
    # None: the terms stay as they are.
    fields_of_action: list[FieldOfAction] | None = None
    target_groups: list[TargetGroup] | None = None

    @classmethod
    def of(cls, organisation: Organisation, **changes: Any) -> ProfileInput:
        """The input that keeps ``organisation``'s profile as it is, but for ``changes``."""
        values = {name: getattr(organisation, name) for name in PROFILE_FIELDS if name != "logo"}
        return cls(**{**values, **changes})


def _apply_profile(organisation: Organisation, data: ProfileInput) -> list[str]:
    """Set the profile fields; returns the names of the fields that changed."""
    changed = []
    for name in PROFILE_FIELDS:
        value = getattr(data, name)
        if name == "logo" and value is None:
            continue
        # A new organisation has no municipality yet: reading the unset relation would raise.
        unset = name == "municipality" and organisation.municipality_id is None
        if unset or getattr(organisation, name) != value:
            setattr(organisation, name, value)
            changed.append(name)
    municipality: Municipality = organisation.municipality
    if "municipality" in changed or organisation.pk is None:
        # The district follows the municipality; the map point starts at its centroid.
        organisation.district_id = municipality.district_id
        organisation.latitude = municipality.latitude
        organisation.longitude = municipality.longitude
    if organisation.founded_year and organisation.founded_year > timezone.localdate().year:
        raise ApplicationError(_("Das Gründungsjahr liegt in der Zukunft."), field="founded_year")
    return changed


def _set_vocabulary(organisation: Organisation, data: ProfileInput, changed: list[str]) -> None:
    vocabularies: tuple[tuple[str, list[FieldOfAction] | list[TargetGroup] | None, Any], ...] = (
        ("fields_of_action", data.fields_of_action, FieldOfAction),
        ("target_groups", data.target_groups, TargetGroup),
    )
    for name, terms, model in vocabularies:
        if terms is None:
            continue
        wanted = {term.pk for term in terms}
        current = set(getattr(organisation, name).values_list("pk", flat=True))
        if wanted != current:
            getattr(organisation, name).set(model.objects.filter(pk__in=wanted))
            changed.append(name)


def organisation_refresh_search_text(*, organisation: Organisation) -> None:
    """Rebuild the text the directory search reads (all languages, vocabulary names)."""
    parts: list[str] = [organisation.name, organisation.short_name, organisation.description, organisation.offers]
    parts += [organisation.needs, organisation.municipality.name, organisation.district.name]
    parts += list(organisation.description_translations.values())
    fields = list(organisation.fields_of_action.all())
    for term in [*fields, *organisation.target_groups.all()]:
        parts += [term.name, *term.name_translations.values()]
    if organisation.communities_public:
        parts.append(organisation.communities)
    organisation.search_text = " ".join(part for part in parts if part).lower()
    organisation.field_ids = sorted(term.pk for term in fields)
    Organisation.objects.filter(pk=organisation.pk).update(
        search_text=organisation.search_text, field_ids=organisation.field_ids
    )


def _notify_admins(organisation: Organisation, template_prefix: str, context: dict[str, Any]) -> None:
    admins = User.objects.filter(
        memberships__organisation=organisation, memberships__role=Membership.Role.ADMIN, is_active=True
    )
    for admin in admins:
        queue_email(
            to=[admin.email],
            template_prefix=template_prefix,
            context={"organisation_name": organisation.name, "organisation_slug": organisation.slug, **context},
            language=admin.preferred_language,
        )


@transaction.atomic
def organisation_register(*, user: User, data: ProfileInput) -> Organisation:
    """A signed-in person registers an organisation and becomes its admin; staff verify it."""
    organisation = Organisation(status=Organisation.Status.PENDING)
    _apply_profile(organisation, data)
    organisation.slug = _unique_slug(organisation.name)
    organisation.save()
    _set_vocabulary(organisation, data, [])
    Membership.objects.create(organisation=organisation, user=user, role=Membership.Role.ADMIN)
    organisation_refresh_search_text(organisation=organisation)
    audit_record(actor=user, action="organisation.registered", target=organisation)
    transaction.on_commit(
        lambda: queue_email(
            to=[settings.STAFF_EMAIL],
            template_prefix="organisations/emails/staff_new_registration",
            context={"organisation_name": organisation.name, "organisation_slug": organisation.slug},
            language="de",
        )
    )
    return organisation


@transaction.atomic
def organisation_create_by_staff(*, by: User, data: ProfileInput) -> Organisation:
    """The team adds a profile itself (verified at once); its people can claim it later."""
    organisation = Organisation(status=Organisation.Status.VERIFIED, verified_at=timezone.now())
    _apply_profile(organisation, data)
    organisation.slug = _unique_slug(organisation.name)
    organisation.save()
    _set_vocabulary(organisation, data, [])
    organisation_refresh_search_text(organisation=organisation)
    audit_record(actor=by, action="organisation.created", target=organisation)
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, by: User, data: ProfileInput) -> list[str]:
    """Change a profile; records which fields changed (who, when, what) for the team."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    changed = _apply_profile(organisation, data)
    if "name" in changed:
        previous_slug = organisation.slug
        organisation.slug = _unique_slug(organisation.name, exclude_pk=organisation.pk)
        if organisation.slug != previous_slug:
            # Links, bookmarks and iCal subscriptions use the old address: keep it as a redirect.
            FormerSlug.objects.get_or_create(organisation=organisation, slug=previous_slug)
            FormerSlug.objects.filter(organisation=organisation, slug=organisation.slug).delete()
    organisation.save()
    _set_vocabulary(organisation, data, changed)
    if changed:
        organisation_refresh_search_text(organisation=organisation)
        audit_record(actor=by, action="organisation.updated", target=organisation, data={"fields": changed})
    return changed


def _set_status(organisation: Organisation, *, status: str, action: str, by: User, reason: str = "") -> Organisation:
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    previous = organisation.status
    organisation.status = status
    organisation.status_reason = reason.strip()
    if action == "organisation.verified":  # a restore keeps the date of the original check
        organisation.verified_at = timezone.now()
    organisation.save(update_fields=["status", "status_reason", "verified_at", "updated_at"])
    audit_record(
        actor=by,
        action=action,
        target=organisation,
        data={"from": previous, "reason": reason.strip()},
    )
    return organisation


@transaction.atomic
def organisation_verify(*, organisation: Organisation, by: User) -> Organisation:
    if organisation.status not in (Organisation.Status.PENDING, Organisation.Status.REJECTED):
        raise ApplicationError(_("Nur wartende oder abgelehnte Profile können geprüft werden."))
    organisation = _set_status(organisation, status=Organisation.Status.VERIFIED, action="organisation.verified", by=by)
    transaction.on_commit(lambda: _notify_admins(organisation, "organisations/emails/verified", {}))
    return organisation


@transaction.atomic
def organisation_reject(*, organisation: Organisation, by: User, reason: str) -> Organisation:
    if not reason.strip():
        raise ApplicationError(_("Bitte begründen Sie die Ablehnung."), field="reason")
    if organisation.status != Organisation.Status.PENDING:
        raise ApplicationError(_("Nur wartende Profile können abgelehnt werden."))
    organisation = _set_status(
        organisation, status=Organisation.Status.REJECTED, action="organisation.rejected", by=by, reason=reason
    )
    transaction.on_commit(
        lambda: _notify_admins(organisation, "organisations/emails/rejected", {"reason": reason.strip()})
    )
    return organisation


@transaction.atomic
def organisation_archive(*, organisation: Organisation, by: User, reason: str = "") -> Organisation:
    if organisation.status == Organisation.Status.ARCHIVED:
        raise ApplicationError(_("Das Profil ist bereits archiviert."))
    return _set_status(
        organisation, status=Organisation.Status.ARCHIVED, action="organisation.archived", by=by, reason=reason
    )


@transaction.atomic
def organisation_restore(*, organisation: Organisation, by: User) -> Organisation:
    if organisation.status != Organisation.Status.ARCHIVED:
        raise ApplicationError(_("Nur archivierte Profile können wiederhergestellt werden."))
    return _set_status(organisation, status=Organisation.Status.VERIFIED, action="organisation.restored", by=by)


# --- people ----------------------------------------------------------------------------------------


def _admin_count(organisation: Organisation) -> int:
    # Lock the organisation's admin rows: two admins stepping down at once must not leave none.
    return len(
        Membership.objects.select_for_update()
        .filter(organisation=organisation, role=Membership.Role.ADMIN)
        .values_list("pk", flat=True)
    )


@transaction.atomic
def membership_invite(*, organisation: Organisation, email: str, role: str, by: User) -> Invitation:
    email = email.strip().lower()
    if role not in Membership.Role.values:
        raise ApplicationError(_("Diese Rolle gibt es nicht."), field="role")
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ApplicationError(_("Diese Person gehört schon zur Organisation."), field="email")
    Invitation.objects.filter(organisation=organisation, email=email, accepted_at__isnull=True).delete()
    invitation = Invitation.objects.create(organisation=organisation, email=email, role=role, invited_by=by)
    audit_record(actor=by, action="organisation.invited", target=organisation, data={"role": role})
    language = User.objects.filter(email__iexact=email).values_list("preferred_language", flat=True).first()
    transaction.on_commit(
        lambda: queue_email(
            to=[email],
            template_prefix="organisations/emails/invitation",
            context={
                "organisation_name": organisation.name,
                "inviter_name": by.get_short_name(),
                "token": invitation.token,
                "expires_at": invitation.expires_at.isoformat(),
            },
            language=language or by.preferred_language,
        )
    )
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ApplicationError(_("Diese Einladung ist abgelaufen oder wurde schon verwendet."))
    membership, created = Membership.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"role": invitation.role}
    )
    if not created and invitation.role == Membership.Role.ADMIN and membership.role != Membership.Role.ADMIN:
        membership.role = Membership.Role.ADMIN
        membership.save(update_fields=["role"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_record(actor=user, action="organisation.joined", target=invitation.organisation)
    return membership


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str, by: User) -> Membership:
    if role not in Membership.Role.values:
        raise ApplicationError(_("Diese Rolle gibt es nicht."), field="role")
    demoting = membership.role == Membership.Role.ADMIN and role != Membership.Role.ADMIN
    if demoting and _admin_count(membership.organisation) <= 1:
        raise ApplicationError(_("Eine Organisation braucht immer mindestens eine Person in der Administration."))
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(
        actor=by,
        action="organisation.role_changed",
        target=membership.organisation,
        data={"from": previous, "to": role},
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> None:
    if membership.role == Membership.Role.ADMIN and _admin_count(membership.organisation) <= 1:
        raise ApplicationError(_("Eine Organisation braucht immer mindestens eine Person in der Administration."))
    organisation = membership.organisation
    membership.delete()
    audit_record(actor=by, action="organisation.member_removed", target=organisation)


@transaction.atomic
def membership_hand_over_admin(*, organisation: Organisation, from_user: User, to_membership: Membership) -> None:
    """The admin passes the role on and becomes a member (the new admin is set first)."""
    if to_membership.organisation_id != organisation.pk:
        raise ApplicationError(_("Diese Person gehört nicht zur Organisation."))
    to_membership.role = Membership.Role.ADMIN
    to_membership.save(update_fields=["role"])
    Membership.objects.filter(organisation=organisation, user=from_user).update(role=Membership.Role.MEMBER)
    audit_record(actor=from_user, action="organisation.admin_handed_over", target=organisation)


@transaction.atomic
def membership_set_public_contact(*, membership: Membership, public: bool) -> Membership:
    membership.public_contact = public
    membership.save(update_fields=["public_contact"])
    return membership


# --- claims ----------------------------------------------------------------------------------------


@transaction.atomic
def claim_request_create(*, organisation: Organisation, user: User, message: str) -> ClaimRequest:
    if Membership.objects.filter(organisation=organisation, role=Membership.Role.ADMIN).exists():
        raise ApplicationError(_("Diese Organisation wird schon von jemandem verwaltet. Bitten Sie um eine Einladung."))
    if ClaimRequest.objects.filter(organisation=organisation, user=user, status=ClaimRequest.Status.OPEN).exists():
        raise ApplicationError(_("Ihre Anfrage liegt dem Team schon vor."))
    claim = ClaimRequest.objects.create(organisation=organisation, user=user, message=message.strip())
    audit_record(actor=user, action="organisation.claim_requested", target=organisation)
    return claim


@transaction.atomic
def claim_request_decide(*, claim: ClaimRequest, approve: bool, by: User) -> ClaimRequest:
    claim = ClaimRequest.objects.select_for_update().get(pk=claim.pk)
    if claim.status != ClaimRequest.Status.OPEN:
        raise ApplicationError(_("Über diese Anfrage wurde schon entschieden."))
    claim.status = ClaimRequest.Status.APPROVED if approve else ClaimRequest.Status.DECLINED
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "decided_at"])
    if approve:
        Membership.objects.update_or_create(
            organisation=claim.organisation, user=claim.user, defaults={"role": Membership.Role.ADMIN}
        )
    audit_record(actor=by, action=f"organisation.claim_{claim.status}", target=claim.organisation)
    user = claim.user
    transaction.on_commit(
        lambda: queue_email(
            to=[user.email],
            template_prefix="organisations/emails/claim_decided",
            context={
                "organisation_name": claim.organisation.name,
                "organisation_slug": claim.organisation.slug,
                "approved": approve,
            },
            language=user.preferred_language,
        )
    )
    return claim


# --- contact ---------------------------------------------------------------------------------------


# Copies of contact messages to the visitor's own address, per address.
COPY_RATE = "3/h"


def organisation_contact(
    *, organisation: Organisation, name: str, email: str, message: str, send_copy: bool = False, language: str = "de"
) -> None:
    """A visitor writes to the organisation; its admins get the message, the address stays hidden.

    With ``send_copy`` the visitor gets a copy in ``language`` — at most a few an hour per address,
    so the form cannot be used to flood somebody else's mailbox with copies.
    """
    if not organisation.is_public:
        raise ApplicationError(_("Diese Organisation kann gerade nicht kontaktiert werden."))
    context = {"sender_name": name.strip(), "sender_email": email.strip(), "message": message.strip()}
    recipients = list(
        User.objects.filter(
            memberships__organisation=organisation, memberships__role=Membership.Role.ADMIN, is_active=True
        ).values_list("email", "preferred_language")
    ) or [(organisation.contact_email, "de")]
    for address, recipient_language in recipients:
        queue_email(
            to=[address],
            template_prefix="organisations/emails/contact",
            context={"organisation_name": organisation.name, **context},
            language=recipient_language,
            reply_to=[email.strip()],
        )
    if send_copy and not is_limited_key(email.strip().lower(), scope="organisation-contact-copy", rate=COPY_RATE):
        queue_email(
            to=[email.strip()],
            template_prefix="organisations/emails/contact_copy",
            context={"organisation_name": organisation.name, **context},
            language=language,
        )


# --- personal data ---------------------------------------------------------------------------------


def personal_data_export(user: User) -> dict[str, Any]:
    return {
        "memberships": [
            {
                "organisation": m.organisation.name,
                "role": m.role,
                "public_contact": m.public_contact,
                "since": m.created_at.isoformat(),
            }
            for m in Membership.objects.filter(user=user).select_related("organisation")
        ],
        "claim_requests": [
            {"organisation": c.organisation.name, "status": c.status, "message": c.message}
            for c in ClaimRequest.objects.filter(user=user).select_related("organisation")
        ],
        "invitations_received": [
            {
                "organisation": i.organisation.name,
                "role": i.role,
                "accepted_at": i.accepted_at.isoformat() if i.accepted_at else None,
            }
            for i in Invitation.objects.filter(email__iexact=user.email).select_related("organisation")
        ],
    }


def personal_data_erase(user: User) -> None:
    # Membership in a migrant organisation is sensitive data: it goes with the account.
    Membership.objects.filter(user=user).delete()
    ClaimRequest.objects.filter(user=user).delete()
    Invitation.objects.filter(Q(email__iexact=user.email) | Q(invited_by=user)).filter(
        accepted_at__isnull=True
    ).delete()


def vocabulary_terms(model: type[FieldOfAction] | type[TargetGroup], slugs: Iterable[str]) -> list[Any]:
    return list(model.objects.filter(slug__in=list(slugs)))


# --- WIR funding -----------------------------------------------------------------------------------


@transaction.atomic
def funding_record_add(
    *, organisation: Organisation, programme: str, year: int, public: bool, by: User
) -> FundingRecord:
    """Record WIR funding the organisation received (shown on the profile only if ``public``)."""
    if not programme.strip():
        raise ApplicationError(_("Bitte nennen Sie das Förderprogramm."), field="programme")
    if year > timezone.localdate().year + 1:
        raise ApplicationError(_("Das Jahr liegt zu weit in der Zukunft."), field="year")
    record = FundingRecord.objects.create(
        organisation=organisation, programme=programme.strip(), year=year, public=public
    )
    audit_record(
        actor=by,
        action="organisation.funding_added",
        target=organisation,
        data={"programme": record.programme, "year": year},
    )
    return record


@transaction.atomic
def funding_record_remove(*, record: FundingRecord, by: User) -> None:
    organisation = record.organisation
    data = {"programme": record.programme, "year": record.year}
    record.delete()
    audit_record(actor=by, action="organisation.funding_removed", target=organisation, data=data)
