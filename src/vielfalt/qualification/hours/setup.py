"""What the hours part adds to lower apps' pages (called once from ``registrations.register_all``)."""


def register() -> None:
    pass
