"""Create N synthetic library items for the library search benchmark (default 5,000).

    .venv/bin/python bench/generate_library.py [--count N]      # DATABASE_URL, else PostgreSQL vielfalt_library

Methods, guides, templates, checklists and videos with invented German titles built from compound words
("Elternabend-Checkliste", "Rollenspiel Behördengang"), summaries, HTML bodies with headings, method facts,
1–3 topics and 0–2 target groups; a tenth in Turkish, Arabic or English, some members-only, a few drafts.
Search texts are built in bulk exactly as ``knowledge.services`` builds them. Runs migrate first; removes
the items of an earlier run (slugs starting with ``bench-``). Also called by ``library_search.py``.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import setup_django

FIRST = [
    "Rollenspiel", "Elternabend", "Stadtteil", "Förderantrag", "Datenschutz", "Vereinsgründung", "Kennenlern",
    "Werte", "Netzwerk", "Sprachen", "Behörden", "Projekt", "Ehrenamts", "Konflikt", "Kita", "Schul",
    "Kassen", "Mitglieder", "Presse", "Jugend", "Frauen", "Integrations", "Begegnungs", "Feedback",
]  # fmt: skip
SECOND = [
    "spiel", "runde", "rundgang", "karte", "checkliste", "vorlage", "leitfaden", "quiz", "barometer",
    "porträt", "gespräch", "planung", "abend", "werkstatt", "training", "übung", "protokoll", "plakat",
]  # fmt: skip
TOPICS_TEXT = [
    "Behördengang", "Mikroprojekt", "Mitgliederversammlung", "Aufwandsentschädigung", "Gemeinnützigkeit",
    "Öffentlichkeitsarbeit", "Hausaufgabenhilfe", "Elternarbeit", "Kinderbetreuung", "Dolmetschen",
]  # fmt: skip
SENTENCES = [
    "Die Teilnehmenden arbeiten in kleinen Gruppen und stellen ihre Ergebnisse im Plenum vor.",
    "Die Leitung achtet darauf, dass alle zu Wort kommen und niemand bloßgestellt wird.",
    "Geeignet für die Basisqualifizierung der WIR-Lotsinnen und -Lotsen und für Vereinsvorstände.",
    "Vorher klären: Welche Räume, welche Sprachen, welche Unterstützung brauchen die Teilnehmenden?",
    "Die Methode lässt sich online in Gruppenräumen einer Videokonferenz durchführen.",
    "Fristen und Unterlagen werden auf einer Checkliste festgehalten, die alle mitnehmen.",
    "Für Förderanträge gilt: Anträge für Mikroprojekte sind bis zum 31. Dezember einzureichen.",
    "Personenbezogene Daten werden nur so lange aufbewahrt, wie es der Zweck verlangt.",
]  # fmt: skip
TRANSLATED = {
    "tr": ["Rol oyunu", "Veli toplantısı", "Mahalle turu", "Destek başvurusu", "Veri koruma", "Dernek kuruluşu"],
    "ar": ["لعب الأدوار", "اجتماع الأهل", "جولة في الحي", "طلب الدعم", "حماية البيانات", "تأسيس جمعية"],
    "en": ["Role play", "Parents' evening", "Neighbourhood walk", "Funding application", "Data protection"],
}
DATABASE = "vielfalt_library"
KINDS = ["method"] * 5 + ["guide"] * 2 + ["template"] * 2 + ["checklist"] * 2 + ["video"]


def ensure_database() -> None:
    """Without ``DATABASE_URL``: the PostgreSQL database ``vielfalt_library`` on 127.0.0.1, created if missing
    (never the platform's own database)."""
    if os.environ.get("DATABASE_URL"):
        return
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone() is None:
            connection.execute(f"CREATE DATABASE {DATABASE}")
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"


def generate(count: int, seed: int) -> None:
    from django.db import connection, transaction

    from vielfalt.knowledge.models import Item
    from vielfalt.knowledge.services import build_search_text
    from vielfalt.organisations.models import FieldOfAction, TargetGroup

    rng = random.Random(seed)
    topics = list(FieldOfAction.objects.all())
    groups = list(TargetGroup.objects.all())
    started = time.perf_counter()
    with transaction.atomic():
        Item.objects.filter(slug__startswith="bench-").delete()
        items, links = [], []
        for number in range(count):
            kind = rng.choice(KINDS)
            first = rng.choice(FIRST)
            roll = rng.random()
            language = "tr" if roll < 0.05 else "ar" if roll < 0.08 else "en" if roll < 0.1 else "de"
            if language == "de":
                title = f"{first}{rng.choice(SECOND)} {rng.choice(TOPICS_TEXT)}"
            else:
                title = f"{rng.choice(TRANSLATED[language])} {number}"
            chosen_topics = rng.sample(topics, rng.randint(1, 3))
            chosen_groups = rng.sample(groups, rng.randint(0, 2))
            sentences = rng.sample(SENTENCES, 4)
            body = (
                f"<h2>Ziel</h2><p>{sentences[0]} {sentences[1]}</p><h2>Ablauf</h2><p>{sentences[2]}</p>"
                f"<h2>Hinweise</h2><p>{sentences[3]} Schlagworte: {first.rstrip('s')}, {rng.choice(TOPICS_TEXT)}.</p>"
            )
            item = Item(
                slug=f"bench-{number}",
                title=title[:200],
                summary=f"{rng.choice(SENTENCES)} {rng.choice(SENTENCES)}",
                body=body,
                kind=kind,
                language=language,
                status=Item.Status.DRAFT if rng.random() < 0.03 else Item.Status.PUBLISHED,
                visibility=Item.Visibility.MEMBERS if rng.random() < 0.15 else Item.Visibility.PUBLIC,
                duration_minutes=rng.choice([15, 30, 45, 60, 90]) if kind == "method" else None,
                group_size_min=rng.choice([3, 4, 6]) if kind == "method" else None,
                group_size_max=rng.choice([12, 16, 24]) if kind == "method" else None,
                materials="Moderationskarten\nStifte" if kind == "method" else "",
                steps="Einstieg\nArbeit in Gruppen\nAuswertung" if kind == "method" else "",
                video_url="https://video.example.org/v" if kind == "video" else "",
                version=1,
            )
            item.topic_ids = sorted(term.pk for term in chosen_topics)
            item.target_group_ids = sorted(term.pk for term in chosen_groups)
            item.search_text = build_search_text(item=item, topics=chosen_topics, target_groups=chosen_groups)
            items.append(item)
            links.append((chosen_topics, chosen_groups))
        Item.objects.bulk_create(items, batch_size=500)
        saved = {item.slug: item.pk for item in Item.objects.filter(slug__startswith="bench-").only("pk", "slug")}
        topic_rows, group_rows = [], []
        for item, (chosen_topics, chosen_groups) in zip(items, links, strict=True):
            pk = saved[item.slug]
            topic_rows += [Item.topics.through(item_id=pk, fieldofaction_id=term.pk) for term in chosen_topics]
            group_rows += [Item.target_groups.through(item_id=pk, targetgroup_id=term.pk) for term in chosen_groups]
        Item.topics.through.objects.bulk_create(topic_rows, batch_size=2000)
        Item.target_groups.through.objects.bulk_create(group_rows, batch_size=2000)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ("knowledge_item", "knowledge_item_topics", "knowledge_item_target_groups"):
                cursor.execute(f"VACUUM ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")
    print(f"{count} items in {time.perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    ensure_database()
    print(f"database: {setup_django()}")
    generate(args.count, args.seed)


if __name__ == "__main__":
    main()
