"""Synthetic demo people. Invented names only: never the real people in the press texts."""

from __future__ import annotations

import functools
import random
from typing import TextIO

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from vielfalt.accounts.models import Role, User
from vielfalt.regions.models import District

DEMO_PASSWORD = "vielfalt-demo"
DEMO_DOMAIN = "demo.vielfalt.invalid"

FIRST_NAMES = [
    "Aylin", "Mehmet", "Fatma", "Samir", "Leyla", "Yusuf", "Narges", "Dariush", "Olena", "Taras",
    "Irina", "Dmitri", "Agnieszka", "Tomasz", "Ana", "Mihai", "Elif", "Hamid", "Sara", "Jonas",
    "Miriam", "Kofi", "Amina", "Tesfaye", "Luca", "Zeynep", "Rania", "Bashir", "Katarzyna", "Lena",
]  # fmt: skip
LAST_NAMES = [
    "Yılmaz", "Demir", "Haddad", "Rahimi", "Karimi", "Shevchenko", "Kovalenko", "Petrova", "Nowak",
    "Popescu", "Schneider", "Weber", "Mensah", "Osei", "Abdi", "Tesfamariam", "Rossi", "Hoxha",
    "Ahmadi", "Kaya", "Novak", "Bauer", "Nasser", "Ivanova", "Hofmann",
]  # fmt: skip
SPOKEN = ["de", "en", "tr", "ar", "fa", "ru", "uk", "pl", "ro", "ku", "ti", "so", "it", "sq", "es", "fr"]


@functools.cache
def _demo_password_hash() -> str:
    # Hashed once: a strong hash costs about half a second, and the demo has dozens of accounts.
    return make_password(DEMO_PASSWORD)


def _person(email: str, name: str, role: str, rng: random.Random) -> User:
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "name": name,
            "role": role,
            "preferred_language": rng.choice(["de", "de", "de", "en", "tr", "ar", "fa", "ru", "uk"]),
            "spoken_languages": sorted({"de", *rng.sample(SPOKEN, 2)}),
        },
    )
    if created:
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def load(stdout: TextIO) -> None:
    rng = random.Random(2026)
    _person(f"team@{DEMO_DOMAIN}", "Katrin Vogel", Role.STAFF, rng)
    _person(f"ministerium@{DEMO_DOMAIN}", "Ministerium (Demo)", Role.MINISTRY, rng)
    # One municipal actor per district, so that every part of Hessen is represented.
    for district in District.objects.order_by("ags"):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        _person(f"kommune-{district.ags}@{DEMO_DOMAIN}", name, Role.MUNICIPAL, rng)
    for index in range(1, 41):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        _person(f"mitglied-{index:02d}@{DEMO_DOMAIN}", name, Role.MEMBER, rng)
    stdout.write(
        f"Demo accounts (password '{DEMO_PASSWORD}'): team@{DEMO_DOMAIN} (staff; asks you to set up "
        f"two-factor authentication), mitglied-01@{DEMO_DOMAIN} (member), ministerium@{DEMO_DOMAIN}.\n"
    )
