"""The board of requests and offers. Everything here is for people with an account.

Like the calendar, the board's address holds its whole state (``?topic=room&district=06531``);
htmx asks for the same address with ``HX-Request`` and gets only the results. Every form works
without JavaScript (POST, then a redirect).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.core.lib.http import is_htmx
from vielfalt.core.lib.once import once_per_form
from vielfalt.exchange import access
from vielfalt.exchange.board import selectors as board_selectors
from vielfalt.exchange.board import services
from vielfalt.exchange.board.forms import BoardPostForm, BoardReplyForm
from vielfalt.exchange.models import BoardPost

# --- the board ----------------------------------------------------------------------------------------------


def _filters(params: QueryDict) -> board_selectors.BoardFilters:
    return board_selectors.BoardFilters.from_values(
        direction=params.get("direction", ""),
        topic=params.get("topic", ""),
        district=params.get("district", ""),
        field=params.get("field", ""),
    )


def _query(pairs: list[tuple[str, str]], *, page: int) -> str:
    """The query string of a link to ``page`` that keeps the filters (page 1 has no number)."""
    return urlencode(pairs + ([("page", str(page))] if page > 1 else []))


@login_required
@require_safe
def board(request: HttpRequest) -> HttpResponse:
    filters = _filters(request.GET)
    posts = board_selectors.board_posts(filters=filters)
    page = Paginator(posts, board_selectors.PAGE_SIZE).get_page(str(request.GET.get("page") or "1")[:8])
    pairs = filters.pairs()
    # A history restore (the page is no longer in htmx's cache) needs the whole page again.
    fragment = is_htmx(request) and request.headers.get("HX-History-Restore-Request") != "true"
    context: dict[str, Any] = {
        "filters": filters,
        "page": page,
        "links": {"previous": _query(pairs, page=page.number - 1), "next": _query(pairs, page=page.number + 1)},
        "fragment": fragment,
    }
    if not fragment:
        context["choices"] = board_selectors.filter_choices()
        context["own_posts"] = board_selectors.own_board_posts(user=request.user)
    template = "exchange/board/includes/results.html" if fragment else "exchange/board/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@once_per_form
def board_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    organisations = services.organisations_for(user)
    if request.method == "POST":
        form = BoardPostForm(request.POST, organisations=organisations)
        if form.is_valid():
            try:
                post = services.board_post_create(author=user, data=form.post_input())
            except ApplicationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Ihr Eintrag steht jetzt auf dem Brett."))
                return redirect("exchange:board_post", pk=post.pk)
        return render(request, "exchange/board/create.html", {"form": form}, status=400)
    initial: dict[str, Any] = {"expires_on": services.default_expiry(), "organisation": ""}
    if organisations:
        initial["district"] = organisations[0].district_id
    form = BoardPostForm(initial=initial, organisations=organisations)
    return render(request, "exchange/board/create.html", {"form": form})


def _post_context(request: HttpRequest, post: BoardPost, **extra: Any) -> dict[str, Any]:
    user = request.user
    listed = access.board_post_is_listed(post)
    return {
        "post": post,
        "fields_of_action": list(post.fields_of_action.order_by("position", "name")),
        "is_listed": listed,
        "is_author": post.author_id == user.pk,
        "can_edit": access.can_edit_board_post(user, post),
        "can_reply": listed and post.author_id != user.pk,
        **extra,
    }


@login_required
@require_safe
def board_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = access.get_board_post_for_user(request.user, pk)
    return render(request, "exchange/board/detail.html", _post_context(request, post, form=BoardReplyForm()))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def board_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    post = access.get_board_post_for_editing(request.user, pk)
    user = request.user
    # Only organisations the person still belongs to: whoever left one no longer writes for it.
    organisations = services.organisations_for(user)
    if request.method == "POST" and "withdraw" in request.POST:
        services.board_post_withdraw(post=post, by=user)
        messages.success(
            request,
            _("Ihr Eintrag ist vom Brett genommen. Mit einem neuen Datum können Sie ihn wieder sichtbar machen."),
        )
        return redirect("exchange:board_post", pk=post.pk)
    if request.method == "POST":
        form = BoardPostForm(request.POST, organisations=organisations)
        if form.is_valid():
            try:
                changed = services.board_post_update(post=post, by=user, data=form.post_input())
            except ApplicationError as error:
                add_service_error(form, error)
            else:
                if changed:
                    messages.success(request, _("Die Änderungen sind gespeichert."))
                else:
                    messages.info(request, _("Sie haben nichts geändert."))
                return redirect("exchange:board_post", pk=post.pk)
        return render(request, "exchange/board/edit.html", {"form": form, "post": post, **_listed(post)}, status=400)
    field_ids = list(post.fields_of_action.values_list("pk", flat=True))
    form = BoardPostForm(initial=BoardPostForm.initial_for(post, field_ids), organisations=organisations)
    return render(request, "exchange/board/edit.html", {"form": form, "post": post, **_listed(post)})


def _listed(post: BoardPost) -> dict[str, bool]:
    return {"is_listed": access.board_post_is_listed(post)}


@login_required
@require_POST
@once_per_form
def board_reply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    post = access.get_board_post_for_user(request.user, pk)
    form = BoardReplyForm(request.POST)
    if form.is_valid():
        try:
            conversation = services.board_post_reply(post=post, sender=request.user, body=form.cleaned_data["body"])
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Ihre Nachricht ist gesendet."))
            return redirect("exchange:conversation", pk=conversation.pk)
    return render(request, "exchange/board/detail.html", _post_context(request, post, form=form), status=400)
