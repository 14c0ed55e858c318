"""Measure what we hold the site to, print one table, and write it to BENCHMARKS.md.

    python scripts/benchmark.py                 # everything (make bench)
    python scripts/benchmark.py --scale 5,10 --no-pages --no-loop --out -   # a quick smoke run

Every build runs in a copy of the project in a temporary folder (the repository's .cache is never
touched), as `mkdocs build --strict` in a child process that reports its own peak memory (and its
children's, e.g. notebook kernels). "Plain" is `mkdocs build` of the same pages with the hook off
and notebooks not executed: what MkDocs and the theme cost alone, measured in the same run, so
that ratios hold on any machine.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("docs", "data", "scripts", "overrides", "mkdocs.yml", "pyproject.toml", "constraints.txt")
REPEAT = 3  # short measures are taken this many times, and the fastest kept: a shared machine is noisy
PAGES = {"home": "/", "chart page": "/platforms/", "chartless page": "/privacy/", "notebook": "/analysis/",
         "data page": "/data/", "context page": "/context/", "embed page": "/embed/platforms/"}
# Runs mkdocs in this process and prints its peak memory, and its children's, in KiB.
MEASURED = ("import resource, runpy, sys\n"
            "sys.argv = ['mkdocs'] + sys.argv[1:]\n"
            "try:\n    runpy.run_module('mkdocs', run_name='__main__')\n"
            "except SystemExit as exit:\n    code = exit.code\nelse:\n    code = 0\n"
            "me, kids = (resource.getrusage(w).ru_maxrss for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n"
            "print(f'PEAK {me} {kids}', file=sys.stderr)\n"
            "sys.exit(code)\n")


def copy_project(dest: Path) -> Path:
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / name)
    return dest


def plain_config(project: Path) -> Path:
    """The same site without our hook and without executing notebooks."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"\nhooks:\n  - scripts/hooks.py\n", "\n", text)
    text = text.replace("      execute: true", "      execute: false").replace("      - generated/charts.css\n", "")
    path = project / "mkdocs.plain.yml"
    path.write_text(text, encoding="utf-8")
    return path


