"""Reads for the moderation: the staff queue, a group's open reports, one report in context, a
person's moderation history. Reported content is loaded per kind in one query each (no N+1)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from vielfalt.accounts.models import User
from vielfalt.exchange.models import Group, Message, ModerationAction, Post, Report, Suspension
from vielfalt.exchange.moderation.services import Target, active_suspension, load_target, target_from, target_queryset


def open_reports_count() -> int:
    return Report.objects.filter(status=Report.Status.OPEN).count()


def reports_for_staff(*, handled: bool = False) -> QuerySet[Report]:
    reports = Report.objects.select_related("reporter", "group", "handled_by")
    if handled:
        return reports.exclude(status=Report.Status.OPEN).order_by("-handled_at", "-pk")
    return reports.filter(status=Report.Status.OPEN).order_by("created_at", "pk")  # oldest first: a queue


def open_reports_of_group(group: Group) -> QuerySet[Report]:
    return (
        Report.objects.filter(group=group, status=Report.Status.OPEN)
        .select_related("reporter", "group")
        .order_by("created_at", "pk")
    )


@dataclass
class ReportRow:
    report: Report
    target: Target | None  # None when the content was deleted meanwhile


def with_targets(reports: Iterable[Report]) -> list[ReportRow]:
    """Each report with its content, loading the content of each kind in one query."""
    reports = list(reports)
    ids: dict[str, set[int]] = defaultdict(set)
    for report in reports:
        ids[report.target_type].add(report.target_id)
    loaded: dict[tuple[str, int], Target] = {}
    for target_type, pks in ids.items():
        for obj in target_queryset(target_type).filter(pk__in=pks):
            loaded[(target_type, obj.pk)] = target_from(target_type, obj)
    return [ReportRow(report=r, target=loaded.get((r.target_type, r.target_id))) for r in reports]


@dataclass
class ReportContext:
    report: Report
    target: Target | None
    before: Sequence[Any] = field(default_factory=list)  # what was written just before (posts or messages)
    after: Sequence[Any] = field(default_factory=list)
    others: Sequence[Report] = field(default_factory=list)  # other reports on the same content
    participants: Sequence[Any] = field(default_factory=list)  # the people of a reported conversation


CONTEXT = 3


def report_context(report: Report) -> ReportContext:
    """A report with its content and what surrounds it, for the staff to judge it."""
    target = load_target(report.target_type, report.target_id)
    context = ReportContext(report=report, target=target)
    context.others = list(
        Report.objects.filter(target_type=report.target_type, target_id=report.target_id)
        .exclude(pk=report.pk)
        .select_related("reporter")
        .order_by("-created_at")
    )
    if target is None:
        return context
    obj = target.obj
    if isinstance(obj, Post):
        around = Post.objects.filter(thread_id=obj.thread_id).select_related("author")
        context.before = list(
            reversed(around.filter(Q(created_at__lt=obj.created_at)).order_by("-created_at", "-pk")[:CONTEXT])
        )
        context.after = list(around.filter(created_at__gt=obj.created_at).order_by("created_at", "pk")[:CONTEXT])
    elif isinstance(obj, Message):
        around_messages = Message.objects.filter(conversation_id=obj.conversation_id).select_related("sender")
        context.before = list(
            reversed(around_messages.filter(created_at__lt=obj.created_at).order_by("-created_at", "-pk")[:CONTEXT])
        )
        context.after = list(
            around_messages.filter(created_at__gt=obj.created_at).order_by("created_at", "pk")[:CONTEXT]
        )
        context.participants = [m.user for m in obj.conversation.members.select_related("user")]
    return context


@dataclass
class PersonModeration:
    suspension: Suspension | None
    actions: Sequence[ModerationAction]
    open_reports: int


def person_moderation(user: User) -> PersonModeration:
    """A person's current suspension and every moderation step about them or their content."""
    actions = list(
        ModerationAction.objects.filter(target_user=user).select_related("actor", "report").order_by("-created_at")
    )
    reported_messages = Message.objects.filter(sender=user).values("pk")
    reported_posts = Post.objects.filter(author=user).values("pk")
    open_reports = Report.objects.filter(
        Q(target_type="message", target_id__in=reported_messages) | Q(target_type="post", target_id__in=reported_posts)
        | Q(target_type="board", target_id__in=user.board_posts.values("pk")),
        status=Report.Status.OPEN,
    ).count()  # fmt: skip
    return PersonModeration(suspension=active_suspension(user), actions=actions, open_reports=open_reports)


def report_data_export(user: User) -> list[dict[str, Any]]:
    """The reports a person filed (for "download my data"): what they reported, why, when, and
    how far the moderation has got. The reported content itself is someone else's data."""
    return [
        {
            "reported": str(report.get_target_type_display()),
            "reported_id": report.target_id,
            "reason": report.reason,
            "reported_at": report.created_at.isoformat(),
            "status": str(report.get_status_display()),
        }
        for report in Report.objects.filter(reporter=user).order_by("created_at", "pk")
    ]
