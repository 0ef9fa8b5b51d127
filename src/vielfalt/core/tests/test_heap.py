"""A web worker prepares its heap once (core/lib/heap.py): catalogues and templates loaded, then frozen."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from django.template import engines

from vielfalt.core.lib import heap


@pytest.fixture
def restored_collector() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_prepare_compiles_every_template_and_freezes_the_loaded_application(restored_collector: None) -> None:
    heap.prepare()

    assert gc.get_freeze_count() > 10_000
    assert gc.get_threshold()[2] == heap.OLD_THRESHOLD
    loader = engines["django"].engine.template_loaders[0]  # type: ignore[attr-defined]
    compiled = set(getattr(loader, "get_template_cache", {}))
    assert {"base.html", "counselling/cases/case.html", "core/forms/field.html"} <= compiled
