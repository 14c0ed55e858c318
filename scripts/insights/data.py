"""Load a study's CSV files (data/<study>/) with their provenance, and validate them.

A bad cell stops the build with one line per problem:
``data/comptia-2012/purposes.csv:3: column share_pct: must be a whole number from 0 to 100 (got '120'). Fix: …``
"""

from __future__ import annotations

import hashlib

import csv
import functools
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from insights import LANGUAGES
from insights.problems import DataError, Problem, conflict_markers  # noqa: F401 (callers import them from here too)
from insights.languages import fallbacks, language, typeset_texts, with_fallbacks
from insights.study import Changes, DerivedValues, Figure, Figures, Study, StudyError, key_lines, load_declaration, load_study

SEPARATOR_LINE = re.compile(r"sep=([,;])")  # Excel's first line when it saves a CSV "for Excel"

ID_PATTERN = r"^[a-z][a-z0-9_]*$"



@functools.cache
def _schemas() -> tuple[dict, dict]:
    """One schema per kind of file, labels only and shares; columns in the order the CSV must
    have them. Built on first use: a build whose inputs did not change never validates."""
    import pandera.pandas as pa

    label = pa.Check.str_length(min_value=1)
    # Labels land in HTML, SVG, Markdown and spreadsheets: refuse what any of them would run.
    no_formula = pa.Check(lambda s: ~s.str.match(r"[=+\-@]"), name="no_formula")
    no_markup = pa.Check(lambda s: ~s.str.contains(r"[<>]"), name="no_markup")
    ident = pa.Column(str, [pa.Check.str_matches(ID_PATTERN)])  # unique within its base: validate_table
    text = {"id": ident, **{f"label_{lang}": pa.Column(str, [label, no_formula, no_markup]) for lang in LANGUAGES}}
    shares = {**text, "share_pct": pa.Column(int, pa.Check.in_range(0, 100), coerce=True), "base": pa.Column(str, label)}
    return text, shares


# Two kinds of table: shares (a header with share_pct or base) and labels only (e.g. barriers).
def columns_of(header: list[str]) -> dict:
    text, shares = _schemas()
    return shares if {"share_pct", "base"} & set(header) else text

# What each pandera check means to a person editing the CSV, and how to fix it.
RULES = {
    "column_in_dataframe": ("missing column", "add the column to the header row"),
    "column_in_schema": ("unknown column", "remove it or rename it to an expected column"),
    "column_ordered": ("columns out of order", "put the columns in the documented order"),
    "coerce_dtype": ("must be a whole number", "write digits only, e.g. 82, without %"),
    "in_range": ("must be a whole number from 0 to 100", "shares are percentages of the base"),
    "field_uniqueness": ("must be unique", "give each row its own id"),  # within its base
    "str_matches": ("must be lowercase letters, digits or _", "e.g. ibm_connections"),
    "str_length": ("must not be empty", "write the label in this language"),
    "no_formula": ("must not start with =, +, - or @", "a spreadsheet would run it as a formula; reword the label"),
    "no_markup": ("must not contain < or >", "labels are plain text; HTML is not allowed"),
    "base_known": ("must name a base defined in {sources}", "use one of: {bases}"),
}


@dataclass(frozen=True)
class Table:
    name: str
    frame: pd.DataFrame
    meta: dict


@dataclass(frozen=True)
class Survey:
    sources: dict
    bases: dict
    tables: dict[str, Table]
    study: Study  # the declaration (study.yml): disclosure, sources, bases
    id: str = ""  # its folder's name, the first part of every value's name
    derived: dict = field(default_factory=dict)  # values.yml: name → Derived
    figures: dict[str, Figure] = field(default_factory=dict)  # figures.yml: id → Figure
    fallbacks: tuple[str, ...] = ()  # each text that took another language's: '<lang>→<fallback>→<text>'
    changes: tuple = ()  # changes.yml: its corrections and updates (study.Change), oldest first

    @property
    def version(self):
        """The last entry of its record (the data's version and date), or None before the first."""
        return self.changes[-1] if self.changes else None

    def n(self, base: str) -> int | None:
        return self.bases[base]["n"]


