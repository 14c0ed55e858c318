"""Charts that read well at every size: on every page, in both languages and both colour schemes,
at 320, 360, 768 and 1280 px, no text of a chart falls outside its drawing and no two texts
overlap. (The build's drawing check looks at the SVG alone; this looks at it as the page shows it.)"""

from __future__ import annotations

import pytest
from conftest import LANG_ROOTS, site_pages

WIDTHS = [320, 360, 768, 1280]

# Every text of every chart on screen, as boxes: those outside their drawing, and overlapping pairs.
CHECK = """() => {
  const out = [];
  const inter = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1
    && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  for (const svg of document.querySelectorAll('.insight-figure .chart svg')) {
    if (!svg.getClientRects().length) continue;  // the layout not shown at this width
    const frame = svg.getBoundingClientRect();
    const name = svg.closest('figure').id;
    const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim())
      .map(t => [t.textContent, t.getBoundingClientRect()]);
    for (const [words, box] of texts) {
      if (box.left < frame.left - 1 || box.right > frame.right + 1 || box.top < frame.top - 1 || box.bottom > frame.bottom + 1)
        out.push(`${name}: "${words}" outside the drawing`);
    }
    for (let i = 0; i < texts.length; i++)
      for (let j = i + 1; j < texts.length; j++)
        if (inter(texts[i][1], texts[j][1])) out.push(`${name}: "${texts[i][0]}" overlaps "${texts[j][0]}"`);
  }
  return out;
}"""


@pytest.mark.parametrize("lang", LANG_ROOTS)
@pytest.mark.parametrize("path", site_pages())
def test_no_chart_text_is_cut_or_overlaps_at_any_width_or_scheme(browser, server, lang, path):
    page = browser.new_page(viewport={"width": WIDTHS[-1], "height": 900})
    page.goto(server + LANG_ROOTS[lang] + path, wait_until="networkidle")
    problems, charts = [], 0
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            charts += page.locator(".insight-figure .chart svg:visible").count()
            problems += [f"{width} px, {scheme}: {p}" for p in page.evaluate(CHECK)]
    page.close()
    assert problems == []
    if path in ("platforms/", "purposes/", "context/"):
        assert charts > 0  # the check looked at charts, not at an empty page
