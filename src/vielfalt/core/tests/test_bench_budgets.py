"""The instruction budgets CI holds the pages to (``bench/instructions.py --check``, ``bench/budgets.toml``)."""

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[4] / "bench"


@pytest.fixture
def instructions(monkeypatch, tmp_path):
    monkeypatch.syspath_prepend(str(BENCH))
    import instructions

    budgets = tmp_path / "budgets.toml"
    budgets.write_text('[public]\n"start page" = 6.8\n"directory" = 11.9\n')
    monkeypatch.setattr(instructions, "BUDGETS", budgets)
    yield instructions
    sys.modules.pop("instructions", None)


def test_pages_within_their_budgets_pass(instructions):
    verdicts, failures = instructions.held_to_budgets(
        {"start page": 6.8, "directory": 10.7}, section="public", unit="20 rows"
    )

    assert failures == []
    assert verdicts == {"start page": "budget 6.8×: within", "directory": "budget 11.9×: within"}


def test_a_page_over_its_budget_without_one_or_a_budget_for_no_page_fails(instructions):
    verdicts, failures = instructions.held_to_budgets(
        {"start page": 6.81, "news list": 5.5}, section="public", unit="20 rows"
    )

    assert verdicts == {"start page": "budget 6.8×: OVER", "news list": "no budget"}
    assert failures == [
        "start page: 6.81× 20 rows, over its budget of 6.8×",
        "news list: no budget in [public]",
        "directory: a budget in [public] for no page",
    ]