def project_env(project: Path, **more: str) -> dict[str, str]:
    """The environment of a command run in the copy `project`: its own scripts, the default address."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project / "scripts"), **more}
    env.pop("SITE_URL", None)
    return env


def build(project: Path, config: str = "mkdocs.yml") -> tuple[float, float]:
    """Seconds and peak MiB (the larger of the build and its children) of one strict build."""
    env = project_env(project)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", MEASURED, "build", "--strict", "-f", config, "-d", "site"],
                            cwd=project, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(f"build failed in {project}:\n{result.stderr[-3000:]}")
    me, kids = map(int, re.search(r"PEAK (\d+) (\d+)", result.stderr).groups())
    return seconds, max(me, kids) / 1024


def builds(workdir: Path) -> list[tuple[str, float, float, float]]:
    """Cold, no-change and one-CSV-changed builds of the site, each beside the plain build."""
    project = copy_project(workdir / "site")
    plain = plain_config(project)
    build(project, plain.name)  # warm the disk and Python's caches, as a maintainer's machine would be
    plain_seconds = min(build(project, plain.name)[0] for _ in range(REPEAT))
    rows = []
    seconds, peak = build(project)
    rows.append(("cold (no cache)", seconds, peak, seconds / plain_seconds))
    seconds, peak = min(build(project) for _ in range(REPEAT))
    rows.append(("no change", seconds, peak, seconds / plain_seconds))
    csv = project / "data" / "comptia-2012" / "purposes.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(",48,", ",47,"), encoding="utf-8")
    seconds, peak = build(project)
    rows.append(("one CSV changed", seconds, peak, seconds / plain_seconds))
    rows.append(("plain mkdocs build (hook off, notebooks not run)", plain_seconds, None, 1.0))
    return rows


def synthetic_study(project: Path, figures: int) -> None:
    """Replace the studies and pages with one made-up study of `figures` bar charts, declared
    through data/<study>/ like any study (10 figures a page, both languages)."""
    shutil.rmtree(project / "data")
    study = project / "data" / "synthetic"
    study.mkdir(parents=True)
    fixture = ROOT / "tests" / "fixtures" / "remote-work" / "data" / "remote-work-2024"
    (study / "study.yml").write_text((fixture / "study.yml").read_text(encoding="utf-8"), encoding="utf-8")
    meta = (fixture / "tools.meta.yml").read_text(encoding="utf-8")
    declared = ["# yaml-language-server: $schema=../../scripts/insights/figures.schema.json"]
    for i in range(figures):
        rows = "".join(f"item_{j},Élément {j},Item {j},{(7 * i + 13 * j) % 90 + 5},firms\n" for j in range(6))
        (study / f"table_{i}.csv").write_text("id,label_fr,label_en,share_pct,base\n" + rows, encoding="utf-8")
        (study / f"table_{i}.meta.yml").write_text(meta, encoding="utf-8")
        declared += [f"figure-{i}:", "  type: bars", f"  data: [table_{i}]",
                     f"  title: {{fr: Figure {i}, en: Figure {i}}}", "  axis: {fr: Part, en: Share}",
                     "  takeaway: {rule: leader}"]
    (study / "figures.yml").write_text("\n".join(declared) + "\n", encoding="utf-8")
    for page in (project / "docs").iterdir():
        if page.suffix in (".md", ".ipynb") and not page.name.startswith("privacy"):
            page.unlink()
    names = []
    for p in range(0, figures, 10):
        name = "index" if p == 0 else f"page-{p // 10}"
        body = "\n\n".join(f"<!-- figure: figure-{i} -->" for i in range(p, min(p + 10, figures)))
        for suffix, title in ((".md", "Page"), (".en.md", "Page")):
            (project / "docs" / f"{name}{suffix}").write_text(f"# {title} {p // 10}\n\n{body}\n", encoding="utf-8")
        names.append(f"{name}.md")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text[: text.index("\nnav:")] + "\nnav:\n" + "".join(f"  - {n}\n" for n in names), encoding="utf-8")


def scale(workdir: Path, sizes: list[int]) -> list[tuple[str, float, float, float]]:
    rows = []
    for figures in sizes:
        project = copy_project(workdir / f"scale-{figures}")
        synthetic_study(project, figures)
        cold, peak = build(project)
        warm, warm_peak = build(project)
        rows.append((f"{figures} figures × 2 languages, cold", cold, peak, None))
        rows.append((f"{figures} figures × 2 languages, no change", warm, warm_peak, warm / cold))
    return rows


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def loop(workdir: Path) -> list[tuple[str, float]]:
    """Save a CSV under a running `mkdocs serve --livereload`, with the chart page and the notebook
    page open in Chromium: seconds from the save until each page, reloaded by the server's own
    live-reload script, shows the new number."""
    from playwright.sync_api import sync_playwright

    project = copy_project(workdir / "serve")
    port = free_port()
    env = project_env(project)
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    served = threading.Event()

    def read():
        for line in server.stderr:
            lines.append(line)
            if "Serving on" in line:
                served.set()
        served.set()

    threading.Thread(target=read, daemon=True).start()
    csv = project / "data" / "comptia-2012" / "external_platforms.csv"
    rows = []
    try:
        if not served.wait(600) or server.poll() is not None:
            raise SystemExit("mkdocs serve did not start:\n" + "".join(lines[-20:]))
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=shutil.which("chromium"),
                                         args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            chart, notebook = browser.new_page(), browser.new_page()
            chart.goto(f"http://127.0.0.1:{port}/en/platforms/")
            notebook.goto(f"http://127.0.0.1:{port}/en/analysis/")

            def shown(page, share: int) -> None:
                """Until the page shows `share` as a whole element's text (a table cell, a label) and
                no notebook is being recomputed: the server reloads it, the benchmark never does."""
                page.locator("article:not(:has(.notebook-running))").get_by_text(f"{share}%", exact=True).first.wait_for(
                    timeout=600_000)

            # As a maintainer finds it: the server idle, its notebooks executed (they run in the background).
            shown(notebook, 82)
            times: dict[str, list[float]] = {"chart": [], "notebook": []}
            for old, new in ((82, 79), (79, 78), (78, 77)):  # numbers no page shows before the edit
                start = time.perf_counter()
                csv.write_text(csv.read_text(encoding="utf-8").replace(f",{old},", f",{new},"), encoding="utf-8")
                shown(chart, new)
                times["chart"].append(time.perf_counter() - start)
                shown(notebook, new)  # idle again before the next edit
                times["notebook"].append(time.perf_counter() - start)
            browser.close()
        for name, page in (("chart page (/en/platforms/)", "chart"), ("notebook page (/en/analysis/)", "notebook")):
            rows.append((f"{name}, open in Chromium, median of {len(times[page])}", sorted(times[page])[len(times[page]) // 2]))
    finally:
        server.terminate()
        server.wait(timeout=60)
    return rows


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as GitHub Pages does: text compressed with gzip when the browser accepts it,
    cached for 10 minutes."""

    TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv", ".map")

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (path.is_file() and path.suffix in self.TEXT and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        if not self.path.split("?")[0].endswith(("/", path.name)):  # a folder without its slash
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve_site(site: Path):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def page_weights(site: Path) -> list[tuple[str, int, float, float]]:
    """What Chromium fetches before any interaction: requests, raw and gzip kB (as served, level 6)."""
    from playwright.sync_api import sync_playwright

    rows = []
    with serve_site(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"])
        for name, path in PAGES.items():
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            bodies = []
            page.on("requestfinished", lambda req: bodies.append(req.response().body()))
            page.goto(base + path, wait_until="networkidle")
            page.close()
            rows.append((f"{name} ({path})", len(bodies), sum(map(len, bodies)) / 1000,
                         sum(len(gzip.compress(b, 6)) for b in bodies) / 1000))
        browser.close()
    return rows


def reports(workdir: Path) -> list[tuple[str, float, int, int, float]]:
    """`make report`'s printing of every study's PDF in every language from the built site: seconds,
    how many, their pages, the largest in MB (needs Chromium, as page weights do)."""
    from pypdf import PdfReader

    project, folder = workdir / "site", workdir / "reports"
    env = project_env(project, INSIGHTS_REPORTS=str(folder))
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "insights.report", str(project / "site")], cwd=project, env=env,
                   check=True, capture_output=True)
    seconds = time.perf_counter() - start
    pdfs = sorted(folder.glob("*.pdf"))
    pages = sum(len(PdfReader(pdf).pages) for pdf in pdfs)
    return [("every study, every language: the printing make report does between its two builds", seconds, len(pdfs), pages,
             max(pdf.stat().st_size for pdf in pdfs) / 1e6)]


