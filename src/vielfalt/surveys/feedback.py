"""The standard questions of the feedback on an event, and what makes a survey an event's feedback.

Every event gets its feedback survey from this template: by one click of whoever runs the event, or
by the periodic job once the event has begun. The team can add, change or archive questions of a
single event's feedback afterwards like in any survey.

The keys are stable: answers are counted by them across events (and, for "wishes", in the needs
analysis). Change a text freely; never reuse a key for another question.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, NamedTuple

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vielfalt.core.lib.translated import TRANSLATION_LANGUAGES

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

    from vielfalt.events.models import Event


class TemplateQuestion(NamedTuple):
    key: str
    kind: str  # a ``Question.Kind`` value
    text: StrPromise
    help_text: StrPromise | str
    required: bool


FEEDBACK_QUESTIONS: tuple[TemplateQuestion, ...] = (
    TemplateQuestion(
        "overall",
        "scale",
        _("Wie bewerten Sie die Veranstaltung insgesamt?"),
        _("1 bedeutet schlecht, 5 bedeutet sehr gut."),
        True,
    ),
    TemplateQuestion("good", "long_text", _("Was war gut?"), "", False),
    TemplateQuestion("improve", "long_text", _("Was sollten wir besser machen?"), "", False),
    TemplateQuestion("wishes", "long_text", _("Zu welchen Themen wünschen Sie sich Angebote?"), "", False),
)
RATING_KEY = "overall"
WISHES_KEY = "wishes"

# Feedback is taken from the start of the event (also while it runs) for this long after its end.
OPEN_AFTER_END = timedelta(days=60)
# The periodic job creates the feedback of events that began at most this long ago.
CREATE_WITHIN = timedelta(days=30)


def translations_of(text: StrPromise | str) -> dict[str, str]:
    """The translations of a German interface text in the site's catalogues (for content that
    starts from it and is then edited as content)."""
    german = str(text)
    if not german:
        return {}
    result = {}
    for code in TRANSLATION_LANGUAGES:
        with translation.override(code):
            translated = gettext(german)
        if translated and translated != german:
            result[code] = translated
    return result


def feedback_title(event: Event) -> tuple[str, dict[str, str]]:
    """The German title of an event's feedback survey and its translations (the event's title in
    each language where it has one)."""
    with translation.override("de"):
        german = gettext("Rückmeldung: %(title)s") % {"title": event.title}
    translations = {}
    for code in TRANSLATION_LANGUAGES:
        with translation.override(code):
            pattern = gettext("Rückmeldung: %(title)s")
        title = (event.title_translations or {}).get(code) or event.title
        if pattern != "Rückmeldung: %(title)s" or title != event.title:
            translations[code] = pattern % {"title": title}
    return german[:200], {code: text[:200] for code, text in translations.items()}


def feedback_intro() -> tuple[str, dict[str, str]]:
    text = _(
        "Wie war die Veranstaltung? Ihre Antworten helfen uns, die nächsten Treffen und unsere Angebote "
        "zu planen. Wir werten sie ohne Namen aus: Niemand sieht, wer was geantwortet hat."
    )
    with translation.override("de"):
        german = str(text)
    return german, translations_of(german)