def shown(value) -> str:
    """A value from a file, as a message shows it: never a Python repr (None, True, a list)."""
    if value is None:
        return "unknown (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(shown(v) for v in value) if value else "nothing"
    if isinstance(value, str):
        return f"'{value}'"
    return str(value)


def _rel(path: Path, study_dir: Path) -> str:
    """How messages name a file: data/<study>/<file>."""
    return f"data/{path.relative_to(study_dir.parent).as_posix()}"


def read_yaml(path: Path, study_dir: Path) -> dict:
    name = _rel(path, study_dir)
    if not path.exists():
        raise DataError([Problem(name, None, None, "file is missing", "restore it from git")])
    text = path.read_text(encoding="utf-8")
    conflict = conflict_markers(text, name)
    if conflict:
        raise DataError([conflict])
    try:
        content = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark else None
        detail = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataError([Problem(name, row, None, f"invalid YAML ({detail})", "check brackets, quotes and indentation")]) from None
    if not isinstance(content, dict):
        raise DataError([Problem(name, None, None, "must be a YAML mapping", "see the other .meta.yml files")])
    return content


def read_csv(path: Path, study_dir: Path) -> pd.DataFrame:
    """Read every cell as text. What editors and spreadsheets leave behind and is harmless is
    accepted: a UTF-8 byte-order mark, CRLF line ends, blank lines (or rows of empty cells, as a
    spreadsheet exports them), spaces around a cell. The frame's index is each row's line
    number minus 2, so that messages name the line in the file."""
    name = _rel(path, study_dir)
    if not path.exists():
        raise DataError([Problem(name, None, None, "file is missing", "restore it from git")])
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError([Problem(name, None, None, "is UTF-16 text, not UTF-8", "save the file as CSV UTF-8")])
    try:
        text = raw.decode("utf-8-sig")  # a UTF-8 byte-order mark is harmless: accepted
    except UnicodeDecodeError as exc:
        row = raw[: exc.start].count(b"\n") + 1
        problem = f"is not UTF-8 text (byte 0x{raw[exc.start]:02X})"
        raise DataError([Problem(name, row, None, problem, "save the file as CSV UTF-8, not Latin-1 or ANSI")]) from None
    if not text.strip():
        raise DataError([Problem(name, None, None, "file is empty", "restore the header and rows")])
    conflict = conflict_markers(text, name)
    if conflict:
        raise DataError([conflict])
    first, _, rest = text.partition("\n")
    separator = SEPARATOR_LINE.fullmatch(first.strip())
    if separator:  # Excel's "sep=," (or ";") first line: the separator it used; blanked, so lines keep their numbers
        text = "\n" + rest
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator[1] if separator else ",")  # CRLF or LF: both accepted
    lines = [([cell.strip() for cell in row], reader.line_num) for row in reader]
    lines = [(row, line) for row, line in lines if any(row)]  # blank lines and empty rows: skipped
    if not lines:
        raise DataError([Problem(name, None, None, "file is empty", "restore the header and rows")])
    (header, _), rows = lines[0], lines[1:]
    if len(header) == 1 and ";" in header[0] and not separator:
        raise DataError([Problem(name, 1, None, "is separated by semicolons", "export it as CSV with commas")])
    if not rows:
        raise DataError([Problem(name, None, None, "has a header but no rows", "add the data rows")])
    twice = sorted({c for c in header if header.count(c) > 1})
    if twice:
        raise DataError([Problem(name, 1, c, "appears twice in the header", "remove or rename one") for c in twice])
    bad = [
        Problem(name, line, None, f"has {len(row)} fields but the header has {len(header)}",
                "look for a stray comma, or put the cell in double quotes")
        for row, line in rows if len(row) != len(header)
    ]
    if bad:
        raise DataError(bad)
    return pd.DataFrame([row for row, _ in rows], columns=header, dtype=str, index=[line - 2 for _, line in rows])


