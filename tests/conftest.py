"""Shared fixtures: one real `mkdocs build --strict` of the repository, served on 127.0.0.1,
and a headless Debian Chromium driven by Playwright."""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from insights.cache import STORE

ROOT = Path(__file__).resolve().parents[1]
SEED = "comptia-2012"  # the seed study (CompTIA's 2012 survey): the engine names no study, the tests do
SEED_DIR = ROOT / "data" / SEED
# A test that builds the whole site or drives a browser is marked slow: `make test-fast` leaves them out
# (pytest -m "not slow"), for the edit-test loop. These fixtures mark their tests; a test that builds
# by itself says so with @pytest.mark.slow or its module's pytestmark.
SLOW_FIXTURES = {"site", "server", "subpath", "subpath_server", "browser"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


# The accessibility statement gives the counts of the last run of the tests it cites
# (insights/accessibility.py): each check's tests, passed and run, written when a run covered them all.
_CHECKED: dict[str, list[int]] = {}


def pytest_runtest_logreport(report):
    if report.when == "call" or (report.when == "setup" and not report.passed):
        from insights.accessibility import check_of

        for check in check_of(report.nodeid):
            counts = _CHECKED.setdefault(check, [0, 0])
            counts[0] += bool(report.passed)
            counts[1] += 1


def pytest_sessionfinish(session, exitstatus):
    from insights.accessibility import CHECKS, write_report

    if set(_CHECKED) == set(CHECKS):
        write_report(_CHECKED)


def _language_roots() -> dict[str, str]:
    """Each declared language's root in the site: {'fr': '/', 'en': '/en/'}."""
    from insights import DEFAULT_LANGUAGE, LANGUAGES
    from insights.theme import language_prefix

    return {lang: "/" + language_prefix(lang, DEFAULT_LANGUAGE) for lang in LANGUAGES}


LANG_ROOTS = _language_roots()


def seed_figures() -> dict:
    """The seed study's figures (figures.StudyFigure by id), as its figures.yml declares them."""
    from insights.generate import load_studies

    return {fid: sf for fid, sf in load_studies()[1].items() if sf.survey.id == SEED}


def site_pages() -> list[str]:
    """Every page's path under a language root, from docs/: index.md → '', platforms.md → 'platforms/'."""
    names = sorted({p.name.split(".")[0] for p in (ROOT / "docs").iterdir() if p.suffix in (".md", ".ipynb")})
    return ["" if name == "index" else f"{name}/" for name in names]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def run_mkdocs_build(site_dir: Path, config: Path = ROOT / "mkdocs.yml", site_url: str | None = None,
                     env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The real command a maintainer runs, in a child process (`env`: more environment variables)."""
    # The site as a build without a test report makes it (its accessibility statement gives no counts).
    # Nor the report PDFs a maintainer printed (make report): a test that wants them says where they are.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "INSIGHTS_TEST_REPORT": os.devnull,
           "INSIGHTS_REPORTS": os.devnull, **(env or {})}
    env.pop("SITE_URL", None)  # the default address unless a test asks for another
    if site_url:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        cwd=config.parent, env=env, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture
def data(tmp_path) -> Path:
    """A copy of the seed study's folder (in a copy of data/) that a test may break."""
    from insights import DATA_DIR

    shutil.copytree(DATA_DIR, tmp_path / "data")
    return tmp_path / "data" / SEED


def project_copy(dest: Path) -> Path:
    """The project's sources in another folder (what a clean clone has, plus the vl-convert and
    notebook caches, to stay fast), for builds that a test may break or compare. No node_modules: building
    needs only Python."""
    for name in ("docs", "data", "scripts", "overrides"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "Makefile", "pyproject.toml", "constraints.txt", "package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, dest)
    for kind in ("charts", "notebooks"):  # kept by content (insights/cache.py): a copy with other inputs misses them
        if (STORE / kind).exists():
            shutil.copytree(STORE / kind, dest / ".cache" / "store" / kind)
    return dest


FIXTURE_STUDY = Path(__file__).parent / "fixtures" / "remote-work"


def fixture_study_project(dest: Path) -> Path:
    """A copy of the project with the fixture study's data and pages (tests/fixtures/remote-work/)
    instead of the seed's, and a navigation of its home page alone."""
    project = project_copy(dest)
    shutil.rmtree(project / "data")
    for page in (project / "docs").iterdir():
        if page.suffix in (".md", ".ipynb") and not page.name.startswith("privacy"):
            page.unlink()
    shutil.copytree(FIXTURE_STUDY / "data", project / "data")
    shutil.copytree(FIXTURE_STUDY / "docs", project / "docs", dirs_exist_ok=True)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text[: text.index("\nnav:")] + "\nnav:\n  - index.md\n", encoding="utf-8")
    return project


@pytest.fixture(scope="session")
def fixture_survey():
    """The fixture study (tests/fixtures/remote-work/), read and checked: one figure of each type."""
    from insights.data import load_survey

    return load_survey(FIXTURE_STUDY / "data" / "remote-work-2024")


@pytest.fixture(scope="session")
def engine(tmp_path_factory):
    """The engine's result for data/ as it is, without MkDocs: every study read, checked, computed
    and drawn (site.Context), its files written into a temporary folder. Pages are filled from it
    with markers.render_page, as a build fills them."""
    from insights.generate import generate

    tmp = tmp_path_factory.mktemp("engine")
    return generate(out_dir=tmp / "generated", cache_dir=tmp / "store")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    site_dir = tmp_path_factory.mktemp("site")
    result = run_mkdocs_build(site_dir)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr[-4000:]}"
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]  # ours, or a kernel's
    assert not warnings, warnings
    return site_dir


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a site as GitHub Pages does: only under `prefix` ('/' or '/<repo>/'), no directory
    listings, and the site's one 404.html, with status 404, for anything missing."""

    prefix = "/"

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        path = path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / ".outside-the-site" / "none")  # never a file
        return super().translate_path("/" + path[len(self.prefix):])

    def list_directory(self, path):
        self.send_error(404)

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class Server:
    """A Pages-like server on 127.0.0.1; `url` is the site's root, e.g. http://127.0.0.1:8123/repo."""

    def __init__(self, prefix: str = "/"):
        self.handler = type("Handler", (PagesHandler,), {"prefix": prefix})
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handle)
        self.directory = ""
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}{prefix.rstrip('/')}"

    def _handle(self, *args, **kwargs):
        return self.handler(*args, directory=self.directory, **kwargs)

    def serve(self, directory: Path) -> str:
        self.directory = str(directory)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self.url

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def server(site) -> str:
    pages = Server()
    yield pages.serve(site)
    pages.close()


