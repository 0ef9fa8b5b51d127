import csv
import json
import shutil
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from vielfalt.core.errors import ApplicationError
from vielfalt.regions.models import District, Municipality
from vielfalt.regions.services import DISTRICTS_FILE, MUNICIPALITIES_FILE, ImportResult, regions_import


@pytest.fixture
def data_dir(settings) -> Path:
    return Path(settings.REGIONS_DATA_DIR)


@pytest.fixture
def imported(db, data_dir) -> ImportResult:
    return regions_import(directory=data_dir)


@pytest.fixture
def broken_copy(tmp_path, data_dir):
    """A copy of the real files in ``tmp_path``; the test then breaks one of them."""
    for name in (DISTRICTS_FILE, MUNICIPALITIES_FILE):
        shutil.copy(data_dir / name, tmp_path / name)
    return tmp_path


def read_geojson(directory: Path) -> dict:
    return json.loads((directory / DISTRICTS_FILE).read_text(encoding="utf-8"))


def write_geojson(directory: Path, data: dict) -> None:
    (directory / DISTRICTS_FILE).write_text(json.dumps(data), encoding="utf-8")


def read_csv(directory: Path) -> list[dict[str, str]]:
    with (directory / MUNICIPALITIES_FILE).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(directory: Path, rows: list[dict[str, str]]) -> None:
    with (directory / MUNICIPALITIES_FILE).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def snapshot() -> tuple:
    """Everything the import writes, to compare before and after."""
    return (
        list(District.objects.order_by("ags").values_list("ags", "name", "kind", "nuts")),
        list(
            Municipality.objects.order_by("ags").values_list(
                "ags", "name", "kind", "district__ags", "latitude", "longitude"
            )
        ),
    )


def test_import_of_hessen(imported):
    assert imported == ImportResult(
        districts_created=26, districts_updated=0, municipalities_created=426, municipalities_updated=0
    )
    assert District.objects.count() == 26
    assert District.objects.filter(kind=District.Kind.RURAL).count() == 21
    assert District.objects.filter(kind=District.Kind.CITY).count() == 5
    assert Municipality.objects.count() == 426


def test_every_district_has_an_outline_and_municipalities(imported):
    for district in District.objects.all():
        assert district.outline["type"] in ("Polygon", "MultiPolygon")
        assert district.municipalities.exists()
        assert district.nuts.startswith("DE7")


def test_kassel_city_and_district_are_distinct(imported):
    city, district = District.objects.get(ags="06611"), District.objects.get(ags="06633")

    assert city.name == district.name == "Kassel"
    assert (city.kind, district.kind) == (District.Kind.CITY, District.Kind.RURAL)
    assert (str(city), str(district)) == ("Kassel", "Kassel (Landkreis)")
    assert Municipality.objects.get(ags="06611000").district == city
    assert not city.municipalities.exclude(ags="06611000").exists()
    assert district.municipalities.count() > 20


def test_municipality_coordinates(imported):
    darmstadt = Municipality.objects.get(ags="06411000")

    assert darmstadt.name == "Darmstadt"
    assert darmstadt.kind == Municipality.Kind.CITY
    assert (darmstadt.latitude, darmstadt.longitude) == (Decimal("49.87241"), Decimal("8.66118"))


def test_import_twice_changes_nothing(imported, data_dir):
    before = snapshot()

    again = regions_import(directory=data_dir)

    assert again == ImportResult(0, 0, 0, 0)
    assert snapshot() == before


def test_import_updates_changed_rows(imported, broken_copy):
    rows = read_csv(broken_copy)
    rows[0]["name"] = "Darmstadt (Wissenschaftsstadt)"
    write_csv(broken_copy, rows)
    data = read_geojson(broken_copy)
    data["features"][0]["properties"]["nuts"] = "DE7XX"
    write_geojson(broken_copy, data)

    result = regions_import(directory=broken_copy)

    assert result == ImportResult(0, 1, 0, 1)
    assert Municipality.objects.get(ags="06411000").name == "Darmstadt (Wissenschaftsstadt)"
    assert District.objects.get(ags="06411").nuts == "DE7XX"


def test_import_uses_a_bounded_number_of_queries(db, data_dir, django_assert_max_num_queries):
    with django_assert_max_num_queries(100):
        regions_import(directory=data_dir)
    with django_assert_max_num_queries(10):
        regions_import(directory=data_dir)


def break_invalid_json(directory: Path) -> None:
    (directory / DISTRICTS_FILE).write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")


def break_not_a_feature_collection(directory: Path) -> None:
    (directory / DISTRICTS_FILE).write_text('{"type": "Feature"}', encoding="utf-8")


def break_district_ags(directory: Path) -> None:
    data = read_geojson(directory)
    data["features"][3]["properties"]["ags"] = "07111"
    write_geojson(directory, data)


def break_duplicate_district(directory: Path) -> None:
    data = read_geojson(directory)
    data["features"].append(data["features"][0])
    write_geojson(directory, data)


def break_district_geometry(directory: Path) -> None:
    data = read_geojson(directory)
    data["features"][0]["geometry"] = {"type": "Point", "coordinates": [8.6, 49.8]}
    write_geojson(directory, data)


