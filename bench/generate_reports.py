"""Fill the bench database for the reports benchmark (issue 13): five years of what the figures count.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vielfalt_reports \\
        .venv/bin/python bench/generate_reports.py [--years 5] [--events 400] [--registrations 50000]

What it writes, and what it leaves to the other generators:

- organisations: 20,000 verified bench organisations (``generate_organisations.generate``) when fewer exist;
- events: ``--events`` a year for ``--years`` years (2,000), already held (this year: up to today), all
  over Hessen, a fifth online (no district), a few cancelled, organised by bench organisations
  (slugs ``bench-r-<year>-<n>``);
- people and registrations: 10,000 people (``bench-r<n>@bench.invalid``, unusable passwords) and
  ``--registrations`` registrations (50,000) on those events — mostly confirmed, some cancelled or
  waiting, four in five of the confirmed checked in, a third for an organisation;
- counselling and qualification: ``generate_counselling.py --years 5`` and
  ``generate_qualification.py --years 5`` are run (as subprocesses) when their rows are missing;
- surveys: ``--surveys`` closed public surveys a year (4; slugs ``bench-<year>-<n>``, a third Hessen-wide,
  the others in one district), each with a single choice, a multiple choice (six options each) and a
  scale question, and ``--responses`` anonymous responses in all (20,000, about 80,000 answers) within
  the survey's four weeks;
- needs: ``--needs`` needs (5,000) spread evenly over the years, by ``bench-needs@bench.invalid``: three
  in five with a field of action, a third with one of five need topics (slugs ``bench-…``, kept between
  runs), the rest untagged; 0–2 districts; one source each (half a workshop of a bench event of their
  year, three in ten a survey's answer option, the rest a team note) and for about 60 % an action (a
  module of the catalogue or a bench event).

Replaces its own events, registrations, people, surveys and needs of an earlier run; bulk inserts, no
services, emails or audit entries. About a minute on 2 cores (plus the other generators when they run).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import ROOT, setup_django

EMAIL_DOMAIN = "bench.invalid"
PEOPLE = 10_000
BATCH = 5000
TABLES = (
    "accounts_user",
    "events_event",
    "events_registration",
    "organisations_organisation",
    "needs_need",
    "needs_need_districts",
    "needs_source",
    "needs_action",
    "surveys_survey",
    "surveys_question",
    "surveys_choice",
    "surveys_response",
    "surveys_answer",
)


def ensure_organisations(count: int, seed: int) -> None:
    from vielfalt.organisations.models import Organisation

    existing = Organisation.objects.filter(slug__startswith="bench-", status=Organisation.Status.VERIFIED).count()
    if existing >= count:
        print(f"organisations: {existing} bench organisations already there")
        return
    import generate_organisations

    delete_rows()  # the bench events refer to bench organisations
    generate_organisations.generate(count=count, seed=seed)


def ensure_other(script: str, *, table_check: str, years: int) -> None:
    """Run another generator for five years when its rows are missing."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(table_check)
        (count,) = cursor.fetchone()
    if count:
        print(f"{script}: {count} rows already there")
        return
    print(f"{script}: running it with --years {years}")
    command = [sys.executable, str(ROOT / "bench" / script), "--years", str(years)]
    subprocess.run(command, check=True, env=os.environ)  # noqa: S603 - our own script, no shell


def delete_rows() -> None:
    from vielfalt.accounts.models import User
    from vielfalt.events.models import Event, Registration

    delete_needs_and_surveys()  # their sources and actions point to the bench events
    Registration.objects.filter(event__slug__startswith="bench-r-").delete()
    Event.objects.filter(slug__startswith="bench-r-").delete()
    User.objects.filter(email__startswith="bench-r", email__endswith=f"@{EMAIL_DOMAIN}").delete()


def create_people(rng: random.Random) -> list[int]:
    from django.contrib.auth.hashers import make_password

    from vielfalt.accounts.models import User

    password = make_password(None)
    languages = ["de"] * 6 + ["tr", "ar", "fa", "ru", "uk", "en"]
    people = [
        User(
            email=f"bench-r{index:05d}@{EMAIL_DOMAIN}",
            name=f"Bench Person {index}",
            password=password,
            preferred_language=rng.choice(languages),
        )
        for index in range(PEOPLE)
    ]
    User.objects.bulk_create(people, batch_size=BATCH)
    return list(
        User.objects.filter(email__startswith="bench-r", email__endswith=f"@{EMAIL_DOMAIN}").values_list(
            "pk", flat=True
        )
    )


