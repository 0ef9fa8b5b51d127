"""The contact form on a profile: the message reaches the admins, the address stays hidden."""

import pytest
from django.core.cache import cache

from conftest import login
from vielfalt.organisations.models import Membership, Organisation
from vielfalt.organisations.tests.factories import OrganisationFactory


@pytest.fixture(autouse=True)
def _empty_cache(db: None):
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def submit(client, django_capture_on_commit_callbacks):
    def post(path, data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data, **extra)

    return post


@pytest.fixture
def message():
    return {"name": "Olena Kovalenko", "email": "olena@example.org", "message": "Können wir Ihren Raum mieten?"}


def contact(organisation):
    return f"/de/organisationen/{organisation.slug}/kontakt/"


@pytest.mark.django_db
def test_the_message_goes_to_each_admin_in_their_language(client, submit, personas, organisation, mailbox, message):
    second_admin = personas.outsider
    second_admin.preferred_language = "uk"
    second_admin.save()
    Membership.objects.create(organisation=organisation, user=second_admin, role=Membership.Role.ADMIN)

    response = submit(contact(organisation), message)

    assert response.status_code == 302
    assert response["Location"] == f"/de/organisationen/{organisation.slug}/"
    assert sorted(m.to[0] for m in mailbox) == [personas.org_admin.email, second_admin.email]
    for mail in mailbox:
        assert mail.reply_to == ["olena@example.org"]
        assert "Können wir Ihren Raum mieten?" in mail.body
        assert "Olena Kovalenko" in mail.subject
        assert organisation.contact_email not in mail.to
    ukrainian = next(m for m in mailbox if m.to == [second_admin.email])
    assert '<html lang="uk"' in ukrainian.alternatives[0][0]
    assert personas.member.email not in [m.to[0] for m in mailbox]  # members are not admins
    assert (
        "Vielen Dank! Ihre Nachricht ist an die Organisation unterwegs."
        in client.get(response["Location"]).content.decode()
    )


@pytest.mark.django_db
def test_without_admins_the_message_goes_to_the_contact_address(submit, mailbox, message):
    organisation = OrganisationFactory()  # created by staff, nobody administers it yet

    submit(contact(organisation), message)

    assert [m.to for m in mailbox] == [[organisation.contact_email]]


@pytest.mark.django_db
def test_html_in_a_message_is_escaped(submit, organisation, mailbox, message):
    submit(contact(organisation), {**message, "message": "<img src=x onerror=alert(1)>"})

    html = mailbox[0].alternatives[0][0]
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.django_db
def test_a_bot_filling_the_honeypot_gets_thanked_but_nothing_is_sent(submit, organisation, mailbox, message):
    response = submit(contact(organisation), {**message, "website": "https://spam.example"})

    assert response.status_code == 302
    assert mailbox == []


@pytest.mark.django_db
def test_the_honeypot_is_hidden_from_people(client, organisation):
    content = client.get(f"/de/organisationen/{organisation.slug}/").content.decode()

    assert '<div class="vf-hp">' in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad",
    [{"email": "not-an-email"}, {"message": ""}, {"name": ""}, {"message": "x" * 5001}],
)
def test_invalid_messages_are_not_sent(submit, organisation, mailbox, message, bad):
    response = submit(contact(organisation), {**message, **bad})

    assert response.status_code == 200
    assert "Bitte korrigieren Sie die folgenden Angaben:" in response.content.decode()
    assert mailbox == []


@pytest.mark.django_db
def test_too_many_messages_are_refused_with_429(submit, organisation, mailbox, message, settings):
    settings.PUBLIC_FORM_RATE = "2/h"
    other = OrganisationFactory()

    statuses = [
        submit(contact(organisation), message).status_code,
        submit(contact(other), message).status_code,  # the limit counts across organisations
        submit(contact(organisation), message).status_code,
    ]

    assert statuses == [302, 302, 429]
    assert len(mailbox) == 2


