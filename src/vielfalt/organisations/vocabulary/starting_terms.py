"""The starting vocabulary (fields of action, target groups). Staff edit it afterwards."""

from __future__ import annotations

FIELDS_OF_ACTION = [
    ("bildung", "Bildung"),
    ("sprache", "Sprache"),
    ("arbeit-ausbildung", "Arbeit und Ausbildung"),
    ("gesundheit", "Gesundheit"),
    ("kultur", "Kultur"),
    ("sport", "Sport"),
    ("religion-dialog", "Religion und Dialog"),
    ("jugend", "Jugend"),
    ("frauen", "Frauen"),
    ("senioren", "Senior*innen"),
    ("gefluechtete", "Geflüchtete"),
    ("demokratie-teilhabe", "Demokratie und Teilhabe"),
    ("antidiskriminierung", "Antidiskriminierung"),
    ("elternarbeit", "Elternarbeit"),
]

TARGET_GROUPS = [
    ("kinder", "Kinder"),
    ("jugendliche", "Jugendliche"),
    ("familien", "Familien"),
    ("frauen", "Frauen"),
    ("senioren", "Ältere Menschen"),
    ("neuzugewanderte", "Neuzugewanderte"),
    ("gefluechtete", "Geflüchtete"),
    ("studierende", "Studierende"),
    ("fachkraefte", "Fachkräfte"),
    ("ehrenamtliche", "Ehrenamtliche"),
    ("verwaltung", "Verwaltung und Politik"),
]
