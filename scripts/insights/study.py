"""A study's declaration, data/<study>/study.yml: who made the survey, for whom, when, on whom,
how, the sources that report it, and the bases its shares are read against.

Every key must be there; where the source does not give an element, its value is null, which
the site shows as "not given by the source": an unknown is said, never left out. Texts a reader
sees come in every language of the site ({fr: …, en: …}), so parity holds by construction.

The schemas are pydantic's; their JSON Schemas (study.schema.json and values.schema.json, beside
this file) let an editor complete and check the files. Regenerate them with
``python -m insights.study``; a test fails when one is stale. A problem is one line: file, line,
key, rule, fix.
"""

from __future__ import annotations

import datetime
import difflib
import string
import json
import sys
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, RootModel, ValidationError, computed_field, create_model, model_validator

from insights import LANGUAGES
from insights.languages import language, typeset_texts, with_fallbacks
from insights.problems import conflict_markers

SCHEMA_FILE = Path(__file__).with_name("study.schema.json")
Text = Annotated[str, Field(min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Localized(Strict):
    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)


# A text in each language of the site: one key per language mkdocs.yml declares.
Localized = create_model("Localized", __base__=_Localized, __doc__="A text in each language of the site.",
                         **{lang: (Text, ...) for lang in LANGUAGES})


Day = (datetime.date
       | Annotated[int, Field(ge=1900, le=2100, description="a year, when the day is not known")]
       | Annotated[str, Field(pattern=r"^(19|20)\d\d-(0[1-9]|1[0-2])$", description="a month, e.g. 2013-05")])


class Source(Strict):
    kind: Literal["study", "article", "report", "web page", "press release"]
    title: Text
    producer: Text | None = Field(description="who made it; null if the source does not say")
    publisher: Text | None = Field(description="who published it; null if the source does not say")
    published: Day | None
    language: Literal["fr", "en"] | None
    url: HttpUrl | None
    accessed: datetime.date | None = Field(description="when the URL was read")
    citation: Localized
    short: Localized | None = Field(description="the short form in a chart's source line")


class Period(Strict):
    start: Day
    end: Day


class Disclosure(Strict):
    """What a reader of a survey needs to know to weigh it (null: not given by the source)."""

    producer: Text | None
    sponsor: Text | None
    publisher: Text | None
    fielded: Period | None
    published: Day | None
    population: Localized | None
    sample: Localized | None
    method: Localized | None
    weighting: Localized | None
    licence: Text | None


class Base(Strict):
    """Who answered a question: its n (null if unknown), who they are, and a short name for them
    (a chart's group label, a source line)."""

    n: Annotated[int, Field(gt=0)] | None
    label: Localized = Field(description="short name of the group, e.g. Entreprises utilisatrices / Adopting companies")
    who: Localized
    fielded: Period | None = Field(None, description="when this group was surveyed, if it is a wave of a trend")
    design_effect: Annotated[float, Field(gt=0)] | None = Field(
        None, description="the design effect of the source's weighting, if it gives one: intervals use n / design_effect")
    margin_of_error: Annotated[float, Field(gt=0, lt=50)] | None = Field(
        None, description="the source's own margin of error for this base, in points (95 %, for a share of 50 %), if it "
                          "gives one: intervals use the sample size it implies")

    @model_validator(mode="after")
    def _one_statement(self):
        if self.design_effect is not None and self.margin_of_error is not None:
            raise ValueError("give design_effect or margin_of_error, not both: the site derives one from the other")
        if self.design_effect is not None and self.n is None:
            raise ValueError("design_effect needs the base's n: give n, or the source's margin_of_error instead")
        return self

    @computed_field
    @property
    def effective_n(self) -> float | None:
        """The sample size intervals use (metrics.effective_n)."""
        from insights.metrics import effective_n  # here: reading a study needs no pandas

        return effective_n(self.n, self.design_effect, self.margin_of_error)


MIN_BASE = 50  # respondents: below it, a group's share is indicative only (a common rule of survey reporting)


class Study(Strict):
    """A study's declaration, data/<study>/study.yml: every key present, null where the source
    does not give an element."""

    title: Localized = Field(description="the study's name, with its producer and year")
    disclosure: Disclosure = Field(description="what a reader needs to weigh the survey")
    sources: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], Source] = Field(
        description="where the figures come from, by id; each table's meta.yml names its sources")
    bases: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], Base] = Field(
        description="who answered, by id; each share row names its base")
    min_base: Annotated[int, Field(gt=0)] = Field(
        MIN_BASE, description="a breakdown's group with fewer respondents is flagged and drawn without an interval, "
                              "and no takeaway compares it (the figure says so)")


