"""What qualification adds to the pages of lower apps, registered once at start-up (``apps.ready``).

Each part registers its own blocks, tiles and exporters in its ``setup.register``; the registries say
what they are for (docs/architecture.md, "Registries").
"""

from __future__ import annotations


def register_all() -> None:
    from vielfalt.qualification import figures
    from vielfalt.qualification.catalogue import setup as catalogue
    from vielfalt.qualification.certificates import setup as certificates
    from vielfalt.qualification.hours import setup as hours
    from vielfalt.qualification.runs import setup as runs

    for part in (catalogue, runs, certificates, hours):
        part.register()
    figures.register()  # what the app counts for the figures dashboard and the annual report
