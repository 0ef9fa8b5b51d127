"""The funding radar: which open calls fit an organisation, and why, on its profile for its admins.

A call fits when its programme accepts the organisation's kind (``Programme.organisation_kinds``, none:
every kind), its district (``Programme.districts``, none: all of Hessen) and at least one of its fields
of action (``Programme.topics``, none: every topic). Each match says why in one line:
"Für Migrantenorganisationen · Thema Bildung · Hessen-weit".

Higher apps add the ways to help with an application (qualification: trainings on funding; counselling:
advice on applications) with :func:`register_link` in their ``AppConfig.ready()``; funding never learns
their names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from vielfalt.funding.models import Call
from vielfalt.funding.selectors import open_calls
from vielfalt.organisations.models import FieldOfAction, Organisation
from vielfalt.regions.models import District

Kind = Organisation.Kind

# "Für …" in the plural, for the reason line (the kinds' own labels are singular).
KIND_REASONS = {
    Kind.MIGRANT: gettext_lazy("Für Migrantenorganisationen"),
    Kind.LOTSEN: gettext_lazy("Für WIR-Lotsen-Träger"),
    Kind.VIELFALTSZENTRUM: gettext_lazy("Für WIR-Vielfaltszentren"),
    Kind.INTEGRATION_OFFICE: gettext_lazy("Für kommunale Integrationsbüros"),
    Kind.ADMINISTRATION: gettext_lazy("Für Kommunalverwaltungen"),
    Kind.POLITICS: gettext_lazy("Für die Kommunalpolitik"),
    Kind.COUNSELLING: gettext_lazy("Für Beratungsstellen"),
    Kind.UMBRELLA: gettext_lazy("Für Dachverbände"),
    Kind.OTHER: gettext_lazy("Für Organisationen Ihrer Art"),
}


# --- the links of higher apps ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RadarLink:
    """A way to help with an application: a text and where it leads."""

    text: str
    url: str


LinkProvider = Callable[[], Iterable[RadarLink]]
_providers: dict[str, tuple[int, LinkProvider]] = {}


def register_link(name: str, *, order: int, links: LinkProvider) -> None:
    """``links()`` gives the links a higher app adds below the radar (called per page; keep it to one
    query). Keyed by ``name``, so a second ``ready()`` replaces instead of doubling."""
    _providers[name] = (order, links)


def help_links() -> list[RadarLink]:
    return [link for _order, provider in sorted(_providers.values(), key=lambda item: item[0]) for link in provider()]


# --- the matches -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    call: Call
    reasons: list[str]

    @property
    def reason(self) -> str:
        return " · ".join(self.reasons)


def _join(names: list[str]) -> str:
    from vielfalt.core.templatetags.vf_i18n import list_separator

    return list_separator().join(names)


def matches_for(*, organisation: Organisation, today: date | None = None) -> list[Match]:
    """The open (and soon opening) public calls that fit ``organisation``, nearest deadline first
    (four queries however many calls there are)."""
    today = today or timezone.localdate()
    field_ids = set(organisation.fields_of_action.values_list("pk", flat=True))
    calls = open_calls(today=today).prefetch_related(
        Prefetch("programme__topics", queryset=FieldOfAction.objects.all()),
        Prefetch("programme__districts", queryset=District.objects.defer("outline")),
    )
    matches = []
    for call in calls:
        programme = call.programme
        kinds = programme.organisation_kinds
        if kinds and organisation.kind not in kinds:
            continue
        districts = {district.pk for district in programme.districts.all()}
        if districts and organisation.district_id not in districts:
            continue
        topics = list(programme.topics.all())
        shared = [topic for topic in topics if topic.pk in field_ids]
        if topics and not shared:
            continue
        reasons = [str(KIND_REASONS[Kind(organisation.kind)]) if kinds else _("Für alle Organisationen")]
        if shared:
            names = [topic.localized_name().text for topic in shared]
            reasons.append(ngettext("Thema %(topics)s", "Themen %(topics)s", len(names)) % {"topics": _join(names)})
        else:
            reasons.append(_("alle Themen"))
        if districts:
            reasons.append(_("in %(district)s") % {"district": organisation.district})
        else:
            reasons.append(_("Hessen-weit"))
        matches.append(Match(call=call, reasons=reasons))
    return matches
