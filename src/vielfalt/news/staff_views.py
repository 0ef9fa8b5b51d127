"""The team's pages for news (/<lang>/staff/aktuelles/): the list, writing, publishing, withdrawing, deleting.

Every view: ``staff_required`` (the role and the second factor), parse the input, call one service,
redirect with a message or show the form again with the refusal at its field.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from vielfalt.accounts.access import staff_required
from vielfalt.accounts.http import AuthenticatedHttpRequest
from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import add_service_error
from vielfalt.news import access, selectors, services
from vielfalt.news.forms import ConfirmForm, PostForm, PublishForm
from vielfalt.news.models import Post


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _when(post: Post) -> str:
    assert post.published_at is not None
    return formats.date_format(timezone.localtime(post.published_at), "DATETIME_FORMAT")


@staff_required
@require_safe
def posts(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")
    state = state if state in selectors.STAFF_STATES else ""
    page = Paginator(selectors.posts_for_staff(state=state), selectors.STAFF_PAGE_SIZE).get_page(
        str(request.GET.get("page") or "1")[:8]
    )
    return render(
        request,
        "news/staff/posts.html",
        {"page": page, "state": state, "counts": selectors.news_counts(), "now": timezone.now()},
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def post_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PostForm(_posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_create(data=form.post_input(), image=form.cleaned_data["image"], by=request.user)
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Der Entwurf „%(title)s“ ist gespeichert. Veröffentlichen Sie ihn, wenn er fertig ist.")
                % {"title": post.title},
            )
            return redirect("staff:news_post_edit", pk=post.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "news/staff/post_form.html", {"form": form, "post": None}, status=status)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def post_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)
    form = PostForm(_posted(request), request.FILES or None, post=post, initial=PostForm.initial_for(post))
    if request.method == "POST" and form.is_valid():
        try:
            services.post_update(
                post=post,
                data=form.post_input(),
                image=form.cleaned_data["image"],
                remove_image=form.cleaned_data.get("remove_image", False),
                by=request.user,
            )
        except ApplicationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Der Beitrag ist gespeichert."))
            return redirect("staff:news_post_edit", pk=post.pk)
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "post": post,
        "is_public": access.is_public(post),
    }
    return render(request, "news/staff/post_form.html", context, status=status)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def post_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)
    form = PublishForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        at = form.publish_at()
        post = services.post_publish(post=post, at=at, by=request.user)
        if access.is_public(post):
            messages.success(request, _("Der Beitrag „%(title)s“ ist veröffentlicht.") % {"title": post.title})
        else:
            messages.success(
                request,
                _("Der Beitrag „%(title)s“ erscheint am %(when)s.") % {"title": post.title, "when": _when(post)},
            )
        return redirect("staff:news_posts")
    status = 400 if request.method == "POST" else 200
    return render(request, "news/staff/publish.html", {"form": form, "post": post}, status=status)


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def post_unpublish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)
    if request.method == "POST":
        try:
            services.post_unpublish(post=post, by=request.user)
        except ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Der Beitrag ist zurückgezogen und wieder ein Entwurf."))
        return redirect("staff:news_post_edit", pk=post.pk)
    return render(request, "news/staff/unpublish.html", {"form": ConfirmForm(), "post": post})


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def post_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)
    if request.method == "POST":
        title = post.title
        services.post_delete(post=post, by=request.user)
        messages.success(request, _("Der Beitrag „%(title)s“ ist gelöscht.") % {"title": title})
        return redirect("staff:news_posts")
    return render(request, "news/staff/delete.html", {"form": ConfirmForm(), "post": post})
