"""The system check that says when the npm packages (KERN, htmx) are missing."""

from pathlib import Path

from django.conf import settings
from django.core.checks import run_checks
from django.core.management import call_command
from django.test import override_settings

WITHOUT_NODE_MODULES = [settings.SRC_DIR / "static"]  # what STATICFILES_DIRS holds when npm ci never ran


def _vendor_warnings() -> list:
    return [message for message in run_checks(tags=["staticfiles"]) if message.id == "vielfalt.W001"]


def test_no_warning_when_the_npm_packages_are_installed():
    assert _vendor_warnings() == []


def test_a_missing_node_modules_is_named_with_what_to_do(tmp_path: Path):
    with override_settings(STATICFILES_DIRS=WITHOUT_NODE_MODULES, NODE_MODULES=tmp_path, STATIC_ROOT=tmp_path):
        [warning] = _vendor_warnings()
    assert "vendor/kern/kern.min.css" in warning.msg
    assert "KERN" in warning.msg
    assert "npm ci" in warning.hint
    assert str(tmp_path) in warning.hint


def test_vielfalt_check_prints_it(tmp_path: Path, capsys):
    with override_settings(STATICFILES_DIRS=WITHOUT_NODE_MODULES, NODE_MODULES=tmp_path, STATIC_ROOT=tmp_path):
        call_command("check")
    assert "vielfalt.W001" in capsys.readouterr().err


def test_files_collected_for_production_are_enough(tmp_path: Path):
    for path in ("vendor/kern/kern.min.css", "vendor/htmx/htmx.min.js"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("/* collected */")
    with override_settings(STATICFILES_DIRS=WITHOUT_NODE_MODULES, NODE_MODULES=tmp_path / "none", STATIC_ROOT=tmp_path):
        assert _vendor_warnings() == []
