"""URLs of the hours part: ``urlpatterns`` under /<lang>/qualifizierung/ (namespace ``qualification``),
``staff_urlpatterns`` under /<lang>/staff/qualifizierung/ (namespace ``staff``)."""

from datetime import date

from django.urls import URLPattern, path, register_converter

from vielfalt.qualification.hours import views


class MonthConverter:
    """``2025-03`` in a URL, the first day of that month in the view."""

    regex = r"[0-9]{4}-(?:0[1-9]|1[0-2])"
    example = "2025-03"  # for tests that walk every URL (core.testing.urls)

    def to_python(self, value: str) -> date:
        year, month = value.split("-")
        return date(int(year), int(month), 1)

    def to_url(self, value: date | str) -> str:
        return value if isinstance(value, str) else f"{value:%Y-%m}"


register_converter(MonthConverter, "yyyymm")

urlpatterns: list[URLPattern] = [
    path("stunden/", views.my_hours, name="my_hours"),
    path("stunden/<int:pk>/", views.my_hours_edit, name="my_hours_edit"),
    path("stunden/<int:pk>/loeschen/", views.my_hours_delete, name="my_hours_delete"),
    path("traeger/<slug:slug>/stunden/", views.trager_hours, name="trager_hours"),
    path("traeger/<slug:slug>/stunden/<yyyymm:month>/", views.hours_month, name="hours_month"),
    path(
        "traeger/<slug:slug>/stunden/<yyyymm:month>/abrechnung.xlsx",
        views.hours_statement_xlsx,
        name="hours_statement_xlsx",
    ),
    path(
        "traeger/<slug:slug>/stunden/<yyyymm:month>/<int:lotse_id>.pdf",
        views.hours_statement_pdf,
        name="hours_statement_pdf",
    ),
    path("traeger/<slug:slug>/foerderung/<int:year>.xlsx", views.funding_xlsx, name="funding_xlsx"),
    path("zahlen/<int:year>/", views.figures, name="hours_figures"),
]

staff_urlpatterns: list[URLPattern] = [
    path("saetze/", views.rates, name="hours_rates"),
    path("saetze/aufwandsentschaedigung/neu/", views.allowance_rate_create, name="hours_allowance_rate_create"),
    path("saetze/foerdersatz/neu/", views.funding_rate_create, name="hours_funding_rate_create"),
    path("saetze/begleitung/neu/", views.kind_create, name="hours_kind_create"),
    path("saetze/begleitung/<int:pk>/", views.kind_edit, name="hours_kind_edit"),
]