def _problems_from_pandera(err: pa.errors.SchemaErrors, name: str) -> list[Problem]:
    problems: dict[tuple, Problem] = {}
    for case in err.failure_cases.itertuples():
        check = str(case.check).split("(")[0]
        if check == "dtype" or case.index is None and check not in RULES:
            continue  # a consequence of a failed coercion, already reported
        rule, hint = RULES.get(check, (str(case.check), ""))
        if check in ("column_in_dataframe", "column_in_schema"):
            problems[(check, case.failure_case)] = Problem(name, 1, str(case.failure_case), rule, hint)
            continue
        if case.index is None or pd.isna(case.index):
            continue
        row = int(case.index) + 2
        value = f" (got {shown(str(case.failure_case))})"
        problems.setdefault((row, case.column), Problem(name, row, case.column, rule + value, hint))
    found = sorted(problems.values(), key=lambda p: (p.row or 0, p.column or ""))
    unknown = [p for p in found if p.rule == RULES["column_in_schema"][0]]
    missing = [p for p in found if p.rule == RULES["column_in_dataframe"][0]]
    if len(unknown) == 1 and len(missing) == 1:  # most likely a renamed column: say so in one line
        old, new = missing[0].column, unknown[0].column
        renamed = Problem(name, 1, new, f"unknown column, and {old} is missing", f"rename {new} back to {old}")
        found = [renamed] + [p for p in found if p not in (unknown[0], missing[0])]
    return found


def validate_table(frame: pd.DataFrame, columns: dict, name: str, bases: dict, sources_file: str) -> pd.DataFrame:
    import pandera.pandas as pa

    schema = pa.DataFrameSchema(columns, strict=True, ordered=True)
    try:
        valid = schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        raise DataError(_problems_from_pandera(err, name)) from None
    key = ["id", "base"] if "base" in valid else ["id"]  # an item may recur on other bases (a breakdown by group)
    twice = valid.index[valid.duplicated(key)]
    if len(twice):
        rule, hint = RULES["field_uniqueness"]
        several = "base" in valid and valid["base"].nunique() > 1

        def got(i: int) -> str:
            return shown(valid.at[i, "id"]) + (f" twice on base {valid.at[i, 'base']}" if several else "")

        raise DataError([Problem(name, i + 2, "id", f"{rule} (got {got(i)})", hint) for i in twice])
    if "base" in valid:
        unknown = valid.index[~valid["base"].isin(list(bases))]
        if len(unknown):
            rule, hint = RULES["base_known"]
            raise DataError([
                Problem(name, i + 2, "base", f"{rule.format(sources=sources_file)} (got {shown(valid.at[i, 'base'])})",
                        hint.format(bases=", ".join(bases)))
                for i in unknown
            ])
    return valid.reset_index(drop=True)