@pytest.mark.django_db
def test_the_rate_limit_message_reaches_htmx_users(submit, organisation, message, settings):
    settings.PUBLIC_FORM_RATE = "1/h"
    submit(contact(organisation), message)

    response = submit(contact(organisation), message, headers={"HX-Request": "true"})

    assert response.status_code == 200  # htmx would not swap a 429
    assert "sehr viele Nachrichten" in response.content.decode()


@pytest.mark.django_db
def test_with_htmx_only_the_form_comes_back(submit, organisation, mailbox, message):
    response = submit(contact(organisation), message, headers={"HX-Request": "true"})

    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<div id="contact-form">')
    assert "<html" not in content
    assert "Vielen Dank! Ihre Nachricht ist an die Organisation unterwegs." in content
    assert "Können wir Ihren Raum mieten?" not in content  # a fresh form
    assert len(mailbox) == 1


@pytest.mark.django_db
def test_htmx_errors_come_back_in_the_fragment(submit, organisation, mailbox, message):
    response = submit(contact(organisation), {**message, "email": "x"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "Bitte korrigieren Sie die folgenden Angaben:" in response.content.decode()
    assert mailbox == []


@pytest.mark.django_db
def test_the_contact_page_works_without_javascript(client, organisation):
    response = client.get(contact(organisation))

    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("<h1") == 1
    assert f'action="/de/organisationen/{organisation.slug}/kontakt/"' in content


@pytest.mark.django_db
def test_signed_in_people_find_their_name_filled_in(client, personas, organisation):
    login(client, personas.outsider)

    content = client.get(f"/de/organisationen/{organisation.slug}/").content.decode()

    assert 'value="Otto Außen"' in content
    assert 'value="outsider@example.org"' in content


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["pending", "archived"])
def test_hidden_profiles_cannot_be_contacted(client, submit, personas, organisation, mailbox, message, status):
    Organisation.objects.filter(pk=organisation.pk).update(status=status)

    assert submit(contact(organisation), message).status_code == 404
    login(client, personas.member)
    response = submit(contact(organisation), message)
    assert response.status_code == 200
    assert "kann gerade nicht kontaktiert werden" in response.content.decode()
    assert mailbox == []


@pytest.mark.django_db
def test_unknown_organisations_cannot_be_contacted(submit, message):
    assert submit("/de/organisationen/niemand/kontakt/", message).status_code == 404


@pytest.mark.django_db
def test_the_visitor_gets_no_copy_unless_they_ask(submit, personas, organisation, mailbox, message):
    submit(contact(organisation), message)
    assert "olena@example.org" not in [m.to[0] for m in mailbox]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "subject"),
    [("de", "Kopie Ihrer Nachricht an"), ("tr", "kuruluşuna gönderdiğiniz mesajın kopyası"), ("ar", "نسخة من رسالتكم")],
)
def test_a_visitor_who_asks_gets_a_copy_in_the_language_they_wrote_in(
    submit, personas, organisation, mailbox, message, language, subject
):
    response = submit(f"/{language}/organisationen/{organisation.slug}/kontakt/", {**message, "send_copy": "on"})
    assert response.status_code == 302
    (copy,) = [m for m in mailbox if m.to == ["olena@example.org"]]
    assert subject in copy.subject
    assert "Können wir Ihren Raum mieten?" in copy.body
    assert personas.org_admin.email not in copy.body  # the admins' addresses stay hidden
    assert f'<html lang="{language}"' in copy.alternatives[0][0]


@pytest.mark.django_db
def test_copies_to_one_address_are_rate_limited(submit, organisation, mailbox, message, settings):
    settings.PUBLIC_FORM_RATE = "100/h"
    for _ in range(5):
        submit(contact(organisation), {**message, "send_copy": "on"})
    assert len([m for m in mailbox if m.to == ["olena@example.org"]]) == 3
    assert len([m for m in mailbox if m.to != ["olena@example.org"]]) == 5  # the organisation got every message
