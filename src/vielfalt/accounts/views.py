from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vielfalt.accounts import selectors, services
from vielfalt.accounts.access import has_mfa, is_staff_member
from vielfalt.accounts.forms import DeleteAccountForm, NotificationsForm, ProfileForm
from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core import composition
from vielfalt.core.errors import ApplicationError


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            services.user_update_profile(
                user=user,
                name=form.cleaned_data["name"],
                preferred_language=form.cleaned_data["preferred_language"],
                spoken_languages=form.cleaned_data["spoken_languages"],
            )
            with translation.override(user.preferred_language):
                messages.success(request, _("Ihr Profil ist gespeichert."))
            # Continue in the language the person just chose.
            with translation.override(user.preferred_language):
                return redirect(reverse("accounts:profile"))
    else:
        form = ProfileForm(
            initial={
                "name": user.name,
                "preferred_language": user.preferred_language,
                "spoken_languages": user.spoken_languages,
            }
        )
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "email_addresses": selectors.user_email_addresses(user=user),
            "has_mfa": has_mfa(user),
            "mfa_required": is_staff_member(user),
            "facts": composition.PROFILE_FACTS.render(request),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notifications(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = NotificationsForm(request.POST)
        if form.is_valid():
            services.user_update_notifications(
                user=user,
                activity=form.cleaned_data["activity"],
                deadlines=form.cleaned_data["deadlines"],
                newsletter=form.cleaned_data["newsletter"],
            )
            messages.success(request, _("Ihre Benachrichtigungen sind gespeichert."))
            return redirect("accounts:notifications")
    else:
        form = NotificationsForm(
            initial={
                "activity": user.notify_activity,
                "deadlines": user.notify_deadlines,
                "newsletter": user.notify_newsletter,
            }
        )
    return render(request, "accounts/notifications.html", {"form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def data_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET explains what the file holds; POST (a button, never a link) downloads it."""
    if request.method == "POST":
        data = services.user_export_data(user=request.user)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
        filename = f"vielfalt-meine-daten-{timezone.localdate().isoformat()}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "accounts/data_export.html")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_account(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = DeleteAccountForm(request.POST, user=user)
        if form.is_valid():
            try:
                services.user_delete(user=user)
            except ApplicationError as error:
                form.add_error(None, str(error))
            else:
                logout(request)
                messages.success(request, _("Ihr Konto und Ihre persönlichen Daten sind gelöscht."))
                return redirect("portal:home")
    else:
        form = DeleteAccountForm(user=user)
    return render(request, "accounts/delete.html", {"form": form})