def _check_meta(meta: dict, columns: dict, name: str, sources: dict, bases: dict, used: list[str],
                sources_file: str) -> list[Problem]:
    problems = []
    if "base" in columns:
        # Each file states the bases it relies on and their n; they must agree with study.yml.
        stated = meta.get("bases")
        if not isinstance(stated, dict):
            problems.append(Problem(name, None, None, "field bases is missing", "list each base the CSV uses with its n"))
            stated = {}
        for base in sorted(set(used) - set(stated)):
            problems.append(Problem(name, None, None, f"bases must list {base!r}, which the CSV uses", ""))
        for base, n in stated.items():
            valid = base in bases and (bases[base].get("n") is None or isinstance(bases[base].get("n"), int))
            if valid and bases[base].get("n") != n:
                problems.append(Problem(name, None, None, f"bases.{base} is {shown(n)} but {sources_file} says "
                                        f"{shown(bases[base].get('n'))}", "make the two files agree"))
    if not isinstance(meta.get("several_answers", False), bool):
        problems.append(Problem(name, None, None, f"several_answers must be true or false (got {shown(meta['several_answers'])})",
                                "write true if a respondent could give more than one answer, else leave it out"))
    for field in ("title", "question"):
        for lang in LANGUAGES:
            if not isinstance(meta.get(field), dict) or not meta[field].get(lang):
                problems.append(Problem(name, None, None, f"field {field}.{lang} is missing", "add it in both languages"))
    for source in meta.get("sources") or [None]:
        if source not in sources:
            problems.append(Problem(name, None, None, f"sources must list ids from {sources_file} (got {shown(source)})",
                                    f"use one of: {', '.join(sources)}"))
    if "reported_by" in meta and meta["reported_by"] not in (meta.get("sources") or []):
        problems.append(Problem(name, None, None, f"reported_by must be one of its sources (got {shown(meta['reported_by'])})",
                                "name the source whose words the question is in, or leave it out when it is the survey's own wording"))
    documented = [c.get("name") for c in meta.get("columns") or []]
    if documented != list(columns):
        problems.append(Problem(name, None, None, f"columns must document {', '.join(columns)} in that order "
                                f"(got {shown(documented)})", "one entry per CSV column, each with its name"))
    for note in meta.get("notes", []):
        if not all(note.get(lang) for lang in LANGUAGES):
            problems.append(Problem(name, None, None, f"each note needs {' and '.join(LANGUAGES)} text", ""))
    return problems


def _check_derived(derived: dict, tables: dict[str, Table], study_dir: Path, bases: dict) -> list[str]:
    """Each share a derived value names must exist (a table of shares, and a row of it, or top /
    bottom); two shares compared must stand on the same base: shares on different bases are set
    side by side, never subtracted or divided."""
    path = study_dir / "values.yml"
    lines = key_lines(yaml.compose(path.read_text(encoding="utf-8"))) if derived else {}
    out = []
    share_tables = [t for t in tables if "share_pct" in tables[t].frame]
    for name, declaration in derived.items():
        where = f"{_rel(path, study_dir)}:{lines.get((name,), '?')}: key {name}"
        found = []
        for share in declaration.gap or declaration.ratio or ():
            table, item, *base = share.split(".")
            frame = tables[table].frame if table in share_tables else None
            if frame is not None and base:
                frame = frame[frame["base"] == base[0]]
            if frame is None:
                out.append(f"{where}: no table of shares named {table}. Fix: use one of: {', '.join(share_tables)}.")
            elif item not in ("top", "bottom") and item not in set(frame["id"]):
                out.append(f"{where}: {table} has no row {'.'.join([item, *base])}. Fix: use top, bottom or one of: "
                           f"{', '.join(dict.fromkeys(frame['id']))}.")
            elif not base and item not in ("top", "bottom") and (frame["id"] == item).sum() > 1:
                out.append(f"{where}: {item} is on several bases of {table}. Fix: name one, e.g. "
                           f"{table}.{item}.{frame.loc[frame['id'] == item, 'base'].iloc[0]}.")
            else:
                row = frame.loc[frame["share_pct"].idxmax() if item == "top" else frame["share_pct"].idxmin()] \
                    if item in ("top", "bottom") else frame[frame["id"] == item].iloc[0]
                found.append((share, row["base"], (table, row["id"])))
        if len({b for _, b, _ in found}) > 1 and declaration.gap and found[0][2] == found[1][2]:
            # one item on two bases (two waves, two groups): independent samples, tested as such
            unknown = [b for _, b, _ in found if bases[b].get("n") is None]
            if unknown:
                out.append(f"{where}: the base {unknown[0]} has no n, so the change of {found[0][2][1]} between "
                           f"{found[0][1]} and {found[1][1]} cannot be tested. Fix: give its n in study.yml, "
                           f"or quote the two shares without a change.")
        elif len({b for _, b, _ in found}) > 1:
            (a, base_a, _), (b, base_b, _) = found
            out.append(f"{where}: {a} is a share of {base_a} and {b} a share of {base_b}: shares on different bases "
                       f"are never subtracted or divided. Fix: compare shares of one base, or show both side by side "
                       f"(a bases figure).")
        if declaration.any_of:
            table = declaration.any_of
            if table not in share_tables:
                out.append(f"{where}: no table of shares named {table}. Fix: use one of: {', '.join(share_tables)}.")
                continue
            frame = tables[table].frame
            if frame["base"].nunique() > 1:
                out.append(f"{where}: any_of needs one base for all the rows of {table}. Fix: use a table of one base.")
            for item in sorted(set(declaration.count_twice) - set(frame["id"])):
                out.append(f"{where}: {table} has no row {item}. Fix: use one of: {', '.join(frame['id'])}.")
    return out


