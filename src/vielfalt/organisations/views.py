"""Profiles in the directory: register, show, edit, contact, people, invitations, claims.

Every view: parse the input, ask ``access``, call one service or selector, render.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vielfalt.accounts.access import acts_with_staff_rights
from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.accounts.models import User
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.core.lib.public_forms import public_form_response
from vielfalt.organisations import access, selectors, services
from vielfalt.organisations.forms import (
    ClaimForm,
    FundingForm,
    HandOverForm,
    InviteForm,
    OrganisationContactForm,
    OrganisationForm,
    PublicContactForm,
    RemoveMemberForm,
    RoleForm,
)
from vielfalt.organisations.models import FundingRecord, Membership, Organisation
from vielfalt.organisations.sections import PROFILE_SECTIONS

# --- registering and editing ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def register(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = OrganisationForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                organisation = services.organisation_register(user=user, data=form.profile_input())
            except ApplicationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Danke! Ihre Organisation ist registriert. Das Team prüft das Profil – erst danach ist es "
                        "öffentlich. Wir schreiben Ihnen eine E-Mail, sobald es so weit ist."
                    ),
                )
                return redirect("organisations:detail", slug=organisation.slug)
    else:
        form = OrganisationForm(initial={"contact_email": user.email})
    return render(request, "organisations/register.html", {"form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = access.get_organisation_for_editing(request.user, slug)
    if request.method == "POST":
        form = OrganisationForm(request.POST, request.FILES, organisation=organisation)
        if form.is_valid():
            try:
                changed = services.organisation_update(
                    organisation=organisation, by=request.user, data=form.profile_input()
                )
            except ApplicationError as error:
                add_service_error(form, error)
            else:
                if changed:
                    messages.success(request, _("Die Änderungen sind gespeichert."))
                else:
                    messages.info(request, _("Sie haben nichts geändert."))
                organisation.refresh_from_db(fields=["slug"])  # a new name gives a new address
                return redirect("organisations:detail", slug=organisation.slug)
    else:
        form = OrganisationForm(initial=OrganisationForm.initial_for(organisation), organisation=organisation)
    return render(request, "organisations/edit.html", _edit_context(organisation, form=form))


def _edit_context(organisation: Organisation, **forms_: Any) -> dict[str, Any]:
    return {
        "organisation": organisation,
        "funding_records": organisation.funding.all(),
        "funding_form": forms_.pop("funding_form", None) or FundingForm(prefix="funding"),
        **forms_,
    }


@login_required
@require_POST
def funding_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = access.get_organisation_for_editing(request.user, slug)
    funding_form = FundingForm(request.POST, prefix="funding")
    if funding_form.is_valid():
        try:
            services.funding_record_add(organisation=organisation, by=request.user, **funding_form.cleaned_data)
        except ApplicationError as error:
            add_service_error(funding_form, error)
        else:
            messages.success(request, _("Die Förderung ist eingetragen."))
            return redirect("organisations:edit", slug=organisation.slug)
    form = OrganisationForm(initial=OrganisationForm.initial_for(organisation), organisation=organisation)
    context = _edit_context(organisation, form=form, funding_form=funding_form)
    return render(request, "organisations/edit.html", context, status=400)


@login_required
@require_POST
def funding_remove(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = access.get_organisation_for_editing(request.user, slug)
    record = get_object_or_404(FundingRecord, pk=pk, organisation=organisation)
    services.funding_record_remove(record=record, by=request.user)
    messages.success(request, _("Die Förderung ist entfernt."))
    return redirect("organisations:edit", slug=organisation.slug)


# --- the profile and its contact form ---------------------------------------------------------------


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    user = request.user
    organisation = access.get_organisation_for_user(user, slug)
    is_staff = acts_with_staff_rights(user)
    profile = selectors.organisation_profile(
        organisation=organisation, viewer=user, with_history=access.can_see_changes(user, organisation)
    )
    membership = profile.viewer_membership
    # Who has no link to the organisation cannot edit it: skip the lookup (the page has a query budget).
    can_edit = (is_staff or membership is not None) and access.can_edit_organisation(user, organisation)
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "profile": profile,
            "membership": membership,
            "can_edit": can_edit,
            "can_see_members": is_staff or membership is not None,
            "can_claim": access.can_claim(user, organisation, membership=membership, has_admin=profile.has_admin),
            "form": OrganisationContactForm(initial=_contact_initial(request)),
            "sections": PROFILE_SECTIONS.render(request, organisation=organisation, membership=membership),
        },
    )


def _contact_initial(request: HttpRequest) -> dict[str, str]:
    user = request.user
    if not isinstance(user, User):
        return {}
    return {"name": user.name, "email": user.email}


@require_http_methods(["GET", "HEAD", "POST"])
def contact(request: HttpRequest, slug: str) -> HttpResponse:
    """Write to an organisation; its admins get the message, nobody sees their address.

    Rate-limited per visitor and guarded by a honeypot; with htmx only the form is swapped.
    """
    organisation = access.get_organisation_for_user(request.user, slug)

    def submit(data: dict[str, Any]) -> None:
        services.organisation_contact(
            organisation=organisation,
            name=data["name"],
            email=data["email"],
            message=data["message"],
            send_copy=data.get("send_copy", False),
            language=translation.get_language() or "de",
        )

    return public_form_response(
        request,
        form_class=OrganisationContactForm,
        scope="organisation-contact",
        submit=submit,
        template="organisations/contact.html",
        fragment="organisations/includes/contact_form.html",
        success_message=_("Vielen Dank! Ihre Nachricht ist an die Organisation unterwegs."),
        success_url=reverse("organisations:detail", args=[organisation.slug]),
        initial=_contact_initial(request),
        context={"organisation": organisation},
    )


# --- my organisations -------------------------------------------------------------------------------


@login_required
@require_safe
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "organisations/mine.html",
        {
            "memberships": selectors.memberships_of_user(user=user),
            "invitations": selectors.invitations_for_user(user=user),
        },
    )


# --- people -----------------------------------------------------------------------------------------


@dataclass
class MemberRow:
    membership: Membership
    is_self: bool
    role_form: RoleForm | None
    remove_form: RemoveMemberForm | None


def _organisation_for_people(request: HttpRequest, slug: str) -> Organisation:
    """The organisation, if the person belongs to it or is staff (404 if hidden, 403 otherwise)."""
    organisation = access.get_organisation_for_user(request.user, slug)
    if not access.can_see_members(request.user, organisation):
        raise PermissionDenied
    return organisation


def _membership(organisation: Organisation, pk: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "organisation"), pk=pk, organisation=organisation
    )


def _members_page(
    request: AuthenticatedHttpRequest, organisation: Organisation, *, bound: forms.Form | None = None, status: int = 200
) -> HttpResponse:
    """The members page; ``bound`` replaces the blank form of the same kind (to show its errors)."""
    user = request.user
    memberships = selectors.organisation_members(organisation=organisation)
    can_manage = access.can_manage_members(user, organisation)
    own = next((m for m in memberships if m.user_id == user.pk), None)

    def pick(form: forms.Form) -> Any:
        return bound if bound is not None and type(bound) is type(form) and bound.prefix == form.prefix else form

    rows = [
        MemberRow(
            membership=m,
            is_self=m.user_id == user.pk,
            role_form=pick(RoleForm(membership=m)) if can_manage else None,
            remove_form=pick(RemoveMemberForm(membership=m)) if can_manage or m.user_id == user.pk else None,
        )
        for m in memberships
    ]
    candidates = [m for m in memberships if m.role == Membership.Role.MEMBER]
    is_admin = own is not None and own.role == Membership.Role.ADMIN
    return render(
        request,
        "organisations/members.html",
        {
            "organisation": organisation,
            "rows": rows,
            "own": own,
            "can_manage": can_manage,
            "invite_form": pick(InviteForm()) if can_manage else None,
            "invitations": selectors.invitations_open(organisation=organisation) if can_manage else [],
            "hand_over_form": pick(HandOverForm(candidates=candidates)) if is_admin and candidates else None,
            "public_contact_form": (
                pick(PublicContactForm(initial={"public_contact": own.public_contact})) if own is not None else None
            ),
        },
        status=status,
    )


@login_required
@require_safe
def members(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_for_people(request, slug)
    return _members_page(request, organisation)


@login_required
@require_POST
def member_invite(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = access.get_organisation_for_managing_members(request.user, slug)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.membership_invite(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Die Einladung an %(email)s ist verschickt. Der Link gilt 14 Tage.") % {"email": invitation.email},
            )
            return redirect("organisations:members", slug=organisation.slug)
    return _members_page(request, organisation, bound=form)


@login_required
@require_POST
def member_role(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = access.get_organisation_for_managing_members(request.user, slug)
    membership = _membership(organisation, pk)
    form = RoleForm(request.POST, membership=membership)
    if form.is_valid():
        try:
            services.membership_set_role(membership=membership, role=form.cleaned_data["role"], by=request.user)
        except ApplicationError as error:
            form.add_error(None, str(error.message))  # the role is a hidden field: say it above the button
        else:
            messages.success(request, _("Die Rolle von %(name)s ist geändert.") % {"name": membership.user})
            return redirect("organisations:members", slug=organisation.slug)
    return _members_page(request, organisation, bound=form)


@login_required
@require_POST
def member_remove(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Admins and staff remove anyone; every member can leave (remove themselves)."""
    organisation = access.get_organisation_for_user(request.user, slug)
    membership = _membership(organisation, pk)
    if not access.can_remove_member(request.user, organisation, membership):
        raise PermissionDenied
    leaving = membership.user_id == request.user.pk
    form = RemoveMemberForm(request.POST, membership=membership)
    try:
        services.membership_remove(membership=membership, by=request.user)
    except ApplicationError as error:
        form.is_valid()
        add_service_error(form, error)
        return _members_page(request, organisation, bound=form)
    if leaving:
        messages.success(request, _("Sie gehören nicht mehr zu „%(name)s“.") % {"name": organisation.name})
        return redirect("organisations:mine")
    messages.success(request, _("%(name)s gehört nicht mehr zur Organisation.") % {"name": membership.user})
    return redirect("organisations:members", slug=organisation.slug)


