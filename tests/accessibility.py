"""What staff notice on a screen, measured in the browser: axe-core's violations
and whether the page fits the window.

axe-core comes from the npm registry (``package.json``; ``./dev`` and ``.ci/run``
install it into ``node_modules/``). Its source is evaluated in the page through
the browser's debugging protocol, which the admin's Content-Security-Policy does
not govern, so the page is checked with its own policy in force.
"""

from functools import cache
from pathlib import Path

AXE = Path(__file__).resolve().parent.parent / "node_modules/axe-core/axe.min.js"
WINDOW_WIDTH = 1280


def axe_missing() -> str | None:
    """Why the axe check cannot run here, or None."""
    if not AXE.exists():
        return f"axe-core is not installed at {AXE} (npm ci)"
    return None


@cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page) -> list[str]:
    """axe-core's violations on the page as it is now, one line each."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    # axe's default rules: WCAG 2 A and AA, and its best practices.
    results = page.evaluate(
        """async () => {
            const result = await axe.run(document, {preload: false});
            return result.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
                count: v.nodes.length,
            }));
        }"""
    )
    return [
        f"{v['id']} ({v['impact']}, {v['count']}×): {v['help']} — "
        + ", ".join(v["targets"])
        for v in results
    ]


def scroll_width(page) -> int:
    """How wide the page is, in CSS pixels: more than the window scrolls sideways."""
    return page.evaluate("document.scrollingElement.scrollWidth")


class ScreenChecks:
    """Assertions for a ``BrowserTestCase`` whose window is ``WINDOW_WIDTH`` wide."""

    def assertAccessible(self, name: str) -> None:  # noqa: N802 (unittest style)
        """axe-core finds nothing on the page, and it needs no sideways scrolling."""
        page = self.page  # type: ignore[attr-defined]
        self.assertEqual(axe_violations(page), [], name)  # type: ignore[attr-defined]
        self.assertLessEqual(  # type: ignore[attr-defined]
            scroll_width(page), WINDOW_WIDTH, f"{name} scrolls sideways"
        )
