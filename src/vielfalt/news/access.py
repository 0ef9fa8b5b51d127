"""Who may see or change news posts (the only place that decides it).

Everyone sees a post once it is public: published and its time has come (``published_at <= now``).
The team (staff acting with MFA) writes, publishes and deletes posts and previews drafts and scheduled
posts on their public address; nobody else learns that such a post exists (404, not 403).
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from vielfalt.accounts.access import acts_with_staff_rights
from vielfalt.accounts.types import Viewer
from vielfalt.news.models import Post


def is_public_q(now: datetime | None = None) -> Q:
    """The contract other apps rely on: published, and the publication time has come."""
    return Q(status=Post.Status.PUBLISHED, published_at__lte=now or timezone.now())


def public_posts(now: datetime | None = None) -> QuerySet[Post]:
    return Post.objects.filter(is_public_q(now))


def is_public(post: Post, now: datetime | None = None) -> bool:
    return (
        post.status == Post.Status.PUBLISHED
        and post.published_at is not None
        and post.published_at <= (now or timezone.now())
    )


def can_manage_news(user: Viewer) -> bool:
    """Writing, publishing and deleting posts: the team."""
    return acts_with_staff_rights(user)


def get_post_for_user(user: Viewer, slug: str) -> Post:
    """The post at ``slug`` if ``user`` may read it (the team also drafts and scheduled posts); 404 otherwise."""
    post = Post.objects.filter(slug=slug).first()
    if post is None or not (is_public(post) or can_manage_news(user)):
        raise Http404
    return post
