"""Fill the markers that authors put in docs/ pages.

A marker is an HTML comment ``<!-- kind: argument -->``; each kind has one small
``render_<kind>(argument, page) -> str`` function. An unknown kind or argument is an
error that names the page and line, never a blank on the page.

Kinds:
  value: <key>          a number from data, formatted for the page's language
  figure: <id>          a chart with its caption
  list: <table>         the labels of a table as a bulleted list (e.g. barriers, which have no figures)
  provenance: <table>   what a data file holds: question, base, source, notes
  citation: <source>    the full citation of a source in sources.yml
  downloads: all        a table of the data files with links
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass

import pandas as pd

from insights import fmt
from insights.data import TABLES
from insights.figures import FIGURES
from insights.generate import GENERATED, Context, chart_path
from insights.strings import catalogue
from insights.values import share_table

MARKER = re.compile(r"<!--\s*([a-z]+):\s*([A-Za-z0-9_.-]*)\s*-->")


class MarkerError(Exception):
    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(message)


@dataclass(frozen=True)
class Page:
    lang: str
    src_uri: str  # e.g. "index.en.md"
    url: str  # e.g. "en/" or "en/platforms/"
    ctx: Context

    def link(self, site_path: str) -> str:
        """A link from this page's source file to a file under docs/, for Markdown links."""
        return posixpath.relpath(site_path, posixpath.dirname(self.src_uri) or ".")

    def root(self) -> str:
        """The way from this page's URL back to the site root, for raw HTML attributes."""
        return "../" * self.url.strip("/").count("/") + ("../" if self.url.strip("/") else "")


def _lookup(mapping: dict, key: str, what: str):
    if key not in mapping:
        known = ", ".join(sorted(mapping)[:12])
        raise KeyError(f"unknown {what} {key!r} (known: {known}{', …' if len(mapping) > 12 else ''})")
    return mapping[key]


def render_value(key: str, page: Page) -> str:
    return _lookup(page.ctx.values, key, "value").format(page.lang)


def n_text(base: str, page: Page) -> str:
    """'n = 241', or 'base unknown'."""
    s, n = catalogue(page.lang), page.ctx.survey.n(base)
    return s["n_known"].format(n=fmt.integer(n, page.lang)) if n else s["n_unknown"]


def bases_of(tables: tuple[str, ...], page: Page) -> list[str]:
    return list(dict.fromkeys(b for t in tables for b in page.ctx.survey.tables[t].frame.get("base", [])))


def base_line(tables: tuple[str, ...], page: Page) -> str:
    """'n = 241' when there is one base; each group with its own n otherwise."""
    bases = bases_of(tables, page)
    if len(bases) == 1:
        return n_text(bases[0], page)
    labels = catalogue(page.lang)["base_label"]
    sep = "\u202f; " if page.lang == "fr" else "; "
    return sep.join(f"{labels[b].lower()} {n_text(b, page)}" for b in bases)


def source_line(tables: tuple[str, ...], page: Page) -> str:
    s, survey = catalogue(page.lang), page.ctx.survey
    return s["source_line"].format(source=survey.sources["study"]["short"][page.lang], base=base_line(tables, page))


def figure_table(figure_id: str, page: Page) -> str:
    """The numbers behind a figure as a real table, readable without JavaScript."""
    s, lang, survey = catalogue(page.lang), page.lang, page.ctx.survey
    head = s["table"]
    rows = []
    for table in FIGURES[figure_id].tables:
        shares = share_table(survey, table).sort_values("share", ascending=False, kind="stable")
        for row in shares.itertuples():
            ci = "—" if pd.isna(row.n) else fmt.interval(row.ci_low, row.ci_high, lang)
            rows.append(
                f"<tr><th scope=\"row\">{html.escape(getattr(row, f'label_{lang}'))}</th>"
                f"<td>{fmt.percent(row.share, lang)}</td><td>{ci}</td><td>{html.escape(n_text(row.base, page))}</td></tr>"
            )
    return (
        f'<details class="figure-data"><summary>{html.escape(head["summary"])}</summary>\n'
        f'<table><thead><tr><th scope="col">{head["item"]}</th><th scope="col">{head["share"]}</th>'
        f'<th scope="col">{head["ci"]}</th><th scope="col">{head["base"]}</th></tr></thead>\n'
        f"<tbody>{''.join(rows)}</tbody></table></details>\n"
    )


