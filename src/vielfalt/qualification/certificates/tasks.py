"""Background work of certificates: rendering their PDFs (one, or many after a batch issue)."""

from __future__ import annotations

from django_tasks import task

from vielfalt.qualification.models import Certificate


@task(queue_name="default")
def render_certificate_pdf(*, certificate_id: int) -> None:
    """Render and store the PDF of one certificate (it may have been deleted in the meantime)."""
    from vielfalt.qualification.certificates.services import certificate_store_pdf

    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is not None:
        certificate_store_pdf(certificate=certificate)


@task(queue_name="default")
def render_certificate_pdfs(*, certificate_ids: list[int]) -> int:
    """Render and store the PDFs of many certificates in one job; returns how many were rendered."""
    from vielfalt.qualification.certificates.services import certificate_store_pdf

    rendered = 0
    for certificate in Certificate.objects.filter(pk__in=certificate_ids).order_by("pk").iterator(chunk_size=100):
        certificate_store_pdf(certificate=certificate)
        rendered += 1
    return rendered
