"""Pure functions for every number the site derives. No I/O here.

Shares are carried as fractions (0.82) once they leave the CSV, where they are
whole percentages (82) exactly as reported.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import pandas as pd

Z95 = NormalDist().inv_cdf(0.975)  # 1.95996…


def wilson_interval(share: float, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion `share` (0–1) observed in a sample of `n`."""
    if n <= 0:
        raise ValueError("n must be positive")
    if not 0 <= share <= 1:
        raise ValueError("share must be between 0 and 1")
    denom = 1 + z**2 / n
    centre = (share + z**2 / (2 * n)) / denom
    half = z * math.sqrt(share * (1 - share) / n + z**2 / (4 * n**2)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def margin_of_error(n: int, share: float = 0.5, z: float = Z95) -> float:
    """Normal-approximation margin of error (fraction) at `share`; the widest is at 50 %."""
    return z * math.sqrt(share * (1 - share) / n)


def effective_n(n: int | None, design_effect: float | None = None, source_moe: float | None = None) -> float | None:
    """The sample size a base's intervals use: n for a simple random sample; n / design effect when
    the source gives its weighting's design effect; or the size for which the source's own margin
    of error (`source_moe`, in points, at 95 % for a share of 50 %) is the simple-random one."""
    if source_moe is not None:
        return (Z95 * 0.5 / (source_moe / 100)) ** 2
    if n is None:
        return None
    return n / design_effect if design_effect is not None else float(n)


def implied_count(share_pct: float, n: int) -> int:
    """Number of companies a reported percentage stands for, rounded half up (82 % of 241 → 198)."""
    return math.floor(share_pct * n / 100 + 0.5)


def gap_points(a_pct: float, b_pct: float) -> float:
    """Difference between two shares in percentage points."""
    return float(a_pct - b_pct)


def ratio(a: float, b: float) -> float:
    if b == 0:
        raise ValueError("ratio to zero")
    return float(a / b)


def gap_interval_same_respondents(p1: float, p2: float, n: int, z: float = Z95) -> tuple[float, float]:
    """95 % interval for the gap p1 − p2 (fractions) between two shares of the same n respondents.

    The shares are not independent: the same companies answer both, and may give both answers.
    The variance of the gap is (p1(1−p1) + p2(1−p2) − 2(p12 − p1·p2)) / n, where p12, the share
    that gave both, is not published; it is taken as small as it can be, max(0, p1 + p2 − 1),
    which makes the variance, and the interval, the widest possible (Wald interval)."""
    if n <= 0:
        raise ValueError("n must be positive")
    both = max(0.0, p1 + p2 - 1)
    variance = (p1 * (1 - p1) + p2 * (1 - p2) - 2 * (both - p1 * p2)) / n
    half = z * math.sqrt(max(variance, 0.0))
    return p1 - p2 - half, p1 - p2 + half


def gap_interval_independent(p1: float, n1: float, p2: float, n2: float, z: float = Z95) -> tuple[float, float]:
    """95 % interval for the difference p1 − p2 between shares of two independent samples (two
    subgroups, two waves): Newcombe's hybrid score interval, from each share's Wilson interval.
    Not whether the two intervals overlap: that test is too strict."""
    l1, u1 = wilson_interval(p1, n1, z)
    l2, u2 = wilson_interval(p2, n2, z)
    d = p1 - p2
    return d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)


def any_of_bounds(shares: list[float], count_twice: list[float] = ()) -> tuple[float, float]:
    """Bounds on the share that gave at least one of several answers (fractions): at least the
    largest single share (everyone else gave it too), at most the sum (nobody gave two), capped at 1.
    A row that groups two answers (e.g. "Chatter or Yammer") can count twice in the sum."""
    if not shares:
        raise ValueError("no shares")
    return max(shares), min(1.0, sum(shares) + sum(count_twice))


def intervals_overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def shares(frame: pd.DataFrame, bases: dict) -> pd.DataFrame:
    """One row per item: share (fraction), n, implied count and 95 % Wilson bounds (NA where n is
    unknown), the bounds on the base's effective sample size (n_eff: n unless the source gives a
    design effect or its own margin of error).

    Rows keep the CSV order; ties keep it too.
    """
    out = frame.copy()
    out["share"] = out["share_pct"] / 100
    out["n"] = pd.array([bases[b]["n"] for b in out["base"]], dtype="Int64")
    out["n_eff"] = [bases[b].get("effective_n", bases[b]["n"]) for b in out["base"]]  # what intervals use (effective_n)
    known = out["n"].notna()
    bounds = [wilson_interval(s, n) if k and n else (math.nan, math.nan) for s, n, k in zip(out["share"], out["n_eff"], known)]
    out["ci_low"] = [lo for lo, _ in bounds]
    out["ci_high"] = [hi for _, hi in bounds]
    out["count"] = pd.array(
        [implied_count(p, int(n)) if k else None for p, n, k in zip(out["share_pct"], out["n"], known)], dtype="Int64"
    )
    return out


def leader(frame: pd.DataFrame) -> pd.Series:
    """The item with the highest share (first in file order on a tie)."""
    return frame.loc[frame["share_pct"].idxmax()]


def ties(frame: pd.DataFrame) -> list[list[str]]:
    """Groups of ids that share exactly the same reported percentage."""
    groups = frame.groupby("share_pct", sort=False)["id"].apply(list)
    return [ids for ids in groups if len(ids) > 1]


def compare_leaders(first: pd.DataFrame, second: pd.DataFrame) -> dict:
    """Leading item of each table, the gap between them in points and their ratio."""
    a, b = leader(first), leader(second)
    return {
        "first": str(a["id"]),
        "second": str(b["id"]),
        "gap_points": gap_points(a["share_pct"], b["share_pct"]),
        "ratio": ratio(a["share_pct"], b["share_pct"]),
    }
