"""The one domain error type of Vielfalt (HackSoft styleguide).

Services raise ``ApplicationError`` with a translated, user-facing message; views turn it into a
form error or a message, and ``ApplicationErrorMiddleware`` maps any that escape to a 400 page.
"""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    def __init__(self, message: Any, *, code: str = "invalid", field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field

    def __str__(self) -> str:
        return str(self.message)
