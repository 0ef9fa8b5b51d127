"""The interface's web fonts (scripts/subset_fonts.py): complete, renamed as the font licence asks."""

from __future__ import annotations

import re
from pathlib import Path

from fontTools.ttLib import TTFont

FONTS = Path(__file__).resolve().parents[2] / "static" / "vielfalt" / "fonts"


def test_every_font_face_points_to_a_file_and_the_licence_is_there() -> None:
    css = (FONTS / "fonts.css").read_text(encoding="utf-8")
    files = re.findall(r"url\('([^']+)'\)", css)
    assert len(files) == 9  # three weights × Latin, Latin Extended, Cyrillic
    assert all((FONTS / name).is_file() for name in files)
    assert "SIL OPEN FONT LICENSE" in (FONTS / "OFL.txt").read_text(encoding="utf-8")


def test_the_subsets_do_not_carry_the_reserved_font_name() -> None:
    for path in FONTS.glob("*.woff2"):
        names = {record.nameID: str(record) for record in TTFont(path)["name"].names}
        assert all("Fira" not in names.get(name_id, "") for name_id in (1, 3, 4, 6, 16)), path.name
        assert "Mozilla Foundation" in names[0]  # the copyright notice stays
