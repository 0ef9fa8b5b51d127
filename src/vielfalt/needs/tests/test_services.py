"""Needs' writes: capturing lines from a flip chart, taking survey answers over, tagging, merging,
answering. Every refusal says why and changes nothing."""

from __future__ import annotations

import pytest

from vielfalt.core.errors import ApplicationError
from vielfalt.core.models import AuditEntry
from vielfalt.counselling.tests.factories import CaseFactory
from vielfalt.events.models import Session
from vielfalt.events.tests.factories import EventFactory, SessionFactory
from vielfalt.needs import services
from vielfalt.needs.models import Action, Need, Source
from vielfalt.needs.tests.factories import NeedFactory, NeedTopicFactory
from vielfalt.organisations.models import FieldOfAction
from vielfalt.qualification.tests.factories import ModuleFactory
from vielfalt.regions.models import District
from vielfalt.surveys.models import Answer, Question, Response
from vielfalt.surveys.tests.factories import ChoiceFactory, QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db

FLIP_CHART = """
- Mehr Schulungen zu Fördermitteln
• Räume für Treffen am Abend
✅ Dolmetschen bei Elternabenden
1. Mehr Schulungen zu Fördermitteln
👉👉
---
   Austausch mit der Kommune
"""


def workshop_source() -> services.SourceInput:
    event = EventFactory()
    session = SessionFactory(event=event, kind=Session.Kind.WORKSHOP)
    return services.SourceInput(kind=Source.Kind.WORKSHOP, event=event, session=session)


# --- lines ----------------------------------------------------------------------------------------------------


def test_lines_lose_bullets_and_symbols_and_repeated_lines_count_twice():
    parsed = services.parse_lines(FLIP_CHART)

    assert parsed.statements == [
        ("Mehr Schulungen zu Fördermitteln", 2),
        ("Räume für Treffen am Abend", 1),
        ("Dolmetschen bei Elternabenden", 1),
        ("Austausch mit der Kommune", 1),
    ]
    assert parsed.skipped == 2  # the emoji line and the dashes


def test_emoji_inside_a_line_stay_and_other_scripts_count_as_text():
    parsed = services.parse_lines("Treffen am Wochenende 🙂\nدورات باللغة العربية")

    assert parsed.statements == [("Treffen am Wochenende 🙂", 1), ("دورات باللغة العربية", 1)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "mindestens eine Zeile"),
        ("🙂🙂\n– – –\n", "nur Zeichen oder Symbole"),
        ("\n".join(f"Bedarf {n}" for n in range(500)), "500 Zeilen"),
        ("kurz\n" + "x" * 501 + "\nauch kurz\n" + "y" * 600, "Die Zeilen 2, 4 sind länger als 500 Zeichen"),
    ],
)
def test_bad_pastes_are_refused_with_a_reason_and_nothing_is_saved(personas, text, message):
    with pytest.raises(ApplicationError, match=message):
        services.needs_capture(text=text, source=workshop_source(), year=2026, by=personas.staff)

    assert not Need.objects.exists()
    assert not Source.objects.exists()


def test_capturing_makes_one_need_per_line_with_its_workshop_as_source(personas):
    source = workshop_source()
    theme = FieldOfAction.objects.order_by("position")[0]

    captured = services.needs_capture(text=FLIP_CHART, source=source, year=2025, theme=theme, by=personas.staff)

    assert next(need.statement for need in captured.needs) == "Mehr Schulungen zu Fördermitteln"
    assert captured.skipped == 2
    needs = Need.objects.order_by("pk")
    assert needs.count() == 4
    assert needs[0].weight == 2
    assert {need.year for need in needs} == {2025}
    assert {need.field_of_action_id for need in needs} == {theme.pk}
    assert not any(need.is_public for need in needs)  # public only once the team decides
    assert Source.objects.filter(kind="workshop", event=source.event, session=source.session).count() == 4
    assert AuditEntry.objects.filter(action="needs.captured").count() == 1


def test_a_source_must_be_complete():
    with pytest.raises(ValueError):
        services.SourceInput(kind=Source.Kind.CASE)
    other = SessionFactory()
    with pytest.raises(ValueError):
        services.SourceInput(kind=Source.Kind.WORKSHOP, event=EventFactory(), session=other)


