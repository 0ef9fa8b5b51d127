"""Starting data of the hours part: the kinds of accompaniment and the rates a fresh install needs.

The allowance (5 € per hour, at most 60 € a month) and the funding rate (10 € per UE and participant)
apply from 2020-01-01 until the team adds newer ones under /staff/qualifizierung/saetze/.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

KINDS = [
    ("behoerde", "Behörde", {
        "en": "Public offices", "tr": "Resmî kurumlar", "ar": "الدوائر الحكومية", "fa": "ادارات دولتی",
        "ru": "Госучреждения", "uk": "Державні установи",
    }),
    ("kita-schule", "Kita/Schule", {
        "en": "Day care/school", "tr": "Kreş/okul", "ar": "الحضانة/المدرسة", "fa": "مهدکودک/مدرسه",
        "ru": "Детский сад/школа", "uk": "Дитсадок/школа",
    }),
    ("gesundheit", "Gesundheit", {
        "en": "Health", "tr": "Sağlık", "ar": "الصحة", "fa": "سلامت", "ru": "Здоровье", "uk": "Здоров’я",
    }),
    ("wohnen", "Wohnen", {
        "en": "Housing", "tr": "Konut", "ar": "السكن", "fa": "مسکن", "ru": "Жильё", "uk": "Житло",
    }),
    ("arbeit", "Arbeit", {
        "en": "Work", "tr": "İş", "ar": "العمل", "fa": "کار", "ru": "Работа", "uk": "Робота",
    }),
    ("sonstiges", "Sonstiges", {
        "en": "Other", "tr": "Diğer", "ar": "أخرى", "fa": "سایر", "ru": "Другое", "uk": "Інше",
    }),
]  # fmt: skip

START = date(2020, 1, 1)


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    ServiceKind = apps.get_model("qualification", "ServiceKind")
    AllowanceRate = apps.get_model("qualification", "AllowanceRate")
    FundingRate = apps.get_model("qualification", "FundingRate")
    for position, (slug, name, translations) in enumerate(KINDS):
        ServiceKind.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_translations": translations, "position": position * 10}
        )
    if not AllowanceRate.objects.exists():
        AllowanceRate.objects.create(valid_from=START, per_hour=Decimal("5.00"), monthly_cap=Decimal("60.00"))
    if not FundingRate.objects.exists():
        FundingRate.objects.create(valid_from=START, per_unit_participant=Decimal("10.00"))


class Migration(migrations.Migration):
    dependencies = [("qualification", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
