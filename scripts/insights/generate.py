"""Write everything the pages need into docs/assets/generated/ (git-ignored).

Read inputs → compute → write outputs, in that order. A file is written only when its
bytes change (so `mkdocs serve` does not rebuild in a loop), through a temporary file
and a rename (so an interrupted build leaves no half-written file).

Run alone: ``python -m insights.generate`` (exit 1 with one line per problem on bad data).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import vl_convert as vlc

from insights import DATA_DIR, DOCS_DIR, LANGUAGES, ROOT
from insights.data import TABLES, DataError, Problem, Survey, load_survey
from insights.figures import FIGURES
from insights.values import Value, build_values

GENERATED = "assets/generated"  # relative to docs/, and to the site root


@dataclass(frozen=True)
class Context:
    """What the page markers draw on."""

    survey: Survey
    values: dict[str, Value]
    specs: dict[tuple[str, str], dict]  # (figure id, lang) → Vega-Lite spec
    runtime: str  # URL of the Vega runtime, relative to the site root


def write_if_changed(path: Path, content: bytes) -> bool:
    """Atomically replace `path` with `content` unless it already holds exactly that."""
    if path.exists() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return True


def to_json(spec: dict) -> bytes:
    return (json.dumps(spec, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode()


def chart_path(figure_id: str, lang: str, kind: str) -> str:
    """Site-relative path of a chart file; kind is 'vegalite' or 'vega' (compiled).

    Not `x.vl.json`: mkdocs-static-i18n reads any two-letter suffix as a language and drops the file.
    """
    return f"{GENERATED}/charts/{figure_id}-{lang}.{kind}.json"


NODE_MODULES = ROOT / "node_modules"


def vega_build() -> tuple[str, Path]:
    """Version and file of the pinned Vega runtime (package.json), installed by `npm ci`."""
    package = NODE_MODULES / "vega" / "package.json"
    if not package.exists():
        raise DataError([Problem("node_modules/vega", None, None, "the Vega runtime is not installed",
                                 "run `make build` (or `npm ci`) first")])
    return json.loads(package.read_text())["version"], package.parent / "build" / "vega.min.js"


def runtime_path(version: str) -> str:
    return f"{GENERATED}/js/vega-{version}.min.js"


def prune(folder: Path, keep: set[Path]) -> None:
    """Remove generated files that no figure or table produces any more."""
    if folder.exists():
        for path in folder.iterdir():
            if path.is_file() and path not in keep:
                path.unlink()


def generate(data_dir: Path = DATA_DIR, docs_dir: Path = DOCS_DIR) -> Context:
    # Read and validate the inputs.
    survey = load_survey(data_dir)

    # Compute.
    values = build_values(survey)
    specs = {(f.id, lang): f.build(survey, lang) for f in FIGURES.values() for lang in LANGUAGES}

    # Write the outputs.
    written: set[Path] = set()
    for (figure_id, lang), spec in specs.items():
        for kind, content in (("vegalite", spec), ("vega", vlc.vegalite_to_vega(spec))):
            path = docs_dir / chart_path(figure_id, lang, kind)
            write_if_changed(path, to_json(content))
            written.add(path)
    prune(docs_dir / GENERATED / "charts", written)

    for name in (*TABLES, "sources"):
        for suffix in ((".csv", ".meta.yml") if name in TABLES else (".yml",)):
            src, dest = data_dir / f"{name}{suffix}", docs_dir / GENERATED / "data" / f"{name}{suffix}"
            write_if_changed(dest, src.read_bytes())
            written.add(dest)
    prune(docs_dir / GENERATED / "data", written)

    # The Vega runtime (parser and renderer only: charts are compiled to Vega above).
    version, build = vega_build()
    runtime = docs_dir / runtime_path(version)
    write_if_changed(runtime, build.read_bytes())
    prune(runtime.parent, {runtime})

    return Context(survey=survey, values=values, specs=specs, runtime=runtime_path(version))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        generate()
    except DataError as err:
        print(err, file=sys.stderr)
        return 1
    print(f"generated {DOCS_DIR / GENERATED}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
