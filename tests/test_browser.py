"""The built site in headless Chromium (Debian's), served on 127.0.0.1."""

from __future__ import annotations

import pytest
from conftest import SEED_DIR, Watch

from insights import fmt
from insights.data import load_survey
from insights.figures import PALETTE
from conftest import seed_figures
from insights.metrics import wilson_interval

ROOTS = {"fr": "/", "en": "/en/"}
FIGURE_PAGES = {  # page → figures on it
    "": ["platforms"],
    "platforms/": ["platforms", "external-platforms", "internal-platforms"],
    "purposes/": ["purposes", "outward-inward"],
    "awareness/": ["awareness"],
}


def rgb(hex_colour: str) -> str:
    h = hex_colour.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(h[i:i + 2], 16) for i in (0, 2, 4)))


@pytest.mark.parametrize("lang", ROOTS)
@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("path", ["", "platforms/", "methodology/"])
def test_page_loads_cleanly_and_fits(browser, server, artifacts, lang, width, path):
    page = browser.new_page(viewport={"width": width, "height": 900})
    watch = Watch(page, server)
    page.goto(server + ROOTS[lang] + path, wait_until="networkidle")
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "horizontal scroll"
    for figure in page.locator("figure.insight-figure").all():
        box = figure.locator(".chart svg:visible").bounding_box()
        assert box["width"] >= 0.9 * figure.bounding_box()["width"], "chart does not fill its column"
    page.screenshot(path=str(artifacts / f"{(path.strip('/') or 'home')}-{lang}-{width}.png"), full_page=True)
    page.close()
    watch.assert_clean()


@pytest.mark.parametrize("lang", ROOTS)
@pytest.mark.parametrize("path", FIGURE_PAGES)
def test_charts_are_visible_without_javascript(browser, server, lang, path):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server + ROOTS[lang] + path)
    for figure_id in FIGURE_PAGES[path]:
        svg = page.locator(f"#fig-{figure_id} .chart svg:visible")
        assert svg.count() == 1
        box = svg.bounding_box()
        assert box["width"] > 300 and box["height"] > 100
        assert svg.get_attribute("role") == "img"
        bars = svg.locator(".mark-rect path, .mark-symbol path")
        assert bars.count() >= 2
    context.close()


@pytest.mark.parametrize("lang", ROOTS)
def test_narrow_layout_at_360_px_without_javascript(browser, server, lang):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(server + ROOTS[lang] + "purposes/")
    assert page.locator("#fig-purposes .chart-narrow svg").is_visible()
    assert not page.locator("#fig-purposes .chart-wide svg").is_visible()
    # Text in the chart stays legible: rendered axis labels at least 10 px high.
    heights = page.eval_on_selector_all("#fig-purposes .chart-narrow svg text",
                                        "els => els.map(e => e.getBoundingClientRect().height)")
    assert heights and min(h for h in heights if h > 0) >= 10
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def expected_tip(lang: str) -> list[str]:
    """Facebook's tooltip, computed here from data/ through the project's own functions."""
    survey = load_survey(SEED_DIR)
    facebook = survey.tables["external_platforms"].frame.iloc[0]
    low, high = wilson_interval(facebook.share_pct / 100, survey.n("adopters"))
    return [facebook[f"label_{lang}"], fmt.percent(facebook.share_pct / 100, lang), fmt.interval(low, high, lang),
            fmt.integer(survey.n("adopters"), lang)]


@pytest.mark.parametrize("lang", ROOTS)
def test_pointing_at_a_bar_shows_its_values_and_downloads_nothing(browser, server, lang):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    watch = Watch(page, server)
    page.goto(server + ROOTS[lang] + "platforms/", wait_until="networkidle")
    before = len(watch.requests)
    bar = page.locator("#fig-external-platforms .chart-wide [data-tip]").first
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tooltip = page.locator(".chart-tooltip")
    tooltip.wait_for(state="visible")
    assert tooltip.locator("dd").all_inner_texts() == expected_tip(lang)
    page.mouse.move(5, 5)  # leaving the chart hides it
    tooltip.wait_for(state="hidden")
    assert len(watch.requests) == before, "pointing at a chart fetched something"
    assert watch.vega_requests() == []
    page.close()
    watch.assert_clean()