def _check_figures(figures: dict[str, Figure], tables: dict[str, Table], study_dir: Path, bases: dict) -> list[str]:
    """What figures.yml names must exist in the study: its tables, their rows, and, for a
    stacked bar, shares that make a whole."""
    path = study_dir / "figures.yml"
    lines = key_lines(yaml.compose(path.read_text(encoding="utf-8"))) if figures else {}
    shares = [t for t in tables if "share_pct" in tables[t].frame]
    out = []

    def say(key: tuple, rule: str, fix: str) -> None:
        line = next((lines[key[:i]] for i in range(len(key), 0, -1) if key[:i] in lines), "?")
        out.append(f"{_rel(path, study_dir)}:{line}: key {'.'.join(map(str, key))}: {rule}. Fix: {fix}.")

    def table_ok(key: tuple, name: str, need_shares: bool) -> bool:
        if name not in tables:
            say(key, f"no table {name} in data/{study_dir.name}/", f"use one of: {', '.join(tables)}")
            return False
        if need_shares and name not in shares:
            say(key, f"{name} has no shares (share_pct)", f"use one of: {', '.join(shares)}, or type list")
            return False
        return True

    def item_ok(key: tuple, item: str) -> None:
        table, row, *_ = item.split(".")
        if table_ok(key, table, True) and row not in ("top", "bottom") and row not in set(tables[table].frame["id"]):
            say(key, f"{table} has no row {row}", f"use top, bottom or one of: {', '.join(tables[table].frame['id'])}")

    for fid, figure in figures.items():
        need_shares = figure.type != "list"
        for i, name in enumerate(figure.data):
            table_ok((fid, "data", i), name, need_shares)
        for i, group in enumerate(figure.groups or []):
            table_ok((fid, "groups", i, "data"), group.data, True)
        for i, row in enumerate(figure.rows or []):
            for j, item in enumerate(row.items):
                item_ok((fid, "rows", i, "items", j), item)
        for i, pair in enumerate(figure.takeaway.between or [] if figure.takeaway else []):
            for j, item in enumerate(pair):
                item_ok((fid, "takeaway", "between", i, j), item)
        known = [t for t in figure.tables() if t in tables]
        ids = {i for t in known for i in tables[t].frame["id"]}
        for key in ("items", "highlight"):
            for i, item in enumerate(getattr(figure, key) or []):
                if known and item not in ids:
                    say((fid, key, i), f"no row {item} in {', '.join(known)}", f"use one of: {', '.join(sorted(ids))}")
        if figure.type in CHARTS_OF_ROWS and known and len(known) == len(figure.tables()):
            _check_drawable(fid, figure, {t: tables[t].frame for t in known}, say, bases)
        several = [t for t in known if tables[t].meta.get("several_answers")]
        if figure.type == "stacked" and several:
            say((fid, "type"), f"{several[0]} allows several answers, and the parts of a 100 % bar exclude each other",
                "use type bars")
        if figure.type == "stacked" and len(known) == len(figure.data) and not out:
            frame = pd.concat([tables[t].frame for t in known])
            if figure.items:
                frame = frame[frame["id"].isin(figure.items)]
            total = int(frame["share_pct"].sum())
            if not 99 <= total <= 101:
                say((fid, "type"), f"a stacked figure needs shares that sum to 100 (got {total})",
                    "list every part of the distribution, or use type bars")
            if frame["base"].nunique() > 1:
                say((fid, "type"), "a stacked figure needs one base for all its parts", "use type bases")
    return out


