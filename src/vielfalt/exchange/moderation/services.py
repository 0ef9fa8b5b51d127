"""Writes on moderation: reports by members, and the steps of the moderation.

- Any member reports a post, a message or a board entry they can see (one open report per
  person and target). Reports on posts carry their group, so that its moderators handle them.
- Staff hide and restore anything; group moderators hide and restore posts and threads of their
  group. Only staff warn, suspend and lift a suspension. Each step needs a reason and writes a
  ``ModerationAction`` and an audit entry; hiding or restoring content closes its open reports.

Every function is one transaction. A refusal is an ``ApplicationError`` (bad input, wrong state)
or ``PermissionDenied`` (the view should not have offered the step) and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from vielfalt.accounts.access import acts_with_staff_rights
from vielfalt.accounts.models import User
from vielfalt.accounts.types import Viewer
from vielfalt.core.errors import ApplicationError
from vielfalt.core.lib.audit import audit_record
from vielfalt.core.lib.ratelimit import is_limited_key
from vielfalt.exchange import access
from vielfalt.exchange.models import (
    BoardPost,
    Group,
    Message,
    ModerationAction,
    Post,
    Report,
    Suspension,
    Thread,
)
from vielfalt.notifications.models import Category
from vielfalt.notifications.services import notify

TARGET_TYPES = ("post", "thread", "message", "board")
TARGET_LABELS = {
    "post": gettext_lazy("Beitrag"),
    "thread": gettext_lazy("Diskussion"),
    "message": gettext_lazy("Direktnachricht"),
    "board": gettext_lazy("Eintrag bei Suchen und Bieten"),
}
REPORT_RATE = "20/h"


# --- what can be moderated ---------------------------------------------------------------------------


@dataclass
class Target:
    """A piece of content, whatever its kind, as the moderation sees it."""

    type: str
    obj: Post | Thread | Message | BoardPost
    author: User | None
    group: Group | None  # posts and threads only
    title: str  # where it is: the thread's or the entry's title, or "Direktnachricht"
    url: str  # where its author and readers find it
    is_hidden: bool

    @property
    def pk(self) -> int:
        return int(self.obj.pk)

    @property
    def label(self) -> str:
        return str(TARGET_LABELS[self.type])

    @property
    def text(self) -> str:
        """The content as plain text (for previews and notifications)."""
        obj = self.obj
        if isinstance(obj, Thread):
            return obj.title
        if isinstance(obj, Post):
            return strip_tags(obj.body)
        if isinstance(obj, BoardPost):
            return f"{obj.title}: {obj.body}"
        return obj.body

    @property
    def excerpt(self) -> str:
        return Truncator(" ".join(self.text.split())).chars(80)


def _thread_url(thread: Thread) -> str:
    return reverse("exchange:thread", kwargs={"slug": thread.group.slug, "pk": thread.pk})


def target_from(target_type: str, obj: Any) -> Target:
    """A ``Target`` for an object loaded with the relations named in ``load_target``."""
    if target_type == "post":
        return Target(
            type="post", obj=obj, author=obj.author, group=obj.thread.group, title=obj.thread.title,
            url=_thread_url(obj.thread), is_hidden=obj.is_hidden,
        )  # fmt: skip
    if target_type == "thread":
        return Target(
            type="thread", obj=obj, author=obj.author, group=obj.group, title=obj.title,
            url=_thread_url(obj), is_hidden=obj.is_hidden,
        )  # fmt: skip
    if target_type == "message":
        return Target(
            type="message", obj=obj, author=obj.sender, group=None, title=str(_("Direktnachricht")),
            url=reverse("exchange:conversation", kwargs={"pk": obj.conversation_id}), is_hidden=obj.is_hidden,
        )  # fmt: skip
    return Target(
        type="board", obj=obj, author=obj.author, group=None, title=obj.title,
        url=reverse("exchange:board_post", kwargs={"pk": obj.pk}), is_hidden=obj.is_hidden,
    )  # fmt: skip


def target_queryset(target_type: str) -> QuerySet[Any]:
    if target_type == "post":
        return Post.objects.select_related("thread__group", "author")
    if target_type == "thread":
        return Thread.objects.select_related("group", "author")
    if target_type == "message":
        return Message.objects.select_related("conversation__organisation", "sender")
    if target_type == "board":
        return BoardPost.objects.select_related("author", "organisation")
    raise ValueError(target_type)


def load_target(target_type: str, pk: int) -> Target | None:
    """The content ``target_type``/``pk`` or None if there is no such thing."""
    if target_type not in TARGET_TYPES:
        return None
    obj = target_queryset(target_type).filter(pk=pk).first()
    return target_from(target_type, obj) if obj is not None else None


def can_moderate_target(user: Viewer, target: Target) -> bool:
    """Staff everything; group moderators the posts and threads of their group."""
    if acts_with_staff_rights(user):
        return True
    if target.group is not None:
        return access.can_moderate_group(user, target.group)
    return False


def board_post_visible(user: Viewer, entry: BoardPost) -> bool:
    """Board entries are seen by members while they are neither hidden nor expired; always by their author."""
    if not user.is_authenticated:
        return False
    if entry.author_id == user.pk:
        return True
    return not entry.is_hidden and entry.expires_on >= timezone.localdate()


def can_see_target(user: Viewer, target: Target) -> bool:
    """Whether ``user`` may see the content at all (what may be reported, what a refusal may reveal)."""
    if not user.is_authenticated:
        return False
    if target.type in ("post", "thread"):
        assert target.group is not None
        if not access.can_read_group(user, target.group):
            return False
        thread = target.obj.thread if isinstance(target.obj, Post) else target.obj
        hidden = target.is_hidden or thread.is_hidden
        return not hidden or access.can_moderate_group(user, target.group)
    if target.type == "message":
        assert isinstance(target.obj, Message)
        return not target.is_hidden and access.can_read_conversation(user, target.obj.conversation)
    assert isinstance(target.obj, BoardPost)
    return board_post_visible(user, target.obj)


def reportable_target(user: Viewer, target_type: str, pk: int) -> Target | None:
    """The content ``user`` may report, or None (unknown kind, no such thing, or not visible to them)."""
    if target_type not in Report.Target.values:
        return None
    target = load_target(target_type, pk)
    if target is None or not can_see_target(user, target):
        return None
    return target


# --- reports -----------------------------------------------------------------------------------------


def report_data_erase(user: User) -> None:
    """On account deletion: the person's own words in their reports go, and the reports no longer
    point at them. The moderation keeps the fact that a report existed, its target and state, so
    an open report can still be handled and past steps keep their record."""
    Report.objects.filter(reporter=user).update(reason="", reporter=None)


def _clean_reason(reason: str, *, max_length: int = 500) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Bitte geben Sie eine Begründung an."), field="reason")
    if len(reason) > max_length:
        raise ApplicationError(
            ngettext(
                "Die Begründung ist zu lang (höchstens %(max)d Zeichen).",
                "Die Begründung ist zu lang (höchstens %(max)d Zeichen).",
                max_length,
            )
            % {"max": max_length},
            field="reason",
        )
    return reason


@transaction.atomic
def report_create(*, reporter: User, target_type: str, target_id: int, reason: str) -> Report:
    """``reporter`` tells the moderation about content they can see."""
    reason = _clean_reason(reason, max_length=1000)
    target = reportable_target(reporter, target_type, target_id)
    if target is None:
        raise ApplicationError(_("Diesen Inhalt gibt es nicht."), code="not_found")
    if target.author is not None and target.author.pk == reporter.pk:
        raise ApplicationError(_("Das haben Sie selbst geschrieben."), code="own")
    if Report.objects.filter(
        reporter=reporter, target_type=target_type, target_id=target_id, status=Report.Status.OPEN
    ).exists():
        raise ApplicationError(_("Sie haben das bereits gemeldet. Die Moderation kümmert sich darum."), code="twice")
    if is_limited_key(str(reporter.pk), scope="exchange-report", rate=REPORT_RATE):
        raise ApplicationError(_("Sie haben in kurzer Zeit sehr viel gemeldet. Bitte warten Sie etwas."))
    try:
        with transaction.atomic():
            report = Report.objects.create(
                reporter=reporter, target_type=target_type, target_id=target_id, group=target.group, reason=reason
            )
    except IntegrityError:  # the same report, sent twice at once
        raise ApplicationError(
            _("Sie haben das bereits gemeldet. Die Moderation kümmert sich darum."), code="twice"
        ) from None
    audit_record(actor=reporter, action="report.created", target=report, data={"target": f"{target_type}:{target_id}"})
    return report


def _reports_on(target: Target) -> QuerySet[Report]:
    if target.type == "thread":
        post_ids = Post.objects.filter(thread_id=target.pk).values("pk")
        return Report.objects.filter(target_type="post", target_id__in=post_ids)
    return Report.objects.filter(target_type=target.type, target_id=target.pk)


def _close_reports(target: Target, *, actor: User, status: str) -> int:
    return (
        _reports_on(target)
        .filter(status=Report.Status.OPEN)
        .update(status=status, handled_by=actor, handled_at=timezone.now())
    )


def _check_report_matches(report: Report | None, target: Target) -> None:
    if report is not None and not _reports_on(target).filter(pk=report.pk).exists():
        raise ApplicationError(_("Diese Meldung betrifft einen anderen Inhalt."), code="report_mismatch")


# --- hiding and restoring content --------------------------------------------------------------------


def _locked_target(actor: User, target_type: str, target_id: int) -> Target:
    """The content, its row locked (the caller's transaction) while it is hidden or restored."""
    obj = None
    if target_type in TARGET_TYPES:
        obj = target_queryset(target_type).select_for_update(of=("self",)).filter(pk=target_id).first()
    target = target_from(target_type, obj) if obj is not None else None
    if target is None:
        raise ApplicationError(_("Diesen Inhalt gibt es nicht."), code="not_found")
    if not can_moderate_target(actor, target):
        raise PermissionDenied
    return target


def _record(
    *,
    actor: User,
    action: str,
    reason: str,
    target: Target | None = None,
    target_user: User | None = None,
    report: Report | None = None,
    audit_action: str,
    audit_target: Model,
) -> ModerationAction:
    step = ModerationAction.objects.create(
        actor=actor,
        action=action,
        target_type=target.type if target else "",
        target_id=target.pk if target else None,
        target_user=target_user if target_user is not None else (target.author if target else None),
        report=report,
        reason=reason,
    )
    data: dict[str, Any] = {"reason": reason, "step": step.pk}
    if target is not None:
        data["target"] = f"{target.type}:{target.pk}"
    if report is not None:
        data["report"] = report.pk
    audit_record(actor=actor, action=audit_action, target=audit_target, data=data)
    return step


@transaction.atomic
def content_hide(
    *, actor: User, target_type: str, target_id: int, reason: str, report: Report | None = None
) -> ModerationAction:
    """Hide a post, thread, message or board entry; its open reports are closed, its author told."""
    reason = _clean_reason(reason)
    target = _locked_target(actor, target_type, target_id)
    if target.is_hidden:
        raise ApplicationError(_("Dieser Inhalt ist bereits ausgeblendet."), code="hidden")
    _check_report_matches(report, target)
    type(target.obj).objects.filter(pk=target.pk).update(is_hidden=True)
    target.obj.is_hidden = True
    target.is_hidden = True
    _close_reports(target, actor=actor, status=Report.Status.ACTIONED)
    step = _record(
        actor=actor, action=ModerationAction.Action.HIDE, reason=reason, target=target, report=report,
        audit_action="moderation.hidden", audit_target=target.obj,
    )  # fmt: skip
    if target.author is not None:
        notify(
            users=[target.author],
            category=Category.MODERATION,
            verb="moderation.hidden",
            url=target.url,
            subject=target.title if target.type != "message" else target.excerpt,
        )
    return step


@transaction.atomic
def content_restore(
    *, actor: User, target_type: str, target_id: int, reason: str, report: Report | None = None
) -> ModerationAction:
    """Show hidden content again; open reports on it are closed as handled without a step."""
    reason = _clean_reason(reason)
    target = _locked_target(actor, target_type, target_id)
    if not target.is_hidden:
        raise ApplicationError(_("Dieser Inhalt ist nicht ausgeblendet."), code="visible")
    _check_report_matches(report, target)
    type(target.obj).objects.filter(pk=target.pk).update(is_hidden=False)
    target.obj.is_hidden = False
    target.is_hidden = False
    _close_reports(target, actor=actor, status=Report.Status.DISMISSED)
    return _record(
        actor=actor, action=ModerationAction.Action.RESTORE, reason=reason, target=target, report=report,
        audit_action="moderation.restored", audit_target=target.obj,
    )  # fmt: skip


@transaction.atomic
def report_dismiss(*, actor: User, report: Report, reason: str) -> ModerationAction:
    """Close a report without a step against the content (staff, or a moderator of the report's group)."""
    reason = _clean_reason(reason)
    report = Report.objects.select_for_update(of=("self",)).select_related("group").get(pk=report.pk)
    allowed = acts_with_staff_rights(actor) or (
        report.group is not None and access.can_moderate_group(actor, report.group)
    )
    if not allowed:
        raise PermissionDenied
    if report.status != Report.Status.OPEN:
        raise ApplicationError(_("Diese Meldung ist bereits erledigt."), code="handled")
    report.status = Report.Status.DISMISSED
    report.handled_by = actor
    report.handled_at = timezone.now()
    report.save(update_fields=["status", "handled_by", "handled_at"])
    target = load_target(report.target_type, report.target_id)
    return _record(
        actor=actor, action=ModerationAction.Action.DISMISS, reason=reason, target=target, report=report,
        audit_action="moderation.report_dismissed", audit_target=report,
    )  # fmt: skip


# --- people (staff only) -----------------------------------------------------------------------------


def _check_staff_about(actor: User, user: User) -> None:
    if not acts_with_staff_rights(actor):
        raise PermissionDenied
    if actor.pk == user.pk:
        raise ApplicationError(_("Diesen Schritt können Sie nicht für sich selbst gehen."), code="self")


def _moderation_url() -> str:
    return reverse("exchange:home")


@transaction.atomic
def person_warn(*, actor: User, user: User, reason: str, report: Report | None = None) -> ModerationAction:
    """A written warning: the person gets it as a notification (and by email, per their settings)."""
    reason = _clean_reason(reason)
    _check_staff_about(actor, user)
    step = _record(
        actor=actor, action=ModerationAction.Action.WARN, reason=reason, target_user=user, report=report,
        audit_action="moderation.warned", audit_target=user,
    )  # fmt: skip
    notify(users=[user], category=Category.MODERATION, verb="moderation.warning", url=_moderation_url(), subject=reason)
    return step


def active_suspension(user: User) -> Suspension | None:
    return Suspension.objects.filter(user=user, until__gt=timezone.now()).first()


@transaction.atomic
def person_suspend(
    *, actor: User, user: User, until: datetime, reason: str, report: Report | None = None
) -> ModerationAction:
    """The person reads but cannot post, message or publish on the board until ``until``."""
    reason = _clean_reason(reason)
    _check_staff_about(actor, user)
    if until <= timezone.now():
        raise ApplicationError(_("Das Ende der Sperre muss in der Zukunft liegen."), field="until")
    Suspension.objects.update_or_create(user=user, defaults={"until": until, "reason": reason})
    step = _record(
        actor=actor, action=ModerationAction.Action.SUSPEND, reason=reason, target_user=user, report=report,
        audit_action="moderation.suspended", audit_target=user,
    )  # fmt: skip
    notify(
        users=[user], category=Category.MODERATION, verb="moderation.suspended", url=_moderation_url(), subject=reason
    )
    return step


@transaction.atomic
def person_unsuspend(*, actor: User, user: User, reason: str) -> ModerationAction:
    """Lift a suspension before its end."""
    reason = _clean_reason(reason)
    _check_staff_about(actor, user)
    suspension = Suspension.objects.select_for_update().filter(user=user, until__gt=timezone.now()).first()
    if suspension is None:
        raise ApplicationError(_("Diese Person ist nicht gesperrt."), code="not_suspended")
    suspension.delete()
    return _record(
        actor=actor, action=ModerationAction.Action.UNSUSPEND, reason=reason, target_user=user,
        audit_action="moderation.unsuspended", audit_target=user,
    )  # fmt: skip
