import re

import pytest
from django import forms
from django.utils.translation import gettext_lazy

from vielfalt.core.errors import ApplicationError
from vielfalt.core.forms import HoneypotMixin, add_service_error


class ExampleForm(HoneypotMixin, forms.Form):
    name = forms.CharField(label="Name")
    email = forms.EmailField(label="E-Mail-Adresse", help_text="Für Rückfragen", required=False)
    topics = forms.MultipleChoiceField(
        label="Themen", choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(label="Einverstanden")


def render(data=None) -> str:
    return str(ExampleForm(data))


def test_valid_form_has_no_error_summary():
    html = render()

    assert "data-error-summary" not in html
    assert 'aria-invalid="true"' not in html
    assert 'class="kern-form-input__input' in html


def test_error_summary_links_to_each_invalid_field():
    html = render({"email": "not-an-address"})

    summary = html.split("data-error-summary", 1)[1].split("</div>\n</div>", 1)[0]
    assert re.findall(r'href="#([^"]+)"', summary) == ["id_name", "id_email", "id_topics_0", "id_agree"]


def test_invalid_inputs_are_marked_and_described():
    html = render({"name": "Ada", "email": "not-an-address", "topics": ["a"], "agree": "on"})

    assert html.count('aria-invalid="true"') == 1
    email_input = re.search(r"<input[^>]*name=\"email\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in email_input
    assert 'aria-describedby="id_email_helptext id_email_error"' in email_input
    assert 'id="id_email_error"' in html
    name_input = re.search(r"<input[^>]*name=\"name\"[^>]*>", html).group(0)
    assert "aria-invalid" not in name_input


def test_honeypot_field_is_hidden_and_flags_spam():
    assert '<div class="vf-hp">' in render()
    assert ExampleForm({"website": "http://spam.example"}).is_spam
    assert not ExampleForm({"website": ""}).is_spam


@pytest.mark.django_db
def test_error_summary_on_a_real_page(client):
    response = client.post("/de/kontakt/", {"name": "", "email": "", "subject": "", "message": ""})

    content = response.content.decode()
    assert "data-error-summary" in content
    for field in ("name", "email", "subject", "message"):
        assert f'href="#id_{field}"' in content
    assert content.count('aria-invalid="true"') == 4


class LongTextForm(forms.Form):
    note = forms.CharField(label="Notiz", max_length=50, widget=forms.Textarea)
    title = forms.CharField(label="Titel", max_length=20)


def test_the_browser_never_cuts_text_the_limit_goes_to_the_counter():
    html = str(LongTextForm())
    assert "maxlength" not in html.replace("data-maxlength", "")  # a browser would cut pasted text silently
    assert 'data-maxlength="50"' in html and 'data-maxlength="20"' in html
    assert re.search(r'<textarea[^>]*aria-describedby="id_note_counter"', html)
    assert re.search(r'<p class="kern-hint vf-counter" id="id_note_counter" data-counter-for="id_note"[^>]*>', html)
    assert "Höchstens 50 Zeichen." in html
    assert 'data-count-text="%(count)s von 50 Zeichen"' in html
    assert 'aria-live="polite"' in html
    assert "id_title_counter" not in html  # short one-line fields get no counter, only the check


def test_over_long_text_is_refused_with_a_message_and_kept():
    text = "x" * 60
    form = LongTextForm({"note": text, "title": "Kurz"})
    assert not form.is_valid()
    html = str(form)
    assert "höchstens 50 Zeichen" in html
    assert f">\n{text}</textarea>" in html


# --- a service's refusal on a form ---------------------------------------------------------------------


class TitleForm(forms.Form):
    title = forms.CharField(label="Titel")


def _refused(error: ApplicationError) -> TitleForm:
    form = TitleForm({"title": "Sommerfest"})
    assert form.is_valid()
    add_service_error(form, error)
    return form


def test_a_refusal_naming_a_field_of_the_form_is_shown_at_that_field():
    form = _refused(ApplicationError("Dieser Titel ist schon vergeben.", field="title"))

    assert form.errors == {"title": ["Dieser Titel ist schon vergeben."]}
    assert form.non_field_errors() == []
    assert "title" not in form.cleaned_data  # Django drops the value of a field with an error


def test_a_refusal_naming_a_field_the_form_lacks_is_shown_above_the_form():
    form = _refused(ApplicationError("Die Organisation ist archiviert.", field="organisation"))

    assert form.non_field_errors() == ["Die Organisation ist archiviert."]
    assert "organisation" not in form.errors
    assert form.cleaned_data == {"title": "Sommerfest"}


def test_a_refusal_without_a_field_is_shown_above_the_form_in_the_active_language():
    form = _refused(ApplicationError(gettext_lazy("Die Anmeldung ist geschlossen.")))

    assert form.non_field_errors() == ["Die Anmeldung ist geschlossen."]
    assert not form.is_valid()
