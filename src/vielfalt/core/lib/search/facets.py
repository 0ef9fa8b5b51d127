"""SQL pieces for JSON lists of ids or codes (fields of action, topics, languages): facet counts, and
whether a row's list holds some of a few ids."""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from operator import add, or_
from typing import Any

from django.db.models import BooleanField, Case, F, Func, IntegerField, Q, Value, When


def json_list_elements(column: str, *, postgres: bool) -> str:
    """The elements of each counted JSON list ``g.<column>`` as rows ``value`` (no list gives none).

    Counting per distinct list first (a few hundred or thousand distinct lists) and unnesting those is
    cheaper than unnesting every row's list. ``column`` is a fixed name of the caller's statement.
    """
    if postgres:
        return f"LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(g.{column}) = 'array' THEN g.{column} ELSE '[]'::jsonb END)"
    return (
        f"json_each(CASE WHEN json_valid(g.{column}) THEN "
        f"CASE WHEN json_type(g.{column}) = 'array' THEN g.{column} ELSE '[]' END ELSE '[]' END)"
    )


class ListHas(Func):
    """The JSON list in ``column`` has the integer ``value`` as an element.

    PostgreSQL: ``column @> '[value]'::jsonb`` (a constant: ``jsonb_build_array(value)`` was computed
    again for every row, which doubled the similar organisations' time); SQLite: an ``EXISTS`` over
    ``json_each``. Cheap per row, not an index: narrow the rows first (the directory's
    ``status, district`` index).
    """

    output_field = BooleanField()

    def __init__(self, column: str, value: int) -> None:
        super().__init__(F(column))
        self.value = int(value)

    def as_sql(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        column_sql, params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "postgresql":
            return f"({column_sql} @> %s::jsonb)", [*params, f"[{self.value}]"]
        # Only the compiled column goes into the text; the value travels as a parameter.
        return f"EXISTS (SELECT 1 FROM json_each({column_sql}) WHERE json_each.value = %s)", [*params, self.value]  # noqa: S608


def one_if(condition: Q) -> Case:
    """1 where ``condition`` holds, else 0 (to add up or to sort by)."""
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def list_has_any(column: str, values: Iterable[int]) -> Q:
    """The JSON list in ``column`` has at least one of ``values`` (one or more)."""
    return reduce(or_, (Q(ListHas(column, value)) for value in values))


def list_count_of(column: str, values: Iterable[int]) -> Any:
    """How many of ``values`` (one or more) the JSON list in ``column`` has."""
    return reduce(add, (one_if(Q(ListHas(column, value))) for value in values))
