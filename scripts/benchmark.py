"""Print the figures we hold the site to: build time and memory, and what a reader downloads.

    python scripts/benchmark.py            # cold and warm `mkdocs build`, then page weights
    python scripts/benchmark.py --pages-only --site site/

Page weight is what Chromium fetches before any interaction (wait for network idle, no
pointer, no focus), counted raw and gzip-compressed (level 6, as a static host would serve it).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["/", "/en/", "/platforms/", "/en/platforms/", "/methodology/", "/en/methodology/", "/analysis/",
         "/embed/platforms/", "/en/embed/outward-inward/"]


def timed_build(site: Path, clean_cache: bool) -> tuple[float, float]:
    """Wall seconds and peak memory (MiB) of one `mkdocs build --strict`."""
    if clean_cache:
        shutil.rmtree(ROOT / ".cache", ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site)],
                   cwd=ROOT, env=env, check=True, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak


def page_weights(site: Path) -> None:
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    print(f"{'page':<26} {'requests':>8} {'raw kB':>8} {'gzip kB':>8} {'JS kB gz':>9}")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"])
        for path in PAGES:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            bodies = []
            page.on("requestfinished", lambda req: bodies.append((req.url, req.response().body())))
            page.goto(base + path, wait_until="networkidle")
            page.close()
            raw = sum(len(b) for _, b in bodies)
            gz = sum(len(gzip.compress(b, 6)) for _, b in bodies)
            js = sum(len(gzip.compress(b, 6)) for u, b in bodies if u.split("?")[0].endswith(".js"))
            print(f"{path:<26} {len(bodies):>8} {raw / 1000:>8.1f} {gz / 1000:>8.1f} {js / 1000:>9.1f}")
        browser.close()
    httpd.shutdown()
    httpd.server_close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages-only", action="store_true", help="skip the builds, measure an existing site")
    parser.add_argument("--site", type=Path, help="built site to measure (default: build one)")
    args = parser.parse_args()
    site = args.site or Path(tempfile.mkdtemp(prefix="bench-site-"))
    if not args.pages_only:
        cold = timed_build(site, clean_cache=True)
        warm = timed_build(site, clean_cache=False)
        print(f"mkdocs build, cold cache: {cold[0]:.1f} s (peak {cold[1]:.0f} MiB)")
        print(f"mkdocs build, warm cache: {warm[0]:.1f} s (peak {warm[1]:.0f} MiB)")
    page_weights(site)
    return 0


if __name__ == "__main__":
    sys.exit(main())
