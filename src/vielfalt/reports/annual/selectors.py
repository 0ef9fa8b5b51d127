"""Reads of the annual reports page."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from vielfalt.reports.annual.tables import report_years
from vielfalt.reports.models import AnnualReport


@dataclass(frozen=True)
class YearLine:
    year: int
    report: AnnualReport | None
    can_generate: bool  # a year the report can be made for (the last few years)


def annual_report_lines() -> list[YearLine]:
    """Each year a report can be made for, and each year one was made for, newest first (one query)."""
    offered = report_years()
    reports = {report.year: report for report in AnnualReport.objects.all()}
    years = sorted({*offered, *reports}, reverse=True)
    return [YearLine(year=year, report=reports.get(year), can_generate=year in offered) for year in years]


def any_active(lines: list[YearLine]) -> bool:
    return any(line.report is not None and line.report.is_active for line in lines)


def annual_report_with_files(year: int) -> AnnualReport:
    """The report of ``year`` whose files can be downloaded; 404 otherwise."""
    report = AnnualReport.objects.filter(year=year).first()
    if report is None or not report.has_files:
        raise Http404
    return report