def test_a_case_can_be_a_source(personas):
    case = CaseFactory()

    services.needs_capture(
        text="Hilfe bei der Satzung", source=services.SourceInput(kind="case", case=case), year=2026, by=personas.staff
    )

    assert Source.objects.get().case == case


# --- survey answers -------------------------------------------------------------------------------------------


def survey_with_answers(counts: dict[str, int]):
    survey = SurveyFactory(district=District.objects.order_by("ags")[0])
    question = QuestionFactory(survey=survey, kind=Question.Kind.MULTIPLE, text="Welche Schulungen?")
    choices = {}
    for position, (text, count) in enumerate(counts.items()):
        choice = ChoiceFactory(
            question=question, text=text, text_translations={"en": f"{text} (en)"}, position=position
        )
        choices[text] = choice
        for _n in range(count):
            Answer.objects.create(response=Response.objects.create(survey=survey), question=question, choice=choice)
    return survey, choices


def test_chosen_options_become_needs_weighted_by_how_often_they_were_chosen(personas):
    survey, choices = survey_with_answers({"Datenschutz": 7, "Social Media": 3, "Vereinsrecht": 0})

    needs = services.needs_from_survey(
        survey=survey,
        taken=[
            services.ChoiceTaken(choice=choices["Datenschutz"], statement="Datenschutz"),
            services.ChoiceTaken(choice=choices["Social Media"], statement="Schulungen zu Social Media im Verein"),
        ],
        year=2026,
        by=personas.staff,
    )

    first, second = needs
    assert (first.statement, first.weight, first.statement_translations) == (
        "Datenschutz",
        7,
        {"en": "Datenschutz (en)"},
    )
    # Reworded: the option's translations no longer fit.
    assert (second.weight, second.statement_translations) == (3, {})
    assert list(first.districts.all()) == [survey.district]
    assert Source.objects.get(need=first).choice == choices["Datenschutz"]


def test_an_option_is_taken_over_once_and_an_unchosen_one_never(personas):
    survey, choices = survey_with_answers({"Datenschutz": 2, "Vereinsrecht": 0})
    take = [services.ChoiceTaken(choice=choices["Datenschutz"], statement="Datenschutz")]
    services.needs_from_survey(survey=survey, taken=take, year=2026, by=personas.staff)

    with pytest.raises(ApplicationError, match="schon als Bedarf übernommen"):
        services.needs_from_survey(survey=survey, taken=take, year=2026, by=personas.staff)
    with pytest.raises(ApplicationError, match="hat niemand gewählt"):
        services.needs_from_survey(
            survey=survey,
            taken=[services.ChoiceTaken(choice=choices["Vereinsrecht"], statement="Vereinsrecht")],
            year=2026,
            by=personas.staff,
        )
    assert Need.objects.count() == 1


def test_an_option_of_another_survey_is_refused(personas):
    survey, _choices = survey_with_answers({"Datenschutz": 2})
    _other, foreign = survey_with_answers({"Fremd": 4})

    with pytest.raises(ApplicationError, match="gehört nicht zu dieser Umfrage"):
        services.needs_from_survey(
            survey=survey,
            taken=[services.ChoiceTaken(choice=foreign["Fremd"], statement="Fremd")],
            year=2026,
            by=personas.staff,
        )
    assert not Need.objects.exists()


# --- the table ------------------------------------------------------------------------------------------------


def row(need: Need, **changes: object) -> services.TagRow:
    values: dict[str, object] = {
        "need": need,
        "statement": need.statement,
        "theme": need.theme,
        "districts": None,
        "weight": need.weight,
        "is_public": need.is_public,
    }
    values.update(changes)
    return services.TagRow(**values)  # type: ignore[arg-type]