def create_events(*, years: int, per_year: int, rng: random.Random) -> list[tuple[int, datetime]]:
    from django.utils import timezone

    from vielfalt.events.models import Event
    from vielfalt.organisations.models import Organisation
    from vielfalt.regions.models import Municipality

    now = timezone.now()
    zone = timezone.get_current_timezone()
    municipalities = list(Municipality.objects.values_list("pk", "district_id", "name"))
    organisers = list(Organisation.objects.filter(slug__startswith="bench-").values_list("pk", flat=True)[:2000])
    kinds = ["networking", "regional", "workshop", "training", "other"]
    events = []
    for year in range(now.year - years + 1, now.year + 1):
        start = datetime(year, 1, 10, tzinfo=zone)
        end = min(datetime(year, 12, 20, tzinfo=zone), now - timedelta(days=1))
        seconds = (end - start).total_seconds()
        for index in range(per_year):
            starts = (start + timedelta(seconds=rng.uniform(0, seconds))).replace(minute=0, second=0, microsecond=0)
            online = rng.random() < 0.2
            municipality, district, place = rng.choice(municipalities)
            kind = rng.choice(kinds)
            events.append(
                Event(
                    slug=f"bench-r-{year}-{index}",
                    kind="online" if online else kind,
                    title=f"{dict(Event.Kind.choices)['online' if online else kind]} in {place}",
                    description="Austausch, Informationen und Zeit zum Kennenlernen.",
                    organiser_id=rng.choice(organisers) if organisers and rng.random() < 0.6 else None,
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=rng.choice([2, 3, 6])),
                    is_online=online,
                    online_url="https://meet.example.org/bench" if online else "",
                    venue_name="" if online else "Bürgerhaus",
                    municipality_id=None if online else municipality,
                    district_id=None if online else district,
                    languages=["de"],
                    capacity=rng.choice([20, 30, 50, 100]),
                    status=Event.Status.CANCELLED if rng.random() < 0.04 else Event.Status.PUBLISHED,
                    published_at=starts - timedelta(days=30),
                )
            )
    Event.objects.bulk_create(events, batch_size=1000)
    return [(event.pk, event.starts_at) for event in events if event.status == Event.Status.PUBLISHED]


