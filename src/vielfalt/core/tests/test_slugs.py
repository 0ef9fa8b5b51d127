"""Addresses for names in any script."""

import pytest

from vielfalt.core.lib.slugs import readable_slug


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Kulturverein Gießen e.V.", "kulturverein-giessen-ev"),
        ("Frauencafé Büdingen", "frauencafe-buedingen"),
        ("Українська громада Гессен", "ukrainska-gromada-gessen"),
        ("Русский культурный центр", "russkiy-kulturnyy-tsentr"),
        ("الجمعية الثقافية", "ljmyh-lthqfyh"),
        ("انجمن فرهنگی", "njmn-frhngy"),
        ("Kürt Kültür Derneği", "kuert-kueltuer-dernegi"),
        ("ትግራይ ማሕበር", "tgray-mahber"),
        ("!!!", ""),
    ],
)
def test_every_script_gets_a_readable_address(name, slug):
    assert readable_slug(name) == slug
