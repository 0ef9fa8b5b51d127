"""Event emails in right-to-left languages (the e-mail layout itself is core's; the event's notice is here)."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from vielfalt.events.tests.factories import EventFactory


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "side"), [("ar", "right"), ("fa", "right"), ("de", "left")])
def test_event_emails_align_their_labels_with_the_reading_direction(language, side):
    event = EventFactory(title="Sommerfest")
    with translation.override(language):
        html = render_to_string(
            "events/emails/notice_message.html",
            {"event": event, "kind": "confirmed", "registration": None, "choices": [], "place": "Gießen"},
        )

    assert f'<th scope="row" align="{side}">' in html
    assert 'align="left"' not in html or side == "left"
