"""A group's discussions: threads, replies, pinning, editing and deleting posts, and attachments.

Every view: parse the input, ask ``access`` (404 for what must not be seen, 403 for what is seen
but not allowed), call one service or selector, render. The group is looked up as in
``exchange.groups.views`` (anonymous visitors are sent to log in unless the group is public).
"""

from __future__ import annotations

import html
import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.core.lib import richtext
from vielfalt.core.lib.once import once_per_form
from vielfalt.core.lib.uploads import private_storage
from vielfalt.exchange import access
from vielfalt.exchange.access import GroupRights
from vielfalt.exchange.discussions import services
from vielfalt.exchange.discussions.forms import EditPostForm, PinForm, PostForm, ThreadForm
from vielfalt.exchange.groups import selectors
from vielfalt.exchange.groups.views import LoginFirst, form_status, login_first, moderated_group, readable_group
from vielfalt.exchange.models import Group, Post, Thread


def _check_may_write(rights: GroupRights) -> None:
    if not rights.can_post:
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@once_per_form
def thread_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    group, rights = readable_group(request, slug)
    _check_may_write(rights)
    choices = selectors.mention_choices(group, request.user)
    if request.method == "POST":
        form = ThreadForm(request.POST, request.FILES, mention_choices=choices)
        if form.is_valid():
            try:
                thread = services.thread_create(
                    group=group,
                    by=request.user,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    uploads=form.cleaned_data["attachments"],
                    mentioned=form.cleaned_data.get("mentioned") or [],
                )
            except ApplicationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Ihre Diskussion ist eröffnet."))
                return redirect("exchange:thread", slug=group.slug, pk=thread.pk)
    else:
        form = ThreadForm(mention_choices=choices)
    return render(
        request,
        "exchange/groups/thread_form.html",
        {"group": group, "rights": rights, "form": form},
        status=form_status(form),
    )


def _rendered(posts: Any) -> None:
    """Each post's text made safe for the page (sanitised again, in KERN's look)."""
    for post in posts:
        post.rendered = richtext.render(post.body) if post.body else ""


def _thread_response(
    request: HttpRequest,
    group: Group,
    rights: GroupRights,
    thread: Thread,
    *,
    form: PostForm | None = None,
    page_number: Any = None,
    status: int = 200,
) -> HttpResponse:
    page = selectors.thread_posts(thread, page=page_number or request.GET.get("page"))
    _rendered(page.object_list)
    can_reply = rights.can_post and not thread.is_hidden
    if can_reply and form is None and request.user.is_authenticated:  # only active members may reply
        form = PostForm(mention_choices=selectors.mention_choices(group, request.user, thread))
    context = {
        "group": group,
        "rights": rights,
        "thread": thread,
        "page": page,
        "form": form if can_reply else None,
        "user_id": request.user.pk,
    }
    return render(request, "exchange/groups/thread.html", context, status=status)


@login_first
@require_safe
def thread(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group, rights = readable_group(request, slug)
    thread = access.get_thread_for_user(request.user, group, pk)
    return _thread_response(request, group, rights, thread)


@login_required
@require_POST
@once_per_form
def reply(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    group, rights = readable_group(request, slug)
    thread = access.get_thread_for_user(request.user, group, pk)  # hidden threads: 404 unless moderating
    _check_may_write(rights)
    form = PostForm(request.POST, request.FILES, mention_choices=selectors.mention_choices(group, request.user, thread))
    if form.is_valid():
        try:
            post = services.post_reply(
                thread=thread,
                by=request.user,
                body=form.cleaned_data["body"],
                uploads=form.cleaned_data["attachments"],
                mentioned=form.cleaned_data.get("mentioned") or [],
            )
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Ihre Antwort ist veröffentlicht."))
            return redirect(selectors.post_url(post))
    last = -(-max(thread.reply_count + 1, 1) // selectors.POSTS_PER_PAGE)  # the page the form sits under
    return _thread_response(request, group, rights, thread, form=form, page_number=last, status=400)


@login_required
@require_POST
def thread_pin(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    group, _rights = moderated_group(request, slug)
    thread = access.get_thread_for_user(request.user, group, pk)
    form = PinForm(request.POST)
    pinned = form.is_valid() and form.cleaned_data["pinned"]
    services.thread_set_pinned(thread=thread, by=request.user, pinned=pinned)
    messages.success(
        request, _("Die Diskussion ist oben angeheftet.") if pinned else _("Die Diskussion ist nicht mehr angeheftet.")
    )
    return redirect("exchange:thread", slug=group.slug, pk=thread.pk)


_SIMPLE_HTML = re.compile(r"</?(p|br)\s*/?>")


def _editable_text(body: str) -> str:
    """Stored HTML back as what people typed: paragraphs and line breaks as blank lines and line
    breaks, when that is all the markup; other HTML stays as it is (the form accepts it)."""
    if re.sub(_SIMPLE_HTML, "", body).count("<"):
        return body
    text = re.sub(r"</p>\s*<p>", "\n\n", body)
    text = re.sub(r"<br\s*/?>\n?", "\n", text)
    return html.unescape(re.sub(_SIMPLE_HTML, "", text)).strip()


def _post_for(request: HttpRequest, pk: int) -> tuple[Post, GroupRights]:
    post = access.get_post_for_user(request.user, pk)
    return post, access.group_rights(request.user, post.thread.group)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def post_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    post, rights = _post_for(request, pk)
    if not access.can_edit_post(request.user, post):
        raise PermissionDenied
    if request.method == "POST":
        form = EditPostForm(request.POST)
        if form.is_valid():
            try:
                services.post_edit(post=post, by=request.user, body=form.cleaned_data["body"])
            except ApplicationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Ihr Beitrag ist geändert."))
                return redirect(selectors.post_url(post))
    else:
        form = EditPostForm(initial={"body": _editable_text(post.body)})
    context = {"post": post, "thread": post.thread, "group": post.thread.group, "rights": rights, "form": form}
    return render(request, "exchange/groups/post_edit.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def post_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    post, rights = _post_for(request, pk)
    if not access.can_delete_post(request.user, post):
        raise PermissionDenied
    thread = post.thread
    if request.method == "POST":
        try:
            services.post_delete(post=post, by=request.user)
        except ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Der Beitrag ist gelöscht."))
        return redirect(selectors.post_url(post))
    post.rendered = richtext.render(post.body)  # type: ignore[attr-defined]
    context = {"post": post, "thread": thread, "group": thread.group, "rights": rights}
    return render(request, "exchange/groups/post_delete.html", context)


@login_first
@require_safe
def attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A file from a post, for those who may read the post: never shown inline, never sniffed."""
    try:
        attachment = access.get_attachment_for_user(request.user, pk)
    except Http404:
        if not request.user.is_authenticated:
            raise LoginFirst from None
        raise
    try:
        handle = private_storage().open(attachment.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
