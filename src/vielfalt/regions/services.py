"""Import of Hessen's districts and municipalities (BKG VG5000, dl-de/by-2-0)."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction

from vielfalt.core.errors import ApplicationError
from vielfalt.regions.models import District, Municipality
from vielfalt.regions.signals import regions_imported

DISTRICTS_FILE = "hessen_kreise.geojson"
MUNICIPALITIES_FILE = "hessen_gemeinden.csv"
MUNICIPALITY_COLUMNS = {"ags", "name", "kind", "kreis_ags", "lat", "lon"}
# Hessen lies within these bounds; a point outside is a broken row, not a new municipality.
LAT_RANGE = (Decimal("49.3"), Decimal("51.7"))
LON_RANGE = (Decimal("7.7"), Decimal("10.3"))
ATTRIBUTION = "© GeoBasis-DE / BKG 2021 (Daten verändert)"


@dataclass(frozen=True)
class ImportResult:
    districts_created: int
    districts_updated: int
    municipalities_created: int
    municipalities_updated: int


def regions_import(*, directory: Path) -> ImportResult:
    """Read both files, check every row, then write all of it in one transaction.

    Nothing is written unless both files are valid; running it again changes nothing.
    Raises ``ApplicationError`` listing what is wrong. Afterwards sends ``regions_imported``
    (the exchange keeps one regional group per district).
    """
    districts = _read_districts(directory / DISTRICTS_FILE)
    municipalities = _read_municipalities(directory / MUNICIPALITIES_FILE, {d["ags"] for d in districts})
    result = _write(districts, municipalities)
    regions_imported.send(sender=regions_import, result=result)
    return result


def _fail(path: Path, problems: list[str]) -> ApplicationError:
    listed = "\n".join(f"  - {problem}" for problem in problems[:20])
    more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
    return ApplicationError(f"{path}: the file is not valid, nothing was imported:\n{listed}{more}")


def _read_districts(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ApplicationError(f"{path}: file not found") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ApplicationError(f"{path}: not valid GeoJSON ({error})") from None
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        raise ApplicationError(f"{path}: expected a GeoJSON FeatureCollection")
    problems: list[str] = []
    districts: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, feature in enumerate(data["features"], start=1):
        props = feature.get("properties") if isinstance(feature, dict) else None
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            problems.append(f"feature {index}: no properties")
            continue
        ags = str(props.get("ags", ""))
        name = str(props.get("name", "")).strip()
        kind = props.get("kind")
        if not re.fullmatch(r"06\d{3}", ags):
            problems.append(f"feature {index}: 'ags' must be a 5-digit Hessian code (06…), got {ags!r}")
        elif ags in seen:
            problems.append(f"feature {index}: 'ags' {ags} appears twice")
        seen.add(ags)
        if not name:
            problems.append(f"feature {index}: 'name' is missing")
        if kind not in District.Kind.values:
            problems.append(f"feature {index}: 'kind' must be one of {District.Kind.values}, got {kind!r}")
        if (
            not isinstance(geometry, dict)
            or geometry.get("type") not in ("Polygon", "MultiPolygon")
            or not geometry.get("coordinates")
        ):
            problems.append(f"feature {index}: geometry must be a Polygon or MultiPolygon")
        districts.append(
            {"ags": ags, "name": name, "kind": kind, "nuts": str(props.get("nuts", ""))[:5], "outline": geometry}
        )
    if not districts and not problems:
        problems.append("no districts in the file")
    if problems:
        raise _fail(path, problems)
    return districts


def _read_municipalities(path: Path, district_codes: set[str]) -> list[dict[str, Any]]:
    try:
        # utf-8-sig: spreadsheet programs often save CSV with a byte-order mark.
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = MUNICIPALITY_COLUMNS - set(reader.fieldnames or [])
            if missing:
                raise ApplicationError(f"{path}: columns missing: {', '.join(sorted(missing))}")
            rows = list(reader)
    except FileNotFoundError:
        raise ApplicationError(f"{path}: file not found") from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise ApplicationError(f"{path}: not a readable UTF-8 CSV file ({error})") from None
    problems: list[str] = []
    municipalities: list[dict[str, Any]] = []
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        ags = (row.get("ags") or "").strip()
        name = (row.get("name") or "").strip()
        kind = (row.get("kind") or "").strip()
        district = (row.get("kreis_ags") or "").strip()
        if not re.fullmatch(r"06\d{6}", ags):
            problems.append(f"line {line}: 'ags' must be an 8-digit Hessian code (06…), got {ags!r}")
        elif ags in seen:
            problems.append(f"line {line}: 'ags' {ags} appears twice")
        seen.add(ags)
        if not name:
            problems.append(f"line {line}: 'name' is missing")
        if kind not in Municipality.Kind.values:
            problems.append(f"line {line}: 'kind' must be one of {Municipality.Kind.values}, got {kind!r}")
        if district not in district_codes:
            problems.append(f"line {line}: district {district!r} is not in {DISTRICTS_FILE}")
        elif not ags.startswith(district):
            problems.append(f"line {line}: municipality {ags} does not lie in district {district}")
        try:
            latitude = Decimal((row.get("lat") or "").strip())
            longitude = Decimal((row.get("lon") or "").strip())
            if not (latitude.is_finite() and longitude.is_finite()):
                raise InvalidOperation  # "NaN" and "Infinity" parse, but cannot be compared or rounded
        except InvalidOperation:
            problems.append(f"line {line}: 'lat' and 'lon' must be numbers")
            continue
        if not (LAT_RANGE[0] <= latitude <= LAT_RANGE[1] and LON_RANGE[0] <= longitude <= LON_RANGE[1]):
            problems.append(f"line {line}: ({latitude}, {longitude}) is not in Hessen")
        municipalities.append(
            {
                "ags": ags,
                "name": name,
                "kind": kind,
                "district": district,
                "latitude": latitude.quantize(Decimal("0.00001")),
                "longitude": longitude.quantize(Decimal("0.00001")),
            }
        )
    if not municipalities and not problems:
        problems.append("no municipalities in the file")
    if problems:
        raise _fail(path, problems)
    return municipalities


@transaction.atomic
def _write(districts: list[dict[str, Any]], municipalities: list[dict[str, Any]]) -> ImportResult:
    existing_districts = {d.ags: d for d in District.objects.all()}
    d_created = d_updated = 0
    for row in districts:
        district = existing_districts.get(row["ags"])
        if district is None:
            existing_districts[row["ags"]] = District.objects.create(**row)
            d_created += 1
        elif any(getattr(district, key) != value for key, value in row.items()):
            for key, value in row.items():
                setattr(district, key, value)
            district.save()
            d_updated += 1
    # select_related: comparing ``municipality.district`` must not cost a query per row.
    existing_municipalities = {
        m.ags: m for m in Municipality.objects.select_related("district").defer("district__outline")
    }
    to_create: list[Municipality] = []
    to_update: list[Municipality] = []
    fields = ["name", "kind", "district", "latitude", "longitude"]
    for row in municipalities:
        values = {**row, "district": existing_districts[row["district"]]}
        municipality = existing_municipalities.get(row["ags"])
        if municipality is None:
            to_create.append(Municipality(**values))
        elif any(getattr(municipality, key) != values[key] for key in fields):
            for key in fields:
                setattr(municipality, key, values[key])
            to_update.append(municipality)
    Municipality.objects.bulk_create(to_create, batch_size=500)
    Municipality.objects.bulk_update(to_update, fields, batch_size=500)
    return ImportResult(d_created, d_updated, len(to_create), len(to_update))
