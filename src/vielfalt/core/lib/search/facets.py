"""SQL pieces for facet counts over JSON lists of ids or codes (fields of action, topics, languages)."""

from __future__ import annotations


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
