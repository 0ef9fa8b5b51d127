"""A clone alone serves the full demo: the region data ships with the package (issue 16 §1)."""

import sqlite3
from pathlib import Path

import vielfalt
from vielfalt.core.testing.site import Site
from vielfalt.regions.services import ATTRIBUTION, DISTRICTS_FILE, MUNICIPALITIES_FILE

PACKAGED = Path(vielfalt.__file__).resolve().parent / "regions" / "data"


def test_the_region_data_is_part_of_the_package_small_and_licensed():
    sizes = {name: (PACKAGED / name).stat().st_size for name in (DISTRICTS_FILE, MUNICIPALITIES_FILE)}
    assert sum(sizes.values()) < 100_000
    licence = (PACKAGED / "LICENCE.md").read_text(encoding="utf-8")
    assert ATTRIBUTION in licence
    assert "dl-de/by-2-0" in licence


def test_nothing_in_the_product_points_beside_the_repository():
    package = Path(vielfalt.__file__).resolve().parent
    checkout = package.parents[1]
    files = [checkout / "README.md", checkout / "Makefile", checkout / ".ci" / "run", package / "settings.py"]
    assert [str(path) for path in files if "shared" + "/data" in path.read_text(encoding="utf-8")] == []
    assert '"shared"' not in (package / "settings.py").read_text(encoding="utf-8")


def test_the_demo_loads_completely_with_only_the_packaged_data(tmp_path):
    """``vielfalt demo`` in a fresh process without REGIONS_DATA_DIR: regions, directory, events, exchange."""
    site = Site(database_url=f"sqlite:///{tmp_path / 'demo.sqlite3'}", root=tmp_path)

    result = site.run("demo", "--no-serve")

    output = result.stdout + result.stderr
    assert "skipped" not in output
    assert "No region data" not in output
    assert "Districts: 26 new" in output
    with sqlite3.connect(tmp_path / "demo.sqlite3") as db:
        count = lambda table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: E731
        assert count("regions_district") == 26
        assert count("regions_municipality") == 426
        assert count("organisations_organisation") > 250
        assert count("events_event") > 10
        assert count("exchange_thread") > 10
