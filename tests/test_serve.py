"""`mkdocs serve` with bad data or a bad marker: the server keeps running, the error shows in
the terminal and at the top of the page, and fixing the file brings the page back. The test
waits for each build to end (the server's own "Documentation built" line), never for a time."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import queue
import threading
import urllib.request
from html import unescape

import pytest

from conftest import ROOT, project_copy


pytestmark = pytest.mark.slow  # builds the site (or serves it) itself

DEADLINE = 300


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return unescape(response.read().decode("utf-8"))
    except OSError:
        return None


class Server:
    """`mkdocs serve` in a child process; its terminal lines are kept, and each line saying a build
    ended (or the server started) is an event that a test can wait for. A page is read only
    between builds: mid-build, some pages are new and others old, and an edit made then races
    with the build that is reading the files."""

    STARTS = "Building documentation"
    EVENTS = ("Reloading browsers", "Serving on", "An error happened during the rebuild")

    def __init__(self, project, port: int, env: dict[str, str] | None = None, args: list[str] = ()):
        self.process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", *args],
                                        cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self.building = True  # the first build starts at once
        self.events: queue.Queue = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.process.stderr:
            self.lines.append(line)
            if self.STARTS in line:
                self.building = True
            elif any(event in line for event in self.EVENTS):
                self.building = False
                self.events.put(line)
        self.events.put(None)  # the server stopped

    def wait_until(self, url: str, condition) -> str:
        """The page at `url` once `condition(html)` holds, between two builds: fetched now if no
        build is running, then after each build."""
        while True:
            html = None if self.building else fetch(url)
            if html is not None and condition(html) and not self.building:
                return html
            try:
                event = self.events.get(timeout=DEADLINE)
            except queue.Empty:
                pytest.fail(f"{url}: no build for {DEADLINE} s, and the expected page never came; the server said:\n"
                            + "".join(self.lines[-30:]))
            assert event is not None, "the server stopped"

    def builds(self) -> int:
        """How many builds have started."""
        return sum(self.STARTS in line for line in list(self.lines))

    def wait_until_settled(self) -> None:
        """Until a build has ended and no notebook is executing in the background (whose end would
        start another build)."""
        while True:
            lines = list(self.lines)
            ended = [i for i, line in enumerate(lines) if any(event in line for event in self.EVENTS)]
            if ended and not self.building:
                since = lines[max(i for i, line in enumerate(lines) if self.STARTS in line):]
                if not any("executing in the background" in line for line in since):
                    return
            try:
                event = self.events.get(timeout=DEADLINE)
            except queue.Empty:
                pytest.fail(f"no build for {DEADLINE} s; the server said:\n" + "".join(self.lines[-30:]))
            assert event is not None, "the server stopped"

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=60)
        self.reader.join(timeout=60)  # it ends when the pipe does
        self.process.stderr.close()


def edit(path, old: str, new: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert old in content
    path.write_text(content.replace(old, new, 1), encoding="utf-8")


def test_serve_survives_bad_data_and_bad_markers(tmp_path):
    project = project_copy(tmp_path / "project")
    csv, page = project / "data" / "comptia-2012" / "purposes.csv", project / "docs" / "purposes.md"
    edit(csv, ",48,", ",480,")  # bad from the start: the server must still come up
    port = free_port()
    server, url = Server(project, port), f"http://127.0.0.1:{port}"
    message = "data/comptia-2012/purposes.csv:3: column share_pct: must be a whole number from 0 to 100 (got '480')"
    french = ("data/comptia-2012/purposes.csv:3\u202f: colonne share_pct\u202f: doit être un nombre entier de 0 à 100 "
              "(ici '480'). Correction\u202f: les parts sont des pourcentages de la base.")
    try:
        html = server.wait_until(url + "/purposes/", lambda h: "serve-error" in h)
        assert french in html and "Erreur dans les fichiers du site" in html and "ses chiffres manquent" in html
        assert message not in html, "the French page's banner speaks French"
        assert message in server.wait_until(url + "/en/platforms/", lambda h: "serve-error" in h)
        assert server.process.poll() is None
        assert any(message in line for line in server.lines)

        edit(csv, ",480,", ",48,")  # fixed: the page comes back, with its numbers
        html = server.wait_until(url + "/purposes/", lambda h: "serve-error" not in h and "48\u202f%" in h)

        edit(page, "\n\n", "\n\n<!-- value: comptia-2012.purposes.nope -->\n\n")  # a bad marker: that page only
        html = server.wait_until(url + "/purposes/", lambda h: "serve-error" in h)
        assert "docs/purposes.md:" in html and "valeur inconnue 'comptia-2012.purposes.nope'" in html
        assert "serve-error" not in fetch(url + "/platforms/")

        edit(page, "<!-- value: comptia-2012.purposes.nope -->", "")
        server.wait_until(url + "/purposes/", lambda h: "serve-error" not in h)

        edit(csv, ",48,", ",4.8,")  # bad again: the last good numbers stay, under the error
        html = server.wait_until(url + "/purposes/", lambda h: "serve-error" in h)
        assert "(ici '4.8')" in html and "48\u202f%" in html and "dernières données valides" in html
        assert server.process.poll() is None, "the server stopped"
    finally:
        server.stop()


def test_the_notebook_follows_a_data_change_and_says_so_meanwhile(tmp_path):
    """A saved CSV shows on the chart pages without waiting for the notebooks; until they have run
    again, a notebook page shows no old number: its code, and a note saying it is recomputing.
    (A notebook starts only while the gate file exists, tests/harness/notebook_gate.py: the order is certain.)"""
    project = project_copy(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - scripts/hooks.py\n", "  - scripts/hooks.py\n"
                                                 f"  - {ROOT / 'tests' / 'harness' / 'notebook_gate.py'}\n"))
    assert "notebook_gate.py" in config.read_text()
    csv, gate = project / "data" / "comptia-2012" / "purposes.csv", tmp_path / "gate"
    gate.touch()
    port = free_port()
    server, url = Server(project, port, {"NOTEBOOK_GATE": str(gate)}), f"http://127.0.0.1:{port}"
    try:
        html = server.wait_until(url + "/en/analysis/", lambda h: ">48%<" in h)
        assert "notebook-running" not in html

        gate.unlink()
        edit(csv, ",48,", ",47,")
        server.wait_until(url + "/en/purposes/", lambda h: "47%" in h)
        for path, words in (("/en/analysis/", "Results being recomputed"), ("/analysis/", "Résultats en cours de recalcul")):
            html = fetch(url + path)
            assert "notebook-running" in html and words in html
            assert ">48%<" not in html and ">48\u202f%<" not in html, "an old number beside the new pages"
            assert "<pre" in html or "highlight" in html, "the notebook's code is shown"
        assert any("executing in the background" in line for line in server.lines)

        gate.touch()  # the notebooks run; when both are done the server rebuilds by itself
        html = server.wait_until(url + "/en/analysis/", lambda h: ">47%<" in h)
        assert "notebook-running" not in html
        assert "notebook-running" not in server.wait_until(url + "/analysis/", lambda h: ">47\u202f%<" in h)
        assert server.process.poll() is None
    finally:
        server.stop()


# The serve log: our one line per phase, and MkDocs' own lines (the build, the watcher, the URL).
# Other packages' INFO lines (mkdocs-static-i18n's overrides, mkdocs-jupyter's cache) show with --verbose only.
QUIET_LOG = tuple(f"INFO    -  {start}" for start in (
    "Charts: ", "Social cards: ", "Pages: ", "Notebooks: ", "Building documentation...", "Cleaning site directory",
    "Documentation built in ", "Report PDF: ", "[")) + ("\n",)  # "[12:00:00] Serving on …", "… Reloading browsers"
LIVE_RELOAD_LOG = "Enabled live reload"  # what MkDocs' live-reload script logs once it runs


class OpenPage:
    """A page left open in Chromium, as a maintainer leaves it: what its console said and which
    Content-Security-Policy violations it reported, across the reloads the server causes."""

    def __init__(self, browser, url: str):
        self.console: list[str] = []
        self.violations: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.on("console", lambda msg: self.console.append(f"{msg.type}: {msg.text}"))
        self.page.expose_function("reportViolation", lambda text: self.violations.append(text))
        self.page.add_init_script("""document.addEventListener("securitypolicyviolation", e =>
            window.reportViolation(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));""")
        with self.page.expect_console_message(lambda msg: msg.text == LIVE_RELOAD_LOG or "Content Security Policy" in msg.text,
                                              timeout=DEADLINE * 1000) as first:
            self.page.goto(url)
        assert first.value.text == LIVE_RELOAD_LOG, f"{url}: {first.value.text}"
        self.page.evaluate("window.openedByTheTest = true")  # gone once the page reloads

    def wait_for(self, selector: str, text: str) -> None:
        """Until an element the selector finds holds `text`, in the page as reloaded by the server alone."""
        self.page.locator(selector, has_text=text).wait_for(timeout=DEADLINE * 1000)
        assert self.page.evaluate("window.openedByTheTest === undefined"), "the page shows it without a reload"

    def assert_clean(self) -> None:
        assert self.violations == []
        assert not [line for line in self.console if "Content Security Policy" in line or line.startswith("error")]


def test_live_reload_brings_a_saved_csv_into_pages_left_open(tmp_path, browser):
    """`mkdocs serve --livereload`, a chart page and a notebook page open in Chromium; a share is
    saved in a CSV. The live-reload script runs (the policy allows it), the chart page shows the
    new number, then the notebook page when its kernels are done: two builds for one save."""
    project = project_copy(tmp_path / "project")
    csv = project / "data" / "comptia-2012" / "purposes.csv"
    port = free_port()
    server = Server(project, port, {"INSIGHTS_REPORTS": os.devnull}, args=["--livereload"])  # no PDFs printed
    url = f"http://127.0.0.1:{port}"
    try:
        server.wait_until_settled()
        chart, notebook = OpenPage(browser, url + "/en/purposes/"), OpenPage(browser, url + "/en/analysis/")
        assert chart.page.locator("article", has_text="48%").count()
        builds = server.builds()

        edit(csv, ",48,", ",47,")
        chart.wait_for("article", "47%")
        notebook.wait_for("article:not(:has(.notebook-running))", "47%")
        server.wait_until_settled()
        assert server.builds() - builds == 2, "one build for the save, one when both notebooks are done:\n" + "".join(
            server.lines[-30:])
        chart.assert_clean()
        notebook.assert_clean()
        assert [line for line in server.lines if not line.startswith(QUIET_LOG)] == []
        assert sum(line.startswith("INFO    -  Report PDF: ") for line in server.lines) == 1, "said once, not at each save"
    finally:
        server.stop()