Share = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$",
                             description="<table>.<id>, or <table>.top / <table>.bottom: its highest / lowest share; "
                                         "<table>.<id>.<base> for an item on several bases (a breakdown)")]


class Derived(Strict):
    """A number computed from shares: the gap between two (percentage points, with its 95 %
    interval when they share a known base), their ratio, or the bounds on the share that gave at
    least one of a table's answers (`any_of`: from its largest share to the sum of its shares)."""

    gap: tuple[Share, Share] | None = None
    ratio: tuple[Share, Share] | None = None
    any_of: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")] | None = Field(
        None, description="a table of shares from one base where several answers were possible")
    count_twice: list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]] = Field(
        default_factory=list, description="any_of: rows that group two answers, counted twice in the upper bound")
    digits: Annotated[int, Field(ge=0, le=3)] = 0

    @model_validator(mode="after")
    def one_operation(self):
        if sum(x is not None for x in (self.gap, self.ratio, self.any_of)) != 1:
            raise ValueError("give exactly one of gap, ratio or any_of; fix: keep one of them")
        if self.count_twice and self.any_of is None:
            raise ValueError("count_twice applies to any_of only; fix: remove it")
        return self


class DerivedValues(RootModel[dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")], Derived]]):
    """data/<study>/values.yml: derived numbers by name."""


Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
FigureId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
Item = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$",
                            description="<table>.<id>, or <table>.top / <table>.bottom: its highest / lowest share; "
                                        "<table>.<id>.<base> for an item on several bases (a breakdown)")]
Colour = Literal["blue", "orange", "teal", "purple", "grey"]
FIGURE_TYPES = {  # type → what it draws (CONTRIBUTING.md shows a picture of each)
    "bars": "sorted horizontal bars, one per row, with 95 % intervals where n is known",
    "grouped-bars": "the rows of several tables (groups) on one base and one axis, coloured by group",
    "bases": "one panel per row, each row on its own base, titled with it and its n: never on one axis, never compared",
    "breakdown": "one question split by subgroup: a panel per group (a base of the table's rows, with its n), the same items in each",
    "trend": "one question over waves: a line on a time axis per item, a 95 % band where each wave's n is known",
    "dumbbell": "pairs of shares, each pair on one line (e.g. outward against inward)",
    "stacked": "one 100 % bar for a distribution whose shares sum to 100",
    "cards": "key numbers as cards: share, what it measures, base and interval",
    "list": "the labels of a table as a list, for items without figures",
}
TAKEAWAY_FIELDS = {  # rule → the fields its sentences may use
    "leader": {"a", "sa", "b", "sb", "gap"},
    "gap": {"a", "sa", "b", "sb", "gap", "ratio"},
    "groups": {"item", "a", "sa", "b", "sb", "gap"},
    "trend": {"item", "a", "sa", "b", "sb", "gap"},
    "largest-part": {"a", "sa", "b", "sb"},
    "own-bases": {"a", "sa", "na", "b", "sb", "nb", "c", "sc", "nc"},
}


class Group(Strict):
    """One group of a grouped-bars figure: a table, its name in the legend, its colour."""

    data: Name
    label: Localized
    colour: Colour


class Row(Strict):
    """One line of a dumbbell figure: two shares set against each other."""

    label: Localized
    items: tuple[Item, Item]
    quote: bool = Field(False, description="the labels are phrases: quote them in the takeaway")


