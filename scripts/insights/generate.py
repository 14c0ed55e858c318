"""Write everything the pages need into .cache/generated/, served under /generated/.

Read inputs → compute → write outputs, in that order. The folder sits outside docs/ so that
`mkdocs serve` does not see its own output and rebuild twice; the hook adds its files to
the site. A file is written only when its bytes change, through a temporary file and a
rename, so an interrupted build leaves no half-written file; files no longer produced
are removed.

Run alone: ``python -m insights.generate`` (exit 1 with one line per problem on bad data).
"""

from __future__ import annotations

import argparse
import io
import json
import pickle
import re
import signal
import sys
import threading
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import yaml

from insights import DATA_DIR, DOCS_DIR, LANGUAGES, cache, package
from insights.cache import STORE, Converter, Store, write_if_changed  # noqa: F401 (callers import them from here too)
from insights.data import DataError, Survey, load_survey
from insights.study import key_lines
from insights.figures import LAYOUTS, StudyFigure, dark_css, spec, standalone
from insights.captions import source_line, takeaway
from insights.values import build_values
from insights.embed import embed_files
from insights.site import OUT_DIR, PREFIX, Context, RenderedFigure, data_path, download_path, vegalite_path, zip_path  # noqa: F401 (used by callers)



_loaded: dict[Path, tuple[str, Survey, dict[str, StudyFigure]]] = {}  # study folder → (its digest, what it gave)


def load_studies(data_dir: Path = DATA_DIR, kept: Store | None = None) -> tuple[dict[str, Survey], dict[str, StudyFigure]]:
    """Every study in data/ (a folder with a study.yml), and their figures by id.

    A study whose files (and the build code) are those of its last load in this process is not
    read again: under `mkdocs serve`, saving one CSV reloads its study only, and the other
    studies' figures keep the specs they computed (StudyFigure caches its rows and specs). With
    `kept`, a study read and validated once is kept in the cache by the same key."""
    surveys, figures, problems, known, keys = {}, {}, [], {}, {}
    code = cache.code()
    for study_dir in sorted(p.parent for p in data_dir.glob("*/study.yml")):
        key = keys[study_dir.name] = cache.key(code, cache.digest(study_dir))
        path = kept.path(key, ".pickle") if kept else None  # used by this build, whichever way it is read
        if study_dir in _loaded and _loaded[study_dir][0] == key:
            _, surveys[study_dir.name], known[study_dir.name] = _loaded[study_dir]
            continue
        if path is not None and path.exists():
            try:
                surveys[study_dir.name] = pickle.loads(path.read_bytes())
                continue
            except (AttributeError, EOFError, ImportError, pickle.UnpicklingError):
                pass  # written by another version of the code: read the study again
        try:
            surveys[study_dir.name] = load_survey(study_dir)
        except DataError as err:
            problems.extend(err.problems)
            continue
        if path:
            write_if_changed(path, pickle.dumps(surveys[study_dir.name], protocol=pickle.HIGHEST_PROTOCOL))
    if not surveys and not problems:
        problems.append(f"data/: no study found. Fix: a study is a folder data/<study>/ with a study.yml; "
                        "run make new-study NAME=<study> to start one.")
    for survey in surveys.values():
        for figure_id, figure in survey.figures.items():
            if figure_id in figures:
                text = (data_dir / survey.id / "figures.yml").read_text(encoding="utf-8")
                line = key_lines(yaml.compose(text)).get((figure_id,), "?")
                problems.append(f"data/{survey.id}/figures.yml:{line}: key {figure_id}: figure id already used by "
                                f"data/{figures[figure_id].survey.id}/figures.yml. Fix: figure ids are unique "
                                f"across studies; rename one, e.g. {survey.id.split('-')[0]}-{figure_id}.")
            else:
                figures[figure_id] = known.get(survey.id, {}).get(figure_id) or StudyFigure(figure_id, survey, figure)
    if problems:
        raise DataError(problems)
    for study, survey in surveys.items():
        _loaded[data_dir / study] = (keys[study], survey, {i: f for i, f in figures.items() if f.survey is survey})
    return surveys, figures


def to_json(value: dict) -> bytes:
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode()