CHARTS_OF_ROWS = ("bars", "grouped-bars", "bases", "breakdown", "trend", "stacked")  # one mark per row of their tables


def _check_drawable(fid: str, figure: Figure, frames: dict[str, pd.DataFrame], say, study_bases: dict) -> None:
    """Refuse what no chart can draw honestly: rows that one axis would merge (an id twice), groups
    read against different bases side by side, several answers of one base in a figure of bases."""
    rows = pd.concat(list(frames.values()), keys=list(frames), names=["table", None]).reset_index(level=0)
    if figure.items:
        rows = rows[rows["id"].isin(figure.items)]
    by_base = figure.type in ("breakdown", "trend")  # an item recurs on each group or wave, once on each
    twice = rows[rows.duplicated(["id", "base"] if by_base else ["id"], keep=False)]
    if len(twice):
        first = twice["id"].iloc[0]
        where = ", ".join(twice.loc[twice["id"] == first, "table"])
        say((fid, "data" if figure.data else "groups"), f"rows repeat the id {first} (in {where}): one axis would draw them as one",
            "give each row its own id, or draw one figure per table")
    if figure.type == "grouped-bars":
        by_group = {t: sorted(f["base"].unique()) for t, f in frames.items()}
        if len({tuple(b) for b in by_group.values()}) > 1:
            got = "; ".join(f"{t}: {', '.join(b)}" for t, b in by_group.items())
            say((fid, "groups"), f"its groups are read against different bases ({got})",
                "compare groups of one base only; for one question asked of several groups, draw one figure per group")
    if figure.type == "trend":
        undated = [b for b in dict.fromkeys(rows["base"]) if not study_bases[b].get("fielded")]
        if undated:
            say((fid, "data"), f"a trend places each wave by its fieldwork dates, and the base {undated[0]} has none",
                f"give it fielded: {{start: …, end: …}} in study.yml (a year, a month or a day)")
    if figure.type == "bases":
        bases = rows["base"]
        if bases.duplicated().any():
            say((fid, "data"), f"two rows are on the base {bases[bases.duplicated()].iloc[0]}: a figure of bases shows "
                "one row per base, each on its own axis", "use type bars for the answers of one base, one figure per base")


def table_order(study_dir: Path, figures: dict[str, Figure]) -> list[str]:
    """The study's tables: every CSV file in its folder, those its figures draw first, in that order."""
    found = sorted({p.name.split(".")[0] for p in [*study_dir.glob("*.csv"), *study_dir.glob("*.meta.yml")]})
    used = [t for f in figures.values() for t in f.tables() if t in found]
    return list(dict.fromkeys([*used, *found]))


def label_fallbacks(frame: pd.DataFrame, meta: dict, filled: list[str]) -> tuple[pd.DataFrame, dict]:
    """A table whose label_<lang> column is missing takes the column of the language `lang` falls
    back to, and its description in the metadata; in the order of the site's languages."""
    rules = fallbacks(LANGUAGES)
    added = [lang for lang, other in rules.items() if f"label_{lang}" not in frame.columns and f"label_{other}" in frame.columns]
    if not added:
        return frame, meta
    for lang in added:
        frame[f"label_{lang}"] = frame[f"label_{rules[lang]}"]
        filled.extend(f"{lang}→{rules[lang]}→{label}" for label in frame[f"label_{rules[lang]}"])
    labels = [f"label_{lang}" for lang in LANGUAGES if f"label_{lang}" in frame.columns]
    others = [c for c in frame.columns if not c.startswith("label_")]
    frame = frame[[others[0], *labels, *others[1:]]]
    documented = {c.get("name"): c for c in meta.get("columns") or [] if isinstance(c, dict)}
    if documented:
        columns = []
        for column in frame.columns:
            lang = column.removeprefix("label_")
            source = documented.get(column) or documented.get(f"label_{rules.get(lang)}")
            columns.append({**source, "name": column} if source else {"name": column})
        meta = {**meta, "columns": columns}
    return frame, meta


