"""Django's database cache with an atomic ``incr()``: the cache for rate limits without Redis.

Without Redis every gunicorn worker would keep its own local-memory counters, multiplying each limit
by the number of workers. The database is shared by all of them; Django's ``incr()`` on it is a
read followed by a write, though, so parallel requests could each read the same count. This one
locks the row (PostgreSQL ``SELECT … FOR UPDATE``; SQLite's ``IMMEDIATE`` transactions take the
write lock at ``BEGIN``) so that every request counts.
"""

from __future__ import annotations

import base64
import pickle
from typing import Any

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, models, router, transaction
from django.utils import timezone


class DatabaseCache(DjangoDatabaseCache):
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
