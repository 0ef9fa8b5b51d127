"""Background work of the annual report."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="default")
def generate_annual_report(*, report_id: int) -> None:
    """Make a queued annual report (see ``services.annual_report_run``)."""
    from vielfalt.reports.annual.services import annual_report_run

    annual_report_run(report_id=report_id)
