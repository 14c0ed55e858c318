"""`mkdocs serve` with bad data or a bad marker: the server keeps running, the error shows in
the terminal and at the top of the page, and fixing the file brings the page back. The test
waits for each rebuild to show (polling the served page), never for a fixed time."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from html import unescape

import pytest
from conftest import project_copy

DEADLINE = 300  # seconds a rebuild may take on a slow machine before the test gives up


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


def wait_until(url: str, condition, server) -> str:
    """The page at `url` once `condition(html)` holds (the server must stay up meanwhile)."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server stopped"
        html = fetch(url)
        if html is not None and condition(html):
            return html
        time.sleep(0.2)  # between two polls only: the wait ends on the event itself
    pytest.fail(f"{url}: the expected page never came")


def edit(path, old: str, new: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert old in content
    path.write_text(content.replace(old, new, 1), encoding="utf-8")


def test_serve_survives_bad_data_and_bad_markers(tmp_path):
    project = project_copy(tmp_path / "project")
    csv, page = project / "data" / "comptia-2012" / "purposes.csv", project / "docs" / "purposes.md"
    edit(csv, ",48,", ",480,")  # bad from the start: the server must still come up
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                              stdout=subprocess.DEVNULL, stderr=log)
    url = f"http://127.0.0.1:{port}"
    message = "data/comptia-2012/purposes.csv:3: column share_pct: must be a whole number from 0 to 100 (got '480')"
    try:
        html = wait_until(url + "/purposes/", lambda h: "serve-error" in h, server)
        assert message in html and "Erreur dans les fichiers du site" in html and "ses chiffres manquent" in html
        assert "serve-error" in wait_until(url + "/en/platforms/", lambda h: "<article" in h, server)
        assert message in (tmp_path / "serve.log").read_text()

        edit(csv, ",480,", ",48,")  # fixed: the page comes back, with its numbers
        html = wait_until(url + "/purposes/", lambda h: "serve-error" not in h and "48\u202f%" in h, server)

        edit(page, "\n\n", "\n\n<!-- value: comptia-2012.purposes.nope -->\n\n")  # a bad marker: that page only
        html = wait_until(url + "/purposes/", lambda h: "serve-error" in h, server)
        assert "docs/purposes.md:" in html and "unknown value 'comptia-2012.purposes.nope'" in html
        assert "serve-error" not in fetch(url + "/platforms/")

        edit(page, "<!-- value: comptia-2012.purposes.nope -->", "")
        wait_until(url + "/purposes/", lambda h: "serve-error" not in h, server)

        edit(csv, ",48,", ",4.8,")  # bad again: the last good numbers stay, under the error
        html = wait_until(url + "/purposes/", lambda h: "serve-error" in h, server)
        assert "(got '4.8')" in html and "48\u202f%" in html and "dernières données valides" in html
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()