class Takeaway(Strict):
    """The sentence under a figure's title, computed by a rule and worded by a template.

    leader: the highest share against the next one down ("ahead" only if their 95 % intervals do
    not overlap; "tie" when equal). gap: each pair in `between` (or each row of a dumbbell), the
    same way. largest-part: the largest part of a distribution. own-bases: each row on its own
    base, never compared (the template `each` is required). groups (a breakdown): for the item
    named by `item` (default: the highest share), its highest group against its lowest, "apart" only
    if the 95 % interval of their difference, as two independent samples, excludes zero (the
    groups below the study's min_base are left out). trend: for the item named by `item` (default:
    the first), its first wave against its last, the same way."""

    rule: Literal["leader", "gap", "largest-part", "own-bases", "groups", "trend"]
    between: list[tuple[Item, Item]] | None = Field(None, description="gap: the pairs of shares compared")
    quote: bool = Field(False, description="the labels are phrases: quote them")
    item: Name | None = Field(None, description="groups: the item whose groups are compared (default: the highest share)")
    say: dict[Literal["ahead", "ahead_tied", "tie", "overlap", "untested", "largest", "each", "apart", "together", "untested_groups", "change",
                      "steady", "untested_change"], Localized] = Field(
        default_factory=dict, description="templates replacing the site's default sentences, e.g. {a} ({sa})")

    @model_validator(mode="after")
    def fits_rule(self):
        if self.between is not None and self.rule != "gap":
            raise ValueError("between applies to the rule gap only; fix: remove it, or use rule: gap")
        if self.item is not None and self.rule not in ("groups", "trend"):
            raise ValueError("item applies to the rules groups and trend only; fix: remove it")
        if self.rule == "own-bases" and "each" not in self.say:
            raise ValueError("the rule own-bases needs a template say.each; fix: add say: {each: {fr: …, en: …}} using {a}, {sa}, {na}, {b}…")
        allowed = TAKEAWAY_FIELDS[self.rule]
        for outcome, words in self.say.items():
            for lang, template in words.model_dump().items():
                fields = {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}
                if fields - allowed:
                    raise ValueError(f"say.{outcome}.{lang} uses {{{sorted(fields - allowed)[0]}}}, which the rule "
                                     f"{self.rule} does not give; fix: use {', '.join('{' + f + '}' for f in sorted(allowed))}")
        return self