LIGHTHOUSE = "lighthouse@12.2.3"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse(site: Path, workdir: Path) -> dict[str, tuple[int, ...]]:
    """Lighthouse's mobile scores of each page type (npx fetches the pinned version from npm once;
    Debian's chromium runs it). Needs Node.js: make bench only, never the tests."""
    npx, chromium = shutil.which("npx"), shutil.which("chromium")
    if not (npx and chromium):
        print("lighthouse: skipped (needs npx and chromium on PATH)", file=sys.stderr)
        return {}
    scores = {}
    with serve_site(site) as base:
        for name, path in PAGES.items():
            runs = []
            for run in range(REPEAT):  # a score moves by a few points from one run to the next: the median of 3
                report = workdir / f"lighthouse-{len(scores)}-{run}.json"
                result = subprocess.run([npx, "--yes", LIGHTHOUSE, base + path, "--quiet", "--output=json",
                                         f"--output-path={report}", f"--only-categories={','.join(CATEGORIES)}",
                                         "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                                        env={**os.environ, "CHROME_PATH": chromium}, capture_output=True, text=True)
                if result.returncode or not report.exists():
                    raise SystemExit(f"lighthouse failed on {path}:\n{result.stderr[-2000:]}")
                data = json.loads(report.read_text(encoding="utf-8"))
                runs.append(tuple(round(100 * data["categories"][c]["score"]) for c in CATEGORIES))
            scores[name] = tuple(sorted(category)[len(category) // 2] for category in zip(*runs))
            failing = [f"{a['id']} ({a['score']})" for a in data["audits"].values()
                       if a.get("score") is not None and a["score"] < 0.9 and a.get("scoreDisplayMode") in ("binary", "numeric")]
            if failing:
                print(f"lighthouse {path}: below 0.9: {', '.join(failing)}", file=sys.stderr)
    return scores


def machine() -> str:
    memory = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0) if Path("/proc/meminfo").exists() else 0
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {memory // 1024} GiB, "
            f"Python {platform.python_version()}")


def report(build_rows, scale_rows, loop_rows, page_rows, scores=None, report_rows=()) -> str:
    out = [f"Machine: {machine()}. Generated by `make bench` (scripts/benchmark.py); ratios are to the plain "
           "build measured in the same run.", ""]
    if build_rows or scale_rows:
        out += ["| build | seconds | peak MiB | ratio (to the plain build; scale: to its own cold build) |",
                "|---|--:|--:|--:|"]
        for name, seconds, peak, ratio in [*build_rows, *scale_rows]:
            out.append(f"| {name} | {seconds:.1f} | {'—' if peak is None else f'{peak:.0f}'} | "
                       f"{'—' if ratio is None else f'{ratio:.2f}×'} |")
        if scale_rows and len(scale_rows) >= 4:
            (_, small, *_), _, (_, large, *_), _ = scale_rows[:4]
            out.append(f"| larger study ÷ smaller, cold | | | {large / small:.2f}× |")
        out.append("")
    if loop_rows:
        out += ["| edit → visible under `mkdocs serve` | seconds |", "|---|--:|"]
        out += [f"| {name} | {seconds:.1f} |" for name, seconds in loop_rows] + [""]
    if report_rows:
        out += ["| report PDFs | seconds | PDFs | A4 pages in all | largest MB |", "|---|--:|--:|--:|--:|"]
        out += [f"| {name} | {seconds:.1f} | {n} | {pages} | {largest:.2f} |" for name, seconds, n, pages, largest in report_rows]
        out.append("")
    if page_rows:
        scores = scores or {}
        out += ["| page, before any interaction | requests | raw kB | gzip kB | Lighthouse mobile, median of 3: performance / accessibility / best practices / SEO |",
                "|---|--:|--:|--:|--:|"]
        for name, n, raw, gz in page_rows:
            score = scores.get(name.split(" (")[0])
            out.append(f"| {name} | {n} | {raw:.1f} | {gz:.1f} | {' / '.join(map(str, score)) if score else '—'} |")
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", default="100,200", help="sizes of the synthetic study, in figures (default 100,200)")
    parser.add_argument("--no-builds", action="store_true", help="skip the site's builds")
    parser.add_argument("--no-loop", action="store_true", help="skip the mkdocs serve loop")
    parser.add_argument("--no-pages", action="store_true", help="skip page weights and report PDFs (need Chromium)")
    parser.add_argument("--no-lighthouse", action="store_true", help=f"skip Lighthouse (npx {LIGHTHOUSE})")
    parser.add_argument("--out", default=str(ROOT / "BENCHMARKS.md"), help="where to write the table (- for nowhere)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        workdir = Path(tmp)
        build_rows = [] if args.no_builds else builds(workdir)
        sizes = [int(s) for s in args.scale.split(",") if s]
        scale_rows = scale(workdir, sizes) if sizes else []
        loop_rows = [] if args.no_loop else loop(workdir)
        page_rows = [] if args.no_pages or args.no_builds else page_weights(workdir / "site" / "site")
        report_rows = [] if args.no_pages or args.no_builds else reports(workdir)
        scores = {} if args.no_lighthouse or not page_rows else lighthouse(workdir / "site" / "site", workdir)
        table = report(build_rows, scale_rows, loop_rows, page_rows, scores, report_rows)
    print(table)
    if args.out != "-":
        Path(args.out).write_text("# Benchmarks\n\n" + table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
