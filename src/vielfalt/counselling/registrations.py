"""What counselling adds to the pages of lower apps and to its own case page (``sections``), registered
once at start-up (``apps.ready``). Each part registers its own blocks, tiles, tasks and exporters in its
``setup.register``.
"""

from __future__ import annotations


def register_all() -> None:
    from vielfalt.counselling import figures
    from vielfalt.counselling.cases import setup as cases
    from vielfalt.counselling.contacts import setup as contacts
    from vielfalt.counselling.conversation import setup as conversation
    from vielfalt.counselling.milestones import setup as milestones

    for part in (cases, contacts, conversation, milestones):
        part.register()
    figures.register()  # what the app counts for the figures dashboard and the annual report
