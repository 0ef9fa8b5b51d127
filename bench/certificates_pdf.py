"""Certificate PDFs: 100 issued in one batch by the worker's task, and the time of each.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/certificates_pdf.py [--count 100]

Replaces the bench people (``bench-cert-…@bench.invalid``) and the bench curriculum of an earlier run,
creates a curriculum of two modules, one course run of each with attendance for ``--count`` people
(every second one with an Arabic name and Arabic as their language, so half the PDFs are bilingual
right to left), issues their certificates with ``certificates_issue_due`` and then runs the batch task
``render_certificate_pdfs`` as the worker would (the task the issue queued stays in the queue), into a
scratch ``PRIVATE_MEDIA_ROOT``. Prints the
batch's total time and p50/p95/max per certificate (after one warm-up rendering: the worker is a
long-running process), in wall-clock time and in CPU time of the process (on a shared machine the
wall-clock time includes waiting for a CPU). Targets (issue 11): 100 in ≤ 30 s, ≤ 300 ms each.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import percentile, setup_django

PREFIX = "bench-cert"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    args = parser.parse_args()
    setup_django()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)

    from django.conf import settings
    from django.utils import timezone

    from vielfalt.accounts.models import User
    from vielfalt.events.models import Event, Registration
    from vielfalt.qualification.certificates import pdf
    from vielfalt.qualification.certificates.services import certificates_issue_due
    from vielfalt.qualification.certificates.tasks import render_certificate_pdfs
    from vielfalt.qualification.models import (
        Attendance,
        Certificate,
        CourseRun,
        CourseSession,
        Curriculum,
        CurriculumModule,
        Module,
    )

    settings.PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="bench-certificates-"))
    # An earlier run's data: certificates, people, runs and their events, the curriculum and modules.
    Certificate.objects.filter(user__email__startswith=PREFIX).delete()
    Certificate.objects.filter(curriculum__slug__startswith=PREFIX).delete()
    User.objects.filter(email__startswith=PREFIX).delete()
    CourseRun.objects.filter(module__slug__startswith=PREFIX).delete()
    Event.objects.filter(slug__startswith=PREFIX).delete()
    Curriculum.objects.filter(slug__startswith=PREFIX).delete()
    Module.objects.filter(slug__startswith=PREFIX).delete()

    curriculum = Curriculum.objects.create(
        slug=f"{PREFIX}-basis",
        title="Basisqualifizierung WIR-Lotsen (Bench)",
        title_translations={"ar": "التأهيل الأساسي لمرشدي WIR"},
        min_units=Decimal("8"),
    )
    now = timezone.now()
    people = [
        User.objects.create(
            email=f"{PREFIX}-{n}@bench.invalid",
            name=f"ليلى حداد {n}" if n % 2 else f"Maria Muster {n}",
            preferred_language="ar" if n % 2 else "de",
        )
        for n in range(args.count)
    ]
    for position, title in enumerate(["Rolle und Selbstverständnis", "Interkulturelle Kommunikation"]):
        module = Module.objects.create(
            slug=f"{PREFIX}-modul-{position}", title=title, units=Decimal("4"), title_translations={"ar": title}
        )
        CurriculumModule.objects.create(curriculum=curriculum, module=module, position=position, required=True)
        event = Event.objects.create(
            slug=f"{PREFIX}-kurs-{position}",
            kind=Event.Kind.TRAINING,
            title=title,
            starts_at=now,
            ends_at=now + timezone.timedelta(hours=3),
            status=Event.Status.PUBLISHED,
            capacity=args.count,
        )
        run = CourseRun.objects.create(event=event, module=module)
        session = CourseSession.objects.create(run=run, starts_at=now, ends_at=event.ends_at, units=Decimal("4"))
        registrations = Registration.objects.bulk_create(
            Registration(event=event, user=person, status=Registration.Status.CONFIRMED, confirmed_at=now)
            for person in people
        )
        Attendance.objects.bulk_create(
            Attendance(session=session, registration=registration, status="present", units=Decimal("4"))
            for registration in registrations
        )

    started = time.perf_counter()
    certificates = certificates_issue_due(user_ids=[person.pk for person in people], by=None)
    issued = time.perf_counter() - started
    print(f"issued {len(certificates)} certificates in {issued * 1000:.0f} ms (without the PDFs)")

    pdf.certificate_pdf(certificates[0])  # warm-up: fonts and templates, once per worker process
    timings: list[float] = []
    cpu: list[float] = []
    render = pdf.certificate_pdf

    def timed(certificate: Certificate) -> bytes:
        begin, begin_cpu = time.perf_counter(), time.process_time()
        try:
            return render(certificate)
        finally:
            timings.append(time.perf_counter() - begin)
            cpu.append(time.process_time() - begin_cpu)

    pdf.certificate_pdf = timed  # type: ignore[assignment]
    started = time.perf_counter()
    rendered = render_certificate_pdfs.call(certificate_ids=[certificate.pk for certificate in certificates])
    total = time.perf_counter() - started
    pdf.certificate_pdf = render  # type: ignore[assignment]
    print(f"batch: {rendered} PDFs stored in {total:.1f} s ({total / rendered * 1000:.0f} ms each, storage included)")
    print(
        f"rendering per certificate: p50 {statistics.median(timings) * 1000:.0f} ms, "
        f"p95 {percentile(timings, 0.95) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms"
    )
    print(
        f"CPU time of this process per certificate (what a machine of its own would take): "
        f"p50 {statistics.median(cpu) * 1000:.0f} ms, p95 {percentile(cpu, 0.95) * 1000:.0f} ms"
    )
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