def break_unknown_district_in_csv(directory: Path) -> None:
    rows = read_csv(directory)
    rows[5]["kreis_ags"] = "06999"
    rows[5]["ags"] = "06999001"
    write_csv(directory, rows)


def break_missing_column(directory: Path) -> None:
    rows = [{key: value for key, value in row.items() if key != "lat"} for row in read_csv(directory)]
    write_csv(directory, rows)


def break_latitude_outside_hessen(directory: Path) -> None:
    rows = read_csv(directory)
    rows[7]["lat"] = "52.52"  # Berlin
    write_csv(directory, rows)


def break_coordinate_not_a_number(directory: Path) -> None:
    rows = read_csv(directory)
    rows[7]["lon"] = "acht"
    write_csv(directory, rows)


def break_coordinate_not_finite(directory: Path) -> None:
    rows = read_csv(directory)
    rows[7]["lat"] = "NaN"
    rows[8]["lon"] = "Infinity"
    write_csv(directory, rows)


def break_municipality_in_wrong_district(directory: Path) -> None:
    rows = read_csv(directory)
    rows[0]["kreis_ags"] = "06412"
    write_csv(directory, rows)


def break_municipality_kind(directory: Path) -> None:
    rows = read_csv(directory)
    rows[2]["kind"] = "Dorf"
    write_csv(directory, rows)


def break_missing_file(directory: Path) -> None:
    (directory / MUNICIPALITIES_FILE).unlink()


def break_encoding(directory: Path) -> None:
    (directory / MUNICIPALITIES_FILE).write_bytes(
        "ags,name,kind,kreis_ags,lat,lon\n06411000,Gie\xdfen".encode("latin-1")
    )


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (break_invalid_json, "hessen_kreise.geojson: not valid GeoJSON"),
        (break_not_a_feature_collection, "expected a GeoJSON FeatureCollection"),
        (break_district_ags, "feature 4: 'ags' must be a 5-digit Hessian code (06…), got '07111'"),
        (break_duplicate_district, "feature 27: 'ags' 06411 appears twice"),
        (break_district_geometry, "feature 1: geometry must be a Polygon or MultiPolygon"),
        (break_unknown_district_in_csv, "line 7: district '06999' is not in hessen_kreise.geojson"),
        (break_missing_column, "hessen_gemeinden.csv: columns missing: lat"),
        (break_latitude_outside_hessen, "line 9: (52.52, "),
        (break_coordinate_not_a_number, "line 9: 'lat' and 'lon' must be numbers"),
        (break_coordinate_not_finite, "line 10: 'lat' and 'lon' must be numbers"),
        (break_municipality_in_wrong_district, "line 2: municipality 06411000 does not lie in district 06412"),
        (break_municipality_kind, "line 4: 'kind' must be one of"),
        (break_missing_file, "hessen_gemeinden.csv: file not found"),
        (break_encoding, "not a readable UTF-8 CSV file"),
    ],
    ids=lambda value: value.__name__.removeprefix("break_") if callable(value) else "",
)
def test_broken_files_are_refused_and_change_nothing(imported, broken_copy, breakage, message):
    Municipality.objects.filter(ags="06411000").update(name="Darmstadt (vorher)")
    before = snapshot()
    breakage(broken_copy)

    with pytest.raises(ApplicationError) as error:
        regions_import(directory=broken_copy)

    assert message in str(error.value)
    assert snapshot() == before


def test_broken_import_into_an_empty_database_writes_nothing(db, broken_copy):
    break_latitude_outside_hessen(broken_copy)

    with pytest.raises(ApplicationError, match="nothing was imported"):
        regions_import(directory=broken_copy)

    assert not District.objects.exists()
    assert not Municipality.objects.exists()


def test_many_problems_are_summarised(db, broken_copy):
    rows = read_csv(broken_copy)
    for row in rows:
        row["lat"] = "0"
    write_csv(broken_copy, rows)

    with pytest.raises(ApplicationError) as error:
        regions_import(directory=broken_copy)

    assert "… and 406 more" in str(error.value)


def test_command_imports_and_reports(db, data_dir):
    out = StringIO()

    call_command("import_regions", str(data_dir), stdout=out)

    assert "Districts: 26 new, 0 updated; municipalities: 426 new, 0 updated." in out.getvalue()
    assert "© GeoBasis-DE / BKG 2021" in out.getvalue()


def test_command_uses_the_configured_directory(db):
    out = StringIO()

    call_command("import_regions", stdout=out)

    assert District.objects.count() == 26


def test_command_refuses_a_missing_directory(db, tmp_path):
    with pytest.raises(CommandError, match="no such directory"):
        call_command("import_regions", str(tmp_path / "nowhere"))


def test_command_reports_broken_files(imported, broken_copy):
    before = snapshot()
    break_district_ags(broken_copy)

    with pytest.raises(CommandError, match="'ags' must be a 5-digit Hessian code"):
        call_command("import_regions", str(broken_copy))
    assert snapshot() == before


def test_csv_with_byte_order_mark_is_accepted(db, broken_copy):
    # Spreadsheet programs save "CSV UTF-8" with a byte-order mark; that is not a broken file.
    csv_path = broken_copy / "hessen_gemeinden.csv"
    csv_path.write_bytes(b"\xef\xbb\xbf" + csv_path.read_bytes())
    result = regions_import(directory=broken_copy)
    assert result.municipalities_created == 426
