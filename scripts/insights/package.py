"""Open data: each study as a Frictionless Data Package (datapackage.json) and as one zip.

Both are generated from the study's declarations (study.yml, each <table>.meta.yml) and the
validation rules of insights.data, never written by hand: the package's field constraints are
the ones the build enforces. ``frictionless validate`` accepts every package (tests/test_package.py).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from insights import LANGUAGES
from insights.data import ID_PATTERN, Survey

# The constraints insights.data enforces on each column, in Table Schema's words.
CONSTRAINTS = {
    "id": {"required": True, "unique": True, "pattern": ID_PATTERN.strip("^$")},
    **{f"label_{lang}": {"required": True, "minLength": 1} for lang in LANGUAGES},
    "share_pct": {"required": True, "minimum": 0, "maximum": 100},
}
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # a fixed date: the same data gives the same zip, byte for byte


def _field(column: dict, survey: Survey, by_base: bool = False) -> dict:
    """One column in Table Schema's words; `by_base`: an id recurs on several bases (a breakdown, a
    trend), unique only with its base."""
    field = {"name": column["name"], "type": column["type"], "description": column["description"]}
    if column.get("unit"):
        field["description"] += f" Unit: {column['unit']}."
        field["unit"] = column["unit"]
    constraints = dict(CONSTRAINTS.get(column["name"], {}))
    if by_base:
        constraints.pop("unique", None)
    if column["name"] == "base":
        constraints = {"required": True, "enum": list(survey.bases)}
    if constraints:
        field["constraints"] = constraints
    return field


def _source(source: dict) -> dict:
    out = {"title": source["citation"]["en"]}
    if source["url"]:
        out["path"] = str(source["url"])
    return out


def datapackage(survey: Survey) -> dict:
    """The study's Data Package descriptor (Frictionless, tabular): its resources with their
    schemas, its sources and its licence. What the source does not give is said, not left out."""
    study = survey.study
    d = study.disclosure
    unknown = "not given by the source"
    description = " ".join([
        f"Producer: {d.producer or unknown}. Sponsor: {d.sponsor or unknown}. Publisher: {d.publisher or unknown}.",
        f"Population: {d.population.en if d.population else unknown}. Sample: {d.sample.en if d.sample else unknown}.",
        f"Method: {d.method.en if d.method else unknown}. Weighting: {d.weighting.en if d.weighting else unknown}.",
        f"Licence of the figures: {d.licence or unknown}.",
        "Bases: " + "; ".join(f"{name} = {b['who']['en']} (n = {b['n'] if b['n'] else 'unknown'})"
                              for name, b in survey.bases.items()) + ".",
        "Shares are whole percentages of their base, as published.",
    ])
    resources = []
    for name, table in survey.tables.items():
        meta = table.meta
        notes = " ".join(n["en"] for n in meta.get("notes", []))
        by_base = "base" in table.frame and bool(table.frame["id"].duplicated().any())
        resources.append({
            "name": name.replace("_", "-"),
            "path": f"{name}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "title": meta["title"]["en"],
            "description": f"Question: {meta['question']['en']}" + (f" {notes}" if notes else ""),
            "sources": [_source(survey.sources[s]) for s in meta["sources"]],
            "schema": {"fields": [_field(c, survey, by_base) for c in meta["columns"]],
                       "primaryKey": ["id", "base"] if by_base else ["id"]},
        })
    package = {
        "profile": "tabular-data-package",
        "name": survey.id,
        "title": study.title.en,
        "description": description,
        "sources": [_source(s) for s in survey.sources.values()],
        "resources": resources,
    }
    if d.licence:
        package["licenses"] = [{"name": d.licence, "title": d.licence}]
    if survey.version:  # the record of corrections (changes.yml): its last entry's version and date
        package["version"] = survey.version.version
        package["created"] = f"{survey.version.date.isoformat()}T00:00:00Z"
    return package


def to_json(descriptor: dict) -> bytes:
    return (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode()


def readme(survey: Survey) -> bytes:
    """The zip's README: what the files are, whom to cite, how to load them (in both languages)."""
    s = survey.study
    citation = {lang: "; ".join(src["citation"][lang] for src in survey.sources.values()) for lang in LANGUAGES}
    files = "\n".join(f"- {name}.csv + {name}.meta.yml: {t.meta['title']['en']} / {t.meta['title']['fr']}"
                      for name, t in survey.tables.items())
    last = survey.version
    version = (f"Data version / Version des données: {last.version}, {last.date.isoformat()} "
               f"(changes.yml: what changed and why / ce qui a changé et pourquoi)\n" if last else "")
    text = f"""# {s.title.en}
# {s.title.fr}

The data of the study `{survey.id}`, as the site draws its figures from them.
Les données de l'étude `{survey.id}`, celles dont le site tire ses chiffres.

## Files / Fichiers

{files}
- study.yml: disclosure, sources and bases (n) / fiche de l'étude, sources et bases (effectifs)
- datapackage.json: Frictionless Data Package (tables, columns, types, constraints, sources)

## Cite / Citer

{citation['en']}
{citation['fr']}

Licence of the figures / Licence des chiffres: {s.disclosure.licence or "not given by the source / non précisée par la source"}
{version}
## Load / Charger

    import pandas as pd
    shares = pd.read_csv("{next(iter(survey.tables))}.csv")

    from frictionless import Package
    package = Package("datapackage.json")
"""
    return text.encode()


def study_zip(survey: Survey, study_dir: Path) -> bytes:
    """One zip with the study's files under <study>/, deterministic (fixed dates, sorted names)."""
    members = {f"{name}{suffix}": (study_dir / f"{name}{suffix}").read_bytes()
               for name in survey.tables for suffix in (".csv", ".meta.yml")}
    members["study.yml"] = (study_dir / "study.yml").read_bytes()
    if (study_dir / "changes.yml").exists():
        members["changes.yml"] = (study_dir / "changes.yml").read_bytes()
    members["datapackage.json"] = to_json(datapackage(survey))
    members["README.md"] = readme(survey)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(f"{survey.id}/{name}", ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, members[name])
    return out.getvalue()
