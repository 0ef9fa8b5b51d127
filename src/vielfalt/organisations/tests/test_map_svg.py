"""The map of Hessen on the directory page: 26 districts as links, shades, table and credit line."""

import re

import pytest

from vielfalt.organisations.directory import maps
from vielfalt.organisations.tests.test_search_text import DARMSTADT, make_organisation

URL = "/de/verzeichnis/"


@pytest.fixture
def directory(db):
    for number in range(3):
        make_organisation(name=f"Verein Gießen {number}")
    make_organisation(name="Sportverein Darmstadt", municipality=DARMSTADT, fields=["sport"])


def svg_of(content):
    return re.search(r"<svg .*?</svg>", content, re.DOTALL).group(0)


@pytest.mark.django_db
def test_every_district_is_a_link_that_filters_the_directory(client, directory):
    svg = svg_of(client.get(URL).content.decode())

    links = re.findall(r'<a class="vf-map__link" href="\?district=(\d{5})" aria-label="([^"]+)">', svg)
    assert len(links) == 26
    assert len({ags for ags, _label in links}) == 26
    assert ("06531", "Gießen (Landkreis): 3 Organisationen") in links
    assert ("06411", "Darmstadt: 1 Organisation") in links
    assert ("06611", "Kassel: 0 Organisationen") in links
    assert ("06633", "Kassel (Landkreis): 0 Organisationen") in links
    assert svg.count("<path ") == 26
    assert 'role="group"' in svg
    assert "aria-label=" in svg.split(">")[0]


@pytest.mark.django_db
def test_the_map_keeps_the_other_filters_but_replaces_the_place(client, directory):
    content = client.get(URL, {"q": "Verein", "field": "sport", "district": "06411"}).content.decode()

    assert 'href="?q=Verein&amp;field=sport&amp;district=06531"' in svg_of(content)
    assert "Gießen (Landkreis): 0 Organisationen" in content  # no sport in Gießen
    assert "Darmstadt: 1 Organisation" in content


@pytest.mark.django_db
def test_shades_follow_the_counts(client, directory):
    svg = svg_of(client.get(URL).content.decode())

    shades = dict(re.findall(r'district=(\d{5})".*?vf-map__shade-(\d)', svg))
    assert shades["06531"] == "4"  # the most organisations
    assert shades["06411"] == "2"  # 1 of 3
    assert shades["06611"] == "0"
    assert set(shades.values()) <= {"0", "1", "2", "3", "4"}


@pytest.mark.django_db
def test_a_table_gives_the_same_numbers_and_leads_to_the_district_pages(client, directory):
    content = client.get(URL).content.decode()

    table = re.search(r"<table .*?</table>", content, re.DOTALL).group(0)
    rows = re.findall(
        r'<a class="kern-link" href="/de/verzeichnis/kreis/(\d{5})/">([^<]+)</a></th>\s*<td[^>]*>(\d+)', table
    )
    assert len(rows) == 26
    assert ("06531", "Gießen (Landkreis)", "3") in rows
    assert ("06411", "Darmstadt", "1") in rows
    assert "<caption" in table
    assert re.search(r"Hessen insgesamt</th>\s*<td[^>]*>4<", table)


@pytest.mark.django_db
def test_the_credit_line_and_no_other_hosts(client, directory):
    content = client.get(URL).content.decode()

    assert (
        '<a class="kern-link" href="https://www.bkg.bund.de">© GeoBasis-DE / BKG 2021 (Daten verändert)</a>' in content
    )
    svg = svg_of(content)
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert " style=" not in svg
    assert "<image" not in svg


@pytest.mark.django_db
def test_the_outlines_are_projected_once_and_fit_the_view_box(db):
    maps.clear_cache()
    shapes = maps.district_shapes()

    assert len(shapes) == 26
    assert maps.district_shapes() is shapes
    width, height = (float(number) for number in maps.district_map(counts={}).view_box.split()[2:])
    assert 500 < height < 1000  # Hessen is taller than wide
    for shape in shapes:
        assert shape.path.startswith("M") and shape.path.endswith("Z")
        numbers = [float(number) for number in re.findall(r"-?\d+(?:\.\d)?", shape.path)]
        assert all(0 <= number <= max(width, height) for number in numbers)
        assert not re.search(r"\.\d\d", shape.path)  # rounded to one decimal


def test_shades_and_legend():
    assert [maps.shade_of(count, highest=12) for count in (0, 1, 3, 4, 6, 7, 9, 10, 12)] == [0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert maps.shade_of(5, highest=0) == 0
    assert [(entry.shade, entry.label) for entry in maps.legend(highest=12)] == [
        (0, "keine"),
        (1, "1–3"),
        (2, "4–6"),
        (3, "7–9"),
        (4, "10–12"),
    ]
    assert [(entry.shade, entry.label) for entry in maps.legend(highest=2)] == [(0, "keine"), (2, "1"), (4, "2")]
    assert all(maps.shade_of(count, highest=2) == shade for count, shade in ((1, 2), (2, 4)))
