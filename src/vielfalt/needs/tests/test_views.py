"""The needs' pages: the public page for everyone (no names, no cases), the team's table, capturing
where needs are heard (an event's documentation, a survey's results, a case, a profile), merging and
answering. Only staff with the second factor reach the team's pages; bad input changes nothing."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from conftest import login
from vielfalt.counselling.tests.factories import CaseFactory
from vielfalt.events.models import Event, Session
from vielfalt.events.tests.factories import EventFactory, SessionFactory
from vielfalt.knowledge.tests.factories import make_item
from vielfalt.needs import selectors
from vielfalt.needs.models import Action, Need, Source
from vielfalt.needs.tests.conftest import ALL, as_persona
from vielfalt.needs.tests.factories import ActionFactory, NeedFactory, NeedTopicFactory, SourceFactory
from vielfalt.organisations.models import FieldOfAction
from vielfalt.organisations.tests.factories import OrganisationFactory
from vielfalt.qualification.tests.factories import ModuleFactory
from vielfalt.regions.models import District
from vielfalt.surveys.models import Answer, Question, Response
from vielfalt.surveys.tests.factories import ChoiceFactory, QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db

PUBLIC = "/de/bedarfe/"
STAFF = "/de/staff/bedarfe/"


@pytest.fixture
def staff_client(client, personas):
    return login(client, personas.staff)


def staff_pages(need: Need) -> list[str]:
    event = EventFactory()
    survey = SurveyFactory()
    case = CaseFactory()
    organisation = OrganisationFactory(needs="Räume")
    return [
        STAFF,
        f"{STAFF}erfassen/",
        f"{STAFF}zusammenfuehren/?need={need.pk}&need={NeedFactory().pk}",
        f"{STAFF}aus-veranstaltung/{event.pk}/",
        f"{STAFF}aus-umfrage/{survey.pk}/",
        f"{STAFF}aus-beratung/{case.reference}/",
        f"{STAFF}aus-profil/{organisation.slug}/",
        f"{STAFF}{need.pk}/",
        f"{STAFF}{need.pk}/loeschen/",
    ]


# --- access ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALL)
def test_only_staff_with_the_second_factor_reach_the_team_pages(client, personas, ministry, persona, organisation):
    need = NeedFactory()
    as_persona(client, personas, persona, ministry)

    for url in staff_pages(need):
        status = client.get(url).status_code
        # Visitors go to the login, staff without the second factor to it, the ministry to its figures.
        assert status == {"staff": 200, "anonymous": 302, "staff_no_mfa": 302, "ministry": 302}.get(persona, 403), url
    # Writes as well: nothing changes for anyone else.
    action_url = f"{STAFF}{need.pk}/antworten/"
    response = client.post(action_url, {"target": f"module-{ModuleFactory().pk}", "text": "x"})
    assert (response.status_code in (302, 400)) if persona == "staff" else response.status_code in (302, 403)
    if persona != "staff":
        assert not Action.objects.exists()
        response = client.post(f"{STAFF}{need.pk}/loeschen/")
        assert Need.objects.filter(pk=need.pk).exists()


@pytest.mark.parametrize("persona", ALL)
def test_everyone_sees_the_public_needs_and_nobody_sees_hidden_ones_or_who_voiced_them(
    client, personas, ministry, persona
):
    public = NeedFactory(statement="Schulungen zu Fördermitteln auf Arabisch")
    SourceFactory(need=public, kind="case", case=CaseFactory(title="Vertraulicher Fall Yilmaz"))
    SourceFactory(need=public, kind="organisation", organisation=OrganisationFactory(name="Geheimer Verein e.V."))
    NeedFactory(statement="Noch nicht geprüft", is_public=False)
    as_persona(client, personas, persona, ministry)

    response = client.get(PUBLIC)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Schulungen zu Fördermitteln auf Arabisch" in html
    assert "Noch nicht geprüft" not in html
    assert "Yilmaz" not in html and "Geheimer Verein" not in html
    assert "Beratung" in html and "Profile im Verzeichnis" in html


# --- the public page ------------------------------------------------------------------------------------------


def test_the_public_page_shows_answers_with_links_to_public_offers_only(client):
    need = NeedFactory(statement="Mehr Methoden für Workshops")
    item = make_item(title="Methodenkoffer: Kugellager")
    hidden = EventFactory(status=Event.Status.DRAFT, title="Geheime Planung")
    Action.objects.create(need=need, kind="item", item=item, text="Neue Methode in der Bibliothek")
    Action.objects.create(need=need, kind="event", event=hidden, text="Ein Treffen ist in Planung")
    NeedFactory(statement="Räume am Abend")

    html = client.get(PUBLIC).content.decode()

    assert f'href="/de/wissen/{item.slug}/"' in html
    assert "Neue Methode in der Bibliothek" in html
    assert "Ein Treffen ist in Planung" in html and "/de/veranstaltungen/" + hidden.slug not in html
    assert "Daran arbeiten wir" in html  # the need without an answer


def test_the_public_page_filters_by_year_topic_and_district(client):
    district = District.objects.order_by("ags")[0]
    theme = FieldOfAction.objects.order_by("position")[0]
    topic = NeedTopicFactory(slug="raeume", name="Räume")
    local = NeedFactory(statement="Lokal", field_of_action=theme)
    local.districts.set([district])
    NeedFactory(statement="Hessenweit", topic=topic)
    NeedFactory(statement="Vorjahr", year=2025)
    other = NeedFactory(statement="Woanders")
    other.districts.set([District.objects.order_by("ags")[1]])

    def shown(query: str) -> set[str]:
        html = client.get(f"{PUBLIC}?{query}").content.decode()
        return {text for text in ("Lokal", "Hessenweit", "Vorjahr", "Woanders") if f">{text}<" in html}

    assert shown("") == {"Lokal", "Hessenweit", "Vorjahr", "Woanders"}
    assert shown("year=2025") == {"Vorjahr"}
    assert shown(f"topic=h-{theme.slug}") == {"Lokal"}
    assert shown("topic=t-raeume") == {"Hessenweit"}
    # A need for all of Hessen concerns every district.
    assert shown(f"district={district.ags}") == {"Lokal", "Hessenweit", "Vorjahr"}
    # Nonsense in the address is ignored, never an error.
    assert client.get(f"{PUBLIC}?year=abc&topic=<script>&district=1&page=x").status_code == 200


def test_the_public_page_costs_the_same_queries_for_5_or_25_needs(client, django_assert_max_num_queries):
    def fill(count: int) -> None:
        for n in range(count):
            need = NeedFactory(field_of_action=FieldOfAction.objects.order_by("position")[n % 3])
            need.districts.set([District.objects.order_by("ags")[n % 5]])
            ActionFactory(need=need, module=ModuleFactory())
            SourceFactory(need=need, kind="workshop", event=EventFactory())

    fill(5)
    with CaptureQueriesContext(connection) as few:
        client.get(PUBLIC)
    fill(20)
    with CaptureQueriesContext(connection) as many:
        client.get(PUBLIC)
    assert len(many) == len(few)
    assert len(few) <= 14


def test_the_public_page_isolates_translations_and_marks_fallbacks(client):
    NeedFactory(statement="Räume am Abend", statement_translations={"ar": "قاعات في المساء"})
    NeedFactory(statement="Kinderbetreuung")

    html = client.get("/ar/bedarfe/").content.decode()

    assert 'lang="ar" dir="auto">قاعات في المساء' in html
    assert 'lang="de" dir="auto">Kinderbetreuung' in html


# --- capturing on an event's documentation page ---------------------------------------------------------------


def test_the_team_pastes_a_flip_chart_on_the_documentation_page(staff_client, personas):
    event = EventFactory(organiser=None, status=Event.Status.PUBLISHED)
    workshop = SessionFactory(event=event, kind=Session.Kind.WORKSHOP, title="Fördermittel beantragen")

    page = staff_client.get(f"/de/veranstaltungen/{event.slug}/dokumentation/").content.decode()
    assert "Bedarfe aus den Workshops" in page
    assert f'action="/de/staff/bedarfe/aus-veranstaltung/{event.pk}/"' in page
    assert "csrfmiddlewaretoken" in page

    response = staff_client.post(
        f"{STAFF}aus-veranstaltung/{event.pk}/",
        {"text": "- Mehr Beratung zu Anträgen\n- Räume am Abend\n", "session": str(workshop.pk)},
    )

    assert response.status_code == 302
    assert response["Location"] == f"{STAFF}?event={event.pk}"
    assert Source.objects.filter(event=event, session=workshop).count() == 2
    table = staff_client.get(response["Location"]).content.decode()
    assert "Mehr Beratung zu Anträgen" in table


def test_others_do_not_see_the_capture_box(client, personas):
    event = EventFactory(status=Event.Status.PUBLISHED)
    login(client, personas.member)

    response = client.get(f"/de/veranstaltungen/{event.slug}/dokumentation/")

    assert "Bedarfe aus den Workshops" not in response.content.decode()


def test_a_paste_of_500_lines_is_refused_with_the_text_kept(staff_client):
    event = EventFactory()
    text = "\n".join(f"Bedarf Nummer {n}" for n in range(500))

    response = staff_client.post(f"{STAFF}aus-veranstaltung/{event.pk}/", {"text": text})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Das sind 500 Zeilen; auf einmal gehen höchstens 200." in html
    assert "Bedarf Nummer 499" in html
    assert not Need.objects.exists()


def test_a_workshop_of_another_event_is_not_offered(staff_client):
    event = EventFactory()
    SessionFactory(event=event, kind=Session.Kind.WORKSHOP)
    foreign = SessionFactory(kind=Session.Kind.WORKSHOP)

    response = staff_client.post(f"{STAFF}aus-veranstaltung/{event.pk}/", {"text": "x", "session": str(foreign.pk)})

    assert response.status_code == 400
    assert not Need.objects.exists()


# --- the table and merging ------------------------------------------------------------------------------------


def table_data(*needs: Need, **changes: dict[str, str]) -> dict[str, str]:
    data: dict[str, str] = {}
    for need in needs:
        prefix = f"n{need.pk}-"
        data |= {f"{prefix}statement": need.statement, f"{prefix}weight": str(need.weight), f"{prefix}district": ""}
        if need.is_public:
            data[f"{prefix}is_public"] = "on"
        data |= {f"{prefix}{name}": value for name, value in changes.get(str(need.pk), {}).items()}
    return data


def test_the_table_saves_topics_and_sends_marked_rows_to_merging(staff_client):
    first, second, third = NeedFactory(weight=2), NeedFactory(weight=5), NeedFactory()
    theme = FieldOfAction.objects.order_by("position")[0]

    response = staff_client.post(
        STAFF, table_data(first, second, third, **{str(first.pk): {"theme": f"h-{theme.slug}"}})
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.field_of_action == theme

    marked = {str(first.pk): {"selected": "on"}, str(second.pk): {"selected": "on"}}
    response = staff_client.post(STAFF, {**table_data(first, second, third, **marked), "action": "merge"})
    assert response.status_code == 302
    confirm = staff_client.get(response["Location"])
    assert confirm.status_code == 200
    assert "Aus 2 Bedarfen wird einer mit dem Gewicht 7." in confirm.content.decode()

    response = staff_client.post(response["Location"], {"keep": str(second.pk)})

    assert response.status_code == 302
    second.refresh_from_db()
    assert second.weight == 7
    assert not Need.objects.filter(pk=first.pk).exists()
    assert Source.objects.filter(need=second).count() == 2


def test_merging_needs_two_marked_rows(staff_client):
    first, second = NeedFactory(), NeedFactory()

    response = staff_client.post(
        STAFF, {**table_data(first, second, **{str(first.pk): {"selected": "on"}}), "action": "merge"}
    )

    assert response.status_code == 400
    assert "mindestens zwei" in response.content.decode()


def test_a_bad_row_saves_nothing_and_points_to_the_field(staff_client):
    first, second = NeedFactory(weight=2), NeedFactory()

    response = staff_client.post(
        STAFF,
        table_data(
            first, second, **{str(first.pk): {"weight": "9"}, str(second.pk): {"weight": "-4", "theme": "h-nope"}}
        ),
    )

    assert response.status_code == 400
    assert f'href="#id_n{second.pk}-weight"' in response.content.decode()
    first.refresh_from_db()
    assert first.weight == 2


def test_the_table_costs_the_same_queries_for_few_and_many_needs(staff_client):
    for _n in range(3):
        NeedFactory()
    with CaptureQueriesContext(connection) as few:
        staff_client.get(STAFF)
    for _n in range(30):
        NeedFactory().districts.set(District.objects.order_by("ags")[:2])
    with CaptureQueriesContext(connection) as many:
        staff_client.get(STAFF)
    assert len(many) == len(few)


def test_the_table_shows_25_needs_a_page_and_names_each_rows_need_for_screen_readers(staff_client):
    long = "Mehr Räume für Elterncafés in den Stadtteilen, am besten mit Kinderbetreuung und Sprachmittlung"
    NeedFactory(statement=long)
    for _n in range(25):
        NeedFactory()

    first, second = staff_client.get(STAFF).content.decode(), staff_client.get(f"{STAFF}?page=2").content.decode()

    rows = re.compile(r'<select name="n[0-9]+-theme"')
    assert len(rows.findall(first)) == 25 and len(rows.findall(second)) == 1
    short = f"{long[:59]}…"  # truncatechars:60
    both = first + second
    for label in ("Thema von „{}“", "Kreis von „{}“", "Gewicht von „{}“", "„{}“ öffentlich zeigen"):
        assert both.count(label.format(short)) == 1
    assert both.count(f"„{long}“ markieren") == 1


def test_each_rows_selects_mark_its_own_topic_and_district(staff_client):
    """The rows share their selects' options (written once a page); each marks only its own value."""
    theme = FieldOfAction.objects.order_by("position")[1]
    topic = NeedTopicFactory(name="Räume")
    darmstadt, kassel = District.objects.get(ags="06411"), District.objects.get(ags="06611")
    local = NeedFactory(field_of_action=theme)
    local.districts.set([darmstadt])
    wide = NeedFactory(topic=topic)
    both = NeedFactory()
    both.districts.set([darmstadt, kassel])

    page = staff_client.get(STAFF).content.decode()

    def select(need: Need, name: str) -> str:
        """The select's options."""
        start = page.index(">", page.index(f'<select name="n{need.pk}-{name}"'))
        return page[start : page.index("</select>", start)]

    def marked(need: Need, name: str) -> list[str]:
        return re.findall(r'<option value="([^"]*)" selected>', select(need, name))

    assert marked(local, "theme") == [f"h-{theme.slug}"] and marked(local, "district") == ["06411"]
    assert marked(wide, "theme") == [f"t-{topic.slug}"] and marked(wide, "district") == [""]
    assert marked(both, "theme") == [""] and marked(both, "district") == ["keep"]
    assert "mehrere: Darmstadt, Kassel" in select(both, "district")
    assert "mehrere" not in select(local, "district")
    assert select(local, "theme").replace(" selected", "") == select(both, "theme").replace(" selected", "")


