"""Start a study: ``python -m insights.scaffold <study>`` (or ``make new-study NAME=<study>``).

Writes data/<study>/ (study.yml, an example table answers.csv with its answers.meta.yml,
figures.yml with one figure, and values.yml for the numbers it declares) and a page in each language, docs/<study>.md and docs/<study>.en.md,
with markers; adds the page to the end of mkdocs.yml's nav. The files come from templates/study/
beside this module; the site builds at once, and the example rows say they are to be replaced.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from insights import DEFAULT_LANGUAGE, LANGUAGES, ROOT
from insights.languages import language

TEMPLATES = Path(__file__).with_name("templates") / "study"
STUDY_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
DATA_FILES = ("study.yml", "answers.csv", "answers.meta.yml", "figures.yml", "values.yml")


class ScaffoldError(Exception):
    pass


def fill(template: str, study: str) -> str:
    return (TEMPLATES / template).read_text(encoding="utf-8").replace("{{study}}", study)


def add_to_nav(config: str, page: str) -> str:
    """mkdocs.yml with `page` appended to its nav, which must be the file's last key."""
    lines = config.rstrip("\n").split("\n")
    if "nav:" not in lines:
        raise ScaffoldError("mkdocs.yml has no nav: key. Fix: add the page to the navigation yourself.")
    after = lines[lines.index("nav:") + 1:]
    if not all(line.startswith("  - ") or not line.strip() for line in after):
        raise ScaffoldError(f"nav: is not the last key of mkdocs.yml. Fix: add '  - {page}' to it yourself.")
    return "\n".join([*lines, f"  - {page}"]) + "\n"


def scaffold(study: str, root: Path = ROOT) -> list[Path]:
    """Create the study's files; return them. Nothing is written if any of them exists."""
    if not STUDY_ID.match(study):
        raise ScaffoldError(f"study name {study!r}: must be lowercase letters and digits, joined by -, "
                            "e.g. acme-2026. Fix: choose such a name.")
    data_dir, docs = root / "data" / study, root / "docs"
    targets = {data_dir / name: fill(name, study) for name in DATA_FILES}
    for lang in LANGUAGES:  # a page per language: its template, else its fallback's, else the English one
        template = next(f"page.{code}.md" for code in (lang, language(lang).fallback, "en")
                        if code and (TEMPLATES / f"page.{code}.md").exists())
        targets[docs / (f"{study}.md" if lang == DEFAULT_LANGUAGE else f"{study}.{lang}.md")] = fill(template, study)
    existing = [p for p in targets if p.exists()]
    if existing:
        raise ScaffoldError(f"{existing[0].relative_to(root)} already exists. Fix: choose another name, "
                            "or remove the study's files first.")
    config = root / "mkdocs.yml"
    new_config = add_to_nav(config.read_text(encoding="utf-8"), f"{study}.md")
    data_dir.mkdir(parents=True)
    for path, text in targets.items():
        path.write_text(text, encoding="utf-8")
    config.write_text(new_config, encoding="utf-8")
    return [*targets, config]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m insights.scaffold", description=__doc__.split("\n")[0])
    parser.add_argument("study", help="the study's name, e.g. acme-2026: its folder under data/ and its page")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        written = scaffold(args.study, args.root)
    except ScaffoldError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path.relative_to(args.root)}")
    print(f"Next: fill in data/{args.study}/, then preview with make serve. See CONTRIBUTING.md.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
