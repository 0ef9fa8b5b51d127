"""The counselling topics a fresh install starts with; the team edits the list under /staff/beratung/themen/."""

from django.db import migrations

TOPICS = [
    ("foerderantraege", "Förderanträge", {
        "en": "Funding applications", "tr": "Hibe başvuruları", "ar": "طلبات التمويل", "fa": "درخواست‌های حمایت مالی",
        "ru": "Заявки на финансирование", "uk": "Заявки на фінансування",
    }),
    ("vereinsrecht", "Vereinsrecht und Satzung", {
        "en": "Association law and statutes", "tr": "Dernekler hukuku ve tüzük", "ar": "قانون الجمعيات والنظام الأساسي",
        "fa": "حقوق انجمن‌ها و اساسنامه", "ru": "Право объединений и устав", "uk": "Право об’єднань і статут",
    }),
    ("finanzen", "Finanzen und Buchhaltung", {
        "en": "Finance and bookkeeping", "tr": "Mali işler ve muhasebe", "ar": "المالية والمحاسبة",
        "fa": "امور مالی و حسابداری", "ru": "Финансы и бухгалтерия", "uk": "Фінанси та бухгалтерія",
    }),
    ("oeffentlichkeitsarbeit", "Öffentlichkeitsarbeit", {
        "en": "Public relations", "tr": "Halkla ilişkiler", "ar": "العلاقات العامة", "fa": "روابط عمومی",
        "ru": "Связи с общественностью", "uk": "Зв’язки з громадськістю",
    }),
    ("projektmanagement", "Projektmanagement", {
        "en": "Project management", "tr": "Proje yönetimi", "ar": "إدارة المشاريع", "fa": "مدیریت پروژه",
        "ru": "Управление проектами", "uk": "Управління проєктами",
    }),
    ("ehrenamtsmanagement", "Ehrenamtsmanagement", {
        "en": "Volunteer management", "tr": "Gönüllü yönetimi", "ar": "إدارة العمل التطوعي", "fa": "مدیریت داوطلبان",
        "ru": "Работа с волонтёрами", "uk": "Управління волонтерами",
    }),
    ("kommune", "Vernetzung mit der Kommune", {
        "en": "Networking with the municipality", "tr": "Belediyeyle ağ kurma", "ar": "التواصل مع البلدية",
        "fa": "ارتباط با شهرداری", "ru": "Взаимодействие с муниципалитетом", "uk": "Співпраця з громадою",
    }),
    ("sonstiges", "Sonstiges", {
        "en": "Other", "tr": "Diğer", "ar": "أخرى", "fa": "سایر", "ru": "Другое", "uk": "Інше",
    }),
]  # fmt: skip


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    Topic = apps.get_model("counselling", "Topic")
    for position, (slug, name, translations) in enumerate(TOPICS):
        Topic.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_translations": translations, "order": (position + 1) * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("counselling", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
