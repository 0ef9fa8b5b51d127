"""The accessibility feedback and contact forms: stored, emailed, protected against spam and floods."""

import pytest
from django.utils import translation

from conftest import login
from vielfalt.core.testing.layout import in_layout
from vielfalt.pages.models import AccessibilityFeedback, ContactMessage

FEEDBACK = "/barrierefreiheit/"
CONTACT = "/kontakt/"


@pytest.fixture
def feedback_data():
    return {
        "message": "Das Sprachmenü ist mit der Tastatur nicht erreichbar.",
        "page_url": "/de/",
        "name": "Samir Haddad",
        "email": "samir@example.org",
    }


@pytest.fixture
def contact_data():
    return {
        "name": "Olena Kovalenko",
        "email": "olena@example.org",
        "subject": "Vereinsgründung",
        "message": "Wir brauchen Beratung.",
    }


def gettext_in(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


# --- accessibility feedback -----------------------------------------------------------------------


@pytest.mark.django_db
def test_feedback_is_stored_and_confirmed(client, submit, feedback_data):
    response = submit(f"/de{FEEDBACK}", feedback_data)

    assert response.status_code == 302
    assert response["Location"] == f"/de{FEEDBACK}"
    feedback = AccessibilityFeedback.objects.get()
    assert (feedback.name, feedback.email, feedback.page_url, feedback.language, feedback.user) == (
        "Samir Haddad",
        "samir@example.org",
        "/de/",
        "de",
        None,
    )
    assert feedback.message == feedback_data["message"]
    assert "Vielen Dank! Ihre Rückmeldung ist bei uns angekommen." in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_feedback_emails_the_team_in_german_and_the_sender_in_their_language(submit, mailbox, settings, feedback_data):
    submit(f"/uk{FEEDBACK}", feedback_data)

    notice, receipt = sorted(mailbox, key=lambda message: message.to != [settings.STAFF_EMAIL])
    assert notice.to == [settings.STAFF_EMAIL]
    assert notice.subject == "Neue Rückmeldung zur Barrierefreiheit"
    assert notice.reply_to == ["samir@example.org"]
    assert feedback_data["message"] in notice.body
    assert "Sprache: uk" in notice.body

    assert receipt.to == ["samir@example.org"]
    assert receipt.subject == gettext_in("uk", "Wir haben Ihre Nachricht erhalten")
    assert gettext_in("uk", "Ihr Team des Kompetenzzentrums Vielfalt Hessen") in receipt.body
    html, mimetype = receipt.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="uk"' in html
    assert AccessibilityFeedback.objects.get().language == "uk"


@pytest.mark.django_db
def test_html_in_feedback_is_escaped_in_the_html_email(submit, mailbox, settings):
    submit(
        f"/de{FEEDBACK}", {"message": "<img src=x onerror=alert(1)>", "name": "<b>Eve</b>", "email": "eve@example.org"}
    )

    notice = next(message for message in mailbox if message.to == [settings.STAFF_EMAIL])
    html = notice.alternatives[0][0]
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<b>Eve</b>" not in html


@pytest.mark.django_db
def test_anonymous_feedback_without_email_sends_only_the_team_notice(submit, mailbox, settings):
    submit(f"/de{FEEDBACK}", {"message": "Kontrast zu schwach."})

    assert [message.to for message in mailbox] == [[settings.STAFF_EMAIL]]
    assert mailbox[0].reply_to == []
    assert AccessibilityFeedback.objects.get().name == ""


@pytest.mark.django_db
def test_feedback_from_a_signed_in_person_is_linked_to_them(client, submit, personas, feedback_data):
    login(client, personas.member)

    submit(f"/de{FEEDBACK}", feedback_data)

    assert AccessibilityFeedback.objects.get().user == personas.member


@pytest.mark.django_db
def test_feedback_with_htmx_returns_the_form_fragment(submit, mailbox, feedback_data):
    response = submit(f"/de{FEEDBACK}", feedback_data, headers={"HX-Request": "true"})

    assert response.status_code == 200
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="feedback-form">')
    assert "<html" not in content
    assert "Vielen Dank! Ihre Rückmeldung ist bei uns angekommen." in content
    assert feedback_data["message"] not in content  # a fresh, empty form
    assert AccessibilityFeedback.objects.count() == 1
    assert len(mailbox) == 2


@pytest.mark.django_db
def test_feedback_honeypot_stores_nothing_but_looks_successful(client, submit, mailbox, feedback_data):
    response = submit(f"/de{FEEDBACK}", {**feedback_data, "website": "http://spam.example"})

    assert response.status_code == 302
    assert "Vielen Dank!" in client.get(response["Location"]).content.decode()
    assert not AccessibilityFeedback.objects.exists()
    assert mailbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"), [("message", ""), ("message", "   "), ("email", "keine-adresse"), ("message", "x" * 5001)]
)
def test_invalid_feedback_shows_errors_and_stores_nothing(submit, mailbox, feedback_data, field, value):
    response = submit(f"/de{FEEDBACK}", {**feedback_data, field: value})

    assert response.status_code == 200
    assert in_layout(response)
    content = response.content.decode()
    assert "data-error-summary" in content
    assert f'href="#id_{field}"' in content
    assert 'aria-invalid="true"' in content
    assert not AccessibilityFeedback.objects.exists()
    assert mailbox == []


