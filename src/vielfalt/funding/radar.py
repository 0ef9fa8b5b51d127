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

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from vielfalt.funding.models import Call
from vielfalt.funding.selectors import ProgrammeDistricts, ProgrammeTopics, open_calls
from vielfalt.organisations.models import FieldOfAction, Organisation

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
    (two queries however many calls there are: the calls, then the topics they share with it)."""
    today = today or timezone.localdate()
    programme_topics = ProgrammeTopics.objects.filter(programme_id=OuterRef("programme_id"))
    programme_districts = ProgrammeDistricts.objects.filter(programme_id=OuterRef("programme_id"))
    # District and "any topic at all" are decided by the database; the kinds (a JSON list) below.
    calls = list(
        open_calls(today=today)
        .annotate(has_topics=Exists(programme_topics), has_districts=Exists(programme_districts))
        .filter(Q(has_districts=False) | Q(Exists(programme_districts.filter(district_id=organisation.district_id))))
    )
    calls = [
        c for c in calls if not c.programme.organisation_kinds or organisation.kind in c.programme.organisation_kinds
    ]
    shared: dict[int, list[FieldOfAction]] = defaultdict(list)
    with_topics = {call.programme_id for call in calls if call.has_topics}
    if with_topics:
        rows = (
            ProgrammeTopics.objects.filter(
                programme_id__in=with_topics,
                fieldofaction_id__in=Organisation.fields_of_action.through.objects.filter(
                    organisation_id=organisation.pk
                ).values("fieldofaction_id"),
            )
            .select_related("fieldofaction")
            .order_by("fieldofaction__position", "fieldofaction__name")
        )
        for row in rows:
            shared[row.programme_id].append(row.fieldofaction)
    matches = []
    for call in calls:
        topics = shared.get(call.programme_id, [])
        if call.has_topics and not topics:
            continue
        matches.append(Match(call=call, reasons=_reasons(call, organisation, topics)))
    return matches


def _reasons(call: Call, organisation: Organisation, topics: list[FieldOfAction]) -> list[str]:
    """Why ``call`` fits: "Für Migrantenorganisationen · Thema Bildung · Hessen-weit"."""
    if call.programme.organisation_kinds:
        reasons = [str(KIND_REASONS[Kind(organisation.kind)])]
    else:
        reasons = [_("Für alle Organisationen")]
    if topics:
        names = [topic.localized_name().text for topic in topics]
        reasons.append(ngettext("Thema %(topics)s", "Themen %(topics)s", len(names)) % {"topics": _join(names)})
    else:
        reasons.append(_("alle Themen"))
    if call.has_districts:  # type: ignore[attr-defined]
        reasons.append(_("in %(district)s") % {"district": organisation.district})
    else:
        reasons.append(_("Hessen-weit"))
    return reasons