INLINE_CODE = re.compile(r"""<script|<style|\sstyle\s*=\s*["']""", re.IGNORECASE)  # what the page's policy would have to allow
INNER_ARIA = re.compile(r' (?:role|aria-roledescription|aria-label)="[^"]*"')
MARK_TIP = re.compile(r' aria-label="(\[\[[^"]*)"')  # a mark's description: its tooltip, as JSON (figures.tip)


def inline_svg(svg: str, figure_id: str) -> str:
    """Make a vl-convert SVG one accessible image inside the figure: named by the caption's title,
    described by its takeaway, scaled to the column by CSS. Each bar or dot keeps its tooltip as
    data-tip; Vega's own ARIA roles on inner groups (in English, and unnamed) are removed: the
    caption and the data table say it all."""
    if INLINE_CODE.search(svg):  # the page's policy is computed without its charts' SVG
        raise ValueError(f"figure {figure_id}: vl-convert's SVG carries an inline script or style")
    attrs = (f'role="img" aria-labelledby="fig-{figure_id}-title" aria-describedby="fig-{figure_id}-takeaway" '
             f'focusable="false"')
    svg = INNER_ARIA.sub("", MARK_TIP.sub(r' data-tip="\1"', svg))
    return re.sub(r'^<svg ([^>]*?)class="marks" ', rf"<svg \1{attrs} ", svg, count=1)


def bare_svg(svg: bytes) -> bytes:
    """A downloaded SVG keeps no description meant for the page's tooltips."""
    return INNER_ARIA.sub("", svg.decode()).encode()


def neutralise(cell: str) -> str:
    """A cell that a spreadsheet would run as a formula is made inert."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def figure_csv(sf: StudyFigure) -> bytes:
    """The numbers behind one figure: both labels, the share as reported, n and the 95 % interval
    (a list: its labels)."""
    t = sf.rows()
    labels = {f"label_{lang}": t[f"label_{lang}"].map(neutralise) for lang in LANGUAGES}
    if sf.type == "breakdown":  # the group of each row, named in every language beside its base id
        labels |= {f"group_{lang}": t["base"].map(lambda b, lang=lang: neutralise(sf.survey.bases[b]["label"][lang]))
                   for lang in LANGUAGES}
    frame = pd.DataFrame({
        "id": t["id"], **labels, "share_pct": t["share_pct"], "base": t["base"], "n": t["n"],
        "ci_low_pct": (100 * t["ci_low"]).round(1), "ci_high_pct": (100 * t["ci_high"]).round(1),
    }) if "share" in t else pd.DataFrame({"id": t["id"], **labels})
    out = io.StringIO()
    frame.to_csv(out, index=False, lineterminator="\n")
    return out.getvalue().encode()


def figure_place(data_dir: Path, sf: StudyFigure) -> str:
    """Where a figure is declared, as messages name it: data/<study>/figures.yml:<line>."""
    text = (data_dir / sf.survey.id / "figures.yml").read_text(encoding="utf-8")
    return f"data/{sf.survey.id}/figures.yml:{key_lines(yaml.compose(text)).get((sf.id,), '?')}"


def page_spec(sf: StudyFigure, lang: str, layout: str, kept: Store | None = None) -> dict:
    """The figure's spec for a page; `kept`: where specs are kept by their inputs (Altair takes ~20 ms
    a spec; reading one, none)."""
    if kept is None or (lang, layout) in sf._specs:  # computed or read once per figure (render, then the check)
        return spec(sf, lang, layout)
    path = kept.path(cache.key(cache.code(), lang, layout, sf.inputs()), ".json")
    if path.exists():
        sf._specs[(lang, layout)] = json.loads(path.read_text(encoding="utf-8"))
        return sf._specs[(lang, layout)]
    out = spec(sf, lang, layout)
    write_if_changed(path, json.dumps(out, ensure_ascii=False).encode())
    return out


def drawing_problems(figures: dict[str, StudyFigure], convert: Converter, data_dir: Path,
                     kept: Store | None = None) -> list[str]:
    """What a reader would see wrong in the charts render() drew (drawing.check, kept with the
    drawings), naming figure, language and layout: such a chart is never published."""
    out = []
    for sf in figures.values():
        for lang in LANGUAGES:
            for layout in LAYOUTS if sf.drawn() else ():
                for problem in convert("check", page_spec(sf, lang, layout, kept)).decode().splitlines():
                    out.append(f"{figure_place(data_dir, sf)}: key {sf.id}: its {layout} chart in {lang} fails the drawing "
                               f"check: {problem}. Fix: shorten its labels, show fewer rows, or choose another type.")
    return out


def render(figures: dict[str, StudyFigure], convert: Converter,
           kept: Store | None = None) -> tuple[dict[str, bytes], dict[tuple[str, str], RenderedFigure]]:
    """Every generated file (site path → bytes) and the figures as pages show them. `kept`: where
    the figures' specs are kept (page_spec)."""
    specs = {}  # (figure id, lang) → its page specs by layout, and the chart on its own (downloads)

    def drawings():
        for sf in figures.values():
            for lang in LANGUAGES:
                if sf.drawn():
                    page = {layout: page_spec(sf, lang, layout, kept) for layout in LAYOUTS}
                    alone = standalone(page["wide"], sf.figure.title[lang], source_line(sf, lang))
                    specs[(sf.id, lang)] = page, alone
                    yield from ((("svg", "check"), s) for s in page.values())
                    yield ("svg", "png"), alone

    convert.draw_all(drawings())
    files: dict[str, bytes] = {}
    rendered = {}
    for sf in figures.values():
        files[download_path(sf.id, None, "csv")] = figure_csv(sf)
        for lang in LANGUAGES:
            svgs = {}
            if (sf.id, lang) in specs:
                page, alone = specs[(sf.id, lang)]
                svgs = {layout: inline_svg(convert("svg", s).decode(), sf.id) for layout, s in page.items()}
                files[vegalite_path(sf.id, lang)] = to_json(alone)
                files[download_path(sf.id, lang, "svg")] = bare_svg(convert("svg", alone))
                files[download_path(sf.id, lang, "png")] = convert("png", alone)
            rendered[(sf.id, lang)] = RenderedFigure(sf.figure.title[lang], takeaway(sf, lang), svgs)
    files[f"{PREFIX}/charts.css"] = dark_css().encode()
    return files, rendered


