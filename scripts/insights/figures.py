"""One Altair builder per figure. A builder draws the figure for one language and one layout;
`spec()` adds what every figure shares (fonts, colours, number locale, title) and returns Vega-Lite.

Layouts: "wide" fills the content column on a desktop, "narrow" stays legible at 360 px
(labels wrapped, taller rows). The page shows the one that fits, as static SVG first.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pandas as pd

from insights import fmt
from insights.captions import n_text
from insights.data import Survey
from insights.strings import catalogue
from insights.study import Figure
from insights.values import pick, share_table

# Every colour a chart uses: light value → dark value. The light one is written into the SVG;
# generated/charts.css swaps it for the dark one under Material's dark scheme ("slate").
# All pass WCAG AA against their background: ≥ 4.5:1 for text, ≥ 3:1 for marks; blue and
# orange stay apart for the common colour-vision deficiencies, and every bar is labelled.
PALETTE = {
    "ink": ("#1f1f1f", "#e3e5ea"),
    "axis": ("#767676", "#9aa0ab"),
    "grid": ("#dddddd", "#3b404c"),
    # The colours a figures.yml may name, in the order a stacked bar uses them.
    "blue": ("#1d5b9e", "#8ab4f8"),
    "orange": ("#a14a00", "#f0a35e"),
    "teal": ("#00695c", "#4db6ac"),
    "purple": ("#6a3d9a", "#c5a3e6"),
    "grey": ("#6b6b6b", "#a0a6b1"),
    # Under an interval's line: the page's background, so that the line reads on any bar.
    "halo": ("#ffffff", "#1e2029"),
}
SERIES = ("blue", "orange", "teal", "purple", "grey")
BACKGROUNDS = {"light": "#ffffff", "dark": "#1e2029"}  # Material's default and slate backgrounds
VALIDATE = False  # Altair schema validation costs ~0.1 s a spec; tests/test_figures.py validates every spec
FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif"
CHART_TYPES = ("bars", "grouped-bars", "bases", "breakdown", "trend", "dumbbell", "stacked")  # drawn as SVG; cards and lists are HTML


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


PANEL_MARGIN = 24  # what a panel's axis labels and padding add to its width ("100 %" past the end)
LAYOUTS = {
    "wide": Layout("wide", 680, 30, None, 12, 5),
    "narrow": Layout("narrow", 328, 46, 19, 11, 3),
}


def share_frame(table: pd.DataFrame, lang: str, layout: Layout, sort: bool = True, intervals: bool = True) -> pd.DataFrame:
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
        "ci_text": [fmt.interval(lo, hi, lang) if k and not pd.isna(lo) else "—"
                    for lo, hi, k in zip(table["ci_low"], table["ci_high"], known)],
        "n_text": [fmt.integer(int(n), lang) if k else catalogue(lang)["n_unknown"] for n, k in zip(table["n"], known)],
        # Direct labels sit just past the error bar when there is one.
        "label_x": table["ci_high"].fillna(table["share"]),
    })
    for key in ("group", "wave"):
        if key in table:
            out[key] = table[key]
    if not intervals:  # not drawn; the tooltip and the table still give them
        out["ci_low"] = out["ci_high"] = float("nan")
        out["label_x"] = out["share"]
    out["tip"] = [tip(row, lang) for row in out.itertuples()]
    out["axis_label"] = [wrap_label(label, layout) for label in out["label"]]
    return out.astype(object).where(out.notna(), None).reset_index(drop=True)


def wrap_label(label: str, layout: Layout) -> str:
    """Axis labels are split on '|' by the chart (labelExpr)."""
    return "|".join(textwrap.wrap(label, layout.wrap)) if layout.wrap else label


def axis_title(title: str, layout: Layout) -> str | list[str]:
    """An axis title in lines that fit under the plot (about 60 % of the chart's width once the
    item labels take theirs), at ~0.58 em a character: never cut at the chart's edge."""
    if not title:
        return title
    lines = textwrap.wrap(title, int(0.6 * layout.width / (0.58 * layout.font_size)))
    return lines if len(lines) > 1 else title