def fingerprint(study_dir: Path) -> str:
    """The study's CSV files, as 12 hex digits: an entry of changes.yml records it, and `make check`
    finds a CSV edited since the last entry by comparing it (sha256 of each name and its bytes)."""
    digest = hashlib.sha256()
    for path in sorted(study_dir.glob("*.csv")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def unrecorded_change(survey: Survey, study_dir: Path) -> str | None:
    """The problem when a CSV changed since the last entry of the study's changes.yml (None when
    it did not, or when the study keeps no record yet: its first version needs none)."""
    if not survey.changes:
        return None
    now, last = fingerprint(study_dir), survey.changes[-1]
    if now == last.fingerprint:
        return None
    name = _rel(study_dir / "changes.yml", study_dir)
    return (f"{name}: the study's CSV files changed since its last entry (version {last.version}, {last.date}), "
            f"and the record does not say so. Fix: add an entry at the end of {name}, with today's date, a higher "
            f"version, what changed and why in each language, and fingerprint: {now}.")


def load_survey(study_dir: Path) -> Survey:
    """Read and validate a study's folder. Raises DataError listing every problem found."""
    sources_file = _rel(study_dir / "study.yml", study_dir)
    filled: list[str] = []
    try:
        study = load_study(study_dir / "study.yml", sources_file, filled)
        derived = load_declaration(study_dir / "values.yml", _rel(study_dir / "values.yml", study_dir), DerivedValues,
                                   required=False, filled=filled).root
        figures = load_declaration(study_dir / "figures.yml", _rel(study_dir / "figures.yml", study_dir), Figures,
                                   required=False, filled=filled).root
        changes = (load_declaration(study_dir / "changes.yml", _rel(study_dir / "changes.yml", study_dir), Changes,
                                    filled=filled).root if (study_dir / "changes.yml").exists() else [])
    except StudyError as err:
        raise DataError(err.lines) from None  # the tables cannot be checked against a broken study
    declared = study.model_dump()
    sources, bases = declared["sources"], declared["bases"]
    problems: list[Problem] = []
    tables = {}
    for name in table_order(study_dir, figures):
        csv_path = study_dir / f"{name}.csv"
        meta_path = study_dir / f"{name}.meta.yml"
        try:
            frame = read_csv(csv_path, study_dir)
            meta = typeset_texts(with_fallbacks(read_yaml(meta_path, study_dir), LANGUAGES, filled), LANGUAGES)
            frame, meta = label_fallbacks(frame, meta, filled)
            columns = columns_of(list(frame.columns))
            frame = validate_table(frame, columns, _rel(csv_path, study_dir), bases, sources_file)
            for lang in LANGUAGES:  # labels as pages and charts show them: in the language's typography
                frame[f"label_{lang}"] = frame[f"label_{lang}"].map(language(lang).typeset)
        except DataError as err:
            problems.extend(err.problems)
            continue
        used = list(frame["base"]) if "base" in frame else []
        problems.extend(_check_meta(meta, columns, _rel(meta_path, study_dir), sources, bases, used, sources_file))
        tables[name] = Table(name, frame, meta)
    if not problems:  # a table that failed would make every value drawn from it fail too
        problems.extend(_check_derived(derived, tables, study_dir, bases))
        problems.extend(_check_figures(figures, tables, study_dir, bases))
    if problems:
        raise DataError(problems)
    return Survey(sources=sources, bases=bases, tables=tables, study=study, id=study_dir.name, derived=derived,
                  figures=figures, fallbacks=tuple(filled), changes=tuple(changes))
