"""Named numbers that pages quote in prose with a marker such as <!-- value: external_platforms.facebook -->."""

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


def pick(survey: Survey, table: str, item: str | None) -> pd.Series:
    """One row of a share table by id, or its leader when item is None."""
    frame = share_table(survey, table)
    if item is None:
        return frame.loc[frame["share_pct"].idxmax()]
    match = frame[frame["id"] == item]
    if match.empty:
        raise KeyError(f"needs id {item!r} in data/{table}.csv")
    return match.iloc[0]


@dataclass(frozen=True)
class Pair:
    """An outward-facing share set against an inward-facing one, for the same companies."""

    key: str
    outward: tuple[str, str | None]  # (table, id), None for the table's leader
    inward: tuple[str, str | None]
    quote: bool  # labels are phrases, quoted in sentences


# The article's thesis: what faces outward against what faces inward.
OUTWARD_INWARD = (
    Pair("platform", ("external_platforms", None), ("internal_platforms", None), quote=False),
    Pair("purpose", ("purposes", "visibility"), ("purposes", "employees"), quote=True),
)


def build_values(survey: Survey) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for base_id, base in survey.bases.items():
        if base["n"] is not None:
            values[f"n.{base_id}"] = Value(base["n"], "integer")
            values[f"moe.{base_id}"] = Value(100 * metrics.margin_of_error(base["n"]), "points", 1)
    for name, table in survey.tables.items():
        if "share_pct" not in table.frame:
            continue
        for row in share_table(survey, name).itertuples():
            key = f"{name}.{row.id}"
            values[key] = Value(row.share, "percent")
            if not pd.isna(row.n):
                values[f"{key}.count"] = Value(int(row.count), "integer")
                values[f"{key}.ci"] = Value((row.ci_low, row.ci_high), "interval", 1)
    ext, int_ = survey.tables["external_platforms"].frame, survey.tables["internal_platforms"].frame
    lead = metrics.compare_leaders(ext, int_)
    values["platforms.gap"] = Value(lead["gap_points"], "points")
    values["platforms.ratio"] = Value(lead["ratio"], "decimal", 1)
    # The smallest distance between the two groups: weakest external vs strongest internal.
    values["platforms.gap_min"] = Value(metrics.gap_points(ext["share_pct"].min(), int_["share_pct"].max()), "points")
    purposes = survey.tables["purposes"].frame
    top, bottom = purposes.loc[purposes["share_pct"].idxmax()], purposes.loc[purposes["share_pct"].idxmin()]
    values["purposes.gap"] = Value(metrics.gap_points(top["share_pct"], bottom["share_pct"]), "points")
    values["purposes.ratio"] = Value(metrics.ratio(top["share_pct"], bottom["share_pct"]), "decimal", 1)
    return values
