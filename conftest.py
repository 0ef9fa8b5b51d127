"""Fixtures for the whole suite: personas, mail, a TOTP helper.

Every view is tried by each persona (healthchecks' alice/bob/charlie, extended for Vielfalt):
``outsider`` has an account but no relation to the object, ``member`` belongs to the organisation,
``org_admin`` speaks for it, ``staff`` is the centre's team (with MFA set up and passed),
``staff_no_mfa`` has the staff role but no second factor in this session: it must get no staff
rights anywhere. The ``organisation`` fixture ties member and org_admin to a verified organisation.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.internal.flows.login import _AUTHENTICATION_METHODS_USER_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.utils import decrypt
from django.core import mail
from django.test import Client

from vielfalt.accounts.access import note_second_factor
from vielfalt.accounts.models import Role, User
from vielfalt.accounts.tests.factories import PASSWORD, UserFactory

AUTHENTICATION_USER_SESSION_KEY = _AUTHENTICATION_METHODS_USER_SESSION_KEY

if TYPE_CHECKING:
    from vielfalt.organisations.models import Organisation


@dataclass
class Personas:
    outsider: User
    member: User
    org_admin: User
    staff: User
    staff_no_mfa: User

    def all(self) -> dict[str, User]:
        return {
            "outsider": self.outsider,
            "member": self.member,
            "org_admin": self.org_admin,
            "staff": self.staff,
            "staff_no_mfa": self.staff_no_mfa,
        }


def totp_code(user: User) -> str:
    """The current TOTP code of ``user`` (as their authenticator app would show it)."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    counter = int(time.time()) // 30
    code: str = format_hotp_value(hotp_value(decrypt(authenticator.data["secret"]), counter))
    return code


def give_totp(user: User) -> None:
    TOTP.activate(user, generate_totp_secret())


@pytest.fixture
def personas(db: None) -> Personas:
    staff = UserFactory.create(email="staff@example.org", name="Katrin Team", role=Role.STAFF)
    give_totp(staff)
    # Services take the acting user from the request, where the middleware notes the second
    # factor; the staff persona passed it (``login`` gives its session the same record).
    note_second_factor(staff, passed=True)
    return Personas(
        outsider=UserFactory.create(email="outsider@example.org", name="Otto Außen"),
        member=UserFactory.create(email="member@example.org", name="Mina Mitglied"),
        org_admin=UserFactory.create(email="admin@example.org", name="Ada Admin"),
        staff=staff,
        staff_no_mfa=UserFactory.create(
            email="staff-ohne-mfa@example.org", name="Sven Zweitfaktorlos", role=Role.STAFF
        ),
    )


def login(client: Client, user: User, *, second_factor: bool = True) -> Client:
    """Log in as ``user``. The session counts as fully authenticated: for someone with TOTP the
    session records the second factor as passed (as allauth does after the code), unless
    ``second_factor=False`` (a session that skipped it)."""
    client.force_login(user)
    if second_factor and Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        session = client.session
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [
            {"method": "password", "at": time.time(), "email": user.email},
            {"method": "mfa", "at": time.time(), "type": "totp"},
        ]
        session[AUTHENTICATION_USER_SESSION_KEY] = str(user.pk)
        session.save()
    return client


def refused_status(persona: str) -> int:
    """What a staff page answers a persona without staff rights: 403, and for staff without a
    second factor in this session a redirect to it (set-up or code), never the page."""
    return 302 if persona == "staff_no_mfa" else 403


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """Hessen's districts and municipalities are reference data: imported once per test session."""
    from django.conf import settings

    from vielfalt.regions.services import regions_import

    with django_db_blocker.unblock():
        regions_import(directory=settings.REGIONS_DATA_DIR)


@pytest.fixture
def organisation(personas: Personas) -> Organisation:
    """A verified organisation in Gießen: ``org_admin`` is its admin, ``member`` a member."""
    from vielfalt.organisations.models import Membership
    from vielfalt.organisations.tests.factories import OrganisationFactory

    organisation = OrganisationFactory.create()
    Membership.objects.create(organisation=organisation, user=personas.org_admin, role=Membership.Role.ADMIN)
    Membership.objects.create(organisation=organisation, user=personas.member, role=Membership.Role.MEMBER)
    return organisation


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def mailbox() -> list[mail.EmailMessage]:
    mail.outbox = []
    return mail.outbox


@pytest.fixture(autouse=True)
def german_by_default() -> None:
    """Every test starts in German. A request through the test client leaves the language it
    served active in the thread, so a later ``reverse()`` would otherwise get its prefix."""
    from django.utils import translation

    translation.activate("de")


@pytest.fixture
def on_commit_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside a test's transaction nothing ever commits: run the after-commit callbacks (the
    emails) at once, so tests see them where a user would. Failing services raise before they
    register any, so "nothing sent" still holds. Apps whose services mail a lot use it for every
    test (their ``tests/conftest.py``)."""
    from django.db import transaction

    def run(func: Any, using: str | None = None, robust: bool = False) -> None:
        func()

    monkeypatch.setattr(transaction, "on_commit", run)


@pytest.fixture
def write_watcher(settings: Any) -> Iterator[None]:
    """The anonymous page cache and the write watcher on, as in production (the tests run with both
    off): cached pages and ``pagecache.cached`` values last until a committed write to their tables.
    A test's transaction never commits; run its writes under ``django_capture_on_commit_callbacks(
    execute=True)``, and clear ``connection.run_on_commit`` after its set-up."""
    from django.core.cache import cache
    from django.db import connection

    from vielfalt.core.lib import pagecache

    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    pagecache.watch_writes(None, connection)
    yield
    connection.execute_wrappers[:] = [w for w in connection.execute_wrappers if w.__name__ != "watcher"]
    cache.clear()
