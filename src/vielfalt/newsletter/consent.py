"""The consent a subscriber gives: its text, shown on the form, and its version, stored with the time.

Change the text → raise ``CONSENT_VERSION``: a subscription records which wording its person agreed to,
and a form sent with an older version is refused (the person is shown the new text first).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

CONSENT_VERSION = "1"


def consent_text() -> str:
    return _(
        "Ja, ich möchte den Newsletter des Kompetenzzentrums Vielfalt Hessen per E-Mail bekommen. Dafür wird meine "
        "E-Mail-Adresse mit der gewählten Sprache und den Themen gespeichert, bis ich den Newsletter abbestelle. "
        "Das kann ich jederzeit mit einem Klick tun."
    )
