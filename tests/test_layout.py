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


# What the eye catches on a phone: a range broken at its dash, a site name cut short, a notebook's
# copy button over its code, the page title's ¶ link adding a blank line.
PHONE = """() => {
  const out = [];
  for (const r of document.querySelectorAll('.md-content .range'))
    if (r.getClientRects().length > 1) out.push(`range broken: ${r.textContent}`);
  const name = document.querySelector('.md-header__topic .md-ellipsis');
  if (name && (name.scrollWidth > name.clientWidth + 1 || name.scrollHeight > name.clientHeight + 1))
    out.push(`site name cut: ${name.textContent.trim()}`);
  const h1 = document.querySelector('.md-content h1');
  const link = h1 && h1.querySelector('.headerlink');
  if (link && link.getClientRects().length) out.push('the title has a ¶ link');
  const overlap = (a, b) => Math.min(a.right, b.right) > Math.max(a.left, b.left) && Math.min(a.bottom, b.bottom) > Math.max(a.top, b.top);
  for (const button of document.querySelectorAll('clipboard-copy')) {
    const pre = button.closest('.highlight, .jp-InputArea') && button.closest('.highlight, .jp-InputArea').querySelector('pre');
    if (!pre || !button.getClientRects().length) continue;
    const box = button.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(pre);
    if ([...range.getClientRects()].some(line => line.width > 0 && overlap(line, box)))
      out.push(`copy button over code: ${pre.textContent.slice(0, 40)}`);
  }
  return out;
}"""


@pytest.mark.parametrize("lang", LANG_ROOTS)
@pytest.mark.parametrize("path", ["", "context/", "platforms/", "analysis/"])
def test_on_a_phone_nothing_is_cut_broken_or_covered(browser, server, lang, path):
    page = browser.new_page(viewport={"width": 320, "height": 800})
    page.goto(server + LANG_ROOTS[lang] + path, wait_until="networkidle")
    problems = []
    for width in (320, 360):
        page.set_viewport_size({"width": width, "height": 800})
        for details in page.locator(".figure-controls details.figure-data > summary").all():
            details.click()  # the data tables' ranges too
        problems += [f"{width} px: {p}" for p in page.evaluate(PHONE)]
    page.close()
    assert problems == []


# Every word of every table, as the page shows it: a word (cut only after a hyphen, "_", "." or "/",
# where the build or the language allows a break) whose letters sit on two lines was broken.
BROKEN_WORDS = """() => {
  const out = [];
  for (const table of document.querySelectorAll('.md-content table')) {
    if (!table.getClientRects().length) continue;
    const walk = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
    for (let node = walk.nextNode(); node; node = walk.nextNode()) {
      let hidden = false;  // visually hidden (a stacked table's header row: 1 px, clipped), read by screen readers only
      for (let el = node.parentElement; el && el !== table.parentElement; el = el.parentElement)
        if (el.getBoundingClientRect().width <= 1) hidden = true;
      if (hidden) continue;
      for (const m of node.textContent.matchAll(/[^\\s\\-_./\\u00ad\\u2013]+[\\-_./\\u2013]?/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) out.push(m[0]);
      }
    }
  }
  return out;
}"""


@pytest.mark.parametrize("lang", LANG_ROOTS)
@pytest.mark.parametrize("path", site_pages())
def test_no_word_of_a_table_breaks_without_a_hyphen_on_a_phone(browser, server, lang, path):
    """At 360 px (and 320), a table's words wrap whole: "Éléme/nt", "Comm/anditair/e" or
    "key_numbers.cs/v" must never be seen again. Every table counts, the folded ones opened."""
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(server + LANG_ROOTS[lang] + path, wait_until="networkidle")
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    broken = []
    for width in (360, 320):
        page.set_viewport_size({"width": width, "height": 800})
        broken += [f"{width} px: {word}" for word in page.evaluate(BROKEN_WORDS)]
    page.close()
    assert broken == []
