"""factory_boy factories for the exchange (groups, memberships, threads, posts).

``ThreadFactory`` also writes the thread's opening post (by the thread's author), as the service
does; ``PostFactory`` adds a reply. Neither keeps ``reply_count``/``last_post_at`` up to date for
you beyond what a single call implies — tests that need exact counters use the services.
"""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from vielfalt.accounts.tests.factories import UserFactory
from vielfalt.exchange.models import Group, GroupMembership, Post, Thread


class GroupFactory(factory.django.DjangoModelFactory[Group]):
    """An open topic group that every account can read."""

    class Meta:
        model = Group
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"foerdermittel-{n}")
    kind = Group.Kind.TOPIC
    name = factory.Sequence(lambda n: f"Fördermittel {n}")
    description = "Wir tauschen uns über Förderprogramme, Anträge und Verwendungsnachweise aus."
    joining = Group.Joining.OPEN
    visibility = Group.Visibility.PLATFORM


class GroupMembershipFactory(factory.django.DjangoModelFactory[GroupMembership]):
    """An active member (pass ``role=GroupMembership.Role.MODERATOR`` for a moderator)."""

    class Meta:
        model = GroupMembership

    group = factory.SubFactory(GroupFactory)
    user = factory.SubFactory(UserFactory)
    role = GroupMembership.Role.MEMBER
    status = GroupMembership.Status.ACTIVE


class ThreadFactory(factory.django.DjangoModelFactory[Thread]):
    """A thread with its opening post (``body`` sets the opening post's text)."""

    class Meta:
        model = Thread
        skip_postgeneration_save = True

    group = factory.SubFactory(GroupFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Wer hat Erfahrung mit dem Landesprogramm? ({n})")
    last_post_at = factory.LazyFunction(timezone.now)
    reply_count = 0

    @factory.post_generation
    def body(self: Thread, create: bool, extracted: str | None, **kwargs: Any) -> None:
        if create:
            Post.objects.create(
                thread=self, author=self.author, body=extracted or "<p>Wir planen einen Antrag und suchen Tipps.</p>"
            )


class PostFactory(factory.django.DjangoModelFactory[Post]):
    """A reply in a thread (bumps the thread's ``reply_count`` and ``last_post_at``)."""

    class Meta:
        model = Post
        skip_postgeneration_save = True

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    body = "<p>Wir haben gute Erfahrungen gemacht, gern mehr dazu beim nächsten Treffen.</p>"

    @factory.post_generation
    def bump_thread(self: Post, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            Thread.objects.filter(pk=self.thread_id).update(
                reply_count=Post.objects.filter(thread_id=self.thread_id).count() - 1, last_post_at=self.created_at
            )