def test_the_tables_topics_are_named_in_the_language_of_the_page():
    groups = selectors.theme_groups()
    with translation.override("en"):
        assert groups.options()[0][0] == "Fields of action"
    with translation.override("de"):
        assert groups.options()[0][0] == "Handlungsfelder"


# --- answering ------------------------------------------------------------------------------------------------


def test_the_team_links_a_need_to_a_training_and_the_public_page_shows_it(staff_client, client):
    need = NeedFactory(statement="Schulungen zu Fördermitteln")
    module = ModuleFactory(title="Fördermittel beantragen", slug="foerdermittel")
    page = staff_client.get(f"{STAFF}{need.pk}/").content.decode()
    assert f'value="module-{module.pk}"' in page

    response = staff_client.post(
        f"{STAFF}{need.pk}/antworten/",
        {
            "target": f"module-{module.pk}",
            "text": "Seit März gibt es das Modul.",
            "text_tr": "Mart ayından beri modül var.",
        },
    )

    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.kind, action.module, action.text_translations) == (
        "module",
        module,
        {"tr": "Mart ayından beri modül var."},
    )
    html = client.get("/tr/bedarfe/").content.decode()
    assert "Mart ayından beri modül var." in html
    assert 'href="/tr/qualifizierung/module/foerdermittel/"' in html


