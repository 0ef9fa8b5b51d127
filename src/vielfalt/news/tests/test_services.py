"""The news services on their own: what they refuse, what they clean, and that a refusal saves nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from vielfalt.core.errors import ApplicationError
from vielfalt.news import access, services
from vielfalt.news.models import Post
from vielfalt.news.services import PostInput
from vielfalt.news.tests.factories import PostFactory, draft

pytestmark = pytest.mark.django_db


def data(**overrides: object) -> PostInput:
    values: dict[str, object] = {"title": "Plattform gestartet", "teaser": "Sie ist online.", "body": "<p>Endlich.</p>"}
    values.update(overrides)
    return PostInput(**values)  # type: ignore[arg-type]


def test_an_image_without_a_description_is_refused_and_the_database_would_refuse_it_too(personas):
    with pytest.raises(ApplicationError) as refused:
        services.post_create(data=data(), image=ContentFile(b"x", name="a.png"), by=personas.staff)
    assert refused.value.field == "image_alt" and not Post.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        PostFactory(image="news/a.png", image_alt="")


def test_a_published_post_without_a_date_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        PostFactory(published_at=None)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": " "}, "title"),
        ({"teaser": ""}, "teaser"),
        ({"body": "<p><br></p>"}, "body"),
        ({"kind": "blog"}, "kind"),
        ({"title_translations": {"xx": "Hallo"}}, "title"),
        ({"teaser_translations": {"en": "x" * 401}}, "teaser"),
        ({"image_alt": "x" * 301}, "image_alt"),
    ],
)
def test_bad_values_are_refused_naming_their_field(personas, overrides, field):
    with pytest.raises(ApplicationError) as refused:
        services.post_create(data=data(**overrides), by=personas.staff)
    assert refused.value.field == field
    assert not Post.objects.exists()


def test_the_body_and_its_translations_are_sanitised(personas):
    post = services.post_create(
        data=data(
            body='<p onclick="x()">Hallo <img src=x onerror=alert(1)></p>',
            body_translations={"en": "<p>Hi<script>alert(1)</script></p>", "tr": "<p> </p>"},
        ),
        by=personas.staff,
    )
    assert post.body == "<p>Hallo </p>"
    assert post.body_translations == {"en": "<p>Hi</p>"}  # an empty translation is none


def test_addresses_are_unique_readable_and_never_a_reserved_word(personas):
    first = services.post_create(data=data(title="Gießen: Regionaltreffen"), by=personas.staff)
    second = services.post_create(data=data(title="Gießen: Regionaltreffen"), by=personas.staff)
    feed = services.post_create(data=data(title="Feed"), by=personas.staff)
    arabic = services.post_create(data=data(title="!!!"), by=personas.staff)
    assert (first.slug, second.slug) == ("giessen-regionaltreffen", "giessen-regionaltreffen-2")
    assert feed.slug == "feed-2" and arabic.slug == "beitrag"


def test_a_description_without_an_image_is_not_kept(personas):
    post = services.post_create(data=data(image_alt="Beschreibt nichts"), by=personas.staff)
    assert post.image_alt == ""


def test_publishing_later_is_public_only_from_then_on(personas):
    post = draft()
    later = timezone.now() + timedelta(hours=3)
    services.post_publish(post=post, at=later, by=personas.staff)
    post.refresh_from_db()
    assert not access.is_public(post) and not access.public_posts().exists()
    assert access.is_public(post, now=later) and access.public_posts(later).get() == post
    with pytest.raises(ValueError):
        services.post_publish(post=post, at=datetime(2027, 1, 1, 9), by=personas.staff)


def test_a_persons_data_lists_the_posts_they_wrote_and_deletion_keeps_the_posts(personas):
    from vielfalt.accounts import personal_data
    from vielfalt.news import selectors

    post = services.post_create(data=data(), by=personas.staff)
    assert "news" in personal_data.exporters()
    [exported] = selectors.personal_data_export(personas.staff)
    assert exported["title"] == "Plattform gestartet" and exported["status"] == "draft"
    personal_data.erasers()["news"](personas.staff)
    post.refresh_from_db()
    assert post.created_by is None and selectors.personal_data_export(personas.staff) == []
