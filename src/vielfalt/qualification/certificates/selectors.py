"""Reading certificates: a person's list, the verify page, the team's list, the organiser's run page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import translation

from vielfalt.accounts.models import User
from vielfalt.core.lib.translated import localized
from vielfalt.events.models import Registration
from vielfalt.qualification.certificates import codes
from vielfalt.qualification.certificates.services import attended_units
from vielfalt.qualification.models import Certificate, CourseRun


def certificates_of(*, user_ids: Iterable[int]) -> dict[int, list[Certificate]]:
    """``{user_id: [their certificates, newest first]}`` in one query; revoked ones included (check
    ``is_valid``), people without any certificate left out."""
    found: dict[int, list[Certificate]] = defaultdict(list)
    for certificate in Certificate.objects.filter(user_id__in=list(user_ids)).order_by("-issued_at", "-pk"):
        assert certificate.user_id is not None
        found[certificate.user_id].append(certificate)
    return dict(found)


def certificate_by_code(text: str) -> Certificate | None:
    """The certificate with the code someone typed (tolerant of spaces, dashes and lower case)."""
    code = codes.normalise(text)
    if code is None:
        return None
    return Certificate.objects.select_related("issuer_organisation").filter(code=code).first()


def verify_url(certificate: Certificate) -> str:
    """The absolute address of the public verify page (in German: the page has a language switch)."""
    with translation.override("de"):
        path = reverse("qualification:verify", kwargs={"code": certificate.code})
    return f"{settings.SITE_URL}{path}"


def certificates_for_staff(*, query: str = "") -> QuerySet[Certificate]:
    """Every certificate, newest first; ``query`` finds a code (typed any way) or a part of a name."""
    certificates = Certificate.objects.order_by("-issued_at", "-pk")
    query = " ".join((query or "").split())
    if not query:
        return certificates
    condition = Q(name__icontains=query) | Q(title__icontains=query)
    code = codes.normalise(query)
    if code is not None:
        condition |= Q(code=code)
    return certificates.filter(condition)


@dataclass(frozen=True)
class Participant:
    """A confirmed participant of a run, for the organiser's certificate page."""

    user: User
    units: Decimal
    certificate: Certificate | None

    @property
    def may_get_certificate(self) -> bool:
        return self.units > 0 and self.certificate is None and bool(self.user.name.strip())


def run_participants(run: CourseRun) -> list[Participant]:
    """The run's participants (confirmed or attended) with their UE and Teilnahmebescheinigung, by
    name: three queries, whatever their number."""
    registrations = (
        Registration.objects.filter(event_id=run.event_id, user__isnull=False)
        .filter(Q(status=Registration.Status.CONFIRMED) | Q(attendance__units__gt=0))
        .select_related("user")
        .distinct()
    )
    people = {registration.user.pk: registration.user for registration in registrations if registration.user}
    units = attended_units(run, people)
    certificates = {
        certificate.user_id: certificate
        for certificate in Certificate.objects.filter(
            kind=Certificate.Kind.PARTICIPATION, run=run, user_id__in=list(people), revoked_at__isnull=True
        )
    }
    rows = [
        Participant(user=user, units=units.get(pk, Decimal("0")), certificate=certificates.get(pk))
        for pk, user in people.items()
    ]
    return sorted(rows, key=lambda row: (row.user.name.casefold(), row.user.pk))


def personal_data_export(user: User) -> list[dict[str, Any]]:
    """The person's certificates for their data export."""
    return [
        {
            "code": codes.grouped(certificate.code),
            "kind": certificate.kind,
            "title": certificate.title,
            "name": certificate.name,
            "modules": [{"title": module["title"], "units": module["units"]} for module in certificate.modules],
            "units": str(certificate.units),
            "issuer": certificate.issuer,
            "language": certificate.language,
            "issued_at": certificate.issued_at.isoformat(),
            "revoked_at": certificate.revoked_at.isoformat() if certificate.revoked_at else None,
            "verify_url": verify_url(certificate),
        }
        for certificate in Certificate.objects.filter(user=user).order_by("issued_at", "pk")
    ]


def module_lines(certificate: Certificate, language: str) -> list[dict[str, Any]]:
    """The frozen modules of a certificate in ``language`` (German where no translation was frozen)."""
    lines = []
    for module in certificate.modules:
        lines.append(
            {
                "title": localized(module["title"], module.get("title_translations"), language),
                "units": Decimal(module["units"]),
                "topics": [
                    localized(topic["name"], topic.get("name_translations"), language)
                    for topic in module.get("topics", [])
                ],
            }
        )
    return lines
