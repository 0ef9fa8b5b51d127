"""The cursor of the platform's PostgreSQL connections: values sent apart from the statement, so that
psycopg can prepare the statements a connection repeats (``settings``, ``DB_PREPARED_STATEMENTS``).

Sent apart, the values of one statement are counted in 16 bits (PostgreSQL's Bind message): a statement
with more than 65,535 of them — deleting an organisation's tens of thousands of rows, a large
``bulk_create``, a long ``pk__in`` — would fail, where Django's default cursor, which writes the values
into the statement, sends it. Such a statement is written out here the same way and sent as text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from django.db.backends.postgresql.base import ServerBindingCursor  # type: ignore[attr-defined]  # not in the stubs
from psycopg import ClientCursor

MAX_PARAMETERS = 65_535


class PreparingCursor(ServerBindingCursor):  # type: ignore[misc]  # Django's psycopg cursor, untyped
    def execute(
        self,
        query: Any,
        params: Sequence[Any] | Mapping[str, Any] | None = None,
        *,
        prepare: bool | None = None,
        binary: bool | None = None,
    ) -> PreparingCursor:
        if params is not None and len(params) > MAX_PARAMETERS:
            query, params = ClientCursor(self.connection).mogrify(query, params), None
        return cast(PreparingCursor, super().execute(query, params, prepare=prepare, binary=binary))
