"""What the milestones part registers at start-up (``counselling.registrations``): its two blocks of
the case page (milestones, the way to the timeline), the periodic reminders, and the record of weekly
digests in a person's data export and account deletion."""


def register() -> None:
    from vielfalt.accounts import personal_data
    from vielfalt.core.lib import periodic
    from vielfalt.counselling.milestones import digest, sections, tasks
    from vielfalt.counselling.sections import CASE_SECTIONS

    CASE_SECTIONS.register(
        "milestones", order=40, template="counselling/milestones/section_milestones.html",
        context=sections.milestones_context,
    )  # fmt: skip
    CASE_SECTIONS.register(
        "timeline", order=60, template="counselling/milestones/section_timeline.html",
        context=sections.timeline_context,
    )  # fmt: skip
    periodic.register(tasks.send_reminders)
    personal_data.register(
        "counselling_digests", exporter=digest.personal_data_export, eraser=digest.personal_data_erase
    )