def test_tagging_saves_topic_district_weight_and_visibility(personas):
    first, second = NeedFactory(is_public=False), NeedFactory(statement_translations={"en": "old"})
    topic = NeedTopicFactory()
    district = District.objects.order_by("ags")[0]

    changed = services.needs_tag(
        rows=[
            row(first, theme=topic, districts=[district], weight=9, is_public=True),
            row(second, statement="Neu formuliert"),
        ],
        by=personas.staff,
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert changed == [first, second]
    assert (first.topic, first.weight, first.is_public) == (topic, 9, True)
    assert list(first.districts.all()) == [district]
    # The translations said the old words.
    assert (second.statement, second.statement_translations) == ("Neu formuliert", {})


def test_a_row_that_fails_leaves_the_whole_table_unchanged(personas):
    first, second = NeedFactory(weight=2), NeedFactory()

    with pytest.raises(ApplicationError):
        services.needs_tag(rows=[row(first, weight=5), row(second, statement="   ")], by=personas.staff)

    first.refresh_from_db()
    assert first.weight == 2


def test_merging_adds_the_weights_and_keeps_every_source_and_action(personas):
    district_a, district_b = District.objects.order_by("ags")[:2]
    keep = NeedFactory(weight=4, is_public=False)
    keep.districts.set([district_a])
    other = NeedFactory(weight=3, field_of_action=FieldOfAction.objects.order_by("position")[0])
    other.districts.set([district_b])
    module = ModuleFactory()
    Action.objects.create(need=keep, kind="module", module=module, text="Modul")
    Action.objects.create(need=other, kind="module", module=module, text="dasselbe Modul")
    Action.objects.create(need=other, kind="module", module=ModuleFactory(), text="anderes Modul")

    merged = services.needs_merge(keep=keep, others=[other], by=personas.staff)

    assert merged.weight == 7
    assert merged.field_of_action == other.field_of_action  # the kept one had no topic yet
    assert merged.is_public
    assert set(merged.districts.all()) == {district_a, district_b}
    assert Source.objects.filter(need=merged).count() == 2
    assert sorted(Action.objects.filter(need=merged).values_list("text", flat=True)) == ["Modul", "anderes Modul"]
    assert not Need.objects.filter(pk=other.pk).exists()
    assert AuditEntry.objects.filter(action="needs.merged").exists()


def test_merging_with_a_need_for_all_of_hessen_concerns_all_of_hessen(personas):
    keep = NeedFactory()
    keep.districts.set([District.objects.order_by("ags")[0]])
    other = NeedFactory()

    merged = services.needs_merge(keep=keep, others=[other], by=personas.staff)

    assert not merged.districts.exists()


def test_merging_one_need_or_a_vanished_one_is_refused(personas):
    need = NeedFactory()
    gone = NeedFactory()
    gone_copy = Need.objects.get(pk=gone.pk)
    gone.delete()

    with pytest.raises(ApplicationError, match="mindestens zwei"):
        services.needs_merge(keep=need, others=[], by=personas.staff)
    with pytest.raises(ApplicationError, match="inzwischen gelöscht"):
        services.needs_merge(keep=need, others=[gone_copy], by=personas.staff)
    need.refresh_from_db()
    assert need.weight == 3


# --- answers --------------------------------------------------------------------------------------------------


def test_an_offer_answers_a_need_once(personas):
    need = NeedFactory()
    module = ModuleFactory()
    data = services.ActionInput(target=module, text="  Neues   Modul  ", text_translations={"en": "New module"})

    action = services.action_add(need=need, data=data, by=personas.staff)

    assert (action.kind, action.module, action.text) == ("module", module, "Neues Modul")
    with pytest.raises(ApplicationError, match="schon als Antwort"):
        services.action_add(need=need, data=data, by=personas.staff)
    with pytest.raises(ApplicationError, match="in einem Satz"):
        services.action_add(need=need, data=services.ActionInput(target=ModuleFactory(), text=" "), by=personas.staff)
    assert Action.objects.count() == 1


def test_a_need_is_edited_with_its_translations_and_checks(personas):
    need = NeedFactory()
    topic = NeedTopicFactory()

    changed = services.need_update(
        need=need,
        data=services.NeedInput(
            statement="Räume am Abend",
            statement_translations={"ar": "قاعات في المساء"},
            theme=topic,
            year=2025,
            weight=12,
            is_public=False,
        ),
        by=personas.staff,
    )

    need.refresh_from_db()
    assert set(changed) >= {"statement", "statement_translations", "topic", "year", "weight", "is_public"}
    assert need.localized_statement("ar").text == "قاعات في المساء"
    for bad in (services.NeedInput(statement="x", year=1800), services.NeedInput(statement="x", year=2026, weight=0)):
        with pytest.raises(ApplicationError):
            services.need_update(need=need, data=bad, by=personas.staff)
    need.refresh_from_db()
    assert need.year == 2025