def tip(row, lang: str) -> str:
    """What a reader sees on pointing at a bar or dot: the item, its share, its 95 % interval and n,
    as JSON pairs. Vega writes it into the static SVG (each mark's ARIA description); the build
    turns it into a data-tip attribute that docs/assets/javascripts/charts.js shows."""
    t = catalogue(lang)["tooltip"]
    pairs = [(t["item"], row.label), (t["share"], fmt.percent(row.share, lang)), (t["ci"], row.ci_text), (t["n"], row.n_text)]
    for key in ("group", "wave"):  # a breakdown's group, a trend's wave: first
        if getattr(row, key, None):
            pairs.insert(0, (t[key], getattr(row, key)))
    return json.dumps(pairs, ensure_ascii=False)


def share_tooltip(lang: str) -> list[alt.Tooltip]:
    """The same, as Vega-Lite tooltips, for the .vegalite.json download opened in a Vega editor."""
    import altair as alt
    tip = catalogue(lang)["tooltip"]
    return [
        alt.Tooltip("label:N", title=tip["item"]),
        alt.Tooltip("share:Q", title=tip["share"], format=".0%"),
        alt.Tooltip("ci_text:N", title=tip["ci"]),
        alt.Tooltip("n_text:N", title=tip["n"]),
    ]


def layers(frame: pd.DataFrame, *charts: alt.Chart, **properties) -> alt.LayerChart:
    """The charts drawn over each other, on the frame's rows given once, inline, as plain values.

    How a spec stays cheap to build (~5 ms rather than ~70): the layers carry no data (Altair
    copies a chart's data at each method call) and the data is no DataFrame (Altair prints and
    hashes it for each layer); every channel is an Altair object, not a string or a dict, which
    Altair would look up in the whole Vega-Lite schema; sizes are given to the layer, not set
    with .properties(), which validates them against it."""
    import altair as alt
    return alt.LayerChart(layer=list(charts), data=alt.Data(values=frame.to_dict("records")), **properties)


def share_bars(frame: pd.DataFrame, lang: str, layout: Layout, colour, axis: str, x_max: float = 1.0,
               **properties) -> alt.LayerChart:
    """Horizontal bars with 95 % intervals and direct labels, in the frame's order. `properties`
    (a panel's title) go to the chart."""
    import altair as alt
    scale = alt.Scale(domain=[0, x_max], nice=False)
    named = properties.pop("named", "title" not in properties)  # a bases panel's title names its one row: no axis of labels
    base = alt.Chart().encode(
        y=alt.Y("axis_label:N", sort=None, title=None,
                axis=alt.Axis(labelExpr="split(datum.label, '|')", labelLimit=0 if layout.wrap else 260) if named else None),
    )
    bars = base.mark_bar(height={"band": 0.68}, aria=True).encode(
        x=alt.X("share:Q", scale=scale, axis=alt.Axis(format=".0%", title=axis_title(axis, layout), tickCount=layout.ticks)),
        color=colour,
        tooltip=share_tooltip(lang),
        description=alt.Description("tip:N"),
    )
    labels = base.mark_text(align="left", dx=5, color=light("ink"), fontSize=layout.font_size + 1).encode(
        x=alt.X("label_x:Q", scale=scale), text=alt.Text("share:Q", format=".0%")
    )
    return layers(frame, bars, *intervals(base, scale, 10), labels, height=alt.Step(layout.step), **properties)


