"""The words around a figure, written from the data, never typed: its source line, and one
takeaway sentence per figure and language, by the rule its figures.yml names.

The rule that keeps them honest: an item is said to be ahead of another only when their
95 % intervals do not overlap (or, where n is unknown, never); equal shares are a tie.
Rules: leader (the highest share against the next one down), gap (named pairs of shares),
largest-part (of a distribution), own-bases (each share on its own base, never compared).
"""

from __future__ import annotations

import pandas as pd

from insights import fmt, metrics
from insights.languages import language
from insights.data import Survey
from insights.strings import catalogue
from insights.values import pick


def n_text(survey: Survey, base: str, lang: str) -> str:
    """'n = 241', or 'base unknown'."""
    s, n = catalogue(lang), survey.n(base)
    return s["n_known"].format(n=fmt.integer(n, lang)) if n else s["n_unknown"]


def lower_first(label: str) -> str:
    """'Adopting companies' → 'adopting companies', but 'IT leaders' stays as it is."""
    return label[0].lower() + label[1:] if len(label) > 1 and label[1].islower() else label


def base_line(survey: Survey, bases: list[str], lang: str) -> str:
    """'n = 241' when there is one base; each group with its own n otherwise."""
    if len(bases) == 1:
        return n_text(survey, bases[0], lang)
    sep = fmt.semicolon(lang)
    return sep.join(f"{lower_first(survey.bases[b]['label'][lang])} {n_text(survey, b, lang)}" for b in bases)


def source_name(survey: Survey, tables: list[str], lang: str) -> str:
    """The short name of the first source the tables cite that has one (else its citation)."""
    ids = list(dict.fromkeys(s for t in tables for s in survey.tables[t].meta["sources"]))
    for source in ids:
        if survey.sources[source]["short"]:
            return survey.sources[source]["short"][lang]
    return survey.sources[ids[0]]["citation"][lang]


def source_line(sf, lang: str) -> str:
    """'Source : CompTIA (2012), via L'Atelier BNP Paribas · n = 241' (sf: figures.StudyFigure)."""
    source = source_name(sf.survey, sf.figure.tables(), lang)
    bases = sf.bases()
    if not bases:  # a list of labels: no base
        return catalogue(lang)["source_line"].split(" · ")[0].format(source=source)
    line = catalogue(lang)["source_line"].format(source=source, base=base_line(sf.survey, bases, lang))
    return line + interval_key(sf, lang)


def interval_key(sf, lang: str) -> str:
    """' · thin line: 95% confidence interval' (a band on a trend) when the chart draws any."""
    f = sf.figure
    if not sf.drawn() or f.type == "stacked" or not f.intervals or sf.rows()["ci_low"].isna().all():
        return ""
    return " · " + catalogue(lang)["interval_key"]["band" if f.type == "trend" else "line"]


def _label(row: pd.Series, lang: str, quote: bool) -> str:
    label = row[f"label_{lang}"]
    if not quote:
        return label
    return language(lang).quoted(label)


def _join(labels: list[str], lang: str) -> str:
    word = language(lang).and_word
    return ", ".join(labels[:-1]) + word + labels[-1] if len(labels) > 1 else labels[0]


def distinguishable(a: pd.Series, b: pd.Series) -> bool:
    """Two shares can be called different only with known n and intervals that do not overlap."""
    if pd.isna(a["n"]) or pd.isna(b["n"]):
        return False
    return not metrics.intervals_overlap((a["ci_low"], a["ci_high"]), (b["ci_low"], b["ci_high"]))


class Words:
    """The sentences of one figure in one language: its own templates, else the site's."""

    def __init__(self, takeaway, lang: str):
        self.own = {outcome: words.model_dump()[lang] for outcome, words in takeaway.say.items()}
        self.site = catalogue(lang)["takeaway"]

    def __call__(self, outcome: str, **fields) -> str:
        return self.own.get(outcome, self.site.get(outcome, "")).format(**fields)


def compare(first: pd.Series, others: pd.DataFrame, lang: str, say: Words, quote: bool = False) -> str:
    """`first` against `others`, a group of items that share one share (usually one item)."""
    second = others.iloc[0]
    first_label, other_labels = _label(first, lang, quote), [_label(r, lang, quote) for _, r in others.iterrows()]
    fields = {
        "a": first_label, "sa": fmt.percent(first["share"], lang),
        "b": _join(other_labels, lang), "sb": fmt.percent(second["share"], lang),
        "gap": fmt.points(metrics.gap_points(first["share_pct"], second["share_pct"]), lang),
        "ratio": fmt.decimal(metrics.ratio(first["share_pct"], second["share_pct"]), lang) if second["share_pct"] else "—",
    }
    if first["share_pct"] == second["share_pct"]:
        return say("tie", **{**fields, "a": _join([first_label, *other_labels], lang)})
    if pd.isna(first["n"]) or others["n"].isna().any():  # no interval to test the gap with
        return say("untested", **fields)
    if not all(distinguishable(first, r) for _, r in others.iterrows()):
        return say("overlap", **fields)
    return say("ahead_tied" if len(others) > 1 else "ahead", **fields)


