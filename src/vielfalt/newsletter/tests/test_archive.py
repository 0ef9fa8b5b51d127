"""The public archive of issues, in the visitor's language."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from conftest import Personas, login
from vielfalt.news.models import Post
from vielfalt.news.tests.factories import PostFactory
from vielfalt.newsletter.models import Issue
from vielfalt.newsletter.tests.factories import IssueFactory

pytestmark = pytest.mark.django_db


def _sent(**kwargs: Any) -> Issue:
    return IssueFactory(status=Issue.Status.SENT, sent_at=timezone.now(), **kwargs)


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "member", "org_admin", "staff", "staff_no_mfa"])
def test_everyone_reads_the_archive_but_no_drafts(client: Client, personas: Personas, persona: str) -> None:
    if persona != "anonymous":
        login(client, getattr(personas, persona))
    sent = _sent(subject="Ausgabe Herbst")
    draft = IssueFactory(subject="Geheimer Entwurf")
    archive = client.get("/de/newsletter/archiv/")
    assert archive.status_code == 200
    assert "Ausgabe Herbst" in archive.content.decode()
    assert "Geheimer Entwurf" not in archive.content.decode()
    assert client.get(f"/de/newsletter/archiv/{sent.pk}/").status_code == 200
    assert client.get(f"/de/newsletter/archiv/{draft.pk}/").status_code == 404
    assert client.get("/de/newsletter/archiv/999999/").status_code == 404


def test_an_issue_is_shown_in_the_visitors_language_with_german_where_missing(client: Client) -> None:
    issue = _sent(subject="Ausgabe Winter", subject_translations={"en": "Winter issue"})
    post = PostFactory(title="Beitrag nur deutsch")
    issue.posts.set([post])
    english = client.get(f"/en/newsletter/archiv/{issue.pk}/").content.decode()
    assert "Winter issue" in english
    assert "Dear readers" in english
    assert 'lang="de"' in english  # the German post title is marked as German
    turkish = client.get(f"/tr/newsletter/archiv/{issue.pk}/").content.decode()
    assert "Ausgabe Winter" in turkish


def test_items_no_longer_public_leave_the_archive(client: Client) -> None:
    issue = _sent()
    kept = PostFactory(title="Bleibt öffentlich")
    withdrawn = PostFactory(title="Zurückgezogen")
    issue.posts.set([kept, withdrawn])
    Post.objects.filter(pk=withdrawn.pk).update(status=Post.Status.DRAFT, published_at=None)
    page = client.get(f"/de/newsletter/archiv/{issue.pk}/").content.decode()
    assert "Bleibt öffentlich" in page
    assert "Zurückgezogen" not in page


def test_the_archive_has_a_fixed_number_of_queries(client: Client, django_assert_max_num_queries: Any) -> None:
    for _ in range(15):
        _sent()
    with django_assert_max_num_queries(4):
        assert client.get("/de/newsletter/archiv/").status_code == 200