REPO = "insights-microsite"  # a project site's sub-path: https://<user>.github.io/<repo>/


@pytest.fixture(scope="session")
def subpath(tmp_path_factory) -> Server:
    """The site built for, and served only under, http://127.0.0.1:<port>/<repo>/, as on a
    project's GitHub Pages, where any link that assumes the host's root breaks."""
    pages = Server(f"/{REPO}/")
    site_dir = tmp_path_factory.mktemp("subpath-site")
    result = run_mkdocs_build(site_dir, site_url=pages.url + "/")
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr[-4000:]}"
    pages.serve(site_dir)
    yield pages
    pages.close()


@pytest.fixture(scope="session")
def subpath_server(subpath) -> str:
    return subpath.url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    assert executable, "Debian's chromium is not on PATH: apt-get install -y chromium (done by .ci/run)"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


class Watch:
    """Everything a page did that a reader would not want: console errors, other hosts, failures."""

    def __init__(self, page, server):
        self.errors, self.foreign, self.failed, self.requests = [], [], [], []
        host = urlparse(server).netloc
        page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("request", lambda req: self.requests.append(req.url))
        page.on("request", lambda req: self.foreign.append(req.url)
                if urlparse(req.url).netloc != host and not req.url.startswith("data:") else None)
        page.on("response", lambda res: self.failed.append(f"{res.status} {res.url}") if res.status >= 400 else None)
        page.on("requestfailed", lambda req: self.failed.append(f"failed {req.url}"))

    def vega_requests(self) -> list[str]:
        return [u for u in self.requests if "vega" in urlparse(u).path]

    def assert_clean(self):
        assert self.errors == [], self.errors
        assert self.foreign == []
        assert self.failed == []


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


COLOUR_RULES = ["color-contrast", "link-in-text-block"]  # what a change of palette alone can break


def axe_violations(page, colours_only: bool = False) -> list[str]:
    """axe-core's WCAG 2.2 AA violations on the page as it is now (or only its colour rules, for
    the same page in another palette)."""
    # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not
    # govern (a <script> added to the page would be refused, as it should be).
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    only = {"type": "rule", "values": COLOUR_RULES} if colours_only else {"type": "tag", "values": AXE_TAGS}
    result = page.evaluate("only => axe.run(document, {runOnly: only})", only)
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]} {v['nodes'][0]['failureSummary'][:200]}"
            for v in result["violations"]]


# Content-Security-Policy violations a page reports, collected from its first script on.
CSP_LISTENER = """window.__csp = [];
document.addEventListener("securitypolicyviolation", e => window.__csp.push(
  `${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));"""


def csp_violations(page) -> list[str]:
    return page.evaluate("window.__csp")
