"""What this part registers at start-up (``counselling.registrations``)."""


def register() -> None:
    pass
