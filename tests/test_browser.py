"""The home page in both languages, in headless Chromium, from the built site on 127.0.0.1."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from insights import fmt

PAGES = {"fr": "/", "en": "/en/"}


@pytest.mark.parametrize("lang", PAGES)
@pytest.mark.parametrize("width", [1280, 360])
def test_home_renders_chart_without_errors(browser, server, artifacts, lang, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors, foreign, failed = [], [], []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda req: foreign.append(req.url) if urlparse(req.url).netloc != urlparse(server).netloc
            and not req.url.startswith("data:") else None)
    page.on("response", lambda res: failed.append(res.url) if res.status >= 400 else None)

    page.goto(server + PAGES[lang], wait_until="networkidle")
    chart = page.locator("#fig-platforms .vega-chart[data-rendered='true'] svg")
    chart.wait_for(timeout=15000)

    # A real chart: bars drawn, and axis labels in the page's number format.
    assert page.locator("#fig-platforms .vega-chart svg path, #fig-platforms .vega-chart svg rect").count() > 5
    svg_text = page.eval_on_selector("#fig-platforms svg", "e => e.textContent")
    assert fmt.percent(0.82, lang) in svg_text
    assert page.evaluate("document.documentElement.lang") == lang
    box = chart.bounding_box()
    assert box["width"] > 200
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(artifacts / f"home-{lang}-{width}.png"), full_page=True)
    page.close()

    assert errors == []
    assert foreign == []
    assert failed == []