def test_an_unknown_offer_is_refused(staff_client):
    need = NeedFactory()

    response = staff_client.post(f"{STAFF}{need.pk}/antworten/", {"target": "module-999999", "text": "x"})

    assert response.status_code == 400
    assert not Action.objects.exists()


# --- from a survey, a case, a profile -------------------------------------------------------------------------


def test_survey_answers_become_needs_from_the_results_page(staff_client):
    survey = SurveyFactory()
    question = QuestionFactory(survey=survey, kind=Question.Kind.MULTIPLE, text="Welche Schulungen?")
    wanted = ChoiceFactory(question=question, text="Datenschutz")
    ChoiceFactory(question=question, text="Niemand")
    for _n in range(6):
        Answer.objects.create(response=Response.objects.create(survey=survey), question=question, choice=wanted)

    results = staff_client.get(f"/de/staff/umfragen/{survey.pk}/ergebnisse/").content.decode()
    assert f'href="/de/staff/bedarfe/aus-umfrage/{survey.pk}/"' in results
    page = staff_client.get(f"{STAFF}aus-umfrage/{survey.pk}/").content.decode()
    assert "von niemandem gewählt" in page

    response = staff_client.post(
        f"{STAFF}aus-umfrage/{survey.pk}/",
        {"year": "2026", f"take_{wanted.pk}": "on", f"statement_{wanted.pk}": "Schulungen zum Datenschutz"},
    )

    assert response.status_code == 302
    need = Need.objects.get()
    assert (need.statement, need.weight) == ("Schulungen zum Datenschutz", 6)
    again = staff_client.get(f"{STAFF}aus-umfrage/{survey.pk}/").content.decode()
    assert "schon übernommen als" in again


