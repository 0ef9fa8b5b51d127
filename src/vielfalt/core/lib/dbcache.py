"""Django's database cache with an atomic ``incr()``, and ``set_many()`` and ``add()`` in one statement: the cache
for rate limits and the page cache's generations without Redis.

Without Redis every gunicorn worker would keep its own local-memory counters, multiplying each limit
by the number of workers. The database is shared by all of them; Django's ``incr()`` on it is a
read followed by a write, though, so parallel requests could each read the same count. This one
locks the row (PostgreSQL ``SELECT … FOR UPDATE``; SQLite's ``IMMEDIATE`` transactions take the
write lock at ``BEGIN``) so that every request counts.

Django's ``set_many()`` on the database sets one key after the other, five queries each (a count for
culling, then a transaction that looks for the row and updates or inserts it). A committed write raises
the generations of every table and group of cached values it touched — eight keys for a registration,
forty queries — so this one writes them all in one upsert (``INSERT … ON CONFLICT … DO UPDATE``, on
PostgreSQL and SQLite alike); ``set()`` is the same for one key, and ``add()`` one upsert that
replaces only an expired entry (a rate limit's window, a form's one-time token).

Culling: Django counts the table's rows before every write, and a count reads the whole table — with
the page cache's entries up to ``MAX_ENTRIES`` (100,000) rows, on every request that writes anything.
This one counts at most once every ``CULL_CHECK_SECONDS`` (an option, 60 by default) per process: the
table can pass ``MAX_ENTRIES`` by what is written in that time, and the next check culls it.
"""

from __future__ import annotations

import base64
import pickle
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import DatabaseError, connections, models, router, transaction
from django.utils import timezone


class DatabaseCache(DjangoDatabaseCache):
    def __init__(self, table: str, params: dict[str, Any]) -> None:
        super().__init__(table, params)
        self._cull_check_seconds = float(params.get("OPTIONS", {}).get("CULL_CHECK_SECONDS", 60))
        self._next_cull_check = 0.0  # time.monotonic() of the next count; the first write counts

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        made_key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table = quote(self._table)  # type: ignore[attr-defined]  # set by BaseDatabaseCache
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('value')}, {quote('expires')} FROM {table} WHERE {quote('cache_key')} = %s{lock}",  # noqa: S608 - names quoted, value bound
                [made_key],
            )
            row = cursor.fetchone()
            if row is None or self._convert_expires(connection, row[1]) < timezone.now():
                raise ValueError(f"Key '{key}' not found")
            value = pickle.loads(base64.b64decode(row[0].encode())) + delta  # noqa: S301 - our own table
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {quote('value')} = %s WHERE {quote('cache_key')} = %s",  # noqa: S608 - as above
                [encoded, made_key],
            )
        return value

    def set_many(
        self, data: Mapping[Any, Any], timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[Any]:
        """Store every entry of ``data`` in one statement; the keys not stored (all of them when the
        statement fails, as Django's ``set()`` fails silently) are returned."""
        if not data:
            return []
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        rows = [
            [self.make_and_validate_key(key, version=version), *self._encoded(value, timeout, connection)]
            for key, value in data.items()
        ]
        return [] if self._upsert(db, rows, replace_live=True) is not None else list(data)

    def set(self, key: Any, value: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        """As ``set_many``: one upsert (and now and then a count), where Django's counts, looks for the row
        and then updates or inserts it in a transaction. Fails silently, as Django's does."""
        self.set_many({key: value}, timeout=timeout, version=version)

    def add(self, key: Any, value: Any, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        """Store ``value`` unless a live entry holds ``key``; whether it was stored. One statement: an
        insert that replaces only an expired entry, where Django's counts, looks for the row and then
        inserts it in a transaction. The database decides, so of two processes adding at once one wins."""
        db = router.db_for_write(self.cache_model_class)
        row = [self.make_and_validate_key(key, version=version), *self._encoded(value, timeout, connections[db])]
        return bool(self._upsert(db, [row], replace_live=False))

    def _encoded(self, value: Any, timeout: float | None, connection: Any) -> tuple[str, Any]:
        """A value and its timeout as the table keeps them: pickled in base64, and the moment it expires."""
        backend_timeout = self.get_backend_timeout(timeout)
        if backend_timeout is None:
            expires = datetime.max
        else:
            expires = datetime.fromtimestamp(backend_timeout, tz=UTC if settings.USE_TZ else None)
        encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        return encoded, connection.ops.adapt_datetimefield_value(expires.replace(microsecond=0))

    def _upsert(self, db: str, rows: list[list[Any]], *, replace_live: bool) -> int | None:
        """Insert ``rows`` (key, value, expires) in one statement, replacing the entries they meet — all of
        them, or (``replace_live=False``, for ``add``) only expired ones — after culling when a count is
        due. The rows written, or None when the statement failed; a failure inside a transaction leaves
        the transaction usable."""
        connection = connections[db]
        quote = connection.ops.quote_name
        table = quote(self._table)  # type: ignore[attr-defined]  # set by BaseDatabaseCache
        key_column, value_column, expires_column = quote("cache_key"), quote("value"), quote("expires")
        parameters = [value for row in rows for value in row]
        statement = (
            f"INSERT INTO {table} ({key_column}, {value_column}, {expires_column})"  # noqa: S608 - names quoted, values bound
            f" VALUES {', '.join(['(%s, %s, %s)'] * len(rows))}"
            f" ON CONFLICT ({key_column}) DO UPDATE SET {value_column} = EXCLUDED.{value_column},"
            f" {expires_column} = EXCLUDED.{expires_column}"
        )
        if not replace_live:
            statement += f" WHERE {table}.{expires_column} < %s"
            parameters.append(connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0)))
        with connection.cursor() as cursor:
            if time.monotonic() >= self._next_cull_check:
                self._next_cull_check = time.monotonic() + self._cull_check_seconds
                cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - a quoted name
                count = cursor.fetchone()[0]
                if count > self._max_entries:
                    now = timezone.now().replace(microsecond=0)
                    self._cull(db, cursor, now, count)  # type: ignore[attr-defined]  # Django's own
            try:
                if connection.in_atomic_block:  # a savepoint, so that a failure leaves the transaction usable
                    with transaction.atomic(using=db):
                        cursor.execute(statement, parameters)
                else:  # one statement is atomic by itself
                    cursor.execute(statement, parameters)
            except DatabaseError:
                return None
            written: int = cursor.rowcount
            return written

    def delete_expired(self) -> int:
        """Forget counters whose window ended (the housekeeping calls this; Django culls only when full)."""
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {quote(self._table)} WHERE {quote('expires')} < %s",  # type: ignore[attr-defined]  # noqa: S608
                [connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))],
            )
            deleted: int = cursor.rowcount
            return deleted

    @staticmethod
    def _convert_expires(connection: Any, value: Any) -> Any:
        expression = models.Expression(output_field=models.DateTimeField())
        for converter in connection.ops.get_db_converters(expression) + expression.get_db_converters(connection):
            value = converter(value, expression, connection)
        return value
