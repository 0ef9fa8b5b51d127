"""Direct messages: the inbox, writing to a person or an organisation, a conversation, blocking.

Only signed-in people; a conversation is 404 for everyone who is not in it.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.core.lib.once import once_per_form
from vielfalt.exchange import access
from vielfalt.exchange.messages import selectors as message_selectors
from vielfalt.exchange.messages import services as messaging
from vielfalt.exchange.messages.forms import BlockForm, MessageForm

INBOX_PAGE = 30
MESSAGES_PAGE = 50


@login_required
@require_safe
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    page = Paginator(message_selectors.inbox_conversations(user), INBOX_PAGE).get_page(request.GET.get("page"))
    return render(request, "exchange/messages/inbox.html", {"page": page})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@once_per_form
def message_person(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    """Write to a person; continues the conversation of the two if there is one. People the viewer
    may not write to are 404, so that the page does not tell who has an account."""
    user = request.user
    recipient = access.get_person_to_write_to(user, public_id)
    if recipient.pk == user.pk:
        messages.info(request, _("Sie können sich nicht selbst schreiben."))
        return redirect("exchange:inbox")
    if not access.can_write_to(user, recipient):
        raise Http404
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            conversation = messaging.message_to_person(sender=user, recipient=recipient, body=form.cleaned_data["body"])
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Ihre Nachricht ist gesendet."))
            return redirect("exchange:conversation", pk=conversation.pk)
    return render(
        request,
        "exchange/messages/compose.html",
        {"form": form, "recipient_name": recipient.name or _("Person ohne Namen"), "organisation": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@once_per_form
def message_organisation(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Write to a verified organisation: all its admins read it and answer as the organisation."""
    user = request.user
    organisation = access.get_organisation_to_write_to(user, slug)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            conversation = messaging.message_to_organisation(
                sender=user, organisation=organisation, body=form.cleaned_data["body"]
            )
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Ihre Nachricht ist an die Organisation gesendet."))
            return redirect("exchange:conversation", pk=conversation.pk)
    return render(
        request,
        "exchange/messages/compose.html",
        {"form": form, "recipient_name": organisation.name, "organisation": organisation},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@once_per_form
def conversation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One conversation: its messages (newest page first), the answer form; opening it marks it read."""
    user = request.user
    conversation = access.get_conversation_for_user(user, pk)
    form = MessageForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                messaging.message_reply(conversation=conversation, sender=user, body=form.cleaned_data["body"])
            except ApplicationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Ihre Nachricht ist gesendet."))
                return redirect("exchange:conversation", pk=conversation.pk)
        status = 400
    view = message_selectors.conversation_view(conversation=conversation, viewer=user)
    paginator = Paginator(message_selectors.conversation_messages(conversation), MESSAGES_PAGE)
    page = paginator.get_page(request.GET.get("page") or paginator.num_pages)
    if request.method in ("GET", "HEAD"):
        messaging.conversation_mark_read(conversation=conversation, user=user)
    return render(
        request,
        "exchange/messages/conversation.html",
        {"view": view, "conversation": conversation, "page": page, "form": form},
        status=status,
    )


@login_required
@require_safe
def blocked(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "exchange/messages/blocked.html", {"blocks": message_selectors.blocked_people(request.user)})


def _safe_next(request: HttpRequest, value: str) -> str | None:
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}, require_https=False):
        return value
    return None


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def block(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Block or unblock a person one is (or was) in a conversation with; GET asks to confirm."""
    user = request.user
    person, is_blocking = access.get_person_for_blocking(user, pk)
    form = BlockForm(request.POST or None, initial={"action": "unblock" if is_blocking else "block"})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["action"] == "block":
            messaging.block_create(blocker=user, blocked=person)
            messages.success(
                request,
                _("%(name)s ist blockiert und kann Ihnen keine Nachrichten mehr schreiben.")
                % {"name": person.name or _("Die Person")},
            )
        else:
            messaging.block_delete(blocker=user, blocked=person)
            messages.success(
                request, _("Die Blockierung von %(name)s ist aufgehoben.") % {"name": person.name or _("der Person")}
            )
        return redirect(_safe_next(request, form.cleaned_data["next"]) or "exchange:blocked")
    if request.method in ("GET", "HEAD"):
        form = BlockForm(initial={"action": "unblock" if is_blocking else "block", "next": request.GET.get("next", "")})
    return render(
        request,
        "exchange/messages/block.html",
        {"person": person, "is_blocking": is_blocking, "form": form},
        status=400 if request.method == "POST" else 200,
    )
