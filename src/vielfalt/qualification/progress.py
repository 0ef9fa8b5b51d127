"""A person's progress against a curriculum, computed from attendance (never stored).

A module counts as done for a person when, in one course run of that module, they attended at least
``MODULE_ATTENDANCE_SHARE`` of the module's teaching units; the units credited to the curriculum are
those attended in their best run of each module, at most the module's units. Excused absence counts
no units (it is not held against anyone, but it is not taught either).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from vielfalt.qualification.models import Attendance, Curriculum, CurriculumModule, Module

# 80 %: one missed session of a four-session module is still a completed module (the Träger's practice).
MODULE_ATTENDANCE_SHARE = Decimal("0.8")


@dataclass(frozen=True, slots=True)
class ModuleProgress:
    module: Module
    required: bool
    units_attended: Decimal  # in the best run, at most the module's units

    @property
    def done(self) -> bool:
        return module_done(self.module, self.units_attended)


@dataclass(frozen=True, slots=True)
class CurriculumProgress:
    curriculum: Curriculum
    modules: list[ModuleProgress] = field(default_factory=list)

    @property
    def units_done(self) -> Decimal:
        return sum((entry.units_attended for entry in self.modules), Decimal("0"))

    @property
    def units_required(self) -> Decimal:
        return self.curriculum.min_units

    @property
    def modules_done(self) -> int:
        return sum(1 for entry in self.modules if entry.done)

    @property
    def modules_needed(self) -> int:
        return self.curriculum.min_modules or len(self.modules)

    @property
    def required_open(self) -> list[Module]:
        return [entry.module for entry in self.modules if entry.required and not entry.done]

    @property
    def is_met(self) -> bool:
        return (
            bool(self.modules)
            and not self.required_open
            and self.modules_done >= self.modules_needed
            and self.units_done >= self.units_required
        )

    @property
    def percent(self) -> int:
        """Share of the required units done, for a progress bar (0–100)."""
        if not self.units_required:
            return 100 if self.is_met else 0
        return min(100, int(self.units_done * 100 / self.units_required))


def module_done(module: Module, units_attended: Decimal) -> bool:
    return units_attended > 0 and units_attended >= module.units * MODULE_ATTENDANCE_SHARE


def _entries(curriculum: Curriculum) -> list[CurriculumModule]:
    return list(curriculum.entries.select_related("module").order_by("position", "pk"))


def best_units(*, user_ids: Iterable[int], module_ids: Iterable[int]) -> dict[int, dict[int, Decimal]]:
    """``{user_id: {module_id: units attended in their best run}}`` in one query."""
    rows = (
        Attendance.objects.filter(
            status=Attendance.Status.PRESENT,
            registration__user_id__in=list(user_ids),
            session__run__module_id__in=list(module_ids),
        )
        .values("registration__user_id", "session__run__module_id", "session__run_id")
        .annotate(total=Sum("units"))
        .order_by()
    )
    best: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for row in rows:
        person, module = row["registration__user_id"], row["session__run__module_id"]
        best[person][module] = max(best[person].get(module, Decimal("0")), row["total"] or Decimal("0"))
    return best


def curriculum_progress_many(*, curriculum: Curriculum, user_ids: Iterable[int]) -> dict[int, CurriculumProgress]:
    """Progress of many people at once: two queries, whatever their number."""
    ids = list(user_ids)
    entries = _entries(curriculum)
    best = best_units(user_ids=ids, module_ids=[entry.module_id for entry in entries])
    return {
        person: CurriculumProgress(
            curriculum=curriculum,
            modules=[
                ModuleProgress(
                    module=entry.module,
                    required=entry.required,
                    units_attended=min(best.get(person, {}).get(entry.module_id, Decimal("0")), entry.module.units),
                )
                for entry in entries
            ],
        )
        for person in ids
    }


def curriculum_progress(*, curriculum: Curriculum, user_id: int) -> CurriculumProgress:
    return curriculum_progress_many(curriculum=curriculum, user_ids=[user_id])[user_id]