def leader(sf, lang: str, say: Words) -> str:
    """The leading item against the next share down (all items at that share, if tied)."""
    ranked = sf.rows().sort_values("share", ascending=False, kind="stable").reset_index(drop=True)
    first, rest = ranked.iloc[0], ranked.iloc[1:]
    return compare(first, rest[rest["share_pct"] == rest["share_pct"].iloc[0]], lang, say, sf.figure.takeaway.quote)


def gap(sf, lang: str, say: Words) -> str:
    """Each named pair (or each row of a dumbbell), the first share against the second; one sentence."""
    t = sf.figure.takeaway
    pairs = [(p, t.quote) for p in t.between] if t.between else [(r.items, r.quote) for r in sf.figure.rows]
    parts = [compare(pick(sf.survey, a), pick(sf.survey, b).to_frame().T, lang, say, quote) for (a, b), quote in pairs]
    if len(parts) == 1:
        return parts[0]
    return fmt.semicolon(lang).join(p.rstrip(".") for p in parts) + "."


def largest_part(sf, lang: str, say: Words) -> str:
    ranked = sf.rows().sort_values("share", ascending=False, kind="stable").reset_index(drop=True)
    a, b = ranked.iloc[0], ranked.iloc[min(1, len(ranked) - 1)]
    return say("largest", a=_label(a, lang, sf.figure.takeaway.quote), sa=fmt.percent(a["share"], lang),
               b=_label(b, lang, sf.figure.takeaway.quote), sb=fmt.percent(b["share"], lang))


def own_bases(sf, lang: str, say: Words) -> str:
    """Each row with its share and base, in the order of the file: a, sa, na; b, sb, nb; c, sc, nc."""
    fields = {}
    for letter, (_, row) in zip("abc", sf.rows(sort=False).iterrows()):
        fields |= {letter: _label(row, lang, sf.figure.takeaway.quote), f"s{letter}": fmt.percent(row["share"], lang),
                   f"n{letter}": n_text(sf.survey, row["base"], lang)}
    return say("each", **fields)


def groups(sf, lang: str, say: Words) -> str:
    """A breakdown: for one item (the takeaway's, else the highest share), its highest group against
    its lowest, told apart only if the 95 % interval of their difference, as two independent
    samples, excludes zero (metrics.gap_interval_independent); untested if a group's n is unknown."""
    rows, t = sf.rows(sort=False), sf.figure.takeaway
    item = t.item or rows.loc[rows["share"].idxmax(), "id"]
    of_item = rows[rows["id"] == item].sort_values("share", ascending=False, kind="stable")
    tested = of_item[of_item["n"].notna() & ~of_item["small"]]  # groups below min_base are never compared
    a, b = (tested if len(tested) > 1 else of_item).iloc[[0, -1]].itertuples(index=False)
    a, b = pd.Series(a._asdict()), pd.Series(b._asdict())
    fields = {"item": _label(a, lang, t.quote), "a": lower_first(sf.survey.bases[a["base"]]["label"][lang]),
              "sa": fmt.percent(a["share"], lang), "b": lower_first(sf.survey.bases[b["base"]]["label"][lang]),
              "sb": fmt.percent(b["share"], lang), "gap": fmt.points(metrics.gap_points(a["share_pct"], b["share_pct"]), lang)}
    if len(tested) < 2:  # a group's n unknown, or below min_base
        return say("untested_groups", **fields)
    low, high = metrics.gap_interval_independent(a["share"], a["n_eff"], b["share"], b["n_eff"])
    return say("apart" if low > 0 or high < 0 else "together", **fields)


def trend(sf, lang: str, say: Words) -> str:
    """A trend: for one item (the takeaway's, else the first), its first wave against its last, a
    change told apart only if the 95 % interval of the difference between the two waves, as
    independent samples, excludes zero; untested if either wave's n is unknown."""
    rows, t = sf.rows(), sf.figure.takeaway
    of_item = rows[rows["id"] == (t.item or rows["id"].iloc[0])]
    a, b = of_item.iloc[0], of_item.iloc[-1]
    when = {key: fmt.day(sf.survey.bases[row["base"]]["fielded"]["start"], lang) for key, row in (("a", a), ("b", b))}
    fields = {"item": _label(a, lang, t.quote), **when, "sa": fmt.percent(a["share"], lang), "sb": fmt.percent(b["share"], lang),
              "gap": fmt.signed(metrics.gap_points(b["share_pct"], a["share_pct"]), lang, 0) + language(lang).points_unit}
    if pd.isna(a["n"]) or pd.isna(b["n"]):
        return say("untested_change", **fields)
    low, high = metrics.gap_interval_independent(b["share"], b["n_eff"], a["share"], a["n_eff"])
    return say("change" if low > 0 or high < 0 else "steady", **fields)


RULES = {"leader": leader, "gap": gap, "largest-part": largest_part, "own-bases": own_bases, "groups": groups,
         "trend": trend}


def takeaway(sf, lang: str) -> str | None:
    t = sf.figure.takeaway
    return RULES[t.rule](sf, lang, Words(t, lang)) if t else None
