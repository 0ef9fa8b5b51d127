"""Writes on groups: groups, their regional set, memberships, invitations and roles.

Every function is one transaction. Permissions are asked by the views (``exchange.access``); the
services keep the rules that must hold whoever calls them, above all that a group always keeps one
moderator. Notifications (``notifications.services.notify``) are written in the same transaction;
their emails go out once it commits. Threads and posts: ``exchange.discussions.services``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vielfalt.accounts.access import acts_with_staff_rights
from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record
from vielfalt.core.lib.slugs import readable_slug
from vielfalt.core.lib.uploads import private_storage
from vielfalt.exchange.models import Attachment, Group, GroupMembership, Post
from vielfalt.notifications.models import Category
from vielfalt.notifications.services import notify
from vielfalt.organisations.models import FieldOfAction
from vielfalt.regions.models import District

Role = GroupMembership.Role
Status = GroupMembership.Status

# Paths under /austausch/gruppen/ that are pages, not groups.
RESERVED_SLUGS = {"neu"}
# Fields of a group the create and edit forms set; services never take unknown keys.
GROUP_FIELDS = ("name", "name_translations", "description", "description_translations", "joining", "visibility")


def _unique_slug(name: str, *, exclude_pk: int | None = None, taken: set[str] | None = None) -> str:
    base = readable_slug(name) or "gruppe"
    others = Group.objects.exclude(pk=exclude_pk) if exclude_pk is not None else Group.objects.all()
    slug, n = base, 1
    while slug in RESERVED_SLUGS or (slug in taken if taken is not None else others.filter(slug=slug).exists()):
        n += 1
        slug = f"{base}-{n}"
    return slug


def regional_groups_ensure() -> int:
    """One regional group per district (open to join, readable by every account); returns how many
    were created. Idempotent: called after every import of the regions."""
    missing = list(District.objects.filter(group__isnull=True).defer("outline").order_by("name", "ags"))
    if not missing:
        return 0
    taken = set(Group.objects.filter(slug__startswith="regionalgruppe").values_list("slug", flat=True))
    groups = []
    with translation.override("de"):  # str(district) names the kind ("Kassel (Landkreis)") in German
        for district in missing:
            name = f"Regionalgruppe {district}"
            slug = _unique_slug(name, taken=taken)
            taken.add(slug)
            groups.append(
                Group(
                    slug=slug, kind=Group.Kind.REGIONAL, name=name, district=district,
                    description=f"Austausch, Fragen und Termine aus der Region: {district}.",
                    joining=Group.Joining.OPEN, visibility=Group.Visibility.PLATFORM,
                )
            )  # fmt: skip
    with transaction.atomic():
        Group.objects.bulk_create(groups)
    return len(groups)


@dataclass(frozen=True, kw_only=True, slots=True)
class GroupInput:
    """What the create and edit forms give ``group_create`` and ``group_update`` (``GroupForm.group_input``)."""

    name: str
    name_translations: dict[str, str] = field(default_factory=dict)
    description: str = ""
    description_translations: dict[str, str] = field(default_factory=dict)
    joining: str
    visibility: str
    fields_of_action: list[FieldOfAction] = field(default_factory=list)


def _apply_group(group: Group, data: GroupInput) -> list[str]:
    changed = []
    for name in GROUP_FIELDS:
        if getattr(group, name) != getattr(data, name):
            setattr(group, name, getattr(data, name))
            changed.append(name)
    group.name = group.name.strip()
    if not group.name:
        raise ApplicationError(_("Bitte geben Sie der Gruppe einen Namen."), field="name")
    if group.joining not in Group.Joining.values:
        raise ApplicationError(_("Bitte wählen Sie, wie man der Gruppe beitritt."), field="joining")
    if group.visibility not in Group.Visibility.values:
        raise ApplicationError(_("Bitte wählen Sie, wer die Gruppe lesen kann."), field="visibility")
    return changed


def _account(email: str, *, field: str) -> User:
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise ApplicationError(
            _(
                "Zu dieser E-Mail-Adresse gibt es kein Konto auf der Plattform. Die Person muss sich zuerst "
                "registrieren."
            ),
            field=field,
        )
    return user


@transaction.atomic
def group_create(*, by: User, kind: str, data: GroupInput, moderator_email: str = "") -> Group:
    """A topic or working group (the team creates them; regional groups come from the regions).

    Its first moderator is the person with ``moderator_email``, or ``by`` when none is given.
    """
    if not acts_with_staff_rights(by):
        raise ApplicationError(_("Gruppen legt das Team des Kompetenzzentrums an."), code="forbidden")
    if kind not in (Group.Kind.TOPIC, Group.Kind.WORKING):
        raise ApplicationError(_("Bitte wählen Sie Themengruppe oder Arbeitsgruppe."), field="kind")
    moderator = _account(moderator_email, field="moderator_email") if moderator_email.strip() else by
    group = Group(kind=kind, created_by=by)
    _apply_group(group, data)
    group.slug = _unique_slug(group.name)
    group.save()
    if data.fields_of_action:
        group.fields_of_action.set(data.fields_of_action)
    GroupMembership.objects.create(group=group, user=moderator, role=Role.MODERATOR, status=Status.ACTIVE)
    audit_record(actor=by, action="group.created", target=group, data={"kind": kind})
    return group


@transaction.atomic
def group_update(*, group: Group, by: User, data: GroupInput) -> list[str]:
    """Change name, description, translations, fields of action, joining and visibility."""
    changed = _apply_group(group, data)
    if changed:
        group.save(update_fields=changed)
    before = set(group.fields_of_action.values_list("pk", flat=True))
    if before != {term.pk for term in data.fields_of_action}:
        group.fields_of_action.set(data.fields_of_action)
        changed.append("fields_of_action")
    if changed:
        audit_record(actor=by, action="group.updated", target=group, data={"fields": changed})
    return changed


# --- memberships ----------------------------------------------------------------------------------------


def _members_url(group: Group) -> str:
    from django.urls import reverse

    return reverse("exchange:group_members", kwargs={"slug": group.slug})


def _group_url(group: Group, name: str = "exchange:group") -> str:
    from django.urls import reverse

    return reverse(name, kwargs={"slug": group.slug})


def _moderators(group: Group) -> list[User]:
    return [
        m.user
        for m in GroupMembership.objects.filter(group=group, role=Role.MODERATOR, status=Status.ACTIVE).select_related(
            "user"
        )
    ]


def _check_keeps_a_moderator(membership: GroupMembership, *, leaving: bool) -> None:
    """Refuse when ``membership`` is the group's last active moderator (rows locked meanwhile)."""
    if membership.role != Role.MODERATOR or membership.status != Status.ACTIVE:
        return
    moderators = list(
        GroupMembership.objects.select_for_update()
        .filter(group_id=membership.group_id, role=Role.MODERATOR, status=Status.ACTIVE)
        .values_list("pk", flat=True)
    )
    if [pk for pk in moderators if pk != membership.pk]:
        return
    if leaving:
        message = _(
            "Sie sind die einzige Person in der Moderation dieser Gruppe. Eine Gruppe braucht immer mindestens "
            "eine Moderation: Machen Sie zuerst ein anderes Mitglied zur Moderation."
        )
    else:
        message = _(
            "Das ist die einzige Person in der Moderation dieser Gruppe. Eine Gruppe braucht immer mindestens "
            "eine Moderation: Machen Sie zuerst ein anderes Mitglied zur Moderation."
        )
    raise ApplicationError(message, code="last_moderator")