@pytest.mark.django_db
def test_invalid_feedback_with_htmx_returns_the_fragment_with_errors(submit, feedback_data):
    response = submit(f"/de{FEEDBACK}", {**feedback_data, "message": ""}, headers={"HX-Request": "true"})

    # 200, so that htmx swaps the form with its errors in.
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="feedback-form"' in content
    assert "<html" not in content
    assert "data-error-summary" in content
    assert not AccessibilityFeedback.objects.exists()


# --- rate limit -------------------------------------------------------------------------------------


@pytest.fixture
def two_per_hour(settings):
    settings.PUBLIC_FORM_RATE = "2/h"


@pytest.mark.django_db
@pytest.mark.usefixtures("two_per_hour")
def test_feedback_rate_limit(submit, mailbox, feedback_data):
    assert [submit(f"/de{FEEDBACK}", feedback_data).status_code for _ in range(2)] == [302, 302]
    mailbox.clear()

    response = submit(f"/de{FEEDBACK}", feedback_data)

    assert response.status_code == 429
    assert in_layout(response)
    assert "Sie haben in kurzer Zeit sehr viele Nachrichten gesendet." in response.content.decode()
    assert AccessibilityFeedback.objects.count() == 2
    assert mailbox == []


@pytest.mark.django_db
@pytest.mark.usefixtures("two_per_hour")
def test_rate_limit_with_htmx(submit, feedback_data):
    for _ in range(2):
        submit(f"/de{FEEDBACK}", feedback_data, headers={"HX-Request": "true"})

    response = submit(f"/de{FEEDBACK}", feedback_data, headers={"HX-Request": "true"})

    assert response.status_code == 200  # htmx swaps only 2xx answers; the fragment carries the message
    assert 'id="feedback-form"' in response.content.decode()
    assert "Sie haben in kurzer Zeit sehr viele Nachrichten gesendet." in response.content.decode()
    assert AccessibilityFeedback.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.usefixtures("two_per_hour")
def test_rate_limits_are_per_form(submit, feedback_data, contact_data):
    for _ in range(3):
        submit(f"/de{FEEDBACK}", feedback_data)

    assert submit(f"/de{CONTACT}", contact_data).status_code == 302
    assert ContactMessage.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.usefixtures("two_per_hour")
def test_rate_limit_counts_invalid_and_spam_attempts(submit, feedback_data):
    submit(f"/de{FEEDBACK}", {"message": ""})
    submit(f"/de{FEEDBACK}", {**feedback_data, "website": "spam"})

    assert submit(f"/de{FEEDBACK}", feedback_data).status_code == 429
    assert not AccessibilityFeedback.objects.exists()


# --- contact form ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_contact_message_is_stored_and_emailed(client, submit, mailbox, settings, contact_data):
    response = submit(f"/tr{CONTACT}", contact_data)

    assert response.status_code == 302
    assert response["Location"] == f"/tr{CONTACT}"
    message = ContactMessage.objects.get()
    assert (message.name, message.email, message.subject, message.language) == (
        "Olena Kovalenko",
        "olena@example.org",
        "Vereinsgründung",
        "tr",
    )
    notice, receipt = sorted(mailbox, key=lambda m: m.to != [settings.STAFF_EMAIL])
    assert notice.subject == "Neue Kontaktanfrage: \u2068Vereinsgründung\u2069"
    assert notice.reply_to == ["olena@example.org"]
    assert receipt.to == ["olena@example.org"]
    assert '<html lang="tr"' in receipt.alternatives[0][0]
    success = gettext_in("tr", "Vielen Dank! Wir antworten Ihnen so bald wie möglich.")
    assert success in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["name", "email", "subject", "message"])
def test_contact_fields_are_required(submit, mailbox, contact_data, field):
    response = submit(f"/de{CONTACT}", {**contact_data, field: ""})

    assert response.status_code == 200
    content = response.content.decode()
    assert "data-error-summary" in content
    assert f'href="#id_{field}"' in content
    assert not ContactMessage.objects.exists()
    assert mailbox == []


@pytest.mark.django_db
def test_contact_with_htmx_returns_the_fragment(submit, contact_data):
    response = submit(f"/de{CONTACT}", contact_data, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div id="contact-form">')
    assert ContactMessage.objects.count() == 1


@pytest.mark.django_db
def test_contact_honeypot(client, submit, mailbox, contact_data):
    response = submit(f"/de{CONTACT}", {**contact_data, "website": "x"})

    assert response.status_code == 302
    assert "Vielen Dank!" in client.get(response["Location"]).content.decode()
    assert not ContactMessage.objects.exists()
    assert mailbox == []


@pytest.mark.django_db
@pytest.mark.usefixtures("two_per_hour")
def test_contact_rate_limit(submit, contact_data):
    for _ in range(2):
        submit(f"/de{CONTACT}", contact_data)

    response = submit(f"/de{CONTACT}", contact_data)

    assert response.status_code == 429
    assert ContactMessage.objects.count() == 2


@pytest.mark.django_db
def test_contact_from_a_signed_in_person_is_linked_to_them(client, submit, personas, contact_data):
    login(client, personas.outsider)

    submit(f"/de{CONTACT}", contact_data)

    assert ContactMessage.objects.get().user == personas.outsider


@pytest.mark.django_db
def test_contact_refuses_over_long_text_and_keeps_it(submit, mailbox, contact_data):
    text = "Lange Nachricht. " * 600  # 10,200 characters, the limit is 5,000
    response = submit(f"/de{CONTACT}", {**contact_data, "message": text})
    assert response.status_code == 200
    page = response.content.decode()
    assert "höchstens 5000 Zeichen" in page
    assert text.strip() in page  # all of it, not 5,000
    assert ContactMessage.objects.count() == 0
    assert mailbox == []
