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
    kind: str  # percent | decimal | integer | points | interval
    digits: int = 0

    def format(self, lang: str) -> str:
        if self.kind == "interval":
            return fmt.interval(*self.number, lang, self.digits)
        if self.kind == "integer":
            return fmt.integer(self.number, lang)
        return getattr(fmt, self.kind)(self.number, lang, self.digits)


def share_table(survey: Survey, name: str) -> pd.DataFrame:
    return metrics.shares(survey.tables[name].frame, survey.bases)


def pick(survey: Survey, ref: str) -> pd.Series:
    """One row of a share table, named <table>.<id>, <table>.top or <table>.bottom (the highest or
    lowest share; on a tie, the first in the file)."""
    table, item = ref.split(".")
    frame = share_table(survey, table)
    if item in ("top", "bottom"):
        return frame.loc[frame["share_pct"].idxmax() if item == "top" else frame["share_pct"].idxmin()]
    return frame[frame["id"] == item].iloc[0]


def build_values(survey: Survey) -> dict[str, Value]:
    """Every number a page may quote, named by convention (<study>.<table>.<id>, .count, .ci;
    <study>.n.<base>, <study>.moe.<base>) or declared in the study's values.yml."""
    study = survey.id
    values: dict[str, Value] = {}
    for base_id, base in survey.bases.items():
        if base["n"] is not None:
            values[f"{study}.n.{base_id}"] = Value(base["n"], "integer")
            values[f"{study}.moe.{base_id}"] = Value(100 * metrics.margin_of_error(base["n"]), "points", 1)
    for name, table in survey.tables.items():
        if "share_pct" not in table.frame:
            continue
        for row in share_table(survey, name).itertuples():
            key = f"{study}.{name}.{row.id}"
            values[key] = Value(row.share, "percent")
            if not pd.isna(row.n):
                values[f"{key}.count"] = Value(int(row.count), "integer")
                values[f"{key}.ci"] = Value((row.ci_low, row.ci_high), "interval", 1)
    for name, declared in survey.derived.items():
        if declared.gap:
            values[f"{study}.{name}"] = Value(metrics.gap_points(*(pick(survey, s)["share_pct"] for s in declared.gap)),
                                              "points", declared.digits)
        else:
            values[f"{study}.{name}"] = Value(metrics.ratio(*(pick(survey, s)["share_pct"] for s in declared.ratio)),
                                              "decimal", declared.digits)
    return values