def intervals(base: alt.Chart, scale: alt.Scale, cap: int) -> list[alt.Chart]:
    """Each 95 % interval as a line with a cap at each end, in ink over a halo of the page's
    background: it reads on a dark bar, a pale one and the background, in both schemes."""
    import altair as alt
    known = base.transform_filter("isValid(datum.ci_low)")
    ends = known.transform_fold(["ci_low", "ci_high"], as_=["end", "at"])
    out = []
    for colour, width in (("halo", 4), ("ink", 1.5)):
        out.append(known.mark_rule(color=light(colour), strokeWidth=width).encode(
            x=alt.X("ci_low:Q", scale=scale), x2=alt.X2("ci_high")))
        out.append(ends.mark_tick(color=light(colour), thickness=width, size=cap + (width - 1.5) * 2).encode(
            x=alt.X("at:Q", scale=scale)))
    return out


@dataclass(frozen=True)
class StudyFigure:
    """A figure as figures.yml declares it, with its id and the study it draws on."""

    id: str
    survey: Survey
    figure: Figure
    _rows: dict[bool, pd.DataFrame] = field(default_factory=dict, init=False, repr=False, compare=False)
    _specs: dict[tuple[str, str], dict] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def type(self) -> str:
        return self.figure.type

    def drawn(self) -> bool:
        return self.figure.type in CHART_TYPES

    def rows(self, sort: bool = True) -> pd.DataFrame:
        """The rows behind the figure, as its data table and CSV give them, in chart order
        (sort=False: in the order of the files). Computed once; each caller gets its own copy."""
        if sort not in self._rows:
            self._rows[sort] = self._compute_rows(sort)
        return self._rows[sort].copy()

    def _compute_rows(self, sort: bool) -> pd.DataFrame:
        f, survey = self.figure, self.survey
        if f.type == "dumbbell":
            return pd.DataFrame([pick(survey, item) for row in f.rows for item in row.items]).reset_index(drop=True)
        if f.type == "list":
            frame = pd.concat([survey.tables[t].frame for t in f.data], ignore_index=True)
        else:
            parts = []
            for table in f.tables():
                part = share_table(survey, table)
                part["table"] = table
                parts.append(part)
            frame = pd.concat(parts, ignore_index=True)
        if f.items:
            frame = frame[frame["id"].isin(f.items)] if f.type == "breakdown" else frame.set_index("id").loc[f.items].reset_index()
        if f.type == "trend":  # by item, then by wave in time
            frame["date"] = [fmt.iso_day(survey.bases[b]["fielded"]["start"]) for b in frame["base"]]
            items = list(f.items or dict.fromkeys(frame["id"]))
            frame = frame.assign(_i=frame["id"].map(items.index))
            return frame.sort_values(["_i", "date"], kind="stable").drop(columns="_i").reset_index(drop=True)
        if f.type == "breakdown":  # by group (in the file's order), the items in one order in every group
            groups = list(dict.fromkeys(frame["base"]))
            first = frame[frame["base"] == groups[0]]
            if f.items:
                order = list(f.items)
            elif sort and f.sort == "descending":
                order = list(first.sort_values("share", ascending=False, kind="stable")["id"])
            else:
                order = list(first["id"])
            order += [i for i in dict.fromkeys(frame["id"]) if i not in order]
            frame = frame.assign(_g=frame["base"].map(groups.index), _i=frame["id"].map(order.index))
            frame = frame.sort_values(["_g", "_i"], kind="stable").drop(columns=["_g", "_i"]).reset_index(drop=True)
            frame["small"] = frame["n"].fillna(0).astype(int).lt(survey.study.min_base) & frame["n"].notna()
            frame.loc[frame["small"], ["ci_low", "ci_high"]] = float("nan")  # a small group: no interval
            return frame
        if sort and f.sort == "descending" and "share" in frame:
            frame = frame.sort_values("share", ascending=False, kind="stable")
        return frame.reset_index(drop=True)

    def bases(self) -> list[str]:
        return list(dict.fromkeys(self.rows(sort=False).get("base", [])))

    def inputs(self) -> list:
        """Everything its specs are made from besides the code: its declaration, its rows (both
        orders) and its study's declaration (bases, their labels and n), as JSON values."""
        return [self.figure.model_dump(mode="json"), self.survey.study.model_dump(mode="json"),
                *(self.rows(sort).to_json(orient="split", date_format="iso") for sort in (True, False))]