class Figure(Strict):
    """One figure of a study (data/<study>/figures.yml). Its id, the key, is its name on pages
    (`<!-- figure: <id> -->`), in its downloads and in its anchor (`#fig-<id>`); unique across studies."""

    type: Literal[tuple(FIGURE_TYPES)]
    data: list[Name] = Field(default_factory=list, description="the tables (CSV files, without .csv) drawn")
    items: list[Name] | None = Field(None, description="only these rows (ids), in this order; default: all")
    title: Localized
    axis: Localized | None = Field(None, description="title of the share axis (bars, grouped-bars, bases, dumbbell)")
    notes: list[Localized] = Field(default_factory=list, description="shown under the chart")
    sort: Literal["descending", "file"] = Field("descending", description="order of the rows")
    intervals: bool = Field(True, description="draw 95 % intervals where n is known")
    highlight: list[Name] = Field(default_factory=list, description="ids drawn in the figure's colour, others in grey")
    colour: Colour = "blue"
    zoom: bool = Field(False, description="the share axis ends just past the largest interval, not at 100 %")
    groups: list[Group] | None = Field(None, description="grouped-bars: the tables compared, with legend names")
    legend: Localized | None = Field(None, description="grouped-bars: the legend's title")
    rows: list[Row] | None = Field(None, description="dumbbell: its lines")
    sides: tuple[Localized, Localized] | None = Field(None, description="dumbbell: names of the first and second share")
    takeaway: Takeaway | None = Field(None, description="none for cards or lists that need no sentence")

    @model_validator(mode="after")
    def fits_type(self):
        kind = self.type
        needs = {"grouped-bars": ("groups", "legend", "axis"), "dumbbell": ("rows", "sides", "axis"),
                 "bars": ("axis",), "bases": ("axis",), "breakdown": ("axis",), "trend": ("axis",)}.get(kind, ())
        for key in needs:
            if getattr(self, key) is None:
                raise ValueError(f"a {kind} figure needs {key}; fix: add {key} (CONTRIBUTING.md shows each type with its keys)")
        own = {"groups": "grouped-bars", "legend": "grouped-bars", "rows": "dumbbell", "sides": "dumbbell"}
        for key, owner in own.items():
            if getattr(self, key) is not None and kind != owner:
                raise ValueError(f"{key} applies to {owner} figures only; fix: remove it, or use type {owner}")
        if kind in ("grouped-bars", "dumbbell"):
            if self.data:
                raise ValueError(f"a {kind} figure takes its tables from {'groups' if kind == 'grouped-bars' else 'rows'}, "
                                 "not data; fix: remove data")
        elif not self.data:
            raise ValueError(f"a {kind} figure needs data; fix: add data: [<table>], the CSV file(s) it draws, without .csv")
        if self.takeaway and self.takeaway.rule == "largest-part" and kind != "stacked":
            raise ValueError("the rule largest-part applies to stacked figures only; fix: use rule leader")
        if self.takeaway and (self.takeaway.rule == "groups") != (kind == "breakdown"):
            raise ValueError("a breakdown takes the rule groups, and the rule groups a breakdown only; "
                             "fix: use rule: groups with type: breakdown")
        if self.takeaway and (self.takeaway.rule == "trend") != (kind == "trend"):
            raise ValueError("a trend takes the rule trend, and the rule trend a trend only; fix: use rule: trend with type: trend")
        if kind in ("breakdown", "trend") and len(self.data) != 1:
            raise ValueError(f"a {kind} draws one table, whose rows name their {'group' if kind == 'breakdown' else 'wave'} "
                             "in base; fix: data: [<table>]")
        if self.takeaway is None and kind not in ("cards", "list"):
            raise ValueError(f"a {kind} figure needs a takeaway; fix: add takeaway: {{rule: leader}} or another rule")
        return self

    def tables(self) -> list[str]:
        """Every table the figure draws on, in order."""
        if self.groups:
            return [g.data for g in self.groups]
        if self.rows:
            return list(dict.fromkeys(i.split(".")[0] for r in self.rows for i in r.items))
        return list(self.data)


class Figures(RootModel[dict[FigureId, Figure]]):
    """data/<study>/figures.yml: the study's figures by id, in the order of the file."""


KEYS = sorted({name for model in (Localized, Source, Period, Disclosure, Base, Study, Derived, Group, Row, Takeaway, Figure)
               for name in model.model_fields})


class Change(Strict):
    """One entry of a study's record of corrections and updates (data/<study>/changes.yml)."""

    date: datetime.date
    version: Annotated[str, Field(pattern=r"^\d+(\.\d+){0,2}$", description="the data's version after this change, e.g. 1.1")]
    what: Localized = Field(description="what changed, for a reader")
    why: Localized = Field(description="why it changed")
    fingerprint: Annotated[str, Field(pattern=r"^[0-9a-f]{12}$", description=(
        "the study's CSV files as this entry leaves them (make check prints the value to write)"))]


class Changes(RootModel[list[Change]]):
    """The record, oldest first: a new entry goes at the end, with a later date and a new version."""

    root: list[Change] = []

    @model_validator(mode="after")
    def in_order(self):
        for before, after in zip(self.root, self.root[1:]):
            if after.date < before.date:
                raise ValueError(f"entry of {after.date} comes after one of {before.date}: the record is oldest first; "
                                 "put each new entry at the end")
            if after.version == before.version or _version(after.version) <= _version(before.version):
                raise ValueError(f"version {after.version} follows {before.version}: each entry gives a higher version")
        return self


