"""What the directory counts for the figures dashboard: organisations by kind and district, per year."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone

from vielfalt.core import figures
from vielfalt.organisations.figures import organisations_at_year_end, organisations_verified_in_year
from vielfalt.organisations.models import Organisation
from vielfalt.organisations.tests.factories import OrganisationFactory, municipality_by_ags

GIESSEN, KASSEL = "06531", "06611"


def _at(year: int, month: int = 6) -> datetime:
    return datetime(year, month, 15, 12, tzinfo=timezone.get_current_timezone())


def _organisation(*, verified: int | None, kind: str = "migrant", ags: str = "06531005", **kwargs: object) -> None:
    municipality = municipality_by_ags(ags)
    OrganisationFactory.create(
        kind=kind,
        municipality=municipality,
        district=municipality.district,
        verified_at=_at(verified) if verified else None,
        **kwargs,
    )


@pytest.mark.django_db
def test_the_directory_at_each_year_end_counts_the_organisations_verified_by_then(django_assert_num_queries):
    _organisation(verified=2022)
    _organisation(verified=2023)
    _organisation(verified=2023, kind="lotsen", ags="06611000")  # Kassel
    _organisation(verified=2024, status=Organisation.Status.ARCHIVED)  # left the directory
    _organisation(verified=None, status=Organisation.Status.PENDING)
    with django_assert_num_queries(1):
        cells = organisations_at_year_end([2022, 2023, 2024])
    assert cells == {
        (2022, GIESSEN, "migrant"): 1,
        (2023, GIESSEN, "migrant"): 2,
        (2023, KASSEL, "lotsen"): 1,
        (2024, GIESSEN, "migrant"): 2,
        (2024, KASSEL, "lotsen"): 1,
    }


@pytest.mark.django_db
def test_newly_verified_counts_the_year_of_the_first_check_even_when_archived_since(django_assert_num_queries):
    _organisation(verified=2023)
    _organisation(verified=2023, status=Organisation.Status.ARCHIVED)
    _organisation(verified=2024, kind="umbrella")
    _organisation(verified=None, status=Organisation.Status.REJECTED)
    with django_assert_num_queries(1):
        cells = organisations_verified_in_year([2023, 2024])
    assert cells == {(2023, GIESSEN, "migrant"): 2, (2024, GIESSEN, "umbrella"): 1}


@pytest.mark.django_db
def test_the_directory_registers_its_area_and_figures():
    keys = [figure.key for figure in figures.figures("directory")]
    assert keys == ["directory.organisations", "directory.new"]
    for key in keys:
        figure = figures.figure(key)
        assert figure.suppressed and figure.tables and str(figure.description).endswith(".")
        assert "migrant" in figure.categories()  # type: ignore[misc]
