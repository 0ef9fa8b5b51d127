"""The team's newsletter pages: every persona, composing, preview, test, sending, the dashboard tile."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import Personas, login, refused_status
from vielfalt.events.tests.factories import EventFactory
from vielfalt.funding.tests.factories import CallFactory, ProgrammeFactory
from vielfalt.news.models import Post
from vielfalt.news.tests.factories import PostFactory
from vielfalt.newsletter.models import Delivery, Issue
from vielfalt.newsletter.tests.factories import IssueFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db


def _pages(issue: Issue) -> list[tuple[str, str]]:
    """(method, path) of every staff page of the newsletter."""
    return [
        ("get", reverse("staff:newsletter_issues")),
        ("get", reverse("staff:newsletter_issue_create")),
        ("get", reverse("staff:newsletter_issue", kwargs={"pk": issue.pk})),
        ("get", reverse("staff:newsletter_issue_edit", kwargs={"pk": issue.pk})),
        ("get", reverse("staff:newsletter_issue_preview", kwargs={"pk": issue.pk, "language": "fa"})),
        ("post", reverse("staff:newsletter_issue_test", kwargs={"pk": issue.pk})),
        ("get", reverse("staff:newsletter_issue_send", kwargs={"pk": issue.pk})),
        ("post", reverse("staff:newsletter_issue_send", kwargs={"pk": issue.pk})),
        ("get", reverse("staff:newsletter_issue_delete", kwargs={"pk": issue.pk})),
        ("post", reverse("staff:newsletter_issue_delete", kwargs={"pk": issue.pk})),
    ]


@pytest.mark.parametrize("persona", ["outsider", "member", "org_admin", "staff_no_mfa"])
def test_only_the_team_reaches_the_newsletter_pages(
    client: Client, personas: Personas, organisation: Any, persona: str, mailbox: list
) -> None:
    SubscriptionFactory()
    issue = IssueFactory()
    login(client, getattr(personas, persona))
    for method, path in _pages(issue):
        response = getattr(client, method)(path, {"language": "de"} if method == "post" else None)
        assert response.status_code == refused_status(persona), path
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT
    assert not mailbox


def test_anonymous_visitors_are_sent_to_the_login(client: Client, personas: Personas) -> None:
    issue = IssueFactory()
    for method, path in _pages(issue):
        response = getattr(client, method)(path)
        assert response.status_code == 302, path
        assert "/accounts/login/" in response["Location"]


def test_the_team_sees_every_page(client: Client, personas: Personas) -> None:
    SubscriptionFactory()
    issue = IssueFactory()
    login(client, personas.staff)
    for method, path in _pages(issue)[:5]:
        assert getattr(client, method)(path).status_code == 200, path
    for language in ("de", "en", "tr", "ar", "fa", "ru", "uk"):
        path = reverse("staff:newsletter_issue_preview", kwargs={"pk": issue.pk, "language": language})
        assert client.get(path).status_code == 200
    assert (
        client.get(reverse("staff:newsletter_issue_preview", kwargs={"pk": issue.pk, "language": "xx"})).status_code
        == 404
    )
    assert client.get(reverse("staff:newsletter_issue", kwargs={"pk": 999999})).status_code == 404


def _issue_form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "subject": "Neues im Dezember",
        "subject_en": "News in December",
        "intro": "Liebe Vereine,\n\ndas Jahr geht zu Ende.",
        "intro_tr": "Sevgili dernekler,\n\nyıl sona eriyor.",
    }
    data.update(changes)
    return data


def test_staff_compose_preview_test_and_send_an_issue(client: Client, personas: Personas, mailbox: list) -> None:
    post = PostFactory(title="Fortbildung Fördermittel", title_translations={"en": "Training on funding"})
    draft = PostFactory(title="Noch nicht veröffentlicht", status=Post.Status.DRAFT, published_at=None)
    scheduled = PostFactory(title="Erst morgen", published_at=timezone.now() + timedelta(days=1))
    call = CallFactory(title="WIR-Mikroprojekte 2027")
    closed = CallFactory(title="Abgelaufen", deadline=timezone.localdate() - timedelta(days=1))
    hidden_programme = CallFactory(title="Programm unveröffentlicht", programme=ProgrammeFactory(is_published=False))
    event = EventFactory(title="Regionaltreffen Südhessen")
    members_only = EventFactory(title="Nur für Mitglieder", audience="members")
    SubscriptionFactory(email="leser-de@example.org", language="de")
    SubscriptionFactory(email="reader-en@example.org", language="en")
    login(client, personas.staff)

    form = client.get(reverse("staff:newsletter_issue_create")).content.decode()
    for offered in (post, call, event):
        assert offered.title in form
    for not_offered in (draft, scheduled, closed, hidden_programme, members_only):
        assert not_offered.title not in form

    response = client.post(
        reverse("staff:newsletter_issue_create"),
        _issue_form(posts=[post.pk], calls=[call.pk], events=[event.pk]),
    )
    assert response.status_code == 302
    issue = Issue.objects.get()
    assert issue.subject_translations == {"en": "News in December"}
    assert issue.intro_translations == {"tr": "Sevgili dernekler,\n\nyıl sona eriyor."}
    assert issue.created_by == personas.staff
    detail = client.get(response["Location"]).content.decode()
    assert "an 2 Empfängerinnen und Empfänger" in detail

    preview = client.get(reverse("staff:newsletter_issue_preview", kwargs={"pk": issue.pk, "language": "en"}))
    assert "Training on funding" in preview.content.decode()
    assert "News in December" in preview.content.decode()

    client.post(reverse("staff:newsletter_issue_test", kwargs={"pk": issue.pk}), {"language": "tr"})
    assert [m.to for m in mailbox] == [[personas.staff.email]]
    assert "Sevgili dernekler" in mailbox[0].body

    assert client.get(reverse("staff:newsletter_issue_send", kwargs={"pk": issue.pk})).status_code == 200
    sent = client.post(reverse("staff:newsletter_issue_send", kwargs={"pk": issue.pk}))
    assert sent.status_code == 302
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert issue.sent_by == personas.staff
    assert sorted(m.to[0] for m in mailbox[1:]) == ["leser-de@example.org", "reader-en@example.org"]
    english = next(m for m in mailbox if m.to == ["reader-en@example.org"])
    assert english.subject == "News in December"
    assert "Training on funding" in english.body

    # Sent: it cannot be sent again, changed or deleted.
    again = client.post(reverse("staff:newsletter_issue_send", kwargs={"pk": issue.pk}))
    assert again.status_code == 400
    assert "schon versendet" in again.content.decode()
    assert (
        client.post(reverse("staff:newsletter_issue_edit", kwargs={"pk": issue.pk}), _issue_form()).status_code == 302
    )
    assert client.post(reverse("staff:newsletter_issue_delete", kwargs={"pk": issue.pk})).status_code == 400
    issue.refresh_from_db()
    assert issue.subject == "Neues im Dezember"
    assert Delivery.objects.count() == 2
    assert len(mailbox) == 3
    overview = client.get(reverse("staff:newsletter_issue", kwargs={"pk": issue.pk})).content.decode()
    assert "Versand abgeschlossen" in overview


def test_an_issue_needs_a_subject_and_some_content(client: Client, personas: Personas) -> None:
    login(client, personas.staff)
    empty = client.post(reverse("staff:newsletter_issue_create"), _issue_form(subject="", intro=""))
    assert empty.status_code == 400
    nothing = client.post(reverse("staff:newsletter_issue_create"), _issue_form(intro=""))
    assert nothing.status_code == 400
    assert "braucht eine Einleitung" in nothing.content.decode()
    markup = client.post(reverse("staff:newsletter_issue_create"), _issue_form(subject="<script>x</script>"))
    assert markup.status_code == 400
    too_long = client.post(reverse("staff:newsletter_issue_create"), _issue_form(subject="x" * 201))
    assert too_long.status_code == 400
    unknown = client.post(reverse("staff:newsletter_issue_create"), _issue_form(posts=["999999"]))
    assert unknown.status_code == 400
    assert not Issue.objects.exists()


def test_a_draft_can_be_edited_and_deleted(client: Client, personas: Personas) -> None:
    issue = IssueFactory()
    login(client, personas.staff)
    response = client.post(
        reverse("staff:newsletter_issue_edit", kwargs={"pk": issue.pk}), _issue_form(subject="Anders")
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.subject == "Anders"
    assert client.post(reverse("staff:newsletter_issue_delete", kwargs={"pk": issue.pk})).status_code == 302
    assert not Issue.objects.exists()


def test_the_form_of_a_draft_shows_what_it_holds(client: Client, personas: Personas) -> None:
    post = PostFactory(title="Sommerfest der Vereine")
    issue = IssueFactory(subject="Ausgabe Juli")
    issue.posts.add(post)
    login(client, personas.staff)

    page = client.get(reverse("staff:newsletter_issue_edit", kwargs={"pk": issue.pk})).content.decode()

    assert 'value="Ausgabe Juli"' in page
    assert "hier sind die Neuigkeiten aus dem Kompetenzzentrum." in page
    assert re.search(rf'<input [^>]*name="posts" value="{post.pk}"[^>]* checked>', page)


def test_sending_to_nobody_is_refused_with_a_message(client: Client, personas: Personas) -> None:
    issue = IssueFactory()
    login(client, personas.staff)
    response = client.post(reverse("staff:newsletter_issue_send", kwargs={"pk": issue.pk}))
    assert response.status_code == 400
    assert "würde niemand bekommen" in response.content.decode()


def test_the_issue_list_has_a_fixed_number_of_queries(
    client: Client, personas: Personas, django_assert_max_num_queries: Any
) -> None:
    SubscriptionFactory.create_batch(3)
    for _ in range(8):
        IssueFactory()
    login(client, personas.staff)
    client.get(reverse("staff:newsletter_issues"))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("staff:newsletter_issues")).status_code == 200


def test_the_dashboard_tile_is_cheap_and_for_the_team_only(
    client: Client, personas: Personas, django_assert_max_num_queries: Any
) -> None:
    from django.test import RequestFactory

    from vielfalt.newsletter.setup import dashboard_tile

    SubscriptionFactory.create_batch(2)
    IssueFactory()
    request = RequestFactory().get("/")
    request.user = personas.staff
    with django_assert_max_num_queries(2):
        context = dashboard_tile(request)
    assert context == {"counts": {"confirmed": 2, "suspended": 0, "drafts": 1, "sending": 0}}
    request.user = personas.staff_no_mfa
    assert dashboard_tile(request) is None
    login(client, personas.staff)
    assert "Ausgabe zusammenstellen" in client.get(reverse("staff:dashboard")).content.decode()
