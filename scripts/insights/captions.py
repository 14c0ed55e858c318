"""The words around a figure, written from the data, never typed: its source line, and one
takeaway sentence per figure and language.

The rule that keeps them honest: an item is said to be ahead of another only when their
95 % intervals do not overlap (or, where n is unknown, never); equal shares are a tie.
"""

from __future__ import annotations

import pandas as pd

from insights import fmt, metrics
from insights.data import Survey
from insights.strings import catalogue
from insights.values import OUTWARD_INWARD, pick, share_table


def n_text(survey: Survey, base: str, lang: str) -> str:
    """'n = 241', or 'base unknown'."""
    s, n = catalogue(lang), survey.n(base)
    return s["n_known"].format(n=fmt.integer(n, lang)) if n else s["n_unknown"]


def bases_of(survey: Survey, tables: tuple[str, ...]) -> list[str]:
    return list(dict.fromkeys(b for t in tables for b in survey.tables[t].frame.get("base", [])))


def base_line(survey: Survey, tables: tuple[str, ...], lang: str) -> str:
    """'n = 241' when there is one base; each group with its own n otherwise."""
    bases = bases_of(survey, tables)
    if len(bases) == 1:
        return n_text(survey, bases[0], lang)
    labels = catalogue(lang)["base_label"]
    sep = "\u202f; " if lang == "fr" else "; "
    return sep.join(f"{labels[b].lower()} {n_text(survey, b, lang)}" for b in bases)


def source_line(survey: Survey, tables: tuple[str, ...], lang: str) -> str:
    """'Source : CompTIA (2012), via L'Atelier BNP Paribas · n = 241'."""
    study = survey.sources["study"]["short"][lang]
    return catalogue(lang)["source_line"].format(source=study, base=base_line(survey, tables, lang))


def _label(row: pd.Series, lang: str, quote: bool) -> str:
    label = row[f"label_{lang}"]
    if not quote:
        return label
    return f"«\u202f{label}\u202f»" if lang == "fr" else f"“{label}”"


def _join(labels: list[str], lang: str) -> str:
    word = {"fr": " et ", "en": " and "}[lang]
    return ", ".join(labels[:-1]) + word + labels[-1] if len(labels) > 1 else labels[0]


def distinguishable(a: pd.Series, b: pd.Series) -> bool:
    """Two shares can be called different only with known n and intervals that do not overlap."""
    if pd.isna(a["n"]) or pd.isna(b["n"]):
        return False
    return not metrics.intervals_overlap((a["ci_low"], a["ci_high"]), (b["ci_low"], b["ci_high"]))


def compare(first: pd.Series, others: pd.DataFrame, lang: str, quote: bool = False) -> str:
    """`first` against `others`, a group of items that share one share (usually one item)."""
    t = catalogue(lang)["takeaway"]
    second = others.iloc[0]
    first_label, other_labels = _label(first, lang, quote), [_label(r, lang, quote) for _, r in others.iterrows()]
    fields = {
        "a": first_label, "sa": fmt.percent(first["share"], lang),
        "b": _join(other_labels, lang), "sb": fmt.percent(second["share"], lang),
        "gap": fmt.points(metrics.gap_points(first["share_pct"], second["share_pct"]), lang),
    }
    if first["share_pct"] == second["share_pct"]:
        return t["tie"].format(**{**fields, "a": _join([first_label, *other_labels], lang)})
    if not all(distinguishable(first, r) for _, r in others.iterrows()):
        return t["overlap"].format(**fields)
    return t["ahead_tied" if len(others) > 1 else "ahead"].format(**fields)


def _ranked(survey: Survey, table: str) -> pd.DataFrame:
    return share_table(survey, table).sort_values("share", ascending=False, kind="stable").reset_index(drop=True)


def _top_vs_next(survey: Survey, table: str, lang: str) -> str:
    """The leading item against the next share down (all items at that share, if tied)."""
    ranked = _ranked(survey, table)
    first, rest = ranked.iloc[0], ranked.iloc[1:]
    return compare(first, rest[rest["share_pct"] == rest["share_pct"].iloc[0]], lang)


def platforms(survey: Survey, lang: str) -> str:
    ext, int_ = _ranked(survey, "external_platforms").iloc[0], _ranked(survey, "internal_platforms").iloc[0]
    if not distinguishable(ext, int_):
        return compare(ext, int_.to_frame().T, lang)
    return catalogue(lang)["takeaway"]["lead_ratio"].format(
        a=ext[f"label_{lang}"], sa=fmt.percent(ext["share"], lang), b=int_[f"label_{lang}"],
        sb=fmt.percent(int_["share"], lang), ratio=fmt.decimal(metrics.ratio(ext["share_pct"], int_["share_pct"]), lang),
    )


def purposes(survey: Survey, lang: str) -> str:
    """The most and the least cited purpose."""
    ranked = _ranked(survey, "purposes")
    return compare(ranked.iloc[0], ranked.iloc[[-1]], lang, quote=True)


def awareness(survey: Survey, lang: str) -> str:
    table = share_table(survey, "awareness")
    known, unknown = table[table["n"].notna()].iloc[0], table[table["n"].isna()].iloc[0]
    return catalogue(lang)["takeaway"]["awareness"].format(
        sa=fmt.percent(known["share"], lang), sb=fmt.percent(unknown["share"], lang),
    )


def outward_inward(survey: Survey, lang: str) -> str:
    """Each pair of the figure, outward against inward, joined into one sentence."""
    parts = [compare(pick(survey, *p.outward), pick(survey, *p.inward).to_frame().T, lang, p.quote).rstrip(".")
             for p in OUTWARD_INWARD]
    return ("\u202f; " if lang == "fr" else "; ").join(parts) + "."


TAKEAWAYS = {
    "platforms": platforms,
    "external-platforms": lambda survey, lang: _top_vs_next(survey, "external_platforms", lang),
    "internal-platforms": lambda survey, lang: _top_vs_next(survey, "internal_platforms", lang),
    "purposes": purposes,
    "awareness": awareness,
    "outward-inward": outward_inward,
}


def takeaway(figure_id: str, survey: Survey, lang: str) -> str:
    return TAKEAWAYS[figure_id](survey, lang)