@pytest.mark.parametrize("lang", ROOTS)
@pytest.mark.parametrize("width", [1280, 360])
def test_the_keyboard_walks_through_the_bars(browser, server, lang, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(server + ROOTS[lang] + "platforms/", wait_until="networkidle")
    chart = page.locator("#fig-external-platforms .chart")
    chart.focus()
    page.keyboard.press("ArrowDown")
    tooltip = page.locator(".chart-tooltip")
    tooltip.wait_for(state="visible")
    assert tooltip.get_attribute("role") == "status"
    assert tooltip.locator("dd").all_inner_texts() == expected_tip(lang)
    frame = load_survey(SEED_DIR).tables["external_platforms"].frame.sort_values("share_pct", ascending=False, kind="stable")
    labels = frame[f"label_{lang}"].tolist()
    seen = [tooltip.locator("dd").first.inner_text()]
    for _ in labels[1:]:
        page.keyboard.press("ArrowDown")
        seen.append(tooltip.locator("dd").first.inner_text())
    assert seen == labels  # top to bottom, as drawn: by share
    page.keyboard.press("ArrowDown")
    assert tooltip.locator("dd").first.inner_text() == labels[0], "wraps around"
    page.keyboard.press("Escape")
    tooltip.wait_for(state="hidden")
    page.close()


@pytest.mark.parametrize("lang", ROOTS)
def test_a_chartless_page_adds_no_tooltip(browser, server, lang):
    page = browser.new_page()
    watch = Watch(page, server)
    page.goto(server + ROOTS[lang] + "methodology/", wait_until="networkidle")
    assert page.locator("figure.insight-figure").count() == 0
    assert page.locator(".chart-tooltip").count() == 0
    page.close()
    watch.assert_clean()


def _bar_fill(page, figure_id: str) -> str:
    return page.eval_on_selector(f"#fig-{figure_id} .chart svg:not([hidden]) .mark-rect path",
                                 "e => getComputedStyle(e).fill")


def _toggle_palette(page):
    page.locator("form[data-palette] label:visible").first.click()


@pytest.mark.parametrize("lang", ROOTS)
def test_material_palette_toggle_recolours_the_charts(browser, server, lang):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme="light")
    page.goto(server + ROOTS[lang] + "platforms/", wait_until="networkidle")
    day, night = (rgb(c) for c in PALETTE["blue"])
    assert _bar_fill(page, "external-platforms") == day
    _toggle_palette(page)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert _bar_fill(page, "external-platforms") == night

    _toggle_palette(page)
    assert _bar_fill(page, "external-platforms") == day
    page.close()


@pytest.mark.parametrize("lang", ROOTS)
def test_the_readers_colour_choice_holds_from_page_to_page_and_works_from_the_keyboard(browser, server, lang):
    """The toggle is ours (overrides/partials/javascripts/palette.html): a dark system starts dark,
    a choice is kept for the next page, and Enter on the focused toggle switches, as the theme's did."""
    page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    root = "getComputedStyle(document.documentElement).colorScheme"  # the page's scrollbar follows
    page.goto(server + ROOTS[lang] + "platforms/", wait_until="networkidle")
    assert page.evaluate(scheme) == "slate" and page.evaluate(root) == "dark"
    assert page.locator("form[data-palette] label:visible").count() == 1
    _toggle_palette(page)
    assert page.evaluate(scheme) == "default" and page.evaluate(root) != "dark"
    page.goto(server + ROOTS[lang] + "purposes/", wait_until="networkidle")
    assert page.evaluate(scheme) == "default", "the reader's choice, not the system's, on the next page"
    page.locator("form[data-palette] input:checked").focus()
    page.keyboard.press("Enter")
    assert page.evaluate(scheme) == "slate"
    page.wait_for_function("!document.body.hasAttribute('data-md-color-switching')")
    page.close()
    fresh = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme="light")  # nothing chosen yet
    fresh.goto(server + ROOTS[lang] + "platforms/", wait_until="networkidle")
    assert fresh.evaluate(scheme) == "default", "with no choice stored, each page follows the system"
    fresh.close()