@transaction.atomic
def group_join(*, group: Group, user: User) -> GroupMembership:
    """Join an open group at once, ask to join a group on request; an invitation is accepted.

    Returns the membership (``status`` says which of the two happened).
    """
    existing = GroupMembership.objects.select_for_update().filter(group=group, user=user).first()
    if existing is not None:
        if existing.status == Status.INVITED:
            return _accept_invitation(existing)
        if existing.status == Status.REQUESTED:
            raise ApplicationError(_("Ihre Anfrage liegt der Moderation schon vor."), code="already_requested")
        raise ApplicationError(_("Sie sind bereits Mitglied dieser Gruppe."), code="already_member")
    if group.joining == Group.Joining.INVITATION:
        raise ApplicationError(_("Dieser Gruppe kann man nur auf Einladung beitreten."), code="invitation_only")
    status = Status.ACTIVE if group.joining == Group.Joining.OPEN else Status.REQUESTED
    try:
        with transaction.atomic():
            membership = GroupMembership.objects.create(group=group, user=user, role=Role.MEMBER, status=status)
    except IntegrityError:  # the same person twice at once (a double click)
        raise ApplicationError(_("Sie sind bereits Mitglied dieser Gruppe."), code="already_member") from None
    if status == Status.REQUESTED:
        notify(
            users=_moderators(group), category=Category.GROUP, verb="group.requested", url=_members_url(group),
            actor=user, subject=group.name,
        )  # fmt: skip
        audit_record(actor=user, action="group.join_requested", target=group)
    else:
        audit_record(actor=user, action="group.joined", target=group)
    return membership


def _accept_invitation(membership: GroupMembership) -> GroupMembership:
    membership.status = Status.ACTIVE
    membership.save(update_fields=["status"])
    audit_record(actor=membership.user, action="group.joined", target=membership.group)
    return membership


