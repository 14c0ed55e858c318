"""One Altair builder per figure; each returns a Vega-Lite spec (dict) for one language.

Every builder takes the validated survey and a language, and reads its texts from the
string catalogue, so the French and English charts differ only in words and number format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import altair as alt
import pandas as pd

from insights import fmt
from insights.data import Survey
from insights.strings import catalogue
from insights.values import share_table

# Colours pass WCAG AA (≥ 4.5:1) against white, and differ in lightness as well as hue.
COLOURS = {"external": "#1d5b9e", "internal": "#a14a00", "single": "#1d5b9e", "ink": "#1f1f1f"}
FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif"
WIDTH = 560
BAR_STEP = 30


def _chart_frame(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The columns a chart needs, with NA as None so the JSON holds null."""
    out = pd.DataFrame({
        "id": table["id"],
        "label": table[f"label_{lang}"],
        "share": table["share"],
        "ci_low": table["ci_low"],
        "ci_high": table["ci_high"],
        "n": table["n"],
    })
    # Direct labels sit just past the error bar when there is one.
    out["label_x"] = table["ci_high"].fillna(table["share"])
    return out.astype(object).where(out.notna(), None)


def _share_bars(frame: pd.DataFrame, lang: str, figure_id: str, n: int | None, colour: alt.Color | alt.Value):
    s = catalogue(lang)
    texts = s["figures"][figure_id]
    tip = s["tooltip"]
    frame = frame.sort_values("share", ascending=False, kind="stable")  # ties keep file order
    y = alt.Y("label:N", sort=None,
              axis=alt.Axis(title=None, labelLimit=260))
    x_scale = alt.Scale(domain=[0, 1])
    base = alt.Chart(frame).encode(y=y)
    bars = base.mark_bar(height={"band": 0.7}).encode(
        x=alt.X("share:Q", scale=x_scale, axis=alt.Axis(format=".0%", title=s["share_axis"], tickCount=5)),
        color=colour,
        tooltip=[
            alt.Tooltip("label:N", title=tip["item"]),
            alt.Tooltip("share:Q", title=tip["share"], format=".0%"),
            alt.Tooltip("ci_low:Q", title=f'{tip["ci"]} ↓', format=".1%"),
            alt.Tooltip("ci_high:Q", title=f'{tip["ci"]} ↑', format=".1%"),
            alt.Tooltip("n:Q", title=tip["n"], format=",d"),
        ],
    )
    errors = base.mark_rule(color=COLOURS["ink"], strokeWidth=1.5).encode(
        x=alt.X("ci_low:Q", scale=x_scale), x2="ci_high:Q"
    ).transform_filter("isValid(datum.ci_low)")
    labels = base.mark_text(align="left", dx=5, color=COLOURS["ink"], fontSize=13).encode(
        x=alt.X("label_x:Q", scale=x_scale), text=alt.Text("share:Q", format=".0%")
    )
    chart = alt.layer(bars, errors, labels).properties(
        width=WIDTH,
        height=alt.Step(BAR_STEP),
        title=texts["title"],
        description=texts["description"].format(n=fmt.integer(n, lang) if n else ""),
    )
    return chart.configure(font=FONT, locale=alt.Locale(number=fmt.D3_LOCALES[lang])).configure_view(
        stroke=None
    ).configure_axis(labelFontSize=12, titleFontSize=12).configure_title(fontSize=15, anchor="start")


def platforms(survey: Survey, lang: str) -> dict:
    """External and internal platforms on one share axis, coloured (and named) by kind."""
    s = catalogue(lang)
    parts = []
    for kind in ("external", "internal"):
        frame = _chart_frame(share_table(survey, f"{kind}_platforms"), lang)
        frame["kind"] = s["kind"][kind]
        parts.append(frame)
    frame = pd.concat(parts, ignore_index=True)
    colour = alt.Color("kind:N", title=s["kind_title"], scale=alt.Scale(
        domain=[s["kind"]["external"], s["kind"]["internal"]], range=[COLOURS["external"], COLOURS["internal"]]),
        legend=alt.Legend(orient="bottom"))
    return _share_bars(frame, lang, "platforms", survey.n("adopters"), colour).to_dict()


def purposes(survey: Survey, lang: str) -> dict:
    frame = _chart_frame(share_table(survey, "purposes"), lang)
    return _share_bars(frame, lang, "purposes", survey.n("adopters"), alt.value(COLOURS["single"])).to_dict()


def awareness(survey: Survey, lang: str) -> dict:
    """Each share against its own group: the label names the group and its base."""
    s = catalogue(lang)
    table = share_table(survey, "awareness")
    frame = _chart_frame(table, lang)
    frame["label"] = [
        f'{s["base_label"][b]} ({s["n_known"].format(n=fmt.integer(int(n), lang)) if not pd.isna(n) else s["n_unknown"]})'
        for b, n in zip(table["base"], table["n"])
    ]
    return _share_bars(frame, lang, "awareness", survey.n("adopters"), alt.value(COLOURS["single"])).to_dict()


@dataclass(frozen=True)
class Figure:
    id: str
    build: Callable[[Survey, str], dict]
    tables: tuple[str, ...]  # the data/ files it is drawn from


FIGURES = {
    f.id: f
    for f in (
        Figure("platforms", platforms, ("external_platforms", "internal_platforms")),
        Figure("purposes", purposes, ("purposes",)),
        Figure("awareness", awareness, ("awareness",)),
    )
}
