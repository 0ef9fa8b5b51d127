"""axe-core in the page: ``assert_accessible(page)`` fails the test with a readable list of violations."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from playwright.sync_api import Page

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@cache
def _axe_source() -> str:
    return (Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


def _inject_without_javascript(page: Page) -> None:
    """A context with ``java_script_enabled=False``: <script> elements do not run, and neither do the
    page's timers, but Playwright's own evaluation does. So axe is evaluated directly, and the
    ``setTimeout`` it uses to yield between checks becomes a microtask (the page runs no scripts of
    its own that could notice)."""
    page.evaluate(
        """(source) => {
            window.setTimeout = (callback, _delay, ...args) => { Promise.resolve().then(() => callback(...args)); return 0; };
            window.clearTimeout = () => {};
            (0, eval)(source);
        }""",
        _axe_source(),
    )


def axe_violations(page: Page) -> list[dict[str, Any]]:
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=_axe_source())
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            _inject_without_javascript(page)
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
            return results.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
            }));
        }""",
        WCAG_TAGS,
    )


def format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}  <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Run axe (WCAG 2.0/2.1 A and AA rules) on the current page; fail on any violation."""
    violations = axe_violations(page)
    assert not violations, format_violations(page.url, violations)