@transaction.atomic
def group_invitation_answer(*, membership: GroupMembership, accept: bool) -> None:
    """The invited person accepts (becomes a member) or declines (the invitation is gone)."""
    membership = GroupMembership.objects.select_for_update().select_related("group", "user").get(pk=membership.pk)
    if membership.status != Status.INVITED:
        raise ApplicationError(_("Diese Einladung gibt es nicht mehr."), code="no_invitation")
    if accept:
        _accept_invitation(membership)
    else:
        membership.delete()
        audit_record(actor=membership.user, action="group.invitation_declined", target=membership.group)


@transaction.atomic
def group_leave(*, membership: GroupMembership) -> None:
    """Leave a group (or withdraw a request, or decline an invitation); the last moderator stays."""
    _check_keeps_a_moderator(membership, leaving=True)
    group, user = membership.group, membership.user
    membership.delete()
    audit_record(actor=user, action="group.left", target=group)


@transaction.atomic
def group_invite(*, group: Group, by: User, email: str) -> GroupMembership:
    """Invite the person with an account at ``email``; they accept or decline on the invitation page."""
    user = _account(email, field="email")
    existing = GroupMembership.objects.select_for_update().filter(group=group, user=user).first()
    if existing is not None:
        messages = {
            Status.ACTIVE: _("%(name)s ist bereits Mitglied der Gruppe."),
            Status.INVITED: _("%(name)s ist bereits eingeladen."),
            Status.REQUESTED: _(
                "%(name)s hat schon um Aufnahme gebeten. Nehmen Sie die Anfrage in der Liste unten an."
            ),
        }
        raise ApplicationError(messages[Status(existing.status)] % {"name": user}, field="email")
    membership = GroupMembership.objects.create(group=group, user=user, role=Role.MEMBER, status=Status.INVITED)
    notify(
        users=[user], category=Category.GROUP, verb="group.invited",
        url=_group_url(group, "exchange:group_invitation"), actor=by, subject=group.name,
    )  # fmt: skip
    audit_record(actor=by, action="group.invited", target=group, data={"user": user.pk})
    return membership


def _locked(membership: GroupMembership) -> GroupMembership:
    return GroupMembership.objects.select_for_update().select_related("group", "user").get(pk=membership.pk)


@transaction.atomic
def membership_approve(*, membership: GroupMembership, by: User) -> None:
    membership = _locked(membership)
    if membership.status != Status.REQUESTED:
        raise ApplicationError(_("Diese Anfrage ist schon erledigt."), code="not_requested")
    membership.status = Status.ACTIVE
    membership.save(update_fields=["status"])
    notify(
        users=[membership.user], category=Category.GROUP, verb="group.approved", url=_group_url(membership.group),
        actor=by, subject=membership.group.name,
    )  # fmt: skip
    audit_record(actor=by, action="group.request_approved", target=membership.group, data={"user": membership.user_id})


@transaction.atomic
def membership_decline(*, membership: GroupMembership, by: User) -> None:
    """Decline a request to join, or withdraw an invitation."""
    membership = _locked(membership)
    if membership.status == Status.ACTIVE:
        raise ApplicationError(_("Diese Anfrage ist schon erledigt."), code="not_requested")
    membership.delete()
    audit_record(actor=by, action="group.request_declined", target=membership.group, data={"user": membership.user_id})


@transaction.atomic
def membership_set_role(*, membership: GroupMembership, role: str, by: User) -> None:
    """Make an active member a moderator, or a moderator a member (never the last one)."""
    membership = _locked(membership)
    if membership.status != Status.ACTIVE:
        raise ApplicationError(_("Nur Mitglieder der Gruppe können eine Rolle bekommen."), code="not_active")
    if role not in Role.values:
        raise ApplicationError(_("Diese Rolle gibt es nicht."), code="role")
    if membership.role == role:
        return
    if role == Role.MEMBER:
        _check_keeps_a_moderator(membership, leaving=membership.user_id == by.pk)
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(
        actor=by, action="group.role_changed", target=membership.group, data={"user": membership.user_id, "role": role}
    )


@transaction.atomic
def membership_remove(*, membership: GroupMembership, by: User) -> None:
    """A moderator removes a member from the group (never the last moderator)."""
    membership = _locked(membership)
    _check_keeps_a_moderator(membership, leaving=membership.user_id == by.pk)
    membership.delete()
    audit_record(actor=by, action="group.member_removed", target=membership.group, data={"user": membership.user_id})


@transaction.atomic
def group_data_erase(user: User) -> None:
    """On account deletion: memberships go; the person's posts give way to the deletion note (the
    threads stay readable for the others) and their files are removed."""
    names = list(Attachment.objects.filter(post__author=user).values_list("file", flat=True))
    Attachment.objects.filter(post__author=user).delete()
    Post.objects.filter(author=user, deleted_at__isnull=True).update(body="", deleted_at=timezone.now())
    GroupMembership.objects.filter(user=user).delete()
    if names:
        storage = private_storage()
        transaction.on_commit(lambda: [storage.delete(name) for name in names])  # type: ignore[func-returns-value]