def _colour(figure: Figure, frame: pd.DataFrame) -> alt.ColorValue:
    """One colour; or the figure's colour on highlighted rows and grey on the rest."""
    import altair as alt
    if not figure.highlight:
        return alt.ColorValue(light(figure.colour))
    frame["highlight"] = frame["id"].isin(figure.highlight)
    return alt.ColorValue(light("grey"), condition={"test": "datum.highlight", "value": light(figure.colour)})


def _x_max(frame: pd.DataFrame, zoom: bool) -> float:
    """The share axis ends at 100 %, or with zoom just past the largest interval (to a tenth)."""
    if not zoom:
        return 1.0
    top = frame["ci_high"].fillna(frame["share"]).max()
    return min(1.0, (int(top * 10) + 1) / 10)


def bars(sf: StudyFigure, lang: str, layout: Layout) -> alt.TopLevelMixin:
    """Sorted horizontal bars with their 95 % intervals."""
    import altair as alt
    table = sf.rows()
    frame = share_frame(table, lang, layout, sort=False, intervals=sf.figure.intervals)
    return share_bars(frame, lang, layout, _colour(sf.figure, frame), sf.figure.axis[lang], _x_max(table, sf.figure.zoom))


def grouped_bars(sf: StudyFigure, lang: str, layout: Layout) -> alt.TopLevelMixin:
    """The rows of several tables on one axis, coloured and named by group."""
    import altair as alt
    f, table = sf.figure, sf.rows()
    frame = share_frame(table, lang, layout, sort=False, intervals=f.intervals)
    names = {g.data: g.label[lang] for g in f.groups}
    frame["kind"] = [names[t] for t in table["table"]]
    colour = alt.Color("kind:N", title=f.legend[lang], legend=alt.Legend(orient="bottom", direction="vertical"),
                       scale=alt.Scale(domain=[g.label[lang] for g in f.groups], range=[light(g.colour) for g in f.groups]))
    return share_bars(frame, lang, layout, colour, f.axis[lang], _x_max(table, f.zoom))


def bases(sf: StudyFigure, lang: str, layout: Layout) -> alt.TopLevelMixin:
    """Each share against its own group, in a panel of its own: shares of different bases never
    share an axis. Each panel's title names the group and its n, then the answer."""
    import altair as alt
    table = sf.rows()
    frame = share_frame(table, lang, layout, sort=False, intervals=sf.figure.intervals)
    colour, x_max, size = _colour(sf.figure, frame), _x_max(table, sf.figure.zoom), layout.font_size
    panels = []
    for i, base in enumerate(table["base"]):
        group = f"{sf.survey.bases[base]['label'][lang]} ({n_text(sf.survey, base, lang)})"
        answer = textwrap.wrap(frame.loc[i, "label"], 2 * layout.wrap if layout.wrap else 110)
        title = alt.TitleParams(text=group, subtitle=answer, anchor="start", fontSize=size + 1, subtitleFontSize=size,
                                color=light("ink"), subtitleColor=light("ink"), fontWeight="bold", offset=6)
        last = i == len(table) - 1  # the share axis is named once, under the last panel
        panels.append(share_bars(frame.iloc[[i]], lang, layout, colour, sf.figure.axis[lang] if last else "", x_max,
                                 title=title))
    return alt.VConcatChart(vconcat=panels, spacing=18)


def group_label(sf: StudyFigure, base: str, lang: str) -> str:
    """A subgroup as a breakdown names it: its base's label and n, flagged below the study's min_base."""
    n, small = sf.survey.n(base), catalogue(lang)["small_base"]["flag"]
    flag = f" {small}" if n is not None and n < sf.survey.study.min_base else ""
    return f"{sf.survey.bases[base]['label'][lang]} ({n_text(sf.survey, base, lang)}){flag}"