def render_figure(figure_id: str, page: Page) -> str:
    figure = _lookup(FIGURES, figure_id, "figure")
    spec = page.ctx.specs[(figure.id, page.lang)]
    root = page.root()
    caption = html.escape(source_line(figure.tables, page))
    return (
        f'<figure class="insight-figure" id="fig-{figure.id}">\n'
        f'<div class="vega-chart" role="img" aria-label="{html.escape(spec["description"])}" '
        f'data-spec="{root}{chart_path(figure.id, page.lang, "vega")}" data-runtime="{root}{page.ctx.runtime}"></div>\n'
        f"<figcaption>{caption}</figcaption>\n"
        f"{figure_table(figure.id, page)}"
        f"</figure>\n"
    )


def render_list(table: str, page: Page) -> str:
    frame = _lookup(page.ctx.survey.tables, table, "table").frame
    return "\n".join(f"- {html.escape(label)}" for label in frame[f"label_{page.lang}"]) + "\n"


def render_citation(source: str, page: Page) -> str:
    return html.escape(_lookup(page.ctx.survey.sources, source, "source")["citation"][page.lang])


def render_provenance(table: str, page: Page) -> str:
    lang, survey = page.lang, page.ctx.survey
    meta = _lookup(survey.tables, table, "table").meta
    labels = {"fr": ("Question", "Base", "Source", "Notes"), "en": ("Question", "Base", "Source", "Notes")}[lang]
    colon = "\u00a0:" if lang == "fr" else ":"
    who = "; ".join(f'{survey.bases[b]["who"][lang]} ({n_text(b, page)})' for b in bases_of((table,), page))
    rows = [
        f"**{labels[0]}{colon}** {html.escape(meta['question'][lang])}",
        *( [f"**{labels[1]}{colon}** {html.escape(who)}"] if who else [] ),
        f"**{labels[2]}{colon}** " + "; ".join(html.escape(survey.sources[s]["citation"][lang]) for s in meta["sources"]),
    ]
    notes = "".join(f"\n    - {html.escape(n[lang])}" for n in meta.get("notes", []))
    return "\n".join(f"- {r}" for r in rows) + (f"\n- **{labels[3]}{colon}**{notes}" if notes else "") + "\n"


def render_downloads(_: str, page: Page) -> str:
    s, survey = catalogue(page.lang), page.ctx.survey
    head = {"fr": ("Fichier", "Contenu", "Lignes"), "en": ("File", "Content", "Rows")}[page.lang]
    lines = [f"| {head[0]} | {head[1]} | {head[2]} | {s['downloads']['meta']} |", "|---|---|--:|---|"]
    for name in TABLES:
        table = survey.tables[name]
        csv = page.link(f"{GENERATED}/data/{name}.csv")
        meta = page.link(f"{GENERATED}/data/{name}.meta.yml")
        rows = fmt.integer(len(table.frame), page.lang)
        lines.append(f"| [`{name}.csv`]({csv}) | {html.escape(table.meta['title'][page.lang])} | {rows} | [`{name}.meta.yml`]({meta}) |")
    return "\n".join(lines) + "\n"


RENDERERS = {
    "value": render_value,
    "figure": render_figure,
    "list": render_list,
    "provenance": render_provenance,
    "citation": render_citation,
    "downloads": render_downloads,
}


def render_page(markdown: str, page: Page) -> str:
    """Replace every marker in `markdown`; raise MarkerError at the first bad one."""

    def replace(match: re.Match) -> str:
        kind, arg = match.groups()
        line = markdown.count("\n", 0, match.start()) + 1
        renderer = RENDERERS.get(kind)
        if renderer is None:
            raise MarkerError(line, f"unknown marker kind {kind!r} (known: {', '.join(RENDERERS)})")
        try:
            return renderer(arg, page)
        except KeyError as err:
            raise MarkerError(line, f"{kind}: {err.args[0]}") from None

    return MARKER.sub(replace, markdown)
