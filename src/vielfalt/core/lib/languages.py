"""The languages people speak: on profiles, in the directory's filters, at events and in suggestions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# Languages people speak, for finding each other: the interface languages and those most common
# among Hessen's migrant communities. ISO 639-1 codes; the names are translated.
SPOKEN_LANGUAGES = [
    ("de", _("Deutsch")),
    ("en", _("Englisch")),
    ("tr", _("Türkisch")),
    ("ar", _("Arabisch")),
    ("fa", _("Persisch (Farsi)")),
    ("ps", _("Paschtu")),
    ("ku", _("Kurdisch")),
    ("ru", _("Russisch")),
    ("uk", _("Ukrainisch")),
    ("pl", _("Polnisch")),
    ("ro", _("Rumänisch")),
    ("bg", _("Bulgarisch")),
    ("hr", _("Kroatisch")),
    ("sr", _("Serbisch")),
    ("bs", _("Bosnisch")),
    ("sq", _("Albanisch")),
    ("el", _("Griechisch")),
    ("it", _("Italienisch")),
    ("es", _("Spanisch")),
    ("pt", _("Portugiesisch")),
    ("fr", _("Französisch")),
    ("ti", _("Tigrinya")),
    ("so", _("Somali")),
    ("am", _("Amharisch")),
    ("vi", _("Vietnamesisch")),
    ("zh", _("Chinesisch")),
]
