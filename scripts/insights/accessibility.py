"""What the accessibility statement may claim: each check the test suite runs, by the tests that run
it, and how the last test run went (<!-- accessibility: checks -->, docs/accessibility.md).

The statement claims these checks and nothing else. tests/conftest.py writes REPORT at the end of a
test run (each check: tests passed and run); the Pages workflow runs the tests, then builds, so the
published statement gives the counts of the run that let it be published. Without a report (a
build on its own), the statement says the counts are not known to this build.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from insights import ROOT, fmt
from insights.site import text
from insights.strings import catalogue

# Where the test run leaves its counts; a test's build of the site reads another place (tests/conftest.py),
# so that its statement does not depend on an earlier run.
REPORT = Path(os.environ.get("INSIGHTS_TEST_REPORT") or ROOT / ".cache" / "test-report" / "accessibility.json")

# check → the tests that make it (pytest node ids, up to the parameters); strings/<lang>.yml
# accessibility.checks.<check> says it in words.
CHECKS = {
    "axe": ["tests/test_pages.py::test_every_page"],
    "keyboard": ["tests/test_pages.py::test_keyboard_reaches_switcher_search_navigation_and_every_chart",
                 "tests/test_browser.py::test_the_keyboard_walks_through_the_bars",
                 "tests/test_browser.py::test_each_figure_has_one_row_of_controls_that_open_in_place_without_javascript"],
    "no_javascript": ["tests/test_embed.py::test_embed_page_without_javascript",
                      "tests/test_browser.py::test_each_figure_has_one_row_of_controls_that_open_in_place_without_javascript"],
    "alternatives": ["tests/test_build.py::test_each_figure_has_caption_accessible_svg_table_and_downloads"],
    "html": ["tests/test_html_valid.py::test_no_html_error_of_our_own"],
    "small_screens": ["tests/test_layout.py::test_no_chart_text_is_cut_or_overlaps_at_any_width_or_scheme",
                      "tests/test_layout.py::test_on_a_phone_nothing_is_cut_broken_or_covered",
                      "tests/test_browser.py::test_page_loads_cleanly_and_fits"],
    "contrast": ["tests/test_figures.py::test_palette_meets_wcag_aa_on_both_backgrounds",
                 "tests/test_figures.py::test_an_interval_line_reads_on_every_bar_and_on_the_background"],
}


def check_of(nodeid: str) -> list[str]:
    """The checks a test (its node id, parameters included) counts towards."""
    name = nodeid.split("[", 1)[0]
    return [check for check, tests in CHECKS.items() if name in tests]


def report() -> dict | None:
    """The last test run's counts: {check: [passed, run]}, or None when no run left one."""
    try:
        return json.loads(REPORT.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def render_checks(lang: str, counts: dict | None) -> str:
    """The statement's list of checks, each with the last run's counts when the build knows them."""
    w = catalogue(lang)["accessibility"]
    items = []
    for check in CHECKS:
        line = text(w["checks"][check])
        if counts and check in counts:
            passed, run = counts[check]
            line += " " + text(w["counted"].format(passed=fmt.integer(passed, lang), run=fmt.integer(run, lang)))
        items.append(f"<li>{line}</li>")
    after = w["counts_known"] if counts else w["counts_unknown"]
    return f'<ul class="accessibility-checks">{"".join(items)}</ul>\n\n{text(after)}\n'


def render_contact(lang: str, contact: str | None, repository: str | None) -> str:
    """How to report a problem: the site's declared contact, else an issue on its repository."""
    w = catalogue(lang)["accessibility"]
    if contact:
        href = contact if ":" in contact else f"mailto:{contact}"
        return f'{text(w["contact"])} <a href="{text(href)}">{text(contact.removeprefix("mailto:"))}</a>.\n'
    if repository:
        return f'{text(w["issue"])} <a href="{text(repository.rstrip("/"))}/issues">{text(repository)}</a>.\n'
    return f"{text(w['issue_no_repository'])}\n"


def write_report(results: dict[str, list[int]], path: Path = REPORT) -> None:
    """Called by tests/conftest.py at the end of a run."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
