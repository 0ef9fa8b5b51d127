"""Public pages of the newsletter (``/<lang>/newsletter/``): subscribe, confirm, manage, unsubscribe, archive.

No account is needed: the signed token in a link from an email is the subscriber's access, and it
opens their own subscription only (``links``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.core.lib.public_forms import public_form_response
from vielfalt.newsletter import access, links, selectors, services
from vielfalt.newsletter.forms import ManageForm, SubscribeForm
from vielfalt.newsletter.models import Subscription


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    def submit(data: dict[str, Any]) -> None:
        services.subscription_request(
            email=data["email"],
            language=data["language"],
            topics=list(data["topics"]),
            consent_version=data["consent_version"],
        )

    return public_form_response(
        request,
        form_class=SubscribeForm,
        scope="newsletter-subscribe",
        template="newsletter/subscribe.html",
        fragment="newsletter/includes/subscribe_form.html",
        submit=submit,
        # The same answer for every address: whether it is known is not told here.
        success_message=_("Fast geschafft: Bitte sehen Sie in Ihr E-Mail-Postfach."),
        success_url=reverse("newsletter:subscribe_sent"),
        context={"days": settings.NEWSLETTER_CONFIRM_DAYS},
    )


@require_safe
def subscribe_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "newsletter/subscribe_sent.html", {"days": settings.NEWSLETTER_CONFIRM_DAYS})


def _bad_link(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    return render(request, "newsletter/bad_link.html", {"message": error.message, "code": error.code}, status=400)


# A link scanner in a mail program only looks (GET): confirming takes the button on the page (POST).
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    if request.method != "POST":
        try:
            services.subscription_confirmable(token=token)
        except ApplicationError as error:
            return _bad_link(request, error)
        return render(request, "newsletter/confirm.html", {"token": token})
    try:
        subscription = services.subscription_confirm(token=token)
    except ApplicationError as error:
        return _bad_link(request, error)
    manage_url = reverse("newsletter:manage", kwargs={"token": links.manage_token(subscription)})
    return render(request, "newsletter/confirmed.html", {"subscription": subscription, "manage_url": manage_url})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscription = links.subscription_from_manage_token(token)
    except ApplicationError as error:
        return _bad_link(request, error)
    active = subscription.status != Subscription.Status.UNSUBSCRIBED
    if request.method == "POST" and active:
        form = ManageForm(request.POST)
        if form.is_valid():
            try:
                services.subscription_update(
                    subscription=subscription,
                    language=form.cleaned_data["language"],
                    topics=list(form.cleaned_data["topics"]),
                )
            except ApplicationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Ihre Einstellungen für den Newsletter sind gespeichert."))
                return redirect("newsletter:manage", token=token)
    else:
        form = ManageForm(initial={"language": subscription.language, "topics": list(subscription.topics.all())})
    return render(
        request,
        "newsletter/manage.html",
        {"form": form, "subscription": subscription, "token": token, "active": active},
        status=400 if form.errors else 200,
    )


# The signed token in the address is the authorisation here, not a session: the link works without
# logging in, and mail programs send the RFC 8058 one-click POST ("List-Unsubscribe=One-Click") with
# no cookie and no CSRF token. A forged request can do no more than the link's owner could, and only
# with a token we signed for them, so CSRF protection adds nothing and would break the one click.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation (link scanners only look); POST cancels the subscription."""
    try:
        subscription = links.subscription_from_manage_token(token)
    except ApplicationError as error:
        return _bad_link(request, error)
    if request.method == "POST":
        services.subscription_cancel(subscription=subscription)
    return render(
        request,
        "newsletter/unsubscribe.html",
        {
            "token": token,
            "done": request.method == "POST" or subscription.status == Subscription.Status.UNSUBSCRIBED,
            "subscription": subscription,
        },
    )


@require_safe
def archive(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.archive(), 20).get_page(request.GET.get("page"))
    return render(request, "newsletter/archive.html", {"page": page})


@require_safe
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_public_issue(pk)
    return render(
        request,
        "newsletter/issue.html",
        {"issue": item, "items": selectors.issue_items(item, public_only=True)},
    )
