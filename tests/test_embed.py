"""Embeddable figure pages (/embed/<figure>/, /en/embed/<figure>/) and the "copy the embed
code" control under each figure, on the site served under a project sub-path."""

from __future__ import annotations

import gzip
from urllib.parse import urlparse

import pytest
from conftest import LANG_ROOTS, Watch, axe_violations

from insights.embed import embed_path
from insights.generate import load_studies
from insights.strings import catalogue

FIGURES = {fid: sf for fid, sf in load_studies()[1].items() if sf.drawn()}  # cards and lists have no embed

BUDGET = 20_000  # bytes, gzip-compressed, before any interaction


@pytest.mark.parametrize("figure_id", FIGURES)
@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_embed_page_with_javascript(browser, subpath_server, lang, figure_id):
    page = browser.new_page(viewport={"width": 720, "height": 700})
    watch = Watch(page, subpath_server)
    bodies = []
    page.on("response", lambda r: bodies.append((r.url, r.body())))
    page.goto(f"{subpath_server}/{embed_path(figure_id, lang)}", wait_until="networkidle")
    assert page.evaluate("document.documentElement.lang") == lang
    title = FIGURES[figure_id].figure.title[lang]
    assert page.title() == title and page.locator(".figure-title").inner_text() == title
    assert page.locator(".figure-source").inner_text().startswith(catalogue(lang)["source_line"].split("{")[0].strip())
    assert page.locator(".chart svg:visible").count() == 1
    scripts = [urlparse(u).path for u, _ in bodies if u.endswith(".js")]
    assert scripts == [f"/{urlparse(subpath_server).path.strip('/')}/assets/javascripts/charts.js"], "only our 2 kB script"
    weight = sum(len(gzip.compress(body, 6)) for _, body in bodies)
    assert weight <= BUDGET, f"{weight} bytes gzip"
    assert axe_violations(page) == []

    page.locator(".chart-wide [data-tip]").first.hover()
    page.locator(".chart-tooltip").wait_for(state="visible")

    back = page.locator(".figure-source a")
    assert back.get_attribute("target") == "_blank"
    href = back.evaluate("a => a.href")
    target = browser.new_page()
    assert target.goto(href).status == 200
    assert urlparse(target.url).path.startswith(urlparse(subpath_server).path + LANG_ROOTS[lang])
    assert target.locator(f"#fig-{figure_id}").count() == 1
    target.close()
    page.close()
    watch.assert_clean()


@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_embed_page_without_javascript(browser, subpath_server, lang):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 700})
    page = context.new_page()
    page.goto(f"{subpath_server}/{embed_path('purposes', lang)}")
    svg = page.locator(".chart svg:visible")
    assert svg.count() == 1 and svg.bounding_box()["width"] > 300
    assert page.locator(".figure-source a").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


@pytest.mark.parametrize("lang", LANG_ROOTS)
def test_copy_the_embed_code_then_embed_it_elsewhere(browser, subpath_server, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=subpath_server)
    page = context.new_page()
    page.goto(subpath_server + LANG_ROOTS[lang] + "purposes/", wait_until="networkidle")
    words = catalogue(lang)["embed"]
    page.locator("#fig-purposes details.figure-embed summary").click()
    page.locator("#fig-purposes .figure-embed .figure-copy").click()
    status = page.locator("#fig-purposes .figure-embed .figure-copied")
    status.wait_for(state="visible")
    assert status.inner_text() == words["copied"]
    code = page.evaluate("navigator.clipboard.readText()")
    assert code == page.locator("#fig-purposes-embed").inner_text()
    assert f'src="{subpath_server}/{embed_path("purposes", lang)}"' in code
    assert f'title="{FIGURES["purposes"].figure.title[lang]}"' in code
    assert 'width="720"' in code and ' height="' in code

    host = context.new_page()  # another site's page, pasting the code as it is
    host.set_content(f"<!doctype html><html><body style='margin:0;width:720px'>{code}</body></html>")
    frame = host.frame_locator("iframe")
    frame.locator(".chart svg").first.wait_for()
    height = int(host.locator("iframe").get_attribute("height"))
    inner = host.frames[1].evaluate("document.documentElement.scrollHeight")
    assert inner <= height, f"the embed needs {inner}px, the code gives {height}px"
    context.close()


@pytest.mark.parametrize("width", [720, 1280, 1920])
def test_an_embed_opened_on_its_own_keeps_its_chart_text_the_size_of_its_caption(browser, subpath_server, width):
    """Opened directly in a wide window, the chart is not scaled past its drawn size: an axis
    label stays within a third of the source line's size (it was about 24 px against 13 px)."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{subpath_server}/{embed_path('platforms', 'fr')}")
    label = page.locator(".chart svg:visible .role-axis-label text").first.bounding_box()["height"]
    caption = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.figure-source')).fontSize)")
    assert label <= 1.33 * caption, f"chart text {label:.0f} px against a {caption:.0f} px source line"
    page.close()