def _version(text: str) -> tuple[int, ...]:
    parts = tuple(int(p) for p in text.split("."))
    return parts + (0,) * (3 - len(parts))


class StudyError(Exception):
    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__("\n".join(lines))


def key_lines(node: yaml.Node, path: tuple = ()) -> dict[tuple, int]:
    """The line (1-based) of every key in a YAML document, by its path of keys and indices."""
    lines = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lines[(*path, key.value)] = key.start_mark.line + 1
            lines.update({p: n for p, n in key_lines(value, (*path, key.value)).items() if p != (*path, key.value)})
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.update(key_lines(item, (*path, index)))
    return lines


def shown(value) -> str:
    if value is None:
        return "unknown (null)"
    if isinstance(value, (dict, list)):
        return "a list" if isinstance(value, list) else "a mapping"
    return f"'{value}'"


def rule_and_fix(error: dict) -> tuple[str, str]:
    kind, where, value = error["type"], error["loc"], error.get("input")
    last = str(where[-1]) if where else ""
    if kind == "missing":
        if last in LANGUAGES:
            return "is missing", f"add the {language(last).english_name} text"
        return "is missing", "add it; write null if the source does not give it"
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(last, KEYS, n=1)
        return "unknown key", (f"did you mean '{close[0]}'?" if close else "remove it") + " (see study.schema.json)"
    if kind == "literal_error":
        return f"must be one of: {error['ctx']['expected']} (got {shown(value)})", "use one of these words"
    if last == "n":
        return f"must be a positive whole number, or null if unknown (got {shown(value)})", \
            "write the sample size, e.g. 241, or null where the source gives none"
    if last in ("published", "accessed", "start", "end"):
        return f"must be a date like 2012-03-20, a month like 2012-03 or a year like 2012 (got {shown(value)})", \
            "write it so, or null if the source does not give it"
    if kind.startswith("url"):
        return f"must be a web address starting with https:// (got {shown(value)})", "write the full address, or null"
    if kind in ("string_type", "string_too_short"):
        return f"must be text (got {shown(value)})", "write the text, or null if the source does not give it"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"must be a mapping of keys (got {shown(value)})", "indent its keys under it (see study.schema.json)"
    if kind == "string_pattern_mismatch" and last in ("gap", "ratio") or isinstance(where[-1:] and where[-1], int):
        return f"must name a share as <table>.<id>, <table>.top or <table>.bottom (got {shown(value)})", \
            "e.g. purposes.top"
    if kind == "string_pattern_mismatch":
        return f"must be lowercase letters, digits or _ (got {shown(value)})", "e.g. adopters"
    if kind == "value_error":
        rule, _, fix = error["msg"].removeprefix("Value error, ").partition("; fix: ")
        return rule, fix or "see CONTRIBUTING.md"
    return error["msg"], "see study.schema.json"


def load_study(path: Path, name: str, filled: list[str] | None = None) -> Study:
    """Read and validate one study.yml; `name` is how messages call the file."""
    return load_declaration(path, name, Study, filled=filled)