def breakdown(sf: StudyFigure, lang: str, layout: Layout) -> alt.TopLevelMixin:
    """One question split by subgroup: small multiples, a panel per group titled with its base and
    n, the same items in the same order on one scale in every panel; each bar's interval on its
    group's own base. Read down the panels to compare a group with another."""
    import altair as alt
    table = sf.rows()
    table["group"] = [group_label(sf, b, lang) for b in table["base"]]
    frame = share_frame(table, lang, layout, sort=False, intervals=sf.figure.intervals)
    colour, x_max = _colour(sf.figure, frame), _x_max(table, sf.figure.zoom)
    groups = list(dict.fromkeys(table["base"]))
    panels = []
    for i, base in enumerate(groups):
        rows = frame[(table["base"] == base).to_numpy()]
        title = alt.TitleParams(text=rows["group"].iloc[0], anchor="start", fontSize=layout.font_size + 1,
                                color=light("ink"), fontWeight="bold", offset=6)
        last = i == len(groups) - 1
        panels.append(share_bars(rows, lang, layout, colour, sf.figure.axis[lang] if last else "", x_max,
                                 title=title, named=True, usermeta={"labels": labels_width(frame, layout)}))
    return alt.VConcatChart(vconcat=panels, spacing=18)


def labels_width(frame: pd.DataFrame, layout: Layout) -> int:
    """About how wide the item labels on a panel's axis are, in pixels (panels are sized by hand,
    and one scale for all of them needs one width): the longest line at ~0.58 em a character."""
    longest = max(len(line) for label in frame["axis_label"] for line in label.split("|"))
    return round(longest * layout.font_size * 0.58) + 10


def trend(sf: StudyFigure, lang: str, layout: Layout) -> alt.TopLevelMixin:
    """One question over waves: a line per item on a real time axis (the page's month names), a dot
    per wave, a 95 % band where the wave's n is known, the first and last shares written."""
    import altair as alt
    table = sf.rows()
    table["wave"] = [wave_label(sf, b, lang) for b in table["base"]]
    frame = share_frame(table, lang, layout, sort=False, intervals=sf.figure.intervals)
    frame["date"], frame["item"] = table["date"], table[f"label_{lang}"]
    items = list(dict.fromkeys(frame["item"]))
    ends = frame.groupby("item", sort=False)["date"].agg(["min", "max"])
    frame["end"] = [d in (ends.at[i, "min"], ends.at[i, "max"]) for i, d in zip(frame["item"], frame["date"])]
    yearly = all(len(str(sf.survey.bases[b]["fielded"]["start"])) == 4 for b in table["base"])
    x = alt.X("date:T", title=None, axis=alt.Axis(format="%Y" if yearly else "%b %Y", tickCount=layout.ticks + 1,
                                                  labelAngle=0, grid=False))
    y_scale = alt.Scale(domain=[0, _x_max(table, sf.figure.zoom)], nice=False)
    colour = alt.Color("item:N", title=None, legend=alt.Legend(orient="bottom", direction="vertical") if len(items) > 1 else None,
                       scale=alt.Scale(domain=items, range=[light(SERIES[i % len(SERIES)]) for i in range(len(items))]))
    base = alt.Chart().encode(x=x)
    # A wave of unknown n breaks the band (Vega-Lite draws no area through a missing value).
    band = base.mark_area(opacity=0.18).encode(y=alt.Y("ci_low:Q", scale=y_scale), y2=alt.Y2("ci_high"), color=colour)
    line = base.mark_line(strokeWidth=2).encode(y=alt.Y("share:Q", scale=y_scale), color=colour)
    dots = base.mark_point(filled=True, size=70 if layout.wrap else 90, opacity=1, aria=True).encode(
        y=alt.Y("share:Q", scale=y_scale, axis=alt.Axis(format=".0%", title=axis_title(sf.figure.axis[lang], layout),
                                                        tickCount=layout.ticks)),
        color=colour, tooltip=[alt.Tooltip("wave:N", title=catalogue(lang)["tooltip"]["wave"]), *share_tooltip(lang)],
        description=alt.Description("tip:N"))
    frame["first"] = [d == ends.at[i, "min"] for i, d in zip(frame["item"], frame["date"])]
    # The first and last shares are written beside their dot, on the side the line leaves free.
    step = 0.07 * y_scale.domain[1]
    slope = frame.groupby("item", sort=False)["share"].transform(lambda s: s.iloc[1] - s.iloc[0] if len(s) > 1 else 0)
    frame["label_y"] = [v - step if (first and rise > 0) else v + step / 2 for v, first, rise in
                        zip(frame["share"], frame["first"], slope)]
    labels = [base.mark_text(dx=6 if first else -6, align="left" if first else "right", baseline="middle",
                             color=light("ink"), fontSize=layout.font_size + 1).encode(
        y=alt.Y("label_y:Q", scale=y_scale), text=alt.Text("share:Q", format=".0%")
    ).transform_filter(f"datum.end && {'' if first else '!'}datum.first") for first in (True, False)]
    return layers(frame, band, line, dots, *labels, height=220 if layout.wrap else 260)


