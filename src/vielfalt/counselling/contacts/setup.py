"""What the contacts part registers at start-up (``counselling.registrations``): its two sections of
the case page, the retention job and its share of a person's data export and account deletion."""


def register() -> None:
    from vielfalt.accounts import personal_data
    from vielfalt.core.lib import pagecache, periodic
    from vielfalt.counselling.contacts import sections, selectors, services, tasks
    from vielfalt.counselling.sections import CASE_SECTIONS

    CASE_SECTIONS.register(
        "contacts", order=30, template="counselling/contacts/section_contacts.html", context=sections.contacts_context
    )
    CASE_SECTIONS.register(
        "notes", order=50, template="counselling/contacts/section_notes.html", context=sections.notes_context
    )
    pagecache.watch_tables(selectors.STATISTICS_GROUP, selectors.STATISTICS_TABLES)
    periodic.register(tasks.anonymise_closed_cases)
    personal_data.register(
        "counselling_contacts", exporter=selectors.personal_data_export, eraser=services.personal_data_erase
    )
