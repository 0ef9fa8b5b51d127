"""What the certificates part adds to lower apps' pages (called once from ``registrations.register_all``)."""


def register() -> None:
    from vielfalt.accounts import personal_data
    from vielfalt.qualification.certificates import selectors, services

    # The export lists a person's certificates; erasure keeps them verifiable without the name
    # (see ``services.personal_data_erase``).
    personal_data.register(
        "qualification_certificates",
        exporter=selectors.personal_data_export,
        eraser=services.personal_data_erase,
    )
