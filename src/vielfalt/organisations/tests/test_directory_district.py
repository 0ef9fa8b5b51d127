"""A district's page: its WIR-Vielfaltszentrum and municipal contacts first, then its organisations."""

import re

import pytest

from conftest import login
from vielfalt.organisations.models import Organisation
from vielfalt.organisations.tests.test_search_text import DARMSTADT, LICH, make_organisation

URL = "/de/verzeichnis/kreis/06531/"  # Landkreis Gießen


@pytest.fixture
def district(db):
    make_organisation(name="WIR-Vielfaltszentrum Landkreis Gießen", kind=Organisation.Kind.VIELFALTSZENTRUM)
    make_organisation(name="Integrationsbüro Gießen", kind=Organisation.Kind.INTEGRATION_OFFICE)
    make_organisation(name="Ausländerbeirat Lich", kind=Organisation.Kind.POLITICS, municipality=LICH)
    make_organisation(name="Fachdienst Migration", kind=Organisation.Kind.ADMINISTRATION)
    make_organisation(name="Kulturverein Brücke e.V.")
    make_organisation(name="Elternnetzwerk Lich", municipality=LICH)
    make_organisation(
        name="Integrationsbüro Darmstadt", kind=Organisation.Kind.INTEGRATION_OFFICE, municipality=DARMSTADT
    )
    make_organisation(name="Stadtverwaltung (wartet)", kind=Organisation.Kind.ADMINISTRATION, status="pending")


def section(content, title_id):
    return re.search(rf'<section[^>]*aria-labelledby="{title_id}".*?</section>', content, re.DOTALL).group(0)


def names_in(html):
    return re.findall(r'<h3 class="kern-title">(?:<a [^>]*>)?(?:<bdi>)?([^<]+)', html)


@pytest.mark.django_db
def test_the_district_page_highlights_centre_and_municipal_contacts(client, district):
    response = client.get(URL)
    content = response.content.decode()

    assert response.status_code == 200
    assert re.search(r"<h1[^>]*>Gießen \(Landkreis\)</h1>", content)
    assert names_in(section(content, "centres-title")) == ["WIR-Vielfaltszentrum Landkreis Gießen"]
    assert names_in(section(content, "municipal-title")) == [
        "Ausländerbeirat Lich",
        "Fachdienst Migration",
        "Integrationsbüro Gießen",
    ]
    assert names_in(section(content, "organisations-title")) == ["Elternnetzwerk Lich", "Kulturverein Brücke e.V."]
    assert "Integrationsbüro Darmstadt" not in content
    assert "wartet" not in content


@pytest.mark.django_db
def test_the_district_page_lists_its_municipalities_with_links_into_the_directory(client, district):
    content = client.get(URL).content.decode()

    places = section(content, "municipalities-title")
    assert (
        'href="/de/verzeichnis/?district=06531&amp;municipality=06531005">Gießen</a> <span class="vf-meta">(4)'
        in places
    )
    assert (
        'href="/de/verzeichnis/?district=06531&amp;municipality=06531011">Lich</a> <span class="vf-meta">(2)' in places
    )


@pytest.mark.django_db
def test_two_clicks_from_the_directory(client, district):
    directory = client.get("/de/verzeichnis/").content.decode()

    assert 'href="/de/verzeichnis/kreis/06531/"' in directory
    assert "Kommunale Ansprechpersonen" in client.get(URL).content.decode()


@pytest.mark.django_db
def test_a_district_without_contacts_says_so(client, db):
    content = client.get("/de/verzeichnis/kreis/06611/").content.decode()

    assert "noch kein WIR-Vielfaltszentrum" in content
    assert "noch keine kommunalen Ansprechpersonen" in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "ags", ["99999", "0653", "abcde", "06531005", "%00", "06531%0A", "%D9%A0%D9%A6%D9%A5%D9%A3%D9%A1"]
)
def test_unknown_districts_are_not_found(client, db, ags):
    assert client.get(f"/de/verzeichnis/kreis/{ags}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["outsider", "member", "org_admin", "staff", "staff_no_mfa"])
def test_every_persona_sees_the_district_page(client, personas, district, persona):
    login(client, personas.all()[persona])

    assert client.get(URL).status_code == 200


@pytest.mark.django_db
def test_the_district_page_needs_few_queries(client, db, django_assert_max_num_queries):
    for number in range(45):
        make_organisation(name=f"Verein {number:02d}", fields=["bildung", "sport"])
    for number in range(5):
        make_organisation(name=f"Amt {number}", kind=Organisation.Kind.ADMINISTRATION, fields=["bildung"])

    with django_assert_max_num_queries(10):
        first = client.get(URL)
    third = client.get(URL, {"page": "3"}).content.decode()

    assert len(names_in(first.content.decode())) == 5 + 20
    assert names_in(section(third, "organisations-title")) == [f"Verein {number:02d}" for number in range(40, 45)]
    assert "Seite 3 von 3" in third
    assert client.get(URL, {"page": "abc"}).status_code == 200
