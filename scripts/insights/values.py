"""Named numbers that pages quote in prose with a marker such as
<!-- value: comptia-2012.external_platforms.facebook -->: the shares, counts, intervals and bases
of a study by convention, and the gaps and ratios its values.yml declares."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from insights import fmt, metrics
from insights.data import Survey


@dataclass(frozen=True)
class Value:
    number: float | tuple[float, float]
    kind: str  # percent | decimal | integer | points | interval | points_interval
    digits: int = 0

    def format(self, lang: str) -> str:
        if self.kind == "interval":
            return fmt.interval(*self.number, lang, self.digits)
        if self.kind == "points_interval":
            return fmt.points_interval(*self.number, lang, self.digits)
        if self.kind == "integer":
            return fmt.integer(self.number, lang)
        return getattr(fmt, self.kind)(self.number, lang, self.digits)

    def bound(self, which: str) -> Value:
        """One end of an interval ('low' or 'high'), for a sentence with a preposition:
        'de 76,7 % à 86,3 %', never 'de 76,7 %–86,3 %'."""
        kind = {"interval": "percent", "points_interval": "points"}[self.kind]
        return Value(self.number[0 if which == "low" else 1], kind, self.digits)


def share_table(survey: Survey, name: str) -> pd.DataFrame:
    return metrics.shares(survey.tables[name].frame, survey.bases)


def pick(survey: Survey, ref: str) -> pd.Series:
    """One row of a share table, named <table>.<id>, <table>.top or <table>.bottom (the highest or
    lowest share; on a tie, the first in the file); <table>.<id>.<base> where the item is on
    several bases (a breakdown by group)."""
    table, item, *base = ref.split(".")
    frame = share_table(survey, table)
    if base:
        frame = frame[frame["base"] == base[0]]
    if item in ("top", "bottom"):
        return frame.loc[frame["share_pct"].idxmax() if item == "top" else frame["share_pct"].idxmin()]
    return frame[frame["id"] == item].iloc[0]


def gap_bounds(a: pd.Series, b: pd.Series) -> tuple[float, float] | None:
    """The 95 % interval of the gap a − b: for two shares of the same respondents, the widest it can
    be; for one item on two bases (two waves, two groups: independent samples), Newcombe's; None
    when a base's n is unknown. (Other shares on different bases are refused upstream.)"""
    if pd.isna(a["n"]) or pd.isna(b["n"]):
        return None
    if a["base"] == b["base"]:
        return metrics.gap_interval_same_respondents(a["share"], b["share"], a["n_eff"])
    return metrics.gap_interval_independent(a["share"], a["n_eff"], b["share"], b["n_eff"])


def build_values(survey: Survey) -> dict[str, Value]:
    """Every number a page may quote, named by convention (<study>.<table>.<id>, .count, .ci (whose
    ends a page names .ci.low and .ci.high);
    <study>.n.<base>, <study>.moe.<base>) or declared in the study's values.yml."""
    study = survey.id
    values: dict[str, Value] = {}
    for base_id, base in survey.bases.items():
        if base["n"] is not None:
            values[f"{study}.n.{base_id}"] = Value(base["n"], "integer")
            values[f"{study}.moe.{base_id}"] = Value(100 * metrics.margin_of_error(base["effective_n"]), "points", 1)
    for name, table in survey.tables.items():
        if "share_pct" not in table.frame:
            continue
        frame = share_table(survey, name)
        recurring = set(frame.loc[frame["id"].duplicated(), "id"])  # an item on several bases (a breakdown)
        for row in frame.itertuples():
            key = f"{study}.{name}.{row.id}" + (f".{row.base}" if row.id in recurring else "")
            values[key] = Value(row.share, "percent")
            if not pd.isna(row.n):
                values[f"{key}.count"] = Value(int(row.count), "integer")
                values[f"{key}.ci"] = Value((row.ci_low, row.ci_high), "interval", 1)
    for name, declared in survey.derived.items():
        key = f"{study}.{name}"
        if declared.gap:
            a, b = (pick(survey, ref) for ref in declared.gap)
            values[key] = Value(metrics.gap_points(a["share_pct"], b["share_pct"]), "points", declared.digits)
            bounds = gap_bounds(a, b)
            if bounds:
                values[f"{key}.ci"] = Value((100 * bounds[0], 100 * bounds[1]), "points_interval", 1)
        elif declared.ratio:
            values[key] = Value(metrics.ratio(*(pick(survey, s)["share_pct"] for s in declared.ratio)),
                                "decimal", declared.digits)
        else:
            frame = share_table(survey, declared.any_of).set_index("id")
            twice = [frame.at[item, "share"] for item in declared.count_twice]
            low, high = metrics.any_of_bounds(list(frame["share"]), twice)
            values[f"{key}.low"], values[f"{key}.high"] = Value(low, "percent"), Value(high, "percent")
    return values


def gap_verdicts(survey: Survey) -> list[dict]:
    """Each gap values.yml declares, and whether the data supports it: clear when its 95 %
    interval (same respondents, worst case) excludes zero; not clear when it contains zero;
    untested when the base's n is unknown. Gaps between different bases are refused upstream."""
    out = []
    for name, declared in survey.derived.items():
        if not declared.gap:
            continue
        a, b = (pick(survey, ref) for ref in declared.gap)
        verdict, bounds = "untested", gap_bounds(a, b)
        if bounds:
            verdict = "clear" if bounds[0] > 0 or bounds[1] < 0 else "unclear"
        out.append({"name": name, "a": a, "b": b, "gap": metrics.gap_points(a["share_pct"], b["share_pct"]),
                    "bounds": bounds, "verdict": verdict})
    return out
