"""The demo news: plausible, over the past year, with translations and images, and loaded only once."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from vielfalt.accounts import demo as accounts_demo
from vielfalt.news import access, demo
from vielfalt.news.models import Post

pytestmark = pytest.mark.django_db


def test_the_demo_loads_plausible_posts_once(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    accounts_demo.load(io.StringIO())
    demo.load(io.StringIO())
    demo.load(io.StringIO())  # idempotent

    posts = list(Post.objects.all())
    public = list(access.public_posts())
    assert len(posts) == len(demo.POSTS) >= 12 and len(public) >= 12
    assert {post.kind for post in public} == {Post.Kind.NEWS, Post.Kind.PRESS}
    year_ago = timezone.now() - timedelta(days=366)
    assert all(post.published_at and post.published_at >= year_ago for post in posts)
    assert sum(bool(post.title_translations) for post in posts) >= 6
    with_images = [post for post in posts if post.image]
    assert len(with_images) >= 4 and all(post.image_alt for post in with_images)
    assert all((tmp_path / post.image.name).exists() for post in with_images)
    assert any(post.published_at > timezone.now() for post in posts)  # one is scheduled
    assert all(post.topics.exists() for post in posts)