def create_registrations(
    *, events: list[tuple[int, datetime]], people: list[int], count: int, rng: random.Random
) -> int:
    from vielfalt.events.models import Registration
    from vielfalt.organisations.models import Organisation

    organisations = list(Organisation.objects.filter(slug__startswith="bench-").values_list("pk", flat=True)[:5000])
    per_event = max(1, count // len(events))
    rows = []
    for event_id, starts in events:
        for person in rng.sample(people, min(len(people), rng.randint(per_event // 2, per_event * 3 // 2))):
            roll = rng.random()
            status = "confirmed" if roll < 0.82 else "cancelled" if roll < 0.95 else "waiting"
            created = starts - timedelta(days=rng.randint(1, 40))
            rows.append(
                Registration(
                    event_id=event_id,
                    user_id=person,
                    organisation_id=rng.choice(organisations) if rng.random() < 0.33 else None,
                    status=status,
                    created_at=created,
                    confirmed_at=created if status == "confirmed" else None,
                    cancelled_at=created + timedelta(days=1) if status == "cancelled" else None,
                    checked_in_at=starts if status == "confirmed" and rng.random() < 0.8 else None,
                )
            )
            if len(rows) >= count:
                break
        if len(rows) >= count:
            break
    Registration.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


# --- needs and surveys ------------------------------------------------------------------------------------

NEEDS_USER = f"bench-needs@{EMAIL_DOMAIN}"  # not "bench-r…": delete_rows keeps it
NEED_TOPICS = [
    ("bench-raeume", "Räume"),
    ("bench-dolmetschen", "Dolmetschen"),
    ("bench-foerdermittel", "Fördermittel"),
    ("bench-ehrenamt", "Ehrenamt gewinnen"),
    ("bench-digitales", "Digitale Werkzeuge"),
]
NEED_PHRASES = [
    "Schulungen zu Fördermitteln",
    "Räume für Treffen am Abend",
    "Dolmetschende für Elternabende",
    "Austausch mit anderen Vereinen",
    "Beratung zur Vereinsgründung",
    "Informationen zur Anerkennung von Abschlüssen",
    "Fortbildung zu Antidiskriminierung",
    "Unterstützung bei der Öffentlichkeitsarbeit",
    "Kontakte zur Kommune",
    "Hilfe bei Anträgen",
]
NEED_SUFFIXES = ["", " auf Arabisch", " auf Türkisch", " für Frauen", " für Jugendliche", " im ländlichen Raum"]


def delete_needs_and_surveys() -> None:
    from vielfalt.needs.models import Need
    from vielfalt.surveys.models import Survey

    Need.objects.filter(created_by__email=NEEDS_USER).delete()  # sources and actions go along
    Survey.objects.filter(slug__startswith="bench-").delete()  # questions, responses and answers go along


def create_surveys(*, years: int, per_year: int, responses: int, rng: random.Random) -> tuple[int, int, list[int]]:
    """``per_year`` closed surveys a year, each with a single choice, a multiple choice and a scale
    question, and ``responses`` anonymous responses in all; returns the counts and the choices' ids."""
    from django.utils import timezone

    from vielfalt.regions.models import District
    from vielfalt.surveys.models import Answer, Choice, Question, Response, Survey

    now = timezone.now()
    zone = timezone.get_current_timezone()
    districts = list(District.objects.values_list("pk", flat=True))
    surveys = []
    for year in range(now.year - years + 1, now.year + 1):
        for index in range(per_year):
            opens = datetime(year, 1 + index * 11 // per_year, 5, tzinfo=zone)
            surveys.append(
                Survey(
                    slug=f"bench-{year}-{index}",
                    title=f"Bedarfsumfrage {year} ({index + 1})",
                    intro="Was fehlt Ihrer Organisation?",
                    audience=Survey.Audience.PUBLIC,
                    status=Survey.Status.CLOSED,
                    opens_at=opens,
                    closes_at=opens + timedelta(days=28),
                    # A third Hessen-wide, the others in one district.
                    district_id=None if rng.random() < 0.33 else rng.choice(districts),
                )
            )
    Survey.objects.bulk_create(surveys)
    questions = []
    for survey in surveys:
        questions += [
            Question(survey=survey, kind=Question.Kind.SINGLE, text="Was brauchen Sie am meisten?", position=1),
            Question(survey=survey, kind=Question.Kind.MULTIPLE, text="Welche Angebote nutzen Sie?", position=2),
            Question(survey=survey, kind=Question.Kind.SCALE, text="Wie zufrieden sind Sie?", position=3),
        ]
    Question.objects.bulk_create(questions)
    choices = [
        Choice(question=question, text=phrase, position=position)
        for question in questions
        if question.kind != Question.Kind.SCALE
        for position, phrase in enumerate(NEED_PHRASES[:6])
    ]
    Choice.objects.bulk_create(choices, batch_size=BATCH)
    choices_of: dict[int, list[int]] = {}
    for choice in choices:
        choices_of.setdefault(choice.question_id, []).append(choice.pk)
    rows = []
    for index in range(responses):
        survey = surveys[index % len(surveys)]
        assert survey.opens_at is not None
        day = (survey.opens_at + timedelta(days=rng.randint(0, 27))).date()
        rows.append(Response(survey=survey, language=rng.choice(["de"] * 5 + ["tr", "ar", "uk"]), submitted_on=day))
    Response.objects.bulk_create(rows, batch_size=BATCH)
    questions_of = {survey.pk: questions[3 * number : 3 * number + 3] for number, survey in enumerate(surveys)}
    answers = []
    for response in rows:
        single, multiple, scale = questions_of[response.survey_id]
        answers.append(Answer(response=response, question=single, choice_id=rng.choice(choices_of[single.pk])))
        for choice in rng.sample(choices_of[multiple.pk], rng.randint(1, 3)):
            answers.append(Answer(response=response, question=multiple, choice_id=choice))
        answers.append(Answer(response=response, question=scale, number=rng.choice([2, 3, 4, 4, 5, 5])))
    Answer.objects.bulk_create(answers, batch_size=BATCH)
    return len(surveys), len(answers), [choice.pk for choice in choices]


def create_needs(
    *, years: int, count: int, events: list[tuple[int, datetime]], choices: list[int], rng: random.Random
) -> tuple[int, int]:
    """``count`` needs spread over the years: a field of action or a bench need topic (a few untagged),
    0–2 districts, a workshop, survey or note source, and an action (an event or a module) for about 60 %."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from vielfalt.accounts.models import User
    from vielfalt.needs.models import Action, Need, NeedTopic, Source
    from vielfalt.organisations.models import FieldOfAction
    from vielfalt.qualification.models import Module
    from vielfalt.regions.models import District
    from vielfalt.surveys.models import Choice

    author, _created = User.objects.get_or_create(
        email=NEEDS_USER, defaults={"name": "Bench Bedarfe", "password": make_password(None)}
    )
    for position, (slug, name) in enumerate(NEED_TOPICS):
        NeedTopic.objects.get_or_create(slug=slug, defaults={"name": name, "position": 100 + position})
    fields = list(FieldOfAction.objects.values_list("pk", flat=True))
    topics = list(NeedTopic.objects.values_list("pk", flat=True))
    districts = list(District.objects.values_list("pk", flat=True))
    modules = list(Module.objects.values_list("pk", flat=True))
    survey_of_choice = dict(Choice.objects.filter(pk__in=choices).values_list("pk", "question__survey_id"))
    free_choices = list(choices)
    rng.shuffle(free_choices)
    this_year = timezone.now().year
    first = this_year - years + 1
    needs = []
    for index in range(count):
        roll = rng.random()
        phrase = rng.choice(NEED_PHRASES) + rng.choice(NEED_SUFFIXES)
        needs.append(
            Need(
                statement=phrase,
                year=first + index % years,
                field_of_action_id=rng.choice(fields) if fields and roll < 0.6 else None,
                topic_id=rng.choice(topics) if 0.6 <= roll < 0.95 else None,
                weight=min(rng.randint(1, 4) * rng.randint(1, 5), 20),
                is_public=rng.random() < 0.3,
                created_by=author,
            )
        )
    Need.objects.bulk_create(needs, batch_size=BATCH)
    through = Need.districts.through
    links = [
        through(need_id=need.pk, district_id=district)
        for need in needs
        for district in rng.sample(districts, rng.choice([0, 1, 1, 1, 2]))
    ]
    through.objects.bulk_create(links, batch_size=BATCH)
    events_of_year: dict[int, list[int]] = {}
    for event_id, starts in events:
        events_of_year.setdefault(starts.year, []).append(event_id)
    sources, actions = [], []
    for need in needs:
        roll = rng.random()
        year_events = events_of_year.get(need.year) or [event_id for event_id, _starts in events]
        if roll < 0.5:
            sources.append(
                Source(need=need, kind=Source.Kind.WORKSHOP, event_id=rng.choice(year_events), weight=need.weight)
            )
        elif roll < 0.8 and free_choices:
            choice = free_choices.pop()
            survey = survey_of_choice[choice]
            sources.append(
                Source(need=need, kind=Source.Kind.SURVEY, survey_id=survey, choice_id=choice, weight=need.weight)
            )
        else:
            sources.append(Source(need=need, kind=Source.Kind.NOTE, note="Aus dem Netzwerktreffen", weight=need.weight))
        if rng.random() < 0.6:
            if modules and rng.random() < 0.5:
                actions.append(Action(need=need, kind=Action.Kind.MODULE, module_id=rng.choice(modules),
                                      text="Das Modul ist jetzt im Katalog."))  # fmt: skip
            else:
                actions.append(Action(need=need, kind=Action.Kind.EVENT, event_id=rng.choice(year_events),
                                      text="Dazu gab es eine Veranstaltung."))  # fmt: skip
    Source.objects.bulk_create(sources, batch_size=BATCH)
    Action.objects.bulk_create(actions, batch_size=BATCH)
    return len(links), len(actions)


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in TABLES:
                cursor.execute(f"VACUUM ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--events", type=int, default=400, help="events a year")
    parser.add_argument("--registrations", type=int, default=50_000)
    parser.add_argument("--organisations", type=int, default=20_000)
    parser.add_argument("--needs", type=int, default=5000)
    parser.add_argument("--surveys", type=int, default=4, help="surveys a year")
    parser.add_argument("--responses", type=int, default=20_000, help="survey responses in all")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    vendor = setup_django()
    print(f"database: {vendor}")
    from django.db import transaction

    rng = random.Random(args.seed)
    started = time.perf_counter()
    ensure_organisations(args.organisations, args.seed)
    ensure_other(
        "generate_counselling.py",
        table_check="SELECT count(*) FROM counselling_case WHERE reference LIKE 'B-%%'",
        years=args.years,
    )
    ensure_other(
        "generate_qualification.py", table_check="SELECT count(*) FROM qualification_courserun", years=args.years
    )
    with transaction.atomic():
        delete_rows()
        people = create_people(rng)
        events = create_events(years=args.years, per_year=args.events, rng=rng)
        registrations = create_registrations(events=events, people=people, count=args.registrations, rng=rng)
        surveys, answers, choices = create_surveys(
            years=args.years, per_year=args.surveys, responses=args.responses, rng=rng
        )
        district_links, actions = create_needs(
            years=args.years, count=args.needs, events=events, choices=choices, rng=rng
        )
    analyze()
    print(
        f"{len(events)} held events over {args.years} years, {len(people)} people, {registrations} registrations, "
        f"{surveys} surveys with {args.responses} responses ({answers} answers), {args.needs} needs "
        f"({district_links} district links, {actions} actions) in {time.perf_counter() - started:.0f} s ({vendor})"
    )


if __name__ == "__main__":
    main()
