"""Groups: the list of groups, a group's page, joining and leaving, members and files. The threads
and posts of a group are in ``exchange.discussions.views``; they find the group the same way
(``readable_group``, ``moderated_group``, ``login_first``).

Every view: parse the input, ask ``access`` (404 for what must not be seen, 403 for what is seen
but not allowed), call one service or selector, render. Anonymous visitors are sent to log in for
anything that is not a public group (whether it exists or not, so nothing is revealed).
"""

from __future__ import annotations

from functools import wraps
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vielfalt.accounts.access import acts_with_staff_rights, is_staff_member, staff_mfa_redirect
from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.core.lib.http import query_without_page
from vielfalt.exchange import access
from vielfalt.exchange.access import GroupRights
from vielfalt.exchange.groups import selectors, services
from vielfalt.exchange.groups.forms import GroupForm, InvitationAnswerForm, InviteForm, MemberActionForm
from vielfalt.exchange.models import Group, GroupMembership


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


class LoginFirst(Exception):
    """Raised for anonymous visitors where only a public group could be shown."""


def _group(request: HttpRequest, slug: str) -> Group:
    try:
        return access.get_group_for_user(request.user, slug)
    except Http404:
        if not request.user.is_authenticated:
            raise LoginFirst from None
        raise


def login_first(view: Any) -> Any:
    """Turn ``LoginFirst`` into the login page (with a way back here)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return cast(HttpResponseBase, view(request, *args, **kwargs))
        except LoginFirst:
            return redirect_to_login(request.get_full_path())

    return wrapper


def readable_group(request: HttpRequest, slug: str) -> tuple[Group, GroupRights]:
    """A group whose content ``request.user`` may read: 403 if they only see that it exists."""
    group = _group(request, slug)
    rights = access.group_rights(request.user, group)
    if not rights.can_read:
        if not request.user.is_authenticated:
            raise LoginFirst
        raise PermissionDenied
    return group, rights


def moderated_group(request: HttpRequest, slug: str) -> tuple[Group, GroupRights]:
    group, rights = readable_group(request, slug)
    if not rights.can_moderate:
        raise PermissionDenied
    return group, rights


# --- the list of groups and one group -------------------------------------------------------------------


@require_safe
def groups(request: HttpRequest) -> HttpResponse:
    listing = selectors.group_list(request.user)
    return render(
        request,
        "exchange/groups/list.html",
        {"listing": listing, "can_create": acts_with_staff_rights(request.user)},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def group_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not is_staff_member(request.user):
        raise PermissionDenied
    if (response := staff_mfa_redirect(request)) is not None:
        return response
    form = GroupForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(
                by=request.user,
                kind=form.cleaned_data["kind"],
                data=form.group_input(),
                moderator_email=form.cleaned_data["moderator_email"],
            )
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Die Gruppe „%(name)s“ ist angelegt.") % {"name": group.name})
            return redirect("exchange:group", slug=group.slug)
    return render(request, "exchange/groups/form.html", {"form": form, "group": None}, status=form_status(form))


def form_status(form: forms.Form) -> int:
    return 400 if form.is_bound and form.errors else 200


@login_first
@require_safe
def group(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group(request, slug)
    rights = access.group_rights(request.user, group)
    if not rights.can_read:
        # A closed group: name, description and a way to ask to join.
        return render(request, "exchange/groups/closed.html", {"group": group, "rights": rights})
    page = selectors.group_page(group, request.user, rights, page=request.GET.get("page"))
    return render(request, "exchange/groups/detail.html", {"group": group, "rights": rights, "page": page})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def group_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    group, _rights = moderated_group(request, slug)
    if (response := staff_mfa_redirect(request)) is not None:
        return response
    if request.method == "POST":
        form = GroupForm(request.POST, group=group)
        if form.is_valid():
            try:
                changed = services.group_update(group=group, by=request.user, data=form.group_input())
            except ApplicationError as error:
                add_service_error(form, error)
            else:
                if changed:
                    messages.success(request, _("Die Änderungen sind gespeichert."))
                else:
                    messages.info(request, _("Sie haben nichts geändert."))
                return redirect("exchange:group", slug=group.slug)
    else:
        form = GroupForm(initial=GroupForm.initial_for(group), group=group)
    return render(request, "exchange/groups/form.html", {"form": form, "group": group}, status=form_status(form))


# --- joining and leaving ---------------------------------------------------------------------------------


@login_required
@require_POST
def group_join(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    group = _group(request, slug)
    try:
        membership = services.group_join(group=group, user=request.user)
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        if membership.status == GroupMembership.Status.ACTIVE:
            messages.success(request, _("Willkommen in der Gruppe „%(name)s“!") % {"name": group.localized_name().text})
        else:
            messages.success(
                request,
                _(
                    "Ihre Anfrage ist bei der Moderation. Sie bekommen eine Benachrichtigung, sobald sie entschieden ist."
                ),
            )
    return redirect("exchange:group", slug=group.slug)


@login_required
@require_POST
def group_leave(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group(request, slug)
    membership = access.membership_of(request.user, group)
    if membership is None:
        messages.info(request, _("Sie sind nicht Mitglied dieser Gruppe."))
        return redirect("exchange:group", slug=group.slug)
    was = membership.status
    try:
        services.group_leave(membership=membership)
    except ApplicationError as error:
        messages.error(request, str(error))
        return redirect("exchange:group", slug=group.slug)
    if was == GroupMembership.Status.REQUESTED:
        messages.success(request, _("Ihre Anfrage ist zurückgezogen."))
    else:
        messages.success(
            request, _("Sie haben die Gruppe „%(name)s“ verlassen.") % {"name": group.localized_name().text}
        )
    if access.can_see_group_exists(request.user, group):
        return redirect("exchange:group", slug=group.slug)
    return redirect("exchange:groups")


@login_first
@require_http_methods(["GET", "HEAD", "POST"])
def group_invitation(request: HttpRequest, slug: str) -> HttpResponse:
    """The invited person accepts or declines (GET shows the invitation)."""
    group = _group(request, slug)
    membership = access.membership_of(request.user, group)
    if membership is not None and membership.status == GroupMembership.Status.ACTIVE:
        return redirect("exchange:group", slug=group.slug)
    if membership is None or membership.status != GroupMembership.Status.INVITED:
        raise Http404
    if request.method == "POST":
        form = InvitationAnswerForm(request.POST)
        if form.is_valid():
            accept = form.cleaned_data["answer"] == "accept"
            try:
                services.group_invitation_answer(membership=membership, accept=accept)
            except ApplicationError as error:
                messages.error(request, str(error))
            else:
                if accept:
                    messages.success(
                        request, _("Willkommen in der Gruppe „%(name)s“!") % {"name": group.localized_name().text}
                    )
                    return redirect("exchange:group", slug=group.slug)
                messages.success(request, _("Sie haben die Einladung abgelehnt."))
                return redirect("exchange:groups")
    return render(request, "exchange/groups/invitation.html", {"group": group, "membership": membership})


# --- members ----------------------------------------------------------------------------------------------


def _members_response(
    request: HttpRequest, group: Group, rights: GroupRights, *, invite_form: InviteForm | None = None, status: int = 200
) -> HttpResponse:
    page = selectors.members_page(group, rights, page=request.GET.get("page"))
    context = {
        "group": group,
        "rights": rights,
        "page": page,
        "invite_form": (invite_form or InviteForm()) if rights.can_moderate else None,
        "query_string": query_without_page(request),
    }
    return render(request, "exchange/groups/members.html", context, status=status)


@login_first
@require_safe
def group_members(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.is_authenticated:
        raise LoginFirst  # names of members are for people with an account, also in public groups
    group, rights = readable_group(request, slug)
    return _members_response(request, group, rights)


@login_required
@require_POST
def group_invite(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    group, rights = moderated_group(request, slug)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            membership = services.group_invite(group=group, by=request.user, email=form.cleaned_data["email"])
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s ist eingeladen und bekommt eine Benachrichtigung.") % {"name": membership.user},
            )
            return redirect("exchange:group_members", slug=group.slug)
    return _members_response(request, group, rights, invite_form=form, status=400)


@login_required
@require_POST
def group_member(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """A moderator approves or declines a request, promotes, demotes or removes a member."""
    group, _rights = moderated_group(request, slug)
    membership = get_object_or_404(GroupMembership.objects.select_related("user", "group"), group=group, pk=pk)
    form = MemberActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie eine der Schaltflächen."))
        return redirect("exchange:group_members", slug=group.slug)
    action, by, name = form.cleaned_data["action"], request.user, str(membership.user)
    done = {
        "approve": _("%(name)s ist jetzt Mitglied der Gruppe."),
        "decline": _("Die Anfrage oder Einladung von %(name)s ist entfernt."),
        "promote": _("%(name)s moderiert jetzt die Gruppe mit."),
        "demote": _("%(name)s ist jetzt Mitglied ohne Moderation."),
        "remove": _("%(name)s ist nicht mehr Mitglied der Gruppe."),
    }
    try:
        if action == "approve":
            services.membership_approve(membership=membership, by=by)
        elif action == "decline":
            services.membership_decline(membership=membership, by=by)
        elif action == "promote":
            services.membership_set_role(membership=membership, role=GroupMembership.Role.MODERATOR, by=by)
        elif action == "demote":
            services.membership_set_role(membership=membership, role=GroupMembership.Role.MEMBER, by=by)
        else:
            services.membership_remove(membership=membership, by=by)
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done[action] % {"name": name})
    return redirect("exchange:group_members", slug=group.slug)


@login_first
@require_safe
def group_files(request: HttpRequest, slug: str) -> HttpResponse:
    group, rights = readable_group(request, slug)
    page = selectors.group_files(group, rights, page=request.GET.get("page"))
    return render(request, "exchange/groups/files.html", {"group": group, "rights": rights, "page": page})