def test_every_figure_is_on_a_page():
    assert {f for figures in FIGURE_PAGES.values() for f in figures} == set(seed_figures())


SCROLLERS = """root => [...root.querySelectorAll('*')].filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)
    && e.scrollWidth > e.clientWidth + 1).map(e => `${e.className || e.tagName} ${e.scrollWidth}>${e.clientWidth}`)"""


@pytest.mark.parametrize("lang", ROOTS)
@pytest.mark.parametrize("width", [1280, 360])
def test_every_figure_table_fits_with_every_column_in_view(browser, server, lang, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    for path, figure_ids in FIGURE_PAGES.items():
        page.goto(server + ROOTS[lang] + path, wait_until="networkidle")
        for figure_id in figure_ids:
            details = page.locator(f"#fig-{figure_id} details.figure-data")
            details.locator("summary").click()
            table = details.locator("table")
            table.wait_for()
            assert details.evaluate(SCROLLERS) == [], f"{path} {figure_id}: a scroll box"
            box = page.locator(f"#fig-{figure_id} .figure-controls").bounding_box()  # the row the panel opens under
            last = table.locator("thead th").last.bounding_box()
            assert last["x"] + last["width"] <= box["x"] + box["width"], f"{path} {figure_id}: last column out of view"
            assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.close()


@pytest.mark.parametrize("lang", ROOTS)
@pytest.mark.parametrize("width", [1280, 360])
def test_each_figure_has_one_row_of_controls_that_open_in_place_without_javascript(browser, server, lang, width):
    """Data, Embed, Cite, Download: one row under the figure; each opens its panel under the row,
    at the figure's width, by mouse or keyboard, with no JavaScript; one panel at a time."""
    from insights.strings import catalogue

    s = catalogue(lang)
    words = [s["table"]["summary"], s["embed"]["title"], s["cite"]["figure"], s["downloads"]["label"]]
    page = browser.new_page(viewport={"width": width, "height": 900}, java_script_enabled=False)
    page.goto(server + ROOTS[lang] + "platforms/", wait_until="networkidle")
    for figure_id in FIGURE_PAGES["platforms/"]:
        figure = page.locator(f"#fig-{figure_id}")
        summaries = figure.locator(".figure-controls > details > summary")
        assert summaries.all_inner_texts() == words
        boxes = [b.bounding_box() for b in summaries.all()]
        assert len({round(b["y"]) for b in boxes}) == 1, f"{figure_id}: the controls wrap at {width} px"
        assert all(b["height"] >= 24 and b["width"] >= 24 for b in boxes)  # WCAG 2.5.8 target size
        assert not figure.locator(".figure-controls table").is_visible()  # closed until asked
        summaries.nth(2).focus()
        page.keyboard.press("Enter")  # Cite, by keyboard
        cite = figure.locator("details.figure-cite pre").first
        assert cite.is_visible()
        bottom = max(b["y"] + b["height"] for b in (s.bounding_box() for s in summaries.all()))
        assert cite.bounding_box()["y"] > bottom, "the panel opens under the row"
        summaries.nth(0).click()  # Data: the table opens, Cite closes
        assert figure.locator(".figure-controls table").is_visible() and not cite.is_visible()
        summaries.nth(3).click()
        links = figure.locator("details.figure-downloads a[download]")
        assert links.count() == 3 and all(link.is_visible() for link in links.all())
    page.close()