def wave_label(sf: StudyFigure, base: str, lang: str) -> str:
    """A wave as a trend names it: when it was fielded, and its n."""
    fielded = sf.survey.bases[base]["fielded"]
    return f"{fmt.period(fielded['start'], fielded['end'], lang)} ({n_text(sf.survey, base, lang)})"


def dumbbell(sf: StudyFigure, lang: str, layout: Layout) -> alt.TopLevelMixin:
    """Each row's two shares as dots joined by a line, with their intervals."""
    import altair as alt
    f = sf.figure
    table = sf.rows()
    pairs, side_names = [], []
    sides = [f.sides[0][lang], f.sides[1][lang]]
    for i, row in enumerate(f.rows):
        names = " / ".join(table.loc[2 * i + j, f"label_{lang}"] for j in (0, 1))
        # Narrow charts name the row only; the caption, tooltip and table name the items.
        label = row.label[lang] if layout.wrap else f"{row.label[lang]} ({names})"
        pairs += [wrap_label(label, replace(layout, wrap=layout.wrap or 48))] * 2
        side_names += sides
    frame = share_frame(table, lang, layout, sort=False, intervals=f.intervals)
    frame["pair"], frame["side"] = pairs, side_names
    scale = alt.Scale(domain=[0, _x_max(table, f.zoom)], nice=False)
    y = alt.Y("pair:N", sort=None, title=None, axis=alt.Axis(labelExpr="split(datum.label, '|')", labelLimit=0))
    base = alt.Chart().encode(y=y)
    line = base.mark_rule(color=light("grid"), strokeWidth=4).encode(
        x=alt.X("min(share):Q", scale=scale), x2=alt.X2("max(share)"))
    points = base.mark_point(filled=True, size=110 if layout.wrap else 160, opacity=1, aria=True).encode(
        x=alt.X("share:Q", scale=scale, axis=alt.Axis(format=".0%", title=axis_title(f.axis[lang], layout), tickCount=layout.ticks)),
        color=alt.Color("side:N", title=None, scale=alt.Scale(domain=sides, range=[light(SERIES[0]), light(SERIES[1])]),
                        legend=alt.Legend(orient="bottom", direction="vertical")),
        shape=alt.Shape("side:N", title=None, scale=alt.Scale(domain=sides, range=["circle", "diamond"])),
        tooltip=share_tooltip(lang),
        description=alt.Description("tip:N"),
    )
    labels = base.mark_text(dy=-14 if layout.wrap else -16, color=light("ink"), fontSize=layout.font_size + 1).encode(
        x=alt.X("share:Q", scale=scale), text=alt.Text("share:Q", format=".0%"))
    # Vega writes a label's first line level with its dots and the others below: a row is tall enough
    # for the lines under the middle (at ~1.3 em each) never to reach the next row or the axis.
    lines = max(label.count("|") + 1 for label in pairs)
    step = max(layout.step + 34, round(2 * (lines - 0.5) * 1.3 * layout.font_size) + 8)
    return layers(frame, line, *intervals(base, scale, 14), points, labels, height=alt.Step(step))


