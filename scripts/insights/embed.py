"""Embeddable pages, one per figure and language: /embed/<figure>/ and /en/embed/<figure>/.

Each is a small standalone HTML page for an <iframe> on another site: the figure's caption
(title, takeaway, source), its static chart with tooltips (charts.js), its data table, and a
link back to the figure on the site. No theme and no theme script: a few kilobytes in all.
"""

from __future__ import annotations

import re
from pathlib import Path

from insights import DEFAULT_LANGUAGE, DOCS_DIR, LANGUAGES
from insights.captions import source_line
from insights.markers import Page, figure_table, text
from insights.strings import catalogue
from insights.site import embed_path
from insights.theme import add_csp

FIGURE_MARKER = re.compile(r"<!--\s*figure:\s*([\w-]+)\s*-->")


def figure_pages(docs_dir: Path = DOCS_DIR) -> dict[str, str]:
    """Figure id → the site path (under a language root) of the first page that shows it."""
    pages: dict[str, str] = {}
    for source in sorted(docs_dir.glob("*.md"), key=lambda p: (p.name != "index.md", p.name)):
        if source.name.count(".") > 1:  # page.en.md: the same page in another language
            continue
        path = "" if source.stem == "index" else f"{source.stem}/"
        for figure_id in FIGURE_MARKER.findall(source.read_text(encoding="utf-8")):
            pages.setdefault(figure_id, path)
    return pages


def embed_page(figure_id: str, lang: str, ctx, figure_page: str) -> str:
    """The standalone page. Its links are relative, so it works at any address and sub-path."""
    s, rendered = catalogue(lang), ctx.rendered[(figure_id, lang)]
    root = "../../" if lang == DEFAULT_LANGUAGE else "../../../"
    back = f"../../{figure_page}#fig-{figure_id}"
    page = Page(lang, f"embed/{figure_id}.md", embed_path(figure_id, lang), ctx)
    layouts = "".join(f'<div class="chart-{layout}">{svg}</div>' for layout, svg in rendered.svgs.items())
    source = text(source_line(ctx.figures[figure_id], lang))
    return f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{text(rendered.title)}</title>
<meta name="description" content="{text(rendered.takeaway or rendered.title)}">
<link rel="icon" href="{root}assets/images/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="{root}assets/stylesheets/embed.css">
</head>
<body>
<figure class="insight-figure embed" id="fig-{figure_id}">
<figcaption><span class="figure-takeaway" id="fig-{figure_id}-takeaway">{text(rendered.takeaway or "")}</span>
<span class="figure-title" id="fig-{figure_id}-title">{text(rendered.title)}</span></figcaption>
<div class="chart" tabindex="0" role="group" aria-labelledby="fig-{figure_id}-title">{layouts}</div>
<p class="figure-source">{source} · <a href="{back}" target="_blank" rel="noopener">{text(s["embed"]["back"])}</a></p>
{figure_table(figure_id, page)}</figure>
<script src="{root}assets/javascripts/charts.js"></script>
</body>
</html>
"""


def embed_files(ctx, docs_dir: Path = DOCS_DIR) -> dict[str, bytes]:
    """Every embeddable page (site path → bytes), one per chart on a page: cards and lists are
    not embedded, and a figure on no page has nowhere to link back to."""
    pages = figure_pages(docs_dir)
    files = {}
    for figure_id, sf in ctx.figures.items():
        if figure_id not in pages or not sf.drawn():
            continue
        for lang in LANGUAGES:
            page = add_csp(embed_page(figure_id, lang, ctx, pages[figure_id]))
            files[embed_path(figure_id, lang) + "index.html"] = page.encode()
    return files
