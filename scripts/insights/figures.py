"""One Altair builder per figure. A builder draws the figure for one language and one layout;
`spec()` adds what every figure shares (fonts, colours, number locale, title) and returns Vega-Lite.

Layouts: "wide" fills the content column on a desktop, "narrow" stays legible at 360 px
(labels wrapped, taller rows). The page shows the one that fits, as static SVG first.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, replace

import altair as alt
import pandas as pd

from insights import fmt
from insights.captions import n_text
from insights.data import Survey
from insights.strings import catalogue
from insights.values import OUTWARD_INWARD, pick, share_table

# Every colour a chart uses: light value → dark value. The light one is written into the SVG;
# generated/charts.css swaps it for the dark one under Material's dark scheme ("slate").
# All pass WCAG AA against their background: ≥ 4.5:1 for text, ≥ 3:1 for marks; blue and
# orange stay apart for the common colour-vision deficiencies, and every bar is labelled.
PALETTE = {
    "ink": ("#1f1f1f", "#e3e5ea"),
    "axis": ("#767676", "#9aa0ab"),
    "grid": ("#dddddd", "#3b404c"),
    "external": ("#1d5b9e", "#8ab4f8"),
    "internal": ("#a14a00", "#f0a35e"),
}
BACKGROUNDS = {"light": "#ffffff", "dark": "#1e2029"}  # Material's default and slate backgrounds
VALIDATE = False  # Altair schema validation costs ~0.1 s a spec; tests/test_figures.py validates every spec
FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif"


def light(name: str) -> str:
    return PALETTE[name][0]


@dataclass(frozen=True)
class Layout:
    name: str
    width: int  # whole chart, labels included
    step: int  # height of one bar row
    wrap: int | None  # wrap item labels at this many characters
    font_size: int
    ticks: int  # share-axis ticks, fewer when narrow so labels do not collide


LAYOUTS = {
    "wide": Layout("wide", 680, 30, None, 12, 5),
    "narrow": Layout("narrow", 328, 46, 19, 11, 3),
}


def share_frame(table: pd.DataFrame, lang: str, layout: Layout, sort: bool = True) -> pd.DataFrame:
    """What a share chart needs, sorted by share (ties keep file order), NA as None for JSON."""
    if sort:
        table = table.sort_values("share", ascending=False, kind="stable")
    known = table["n"].notna()
    out = pd.DataFrame({
        "id": table["id"],
        "label": table[f"label_{lang}"],
        "share": table["share"],
        "ci_low": table["ci_low"],
        "ci_high": table["ci_high"],
        # Texts formatted like the prose, for the tooltip.
        "ci_text": [fmt.interval(lo, hi, lang) if k else "—" for lo, hi, k in zip(table["ci_low"], table["ci_high"], known)],
        "n_text": [fmt.integer(int(n), lang) if k else catalogue(lang)["n_unknown"] for n, k in zip(table["n"], known)],
        # Direct labels sit just past the error bar when there is one.
        "label_x": table["ci_high"].fillna(table["share"]),
    })
    out["tip"] = [tip(row, lang) for row in out.itertuples()]
    out["axis_label"] = [wrap_label(label, layout) for label in out["label"]]
    return out.astype(object).where(out.notna(), None).reset_index(drop=True)


def wrap_label(label: str, layout: Layout) -> str:
    """Axis labels are split on '|' by the chart (labelExpr)."""
    return "|".join(textwrap.wrap(label, layout.wrap)) if layout.wrap else label


def tip(row, lang: str) -> str:
    """What a reader sees on pointing at a bar or dot: the item, its share, its 95 % interval and n,
    as JSON pairs. Vega writes it into the static SVG (each mark's ARIA description); the build
    turns it into a data-tip attribute that docs/assets/javascripts/charts.js shows."""
    t = catalogue(lang)["tooltip"]
    pairs = [(t["item"], row.label), (t["share"], fmt.percent(row.share, lang)), (t["ci"], row.ci_text), (t["n"], row.n_text)]
    return json.dumps(pairs, ensure_ascii=False)


def share_tooltip(lang: str) -> list[alt.Tooltip]:
    """The same, as Vega-Lite tooltips, for the .vegalite.json download opened in a Vega editor."""
    tip = catalogue(lang)["tooltip"]
    return [
        alt.Tooltip("label:N", title=tip["item"]),
        alt.Tooltip("share:Q", title=tip["share"], format=".0%"),
        alt.Tooltip("ci_text:N", title=tip["ci"]),
        alt.Tooltip("n_text:N", title=tip["n"]),
    ]


def share_bars(frame: pd.DataFrame, lang: str, layout: Layout, colour, x_max: float = 1.0) -> alt.LayerChart:
    """Horizontal bars with 95 % intervals and direct labels, in the frame's order."""
    s = catalogue(lang)
    scale = alt.Scale(domain=[0, x_max], nice=False)
    base = alt.Chart(frame).encode(
        y=alt.Y("axis_label:N", sort=None, title=None,
                axis=alt.Axis(labelExpr="split(datum.label, '|')", labelLimit=0 if layout.wrap else 260)),
    )
    bars = base.mark_bar(height={"band": 0.68}, aria=True).encode(
        x=alt.X("share:Q", scale=scale, axis=alt.Axis(format=".0%", title=s["share_axis"], tickCount=layout.ticks)),
        color=colour,
        tooltip=share_tooltip(lang),
        description="tip:N",
    )
    errors = base.mark_rule(color=light("ink"), strokeWidth=1.5).encode(
        x=alt.X("ci_low:Q", scale=scale), x2="ci_high:Q"
    ).transform_filter("isValid(datum.ci_low)")
    labels = base.mark_text(align="left", dx=5, color=light("ink"), fontSize=layout.font_size + 1).encode(
        x=alt.X("label_x:Q", scale=scale), text=alt.Text("share:Q", format=".0%")
    )
    return alt.layer(bars, errors, labels).properties(height=alt.Step(layout.step))


def _kind_colour(lang: str, kinds: list[str]) -> alt.Color:
    s = catalogue(lang)
    return alt.Color("kind:N", title=s["kind_title"], legend=alt.Legend(orient="bottom", direction="vertical"),
                     scale=alt.Scale(domain=[s["kind"][k] for k in kinds], range=[light(k) for k in kinds]))


def platforms(survey: Survey, lang: str, layout: Layout) -> alt.TopLevelMixin:
    """External and internal platforms on one share axis, coloured and named by kind."""
    parts = []
    for kind in ("external", "internal"):
        frame = share_frame(share_table(survey, f"{kind}_platforms"), lang, layout)
        frame["kind"] = catalogue(lang)["kind"][kind]
        parts.append(frame)
    frame = pd.concat(parts, ignore_index=True).sort_values("share", ascending=False, kind="stable")
    return share_bars(frame, lang, layout, _kind_colour(lang, ["external", "internal"]))


def external_platforms(survey: Survey, lang: str, layout: Layout) -> alt.TopLevelMixin:
    frame = share_frame(share_table(survey, "external_platforms"), lang, layout)
    return share_bars(frame, lang, layout, alt.value(light("external")))


def internal_platforms(survey: Survey, lang: str, layout: Layout) -> alt.TopLevelMixin:
    """Zoomed to the small shares of internal tools, so their intervals can be compared."""
    table = share_table(survey, "internal_platforms")
    frame = share_frame(table, lang, layout)
    x_max = min(1.0, (int(table["ci_high"].max() * 10) + 1) / 10)
    return share_bars(frame, lang, layout, alt.value(light("internal")), x_max=x_max)


def purposes(survey: Survey, lang: str, layout: Layout) -> alt.TopLevelMixin:
    frame = share_frame(share_table(survey, "purposes"), lang, layout)
    return share_bars(frame, lang, layout, alt.value(light("external")))


def awareness(survey: Survey, lang: str, layout: Layout) -> alt.TopLevelMixin:
    """Each share against its own group: the label names the group and its base."""
    groups = catalogue(lang)["base_label"]
    table = share_table(survey, "awareness")
    table[f"label_{lang}"] = [f"{groups[b]} ({n_text(survey, b, lang)})" for b in table["base"]]
    frame = share_frame(table, lang, layout)
    return share_bars(frame, lang, layout, alt.value(light("external")))


def outward_inward(survey: Survey, lang: str, layout: Layout) -> alt.TopLevelMixin:
    """Dumbbells: the outward-facing share against the inward-facing one, with their intervals."""
    s = catalogue(lang)
    rows, pairs, side_names = [], [], []
    for pair in OUTWARD_INWARD:
        picked = [pick(survey, *pair.outward), pick(survey, *pair.inward)]
        names = " / ".join(row[f"label_{lang}"] for row in picked)
        for side, row in zip(("outward", "inward"), picked):
            rows.append(row)
            # Narrow charts name the pair only; the caption, tooltip and table name the items.
            label = s["pairs"][pair.key] if layout.wrap else f'{s["pairs"][pair.key]} ({names})'
            pairs.append(wrap_label(label, replace(layout, wrap=layout.wrap or 30)))
            side_names.append(s["sides"][side])
    frame = share_frame(pd.DataFrame(rows), lang, layout, sort=False)
    frame["pair"], frame["side"] = pairs, side_names
    scale = alt.Scale(domain=[0, 1], nice=False)
    y = alt.Y("pair:N", sort=None, title=None, axis=alt.Axis(labelExpr="split(datum.label, '|')", labelLimit=0))
    base = alt.Chart(frame).encode(y=y)
    line = base.mark_rule(color=light("axis"), strokeWidth=2).encode(
        x=alt.X("min(share):Q", scale=scale), x2="max(share):Q")
    errors = base.mark_rule(color=light("ink"), strokeWidth=1.5).encode(
        x=alt.X("ci_low:Q", scale=scale), x2="ci_high:Q").transform_filter("isValid(datum.ci_low)")
    sides = [s["sides"]["outward"], s["sides"]["inward"]]
    points = base.mark_point(filled=True, size=110 if layout.wrap else 160, opacity=1, aria=True).encode(
        x=alt.X("share:Q", scale=scale, axis=alt.Axis(format=".0%", title=s["share_axis"], tickCount=layout.ticks)),
        color=alt.Color("side:N", title=None, scale=alt.Scale(domain=sides, range=[light("external"), light("internal")]),
                        legend=alt.Legend(orient="bottom", direction="vertical")),
        shape=alt.Shape("side:N", title=None, scale=alt.Scale(domain=sides, range=["circle", "diamond"])),
        tooltip=share_tooltip(lang),
        description="tip:N",
    )
    labels = base.mark_text(dy=-14 if layout.wrap else -16, color=light("ink"), fontSize=layout.font_size + 1).encode(
        x=alt.X("share:Q", scale=scale), text=alt.Text("share:Q", format=".0%"))
    return alt.layer(line, errors, points, labels).properties(height=alt.Step(layout.step + 34))


@dataclass(frozen=True)
class Figure:
    id: str
    build: Callable[[Survey, str, Layout], alt.TopLevelMixin]
    tables: tuple[str, ...]  # the data/ files it is drawn from
    pick: Callable[[Survey], pd.DataFrame] | None = None  # the rows it shows, if not all of them

    def rows(self, survey: Survey) -> pd.DataFrame:
        """The share rows behind the figure, as its data table and CSV give them, in chart order."""
        if self.pick:
            return self.pick(survey)
        frame = pd.concat([share_table(survey, t) for t in self.tables], ignore_index=True)
        return frame.sort_values("share", ascending=False, kind="stable").reset_index(drop=True)


def outward_inward_rows(survey: Survey) -> pd.DataFrame:
    return pd.DataFrame([pick(survey, *side) for p in OUTWARD_INWARD for side in (p.outward, p.inward)]).reset_index(drop=True)


FIGURES = {
    f.id: f
    for f in (
        Figure("platforms", platforms, ("external_platforms", "internal_platforms")),
        Figure("external-platforms", external_platforms, ("external_platforms",)),
        Figure("internal-platforms", internal_platforms, ("internal_platforms",)),
        Figure("purposes", purposes, ("purposes",)),
        Figure("awareness", awareness, ("awareness",)),
        Figure("outward-inward", outward_inward, ("external_platforms", "internal_platforms", "purposes"),
               pick=outward_inward_rows),
    )
}


def config(lang: str, layout: Layout) -> dict:
    """What every chart shares: fonts, colours, the language's number format. A plain dict merged
    into the spec, because each Altair configure_*() call deep-copies the whole chart."""
    ink, axis, grid, size = light("ink"), light("axis"), light("grid"), layout.font_size
    return {
        "font": FONT,
        "locale": {"number": fmt.D3_LOCALES[lang]},
        "aria": False,
        "view": {"stroke": None},
        "axis": {"labelColor": ink, "titleColor": ink, "domainColor": axis, "tickColor": axis, "gridColor": grid,
                 "labelFontSize": size, "titleFontSize": size, "titleFontWeight": "normal"},
        "legend": {"labelColor": ink, "titleColor": ink, "labelFontSize": size, "titleFontSize": size, "labelLimit": 0},
    }


def spec(figure: Figure, survey: Survey, lang: str, layout: str = "wide") -> dict:
    """The Vega-Lite spec of one figure as a page shows it: no title (the HTML caption has it),
    transparent background (the page's), locale-formatted numbers."""
    lay = LAYOUTS[layout]
    out = figure.build(survey, lang, lay).to_dict(validate=VALIDATE)
    out.update(
        width=lay.width, autosize={"type": "fit-x", "contains": "padding"}, background="transparent",
        description=catalogue(lang)["figures"][figure.id]["title"], config=config(lang, lay),
    )
    return out


def standalone(page_spec: dict, title: str, source: str) -> dict:
    """The same chart on its own (downloads, the .vegalite.json file): titled, sourced, on white."""
    return {
        **page_spec,
        "title": {"text": title, "subtitle": source, "anchor": "start", "color": light("ink"),
                  "subtitleColor": light("ink"), "fontSize": 15, "offset": 12},
        "background": BACKGROUNDS["light"],
        "padding": 12,
    }


def dark_css() -> str:
    """CSS that recolours the chart SVGs under Material's dark scheme."""
    rules = []
    for name, (day, night) in PALETTE.items():
        for attr in ("fill", "stroke"):
            rules.append(f'[data-md-color-scheme="slate"] .insight-figure svg [{attr}="{day}"] {{ {attr}: {night}; }}')
    # On screen only: a page printed from the dark theme prints the charts' own (light) colours.
    return ("/* Generated by scripts/insights/figures.py from PALETTE: do not edit. */\n@media screen {\n"
            + "\n".join(rules) + "\n}\n")