def stacked(sf: StudyFigure, lang: str, layout: Layout) -> alt.TopLevelMixin:
    """One bar of 100 %: each part in its colour, its share above it, its name in the legend."""
    import altair as alt
    frame = share_frame(sf.rows(), lang, layout, sort=False, intervals=sf.figure.intervals)
    frame["order"] = range(len(frame))
    frame["start"] = frame["share"].cumsum() - frame["share"]
    frame["middle"] = frame["start"] + frame["share"] / 2
    labels = list(frame["label"])
    scale = alt.Scale(domain=[0, 1], nice=False)
    base = alt.Chart()
    parts = base.mark_bar(height=layout.step, aria=True).encode(
        x=alt.X("start:Q", scale=scale, axis=None), x2=alt.X2("end"),
        color=alt.Color("label:N", title=None, sort=labels, legend=alt.Legend(orient="bottom", direction="vertical"),
                        scale=alt.Scale(domain=labels, range=[light(SERIES[i % len(SERIES)]) for i in range(len(labels))])),
        tooltip=share_tooltip(lang),
        description=alt.Description("tip:N"),
    ).transform_calculate(end="datum.start + datum.share")
    text = base.mark_text(dy=-(layout.step // 2 + 8), color=light("ink"), fontSize=layout.font_size + 1).encode(
        x=alt.X("middle:Q", scale=scale), text=alt.Text("share:Q", format=".0%"))
    return layers(frame, parts, text, height=layout.step + 24)


BUILDERS: dict[str, Callable[[StudyFigure, str, Layout], alt.TopLevelMixin]] = {
    "bars": bars, "grouped-bars": grouped_bars, "bases": bases, "breakdown": breakdown, "trend": trend,
    "dumbbell": dumbbell, "stacked": stacked,
}


def config(lang: str, layout: Layout) -> dict:
    """What every chart shares: fonts, colours, the language's number format. A plain dict merged
    into the spec, because each Altair configure_*() call deep-copies the whole chart."""
    ink, axis, grid, size = light("ink"), light("axis"), light("grid"), layout.font_size
    return {
        "font": FONT,
        "locale": {"number": fmt.d3_locale(lang), "time": fmt.d3_time_locale(lang)},
        "aria": False,
        "view": {"stroke": None},
        "axis": {"labelColor": ink, "titleColor": ink, "domainColor": axis, "tickColor": axis, "gridColor": grid,
                 "labelFontSize": size, "titleFontSize": size, "titleFontWeight": "normal"},
        "legend": {"labelColor": ink, "titleColor": ink, "labelFontSize": size, "titleFontSize": size, "labelLimit": 0},
    }


def spec(sf: StudyFigure, lang: str, layout: str = "wide") -> dict:
    """The Vega-Lite spec of one figure as a page shows it: no title (the HTML caption has it),
    transparent background (the page's), locale-formatted numbers."""
    if (lang, layout) in sf._specs:  # computed once per figure (the figure's inputs do not change)
        return sf._specs[(lang, layout)]
    lay = LAYOUTS[layout]
    out = BUILDERS[sf.type](sf, lang, lay).to_dict(validate=VALIDATE)
    for panel in out.get("vconcat", ()):  # panels (fit-x sizes single views only): each as wide as the chart
        panel["width"] = lay.width - PANEL_MARGIN - panel.pop("usermeta", {}).get("labels", 0)
    out.update(
        background="transparent", description=sf.figure.title[lang], config=config(lang, lay),
        **({} if "vconcat" in out else {"width": lay.width, "autosize": {"type": "fit-x", "contains": "padding"}}),
    )
    sf._specs[(lang, layout)] = out
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
