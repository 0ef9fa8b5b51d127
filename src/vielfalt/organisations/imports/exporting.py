"""The directory as a file: CSV or XLSX, for the team (all fields) and for everyone (public fields).

CSV is streamed row by row (UTF-8 with BOM and ``;``, which is what Excel in Germany opens without a
dialogue, and what the import reads back); XLSX is built in memory with tablib. Both read the
organisations in chunks with their vocabulary prefetched: a fixed number of queries per chunk.
Cells that a spreadsheet would run as a formula are prefixed with an apostrophe (CSV injection).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from vielfalt.organisations.models import Organisation
from vielfalt.regions.models import District

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 500

Column = tuple[str, Callable[[Organisation], Any]]


def _names(terms: Iterable[Any]) -> str:
    return ", ".join(term.name for term in terms)


def _localized_names(terms: Iterable[Any]) -> str:
    return ", ".join(term.localized_name().text for term in terms)


def _date(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


# The team's columns use the import's column names, so an export can be edited and imported again.
STAFF_COLUMNS: list[Column] = [
    ("id", lambda o: o.pk),
    ("name", lambda o: o.name),
    ("short_name", lambda o: o.short_name),
    ("kind", lambda o: o.kind),
    ("status", lambda o: o.status),
    ("status_reason", lambda o: o.status_reason),
    ("legal_form", lambda o: o.legal_form),
    ("register_court", lambda o: o.register_court),
    ("register_number", lambda o: o.register_number),
    ("founded_year", lambda o: o.founded_year or ""),
    ("municipality", lambda o: o.municipality.ags),
    ("municipality_name", lambda o: o.municipality.name),
    ("district", lambda o: o.district.ags),
    ("district_name", lambda o: str(o.district)),
    ("street", lambda o: o.street),
    ("postcode", lambda o: o.postcode),
    ("address_public", lambda o: int(o.address_public)),
    ("latitude", lambda o: str(o.latitude)),
    ("longitude", lambda o: str(o.longitude)),
    ("contact_email", lambda o: o.contact_email),
    ("website", lambda o: o.website),
    ("social_links", lambda o: " ".join(o.social_links)),
    ("languages", lambda o: ", ".join(o.languages)),
    ("communities", lambda o: o.communities),
    ("communities_public", lambda o: int(o.communities_public)),
    ("fields_of_action", lambda o: ", ".join(term.slug for term in o.fields_of_action.all())),
    ("target_groups", lambda o: ", ".join(term.slug for term in o.target_groups.all())),
    ("members_count", lambda o: o.members_count),
    ("volunteers_count", lambda o: o.volunteers_count),
    ("description", lambda o: o.description),
    ("offers", lambda o: o.offers),
    ("needs", lambda o: o.needs),
    ("verified_at", lambda o: _date(o.verified_at)),
    ("created_at", lambda o: _date(o.created_at)),
    ("updated_at", lambda o: _date(o.updated_at)),
]

# What anyone may download: what a verified profile shows publicly, in the visitor's language.
PUBLIC_COLUMNS: list[tuple[Any, Callable[[Organisation], Any]]] = [
    (gettext_lazy("Name"), lambda o: o.name),
    (gettext_lazy("Art"), lambda o: o.get_kind_display()),
    (gettext_lazy("Gemeinde"), lambda o: o.municipality.name),
    (gettext_lazy("Kreis"), lambda o: str(o.district)),
    (gettext_lazy("Website"), lambda o: o.website),
    (gettext_lazy("Handlungsfelder"), lambda o: _localized_names(o.fields_of_action.all())),
    (gettext_lazy("Sprachen"), lambda o: ", ".join(o.languages)),
    (gettext_lazy("Beschreibung"), lambda o: o.localized_description().text),
]


def _export_queryset(organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
    return (
        organisations.select_related("district", "municipality")
        .defer("district__outline", "search_text")
        .prefetch_related("fields_of_action", "target_groups")
        .order_by("name", "pk")
    )


def organisations_for_public_export(
    *, districts: Sequence[str] = (), kinds: Sequence[str] = ()
) -> QuerySet[Organisation]:
    """Verified organisations only, optionally in some districts (AGS) and of some kinds."""
    organisations = Organisation.objects.filter(status=Organisation.Status.VERIFIED)
    if districts:
        organisations = organisations.filter(district__ags__in=districts)
    if kinds:
        organisations = organisations.filter(kind__in=kinds)
    return _export_queryset(organisations)


def organisations_for_staff_export(organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
    return _export_queryset(organisations)


def _safe(value: Any) -> Any:
    """A text cell starting with = + - @ would run as a formula in a spreadsheet: make it text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _rows(
    organisations: QuerySet[Organisation], columns: Sequence[tuple[Any, Callable[[Organisation], Any]]]
) -> Iterator[list[Any]]:
    for organisation in organisations.iterator(chunk_size=CHUNK):
        yield [_safe(value(organisation)) for _header, value in columns]


class _Echo:
    """A file-like object whose ``write`` returns the line, for streaming ``csv.writer``."""

    def write(self, value: str) -> str:
        return value


def export_response(
    *,
    organisations: QuerySet[Organisation],
    columns: Sequence[tuple[Any, Callable[[Organisation], Any]]],
    file_format: str,
    filename_stem: str,
) -> HttpResponse | StreamingHttpResponse:
    """The organisations as a download named ``<stem>-<date>.<format>``."""
    filename = f"{filename_stem}-{timezone.localdate().isoformat()}.{file_format}"
    headers = [str(header) for header, _value in columns]
    if file_format == "xlsx":
        import tablib

        dataset = tablib.Dataset(*_rows(organisations, columns), headers=headers, title=filename_stem[:31])
        response = HttpResponse(dataset.export("xlsx"), content_type=XLSX_TYPE)
    else:
        writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")

        language = translation.get_language()

        def lines() -> Iterator[str]:
            # The body is produced after the view has returned: keep the request's language.
            with translation.override(language):
                yield "\ufeff" + writer.writerow(headers)
                for row in _rows(organisations, columns):
                    yield writer.writerow(row)

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")  # type: ignore[assignment]
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class PublicExportForm(forms.Form):
    format = forms.ChoiceField(choices=[(code, code) for code in FORMATS], required=False)
    district = forms.MultipleChoiceField(required=False)
    kind = forms.MultipleChoiceField(choices=Organisation.Kind.choices, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [(ags, ags) for ags in District.objects.values_list("ags", flat=True)]  # type: ignore[attr-defined]


@require_safe
def public_export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """Anyone may download the verified organisations (public fields only).

    GET parameters: ``format`` (``csv`` or ``xlsx``, default csv), ``district`` (AGS, repeatable) and
    ``kind`` (repeatable). Invalid filter values are answered with 400, not ignored: a file that
    silently contains more than asked for would mislead.
    """
    form = PublicExportForm(request.GET)
    if not form.is_valid():
        return HttpResponse(_("Ungültige Filter für den Export."), status=400, content_type="text/plain; charset=utf-8")
    organisations = organisations_for_public_export(
        districts=form.cleaned_data["district"], kinds=form.cleaned_data["kind"]
    )
    return export_response(
        organisations=organisations,
        columns=PUBLIC_COLUMNS,
        file_format=form.cleaned_data["format"] or "csv",
        filename_stem="organisationen",
    )