class Progress:
    """How far a long drawing is: a bar on a terminal, a line at each tenth elsewhere (a log, CI)."""

    FROM = 40  # drawings: a shorter batch says nothing until its summary line

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.tenths = 0

    def __call__(self, done: int, total: int) -> None:
        if total < self.FROM:
            return
        if self.stream.isatty():
            filled = 30 * done // total
            print(f"\rCharts: [{'#' * filled}{'.' * (30 - filled)}] {done}/{total} drawn", end="\n" if done == total else "",
                  file=self.stream, flush=True)
        elif 10 * done // total > self.tenths:
            self.tenths = 10 * done // total
            print(f"INFO    -  Charts: {done}/{total} drawn", file=self.stream, flush=True)


def write_tree(out_dir: Path, files: dict[str, bytes]) -> None:
    """Make out_dir hold exactly `files` (site path → bytes)."""
    for site_path, content in files.items():
        write_if_changed(out_dir / site_path, content)
    wanted = {out_dir / p for p in files}
    for path in sorted(out_dir.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def compute(data_dir: Path, cache_dir: Path, docs_dir: Path = DOCS_DIR,
            validated: Callable[[], None] | None = None) -> tuple[dict[str, bytes], Context, Converter]:
    """Read and validate the inputs (then call `validated`), and compute every generated file
    (site path → bytes)."""
    studies = Store("studies", cache_dir)
    surveys, figures = load_studies(data_dir, studies)
    studies.prune()
    values = {name: value for survey in surveys.values() for name, value in build_values(survey).items()}
    if validated:
        validated()
    convert, kept = Converter(Store("charts", cache_dir), Progress()), Store("specs", cache_dir)
    files, rendered = render(figures, convert, kept)
    refused = drawing_problems(figures, convert, data_dir, kept)
    kept.prune()
    if refused:
        raise DataError(refused)
    for study, survey in surveys.items():  # the raw files, as downloads
        study_dir = data_dir / study
        for name in survey.tables:
            for suffix in (".csv", ".meta.yml"):
                files[data_path(study, name + suffix)] = (study_dir / f"{name}{suffix}").read_bytes()
        for name in ("study.yml", "figures.yml", "values.yml"):
            if (study_dir / name).exists():
                files[data_path(study, name)] = (study_dir / name).read_bytes()
        files[data_path(study, "datapackage.json")] = package.to_json(package.datapackage(survey))
        files[zip_path(study)] = package.study_zip(survey, study_dir)
    from insights.changes import entries
    context = Context(surveys=surveys, figures=figures, values=values, rendered=rendered, changes=tuple(entries(surveys)))

    files.update(embed_files(context, docs_dir))
    return files, context, convert


@contextmanager
def sigterm_as_exit():
    """SIGTERM raises SystemExit, as Ctrl-C raises KeyboardInterrupt, so that the clean-up in
    write_if_changed runs and no temporary file outlives an interrupted build."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def generate(data_dir: Path = DATA_DIR, out_dir: Path = OUT_DIR, cache_dir: Path = STORE,
             docs_dir: Path = DOCS_DIR, validated: Callable[[], None] | None = None, key: str | None = None) -> Context:
    """Compute and write every generated file, unless the inputs (data/, the build code, the
    pages' markers) are those of the last run and its files are all in place: then that run's
    result is reused as it is, with nothing recomputed or redrawn (a no-change build).
    `validated` is called as soon as the inputs are known to be valid (the hook starts the
    notebooks then, to run while the charts are drawn). `key`: the inputs' key, from a caller that
    already looked for the last result (cache.recall_generation) and found none."""
    previous = None
    if key is None:
        key, previous = cache.recall_generation(data_dir, docs_dir, out_dir, cache_dir)
    if previous is not None:
        if validated:
            validated()
        return previous
    with sigterm_as_exit():
        files, context, convert = compute(data_dir, cache_dir, docs_dir, validated)
        write_tree(out_dir, files)
        convert.prune()
        context = context.counted(key, drawn=convert.drawn, reused=len(convert.used) - convert.drawn)
        cache.keep_generation(key, context, {site_path: len(content) for site_path, content in files.items()}, cache_dir)
    return context


def stale(data_dir: Path = DATA_DIR, out_dir: Path = OUT_DIR, cache_dir: Path = STORE) -> list[str]:
    """Generated files that data/ and scripts/ as they are now would write differently (or not at all)."""
    files, _, _ = compute(data_dir, cache_dir)
    on_disk = {p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*") if p.is_file()} if out_dir.exists() else set()
    changed = {p for p, content in files.items() if p not in on_disk or (out_dir / p).read_bytes() != content}
    return sorted(changed | (on_disk - set(files)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m insights.generate", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="folder of studies, each a folder of CSV and YAML files (default: data/)")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="where generated files go")
    parser.add_argument("--cache", type=Path, default=STORE, help="the cache kept between builds (default: .cache/store/)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if generated files are stale")
    parser.add_argument("--debug", action="store_true", help="show the Python traceback of an error")
    args = parser.parse_args(argv)
    try:
        if args.check:
            # A CSV edited with no entry in its study's changes.yml: the record of corrections is kept.
            from insights.data import unrecorded_change
            surveys, _ = load_studies(args.data)
            unrecorded = [p for study, survey in surveys.items() if (p := unrecorded_change(survey, args.data / study))]
            for problem in unrecorded:
                print(problem, file=sys.stderr)
            outdated = stale(args.data, args.out, args.cache)
            for path in outdated:
                print(f"stale: {path}", file=sys.stderr)
            if outdated:
                print(f"{len(outdated)} generated files are out of date with data/ and scripts/. Fix: run make build.",
                      file=sys.stderr)
            if outdated or unrecorded:
                return 1
            print("generated files are up to date", file=sys.stderr)
            return 0
        generate(args.data, args.out, args.cache)
    except DataError as err:
        if args.debug:
            raise
        print(err, file=sys.stderr)
        return 1
    except Exception as err:  # a bug, not bad data: say so in one line unless asked for more
        if args.debug:
            raise
        print(f"error: {type(err).__name__}: {err} (run with --debug for the traceback)", file=sys.stderr)
        return 2
    print(f"generated {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
