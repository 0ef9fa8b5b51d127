"""People of an organisation: the members page, invitations, roles, leaving, handing over, contacts."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import login
from vielfalt.core.testing.factories import OrganisationFactory, UserFactory
from vielfalt.organisations.models import Invitation, Membership, Organisation


@pytest.fixture
def submit(client, django_capture_on_commit_callbacks):
    def post(path, data=None, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data or {}, **extra)

    return post


def members(organisation):
    return f"/de/organisationen/{organisation.slug}/mitglieder/"


def membership(organisation, user):
    return Membership.objects.get(organisation=organisation, user=user)


def role_of(organisation, user):
    return Membership.objects.filter(organisation=organisation, user=user).values_list("role", flat=True).first()


# --- the members page -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_visitors_must_log_in(client, organisation):
    response = client.get(members(organisation))

    assert response.status_code == 302
    assert response["Location"].startswith("/de/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "expected"), [("outsider", 403), ("member", 200), ("org_admin", 200), ("staff", 200)]
)
def test_the_member_list_is_for_the_organisations_people_and_staff(client, personas, organisation, persona, expected):
    login(client, personas.all()[persona])

    response = client.get(members(organisation))

    assert response.status_code == expected
    if expected == 200:
        content = response.content.decode()
        assert "Mina Mitglied" in content and "Ada Admin" in content
        assert content.count("<h1") == 1


@pytest.mark.django_db
def test_outsiders_do_not_learn_that_a_hidden_organisation_exists(client, personas, organisation):
    Organisation.objects.filter(pk=organisation.pk).update(status=Organisation.Status.PENDING)
    login(client, personas.outsider)

    assert client.get(members(organisation)).status_code == 404


@pytest.mark.django_db
def test_members_see_the_list_but_no_management_tools(client, personas, organisation):
    login(client, personas.member)

    content = client.get(members(organisation)).content.decode()

    assert personas.org_admin.email not in content  # addresses are for those who manage
    assert "Person einladen" not in content
    assert "In die Administration aufnehmen" not in content and "Zum Mitglied machen" not in content
    assert "Organisation verlassen" in content  # but everyone may leave
    assert "Mich als Ansprechperson auf dem Profil zeigen" in content


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["org_admin", "staff"])
def test_admins_and_staff_see_the_management_tools(client, personas, organisation, persona):
    login(client, personas.all()[persona])

    content = client.get(members(organisation)).content.decode()

    assert personas.member.email in content
    assert "Person einladen" in content
    assert "In die Administration aufnehmen" in content  # for the member
    assert "Zum Mitglied machen" in content  # for the admin


# --- invitations ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_admin_invites_someone_by_email(client, submit, personas, organisation, mailbox):
    login(client, personas.org_admin)

    response = submit(f"{members(organisation)}einladen/", {"email": "Neu@Example.org", "role": "member"})

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "neu@example.org",
        "member",
        personas.org_admin,
    )
    [mail] = mailbox
    assert mail.to == ["neu@example.org"]
    assert organisation.name in mail.subject
    link = f"/de/organisationen/einladung/{invitation.token}/"
    assert link in mail.body
    assert f'href="http://testserver{link}"' in mail.alternatives[0][0] or link in mail.alternatives[0][0]
    assert "14 Tage" in mail.body
    assert "neu@example.org" in client.get(members(organisation)).content.decode()  # listed as open


@pytest.mark.django_db
def test_the_invitation_email_speaks_the_invitees_language(client, submit, personas, organisation, mailbox):
    UserFactory(email="olena@example.org", preferred_language="uk")
    login(client, personas.org_admin)

    submit(f"{members(organisation)}einladen/", {"email": "olena@example.org", "role": "member"})

    token = Invitation.objects.get().token
    assert f"/uk/organisationen/einladung/{token}/" in mailbox[0].body
    assert '<html lang="uk"' in mailbox[0].alternatives[0][0]


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "expected"), [("outsider", 403), ("member", 403), ("staff", 302)])
def test_only_admins_and_staff_invite(client, submit, personas, organisation, mailbox, persona, expected):
    login(client, personas.all()[persona])

    response = submit(f"{members(organisation)}einladen/", {"email": "neu@example.org", "role": "admin"})

    assert response.status_code == expected
    assert Invitation.objects.count() == (1 if expected == 302 else 0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "member@example.org", "role": "member"}, "Diese Person gehört schon zur Organisation."),
        ({"email": "kein-email", "role": "member"}, "Bitte korrigieren Sie die folgenden Angaben:"),
        ({"email": "neu@example.org", "role": "king"}, "Bitte korrigieren Sie die folgenden Angaben:"),
    ],
)
def test_invalid_invitations_are_refused(client, submit, personas, organisation, mailbox, data, message):
    login(client, personas.org_admin)

    response = submit(f"{members(organisation)}einladen/", data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Invitation.objects.exists()
    assert mailbox == []


@pytest.fixture
def invitation(organisation, personas):
    return Invitation.objects.create(
        organisation=organisation, email="outsider@example.org", role="member", invited_by=personas.org_admin
    )


def accept(invitation):
    return f"/de/organisationen/einladung/{invitation.token}/"


@pytest.mark.django_db
def test_accepting_an_invitation_makes_a_member(client, personas, organisation, invitation):
    login(client, personas.outsider)

    page = client.get(accept(invitation))
    response = client.post(accept(invitation))

    assert page.status_code == 200
    assert organisation.name in page.content.decode()
    assert "andere E-Mail-Adresse" not in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == f"/de/organisationen/{organisation.slug}/"
    assert role_of(organisation, personas.outsider) == "member"
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


@pytest.mark.django_db
def test_accepting_needs_a_login(client, invitation):
    response = client.get(accept(invitation))

    assert response.status_code == 302
    assert response["Location"].startswith("/de/accounts/login/")


@pytest.mark.django_db
def test_someone_signed_in_with_another_address_may_accept_and_is_told(client, personas, organisation, invitation):
    other = UserFactory(email="zweite-adresse@example.org")
    login(client, other)

    content = client.get(accept(invitation)).content.decode()
    client.post(accept(invitation))

    assert "Die Einladung ging an eine andere E-Mail-Adresse." in content
    assert "outsider@example.org" in content
    assert role_of(organisation, other) == "member"


@pytest.mark.django_db
def test_a_used_invitation_cannot_be_used_again(client, personas, organisation, invitation):
    login(client, personas.outsider)
    client.post(accept(invitation))
    second = UserFactory()
    login(client, second)

    page = client.get(accept(invitation))
    response = client.post(accept(invitation))

    assert page.status_code == 410
    assert "Diese Einladung ist abgelaufen oder wurde schon verwendet." in page.content.decode()
    assert response.status_code == 410
    assert role_of(organisation, second) is None


@pytest.mark.django_db
def test_an_invitation_expires_after_14_days(client, personas, organisation, invitation):
    assert timedelta(days=13, hours=23) < invitation.expires_at - timezone.now() <= timedelta(days=14)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    login(client, personas.outsider)

    page = client.get(accept(invitation))
    response = client.post(accept(invitation))

    assert page.status_code == 410
    assert "abgelaufen" in page.content.decode()
    assert "Einladung annehmen" not in page.content.decode()
    assert response.status_code == 410
    assert role_of(organisation, personas.outsider) is None


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["falsch", "x" * 65, "a" * 43])
def test_a_wrong_token_is_not_found(client, personas, invitation, token):
    login(client, personas.outsider)

    assert client.get(f"/de/organisationen/einladung/{token}/").status_code == 404
    assert client.post(f"/de/organisationen/einladung/{token}/").status_code == 404


@pytest.mark.django_db
def test_open_invitations_show_on_my_organisations(client, personas, invitation):
    login(client, personas.outsider)

    content = client.get("/de/organisationen/meine/").content.decode()

    assert "Offene Einladungen" in content
    assert accept(invitation) in content


@pytest.mark.django_db
def test_an_admin_invitation_makes_an_admin(client, personas, organisation, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(role="admin")
    login(client, personas.outsider)

    client.post(accept(invitation))

    assert role_of(organisation, personas.outsider) == "admin"


# --- roles and removal ------------------------------------------------------------------------------


def role_url(organisation, membership_):
    return f"{members(organisation)}{membership_.pk}/rolle/"


def remove_url(organisation, membership_):
    return f"{members(organisation)}{membership_.pk}/entfernen/"


@pytest.mark.django_db
def test_an_admin_changes_a_role(client, personas, organisation):
    target = membership(organisation, personas.member)
    login(client, personas.org_admin)

    response = client.post(role_url(organisation, target), {f"member-{target.pk}-role": "admin"})

    assert response.status_code == 302
    assert role_of(organisation, personas.member) == "admin"


@pytest.mark.django_db
def test_the_last_admin_cannot_step_down(client, personas, organisation):
    own = membership(organisation, personas.org_admin)
    login(client, personas.org_admin)

    response = client.post(role_url(organisation, own), {f"member-{own.pk}-role": "member"})

    assert response.status_code == 200
    assert "mindestens eine Person in der Administration" in response.content.decode()
    assert role_of(organisation, personas.org_admin) == "admin"


@pytest.mark.django_db
def test_the_last_admin_cannot_be_removed(client, personas, organisation):
    own = membership(organisation, personas.org_admin)
    login(client, personas.staff)

    response = client.post(remove_url(organisation, own))

    assert response.status_code == 200
    assert "mindestens eine Person in der Administration" in response.content.decode()
    assert role_of(organisation, personas.org_admin) == "admin"


@pytest.mark.django_db
def test_an_admin_removes_a_member(client, personas, organisation):
    login(client, personas.org_admin)

    response = client.post(remove_url(organisation, membership(organisation, personas.member)))

    assert response.status_code == 302
    assert role_of(organisation, personas.member) is None


@pytest.mark.django_db
def test_a_member_may_leave(client, personas, organisation):
    login(client, personas.member)

    response = client.post(remove_url(organisation, membership(organisation, personas.member)))

    assert response.status_code == 302
    assert response["Location"] == "/de/organisationen/meine/"
    assert role_of(organisation, personas.member) is None


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["outsider", "member"])
def test_members_and_outsiders_cannot_change_others(client, personas, organisation, persona):
    admin = membership(organisation, personas.org_admin)
    login(client, personas.all()[persona])

    assert client.post(role_url(organisation, admin), {f"member-{admin.pk}-role": "member"}).status_code == 403
    assert client.post(remove_url(organisation, admin)).status_code == 403
    assert role_of(organisation, personas.org_admin) == "admin"


@pytest.mark.django_db
def test_a_membership_of_another_organisation_is_not_found(client, personas, organisation):
    elsewhere = OrganisationFactory()
    foreign = Membership.objects.create(organisation=elsewhere, user=personas.outsider, role="admin")
    login(client, personas.org_admin)

    assert client.post(remove_url(organisation, foreign)).status_code == 404
    assert client.post(role_url(organisation, foreign), {f"member-{foreign.pk}-role": "member"}).status_code == 404
    assert role_of(elsewhere, personas.outsider) == "admin"


@pytest.mark.django_db
def test_changes_to_people_need_post(client, personas, organisation):
    login(client, personas.org_admin)
    target = membership(organisation, personas.member)

    assert client.get(remove_url(organisation, target)).status_code == 405
    assert role_of(organisation, personas.member) == "member"


# --- handing over -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_admin_hands_over_to_a_member(client, personas, organisation):
    target = membership(organisation, personas.member)
    login(client, personas.org_admin)
    page = client.get(members(organisation)).content.decode()
    assert "Administration übergeben" in page

    response = client.post(f"{members(organisation)}uebergeben/", {"membership": target.pk, "confirm": "on"})

    assert response.status_code == 302
    assert role_of(organisation, personas.member) == "admin"
    assert role_of(organisation, personas.org_admin) == "member"


@pytest.mark.django_db
def test_handing_over_needs_the_confirmation(client, personas, organisation):
    target = membership(organisation, personas.member)
    login(client, personas.org_admin)

    response = client.post(f"{members(organisation)}uebergeben/", {"membership": target.pk})

    assert response.status_code == 200
    assert role_of(organisation, personas.org_admin) == "admin"


@pytest.mark.django_db
def test_handing_over_to_someone_outside_the_organisation_is_refused(client, personas, organisation):
    foreign = Membership.objects.create(organisation=OrganisationFactory(), user=personas.outsider)
    login(client, personas.org_admin)

    response = client.post(f"{members(organisation)}uebergeben/", {"membership": foreign.pk, "confirm": "on"})

    assert response.status_code == 200
    assert role_of(organisation, personas.org_admin) == "admin"
    assert role_of(organisation, personas.outsider) is None


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["member", "staff", "outsider"])
def test_only_an_admin_hands_over(client, personas, organisation, persona):
    target = membership(organisation, personas.member)
    login(client, personas.all()[persona])

    response = client.post(f"{members(organisation)}uebergeben/", {"membership": target.pk, "confirm": "on"})

    assert response.status_code == 403
    assert role_of(organisation, personas.org_admin) == "admin"


# --- contact persons --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_chooses_to_be_shown_as_contact_person(client, personas, organisation):
    personas.member.spoken_languages = ["fa", "de"]
    personas.member.save()
    profile = f"/de/organisationen/{organisation.slug}/"
    assert "Mina Mitglied" not in client.get(profile).content.decode()
    login(client, personas.member)

    response = client.post(f"/de/organisationen/{organisation.slug}/ansprechperson/", {"public_contact": "on"})

    assert response.status_code == 302
    assert membership(organisation, personas.member).public_contact is True
    client.logout()
    content = client.get(profile).content.decode()
    assert "Mina Mitglied" in content
    assert (
        "<bdi>Persisch (Farsi)</bdi>, <bdi>Deutsch</bdi>" in content
        or "<bdi>Deutsch</bdi>, <bdi>Persisch (Farsi)</bdi>" in content
    )

    login(client, personas.member)
    client.post(f"/de/organisationen/{organisation.slug}/ansprechperson/", {})
    assert membership(organisation, personas.member).public_contact is False


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "expected"), [("outsider", 403), ("staff", 403)])
def test_only_members_set_their_own_contact_choice(client, personas, organisation, persona, expected):
    login(client, personas.all()[persona])

    response = client.post(f"/de/organisationen/{organisation.slug}/ansprechperson/", {"public_contact": "on"})

    assert response.status_code == expected
    assert not Membership.objects.filter(public_contact=True).exists()


@pytest.mark.django_db
def test_every_form_on_the_members_page_has_labels(client, personas, organisation):
    login(client, personas.org_admin)

    content = client.get(members(organisation)).content.decode()

    for tag in re.findall(r"<(?:input|select|textarea)[^>]*>", content):
        input_id = re.search(r'\sid="([^"]+)"', tag)
        if 'type="hidden"' not in tag and input_id and input_id.group(1).startswith("id_"):
            assert f'for="{input_id.group(1)}"' in content, tag


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "mitglieder/einladen/",
        "mitglieder/uebergeben/",
        "mitglieder/{pk}/rolle/",
        "mitglieder/{pk}/entfernen/",
        "ansprechperson/",
        "uebernehmen/",
        "bearbeiten/",
    ],
)
def test_anonymous_posts_change_nothing_and_lead_to_the_login(client, personas, organisation, path):
    admin = membership(organisation, personas.org_admin)
    url = f"/de/organisationen/{organisation.slug}/{path.format(pk=admin.pk)}"

    response = client.post(url, {"email": "x@example.org", "role": "admin", f"member-{admin.pk}-role": "member"})

    assert response.status_code == 302
    assert response["Location"].startswith("/de/accounts/login/")
    assert role_of(organisation, personas.org_admin) == "admin"
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_staff_see_my_organisations_too(client, personas, organisation):
    login(client, personas.staff)

    response = client.get("/de/organisationen/meine/")

    assert response.status_code == 200
    assert organisation.name not in response.content.decode()  # staff are not members