def test_a_tampered_survey_form_takes_nothing(staff_client):
    survey = SurveyFactory()
    QuestionFactory(survey=survey, kind=Question.Kind.MULTIPLE)

    response = staff_client.post(f"{STAFF}aus-umfrage/{survey.pk}/", {"year": "2026", "take_999": "on"})

    assert response.status_code == 400
    assert not Need.objects.exists()


def test_a_case_and_a_profile_become_sources(staff_client):
    case = CaseFactory()
    organisation = OrganisationFactory(needs="Räume für Treffen\nEine Beratung zur Satzung")

    case_page = staff_client.get(f"/de/beratung/faelle/{case.reference}/").content.decode()
    assert f'href="/de/staff/bedarfe/aus-beratung/{case.reference}/"' in case_page
    profile_form = staff_client.get(f"{STAFF}aus-profil/{organisation.slug}/").content.decode()
    assert "Eine Beratung zur Satzung" in profile_form

    staff_client.post(f"{STAFF}aus-beratung/{case.reference}/", {"text": "Hilfe bei der Satzung"})
    staff_client.post(f"{STAFF}aus-profil/{organisation.slug}/", {"text": organisation.needs})

    assert Source.objects.filter(kind="case", case=case).count() == 1
    assert Source.objects.filter(kind="organisation", organisation=organisation).count() == 2


def test_need_topics_are_kept_on_the_vocabulary_pages(staff_client):
    NeedTopicFactory(name="Räume für Treffen")

    page = staff_client.get("/de/staff/begriffe/").content.decode()

    assert "Bedarfsthemen" in page and "Räume für Treffen" in page
    response = staff_client.post("/de/staff/begriffe/bedarfsthemen/neu/", {"name": "Dolmetschen", "position": "1"})
    assert response.status_code == 302