def load_declaration(path: Path, name: str, model: type[BaseModel], required: bool = True, filled: list[str] | None = None):
    """Read and validate one YAML declaration against its model; `name` is how messages call the file."""
    if not path.exists():
        if not required:
            return model.model_validate({})
        raise StudyError([f"{name}: file is missing. Fix: restore it from git, or run make new-study."])
    text = path.read_text(encoding="utf-8")
    conflict = conflict_markers(text, name)
    if conflict:
        raise StudyError([str(conflict)])
    try:
        node = yaml.compose(text)
        content = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{name}:{mark.line + 1}" if mark else name
        raise StudyError([f"{where}: invalid YAML ({getattr(exc, 'problem', None) or 'unreadable'}). "
                          "Fix: check brackets, quotes and indentation."]) from None
    except ValueError as exc:  # YAML read a day that does not exist (2026-13-01): say which
        day = next((n for n in _scalars(node) if n.tag.endswith(":timestamp") and _not_a_day(n.value)), None)
        where = f"{name}:{day.start_mark.line + 1}" if day else name
        raise StudyError([f"{where}: {f'{day.value} is ' if day else ''}not a date ({exc}). "
                          "Fix: write a day that exists, as YYYY-MM-DD."]) from None
    try:
        content = typeset_texts(with_fallbacks(content, LANGUAGES, filled if filled is not None else []), LANGUAGES)
        return model.model_validate(content if content is not None else {})
    except ValidationError as err:
        lines = key_lines(node) if node is not None else {}
        out = []
        for error in err.errors():
            loc = tuple(error["loc"])
            if error["type"] == "missing":
                loc_for_line = loc[:-1]
            else:
                loc_for_line = loc
            # pydantic adds the union member it tried ('date', 'int', 'Localized'...): not a key of the file.
            keys = tuple(p for p in loc if not (isinstance(p, str) and (p[:1].isupper() or p in (
                "date", "int", "function-after", "constrained-int", "constrained-str", "url", "str", "none"))))
            line = next((lines[loc_for_line[:i]] for i in range(len(loc_for_line), -1, -1) if loc_for_line[:i] in lines), None)
            rule, fix = rule_and_fix({**error, "loc": keys})
            fix = fix.replace("study.schema.json", schema_of(model))
            out.append(f"{name}{f':{line}' if line else ''}: key {'.'.join(map(str, keys))}: {rule}. Fix: {fix}.")
        raise StudyError(renamed(sorted(set(out), key=out.index))) from None


def _scalars(node):
    """Every scalar node under a composed YAML node."""
    if isinstance(node, yaml.ScalarNode):
        yield node
        return
    for child in node.value:  # a sequence's nodes, a mapping's (key, value) pairs
        for part in child if isinstance(child, tuple) else (child,):
            yield from _scalars(part)


def _not_a_day(value: str) -> bool:
    try:
        datetime.date.fromisoformat(value[:10])
        return False
    except ValueError:
        return True


def renamed(lines: list[str]) -> list[str]:
    """An unknown key beside a missing one in the same place is most likely a misspelling of it:
    say so in one line."""
    def parts(line: str) -> tuple[str, str, str]:
        where, rest = line.split(": key ", 1)
        key = rest.split(": ", 1)[0]
        return where, key.rsplit(".", 1)[0] if "." in key else "", key.rsplit(".", 1)[-1]

    unknown = [line for line in lines if ": unknown key." in line]
    missing = [line for line in lines if ": is missing." in line]
    for extra in unknown:
        where, parent, name = parts(extra)
        twins = [m for m in missing if parts(m)[1] == parent]
        if len(twins) == 1:
            expected = parts(twins[0])[2]
            key = f"{parent}.{name}" if parent else name
            lines = [line for line in lines if line not in (extra, twins[0])]
            lines.append(f"{where}: key {key}: unknown key, and {expected} is missing. Fix: rename {name} to {expected}.")
            missing.remove(twins[0])
    return lines


SCHEMAS = {  # file beside this module → (model, title)
    "study.schema.json": (Study, "A study's declaration (data/<study>/study.yml)"),
    "values.schema.json": (DerivedValues, "A study's derived values (data/<study>/values.yml)"),
    "figures.schema.json": (Figures, "A study's figures (data/<study>/figures.yml)"),
    "changes.schema.json": (Changes, "A study's corrections and updates (data/<study>/changes.yml)"),
}


def schema_of(model: type[BaseModel]) -> str:
    return next((file for file, (m, _) in SCHEMAS.items() if m is model), "study.schema.json")


def json_schema(file: str = "study.schema.json") -> str:
    model, title = SCHEMAS[file]
    schema = model.model_json_schema()
    schema["title"] = title
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


if __name__ == "__main__":
    for file in SCHEMAS:
        SCHEMA_FILE.with_name(file).write_text(json_schema(file), encoding="utf-8")
        print(f"wrote {SCHEMA_FILE.with_name(file)}", file=sys.stderr)
