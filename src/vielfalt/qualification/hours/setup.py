"""What the hours part adds to lower apps' pages (called once from ``registrations.register_all``)."""


def register() -> None:
    from vielfalt.accounts import personal_data
    from vielfalt.qualification.hours import selectors, services

    personal_data.register(
        "qualification_hours", exporter=selectors.personal_data_export, eraser=services.personal_data_erase
    )
