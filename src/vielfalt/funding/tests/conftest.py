"""Funding's scenes, beside the suite's personas: the state's WIR programme with its micro-project call
(for migrant organisations, Hessen-wide, topic Bildung), a foundation's programme only for Kassel, and a
draft. The suite's ``organisation`` (Gießen, a migrant organisation) works in education."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from conftest import Personas, login
from vielfalt.accounts.models import User
from vielfalt.funding.models import Call, Programme
from vielfalt.funding.tests.factories import CallFactory, ProgrammeFactory
from vielfalt.organisations.models import FieldOfAction, Organisation
from vielfalt.regions.models import District

ALL = ["anonymous", "outsider", "member", "org_admin", "staff", "staff_no_mfa"]
TODAY = timezone.localdate()


def as_persona(client: Client, personas: Personas, persona: str) -> Client:
    if persona != "anonymous":
        login(client, personas.all()[persona])
    return client


def user_of(personas: Personas, persona: str) -> User:
    return personas.all()[persona]


@dataclass
class Funding:
    wir: Programme
    micro: Call  # WIR micro-projects, due in 20 days
    kassel: Programme  # a foundation, Kassel only, topic Sport
    kassel_call: Call
    draft: Call  # of the WIR programme, not published
    bildung: FieldOfAction
    sport: FieldOfAction


@pytest.fixture
def funding(db: None, organisation: Organisation) -> Funding:
    bildung = FieldOfAction.objects.get(slug="bildung")
    sport = FieldOfAction.objects.get(slug="sport")
    organisation.fields_of_action.set([bildung])
    wir = ProgrammeFactory.create(
        slug="wir-vielfalt",
        name="WIR – Vielfalt und Teilhabe",
        name_translations={"tr": "WIR – Çeşitlilik ve Katılım"},
        funder="Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales",
        funder_kind=Programme.FunderKind.STATE,
        eligibility="Gemeinnützige Migrantenorganisationen mit Sitz in Hessen.",
        amounts="bis zu 5.000 € im Jahr",
        max_amount=5000,
        organisation_kinds=["migrant"],
    )
    wir.topics.set([bildung])
    micro = CallFactory.create(
        programme=wir,
        slug="wir-mikroprojekte",
        title="WIR-Mikroprojekte",
        title_translations={"tr": "WIR mikro projeleri", "ar": "مشاريع WIR الصغيرة"},
        purpose="Kleine Projekte von Migrantenorganisationen im kommenden Jahr.",
        deadline=TODAY + timedelta(days=20),
        url="https://soziales.hessen.de/wir",
    )
    kassel = ProgrammeFactory.create(
        slug="stiftung-kassel", name="Nachbarschaftsfonds Kassel", funder="Bürgerstiftung Kassel",
        funder_kind=Programme.FunderKind.FOUNDATION,
    )  # fmt: skip
    kassel.districts.set([District.objects.get(ags="06611")])
    kassel.topics.set([sport])
    kassel_call = CallFactory.create(
        programme=kassel, slug="kassel-2027", title="Sport im Quartier", deadline=TODAY + timedelta(days=45)
    )
    draft = CallFactory.create(programme=wir, slug="wir-entwurf", title="WIR Entwurf", is_published=False)
    return Funding(
        wir=wir, micro=micro, kassel=kassel, kassel_call=kassel_call, draft=draft, bildung=bildung, sport=sport
    )


def days(n: int) -> date:
    return TODAY + timedelta(days=n)