@login_required
@require_POST
def hand_over(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The admin passes the administration to a member and stays a member."""
    organisation = access.get_organisation_for_user(request.user, slug)
    if not access.is_organisation_admin(request.user, organisation):
        raise PermissionDenied
    candidates = [
        m for m in selectors.organisation_members(organisation=organisation) if m.role == Membership.Role.MEMBER
    ]
    form = HandOverForm(request.POST, candidates=candidates)
    if form.is_valid():
        to_membership = form.cleaned_data["membership"]
        try:
            services.membership_hand_over_admin(
                organisation=organisation, from_user=request.user, to_membership=to_membership
            )
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s ist jetzt in der Administration. Sie sind Mitglied.") % {"name": to_membership.user},
            )
            return redirect("organisations:members", slug=organisation.slug)
    return _members_page(request, organisation, bound=form)


@login_required
@require_POST
def public_contact(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Each member decides for themselves whether the profile shows them as a contact person."""
    organisation = access.get_organisation_for_user(request.user, slug)
    membership = access.membership_of(request.user, organisation)
    if membership is None:
        raise PermissionDenied
    form = PublicContactForm(request.POST)
    if not form.is_valid():  # a checkbox cannot be invalid; kept for symmetry with the other forms
        return _members_page(request, organisation, bound=form)
    services.membership_set_public_contact(membership=membership, public=form.cleaned_data["public_contact"])
    if form.cleaned_data["public_contact"]:
        messages.success(request, _("Sie werden jetzt als Ansprechperson auf dem Profil gezeigt."))
    else:
        messages.success(request, _("Sie werden nicht mehr als Ansprechperson gezeigt."))
    return redirect("organisations:members", slug=organisation.slug)


# --- invitations and claims -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invitation_accept(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_by_token(token=token)
    if invitation is None:
        raise Http404
    user = request.user
    error = ""
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, user=user)
        except ApplicationError as refusal:
            error = str(refusal)
        else:
            messages.success(
                request, _("Willkommen! Sie gehören jetzt zu „%(name)s“.") % {"name": invitation.organisation.name}
            )
            return redirect("organisations:detail", slug=invitation.organisation.slug)
    usable = invitation.is_usable and not error
    return render(
        request,
        "organisations/invitation.html",
        {
            "invitation": invitation,
            "usable": usable,
            "error": error,
            "other_email": invitation.email.lower() != user.email.lower(),
        },
        status=200 if usable else 410,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def claim(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Ask the team to hand over a profile the team created and nobody administers yet."""
    organisation = access.get_organisation_for_claiming(request.user, slug)
    if request.method == "POST":
        form = ClaimForm(request.POST)
        if form.is_valid():
            try:
                services.claim_request_create(
                    organisation=organisation, user=request.user, message=form.cleaned_data["message"]
                )
            except ApplicationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request, _("Ihre Anfrage ist beim Team. Wir melden uns per E-Mail, sobald wir entschieden haben.")
                )
                return redirect("organisations:detail", slug=organisation.slug)
    else:
        form = ClaimForm()
    return render(
        request,
        "organisations/claim.html",
        {
            "organisation": organisation,
            "form": form,
            "has_admin": selectors.organisation_has_admin(organisation=organisation),
        },
    )
