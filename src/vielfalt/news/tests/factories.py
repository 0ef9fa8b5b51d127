"""factory_boy factories for news posts."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from vielfalt.news.models import Post


class PostFactory(factory.django.DjangoModelFactory[Post]):
    """A published news post (``status=Post.Status.DRAFT, published_at=None`` for a draft)."""

    class Meta:
        model = Post

    slug = factory.Sequence(lambda n: f"beitrag-{n}")
    title = factory.Sequence(lambda n: f"Neues aus dem Kompetenzzentrum {n}")
    teaser = "Was sich im Netzwerk der Migrantenorganisationen in Hessen getan hat."
    body = "<p>Die Vereine haben sich getroffen und ihre Erfahrungen ausgetauscht.</p>"
    status = Post.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


def scheduled(**kwargs: object) -> Post:
    """A post published for a moment a day from now (not public yet)."""
    return PostFactory.create(published_at=timezone.now() + timedelta(days=1), **kwargs)


def draft(**kwargs: object) -> Post:
    return PostFactory.create(status=Post.Status.DRAFT, published_at=None, **kwargs)
