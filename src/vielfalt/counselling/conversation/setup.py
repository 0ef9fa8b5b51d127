"""What this part registers at start-up (``counselling.registrations``)."""


def register() -> None:
    from vielfalt.accounts import personal_data
    from vielfalt.core.lib import periodic
    from vielfalt.counselling.conversation import sections, selectors, services, tasks
    from vielfalt.counselling.sections import CASE_SECTIONS

    CASE_SECTIONS.register(
        "appointments",
        order=10,
        template="counselling/conversation/section_appointments.html",
        context=sections.appointments_context,
    )
    CASE_SECTIONS.register(
        "conversation",
        order=20,
        template="counselling/conversation/section_conversation.html",
        context=sections.conversation_context,
    )
    periodic.register(tasks.appointment_reminders)
    # A person's own messages are in their data export; on account deletion the messages stay with the
    # case (the organisation's and the team's record), without the name (``sender`` is set to null).
    personal_data.register(
        "counselling_messages",
        exporter=selectors.personal_data_export,
        eraser=services.personal_data_erase,
    )
