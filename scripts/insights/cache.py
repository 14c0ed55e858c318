"""The one cache: everything a build derives and keeps for the next one, content-addressed.

- one key function, `key(*parts)`: a SHA-256 of the parts (bytes, text, or JSON-able values), so an
  entry is found again only if every input it was made from is the same;
- one place on disk, `.cache/store/<kind>/`, one folder per kind of entry: `generation` (the
  generated files' context), `charts` (vl-convert's drawings), `cards` (social cards), `notebooks`
  (executed notebooks), `pages` (pages' Markdown with their markers filled), `content` (a page's
  content with its print addresses, its description, sharing tags and card), `html` (each page as
  written: corrected, notebook styles trimmed, with its Content-Security-Policy), `stylesheets`
  (the notebook pages' style blocks, parsed), `studies` (each study read and validated), `specs`
  (each figure's Vega-Lite specs, by the figure's own inputs). mkdocs-jupyter
  keeps its rendering of the executed notebooks under `mkdocs-jupyter/<lang>/`, by its own key;
- inputs hashed once: `digest(paths)` reads a file again only when its size or time changes.

A Store remembers the entries a build used; `prune()` removes the others, so the cache holds one
build's worth of each kind (a published build's cards stay while serving, which draws none).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import os
import pickle
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from importlib import metadata
from pathlib import Path

from insights import ROOT, drawing

STORE = ROOT / ".cache" / "store"
VL_CONVERT = metadata.version("vl-convert-python")
RACY_NS = 2_000_000_000  # a file changed this recently may change again within its time stamp's tick
_files: dict[Path, tuple[tuple[int, int], int, str]] = {}  # file → ((mtime, size), when hashed, digest)


def key(*parts) -> str:
    """The key of an entry made from `parts`: bytes, text, a path's text, or any JSON value."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, bytes):
            data = part
        elif isinstance(part, (str, Path)):
            data = str(part).encode()
        else:
            data = json.dumps(part, sort_keys=True, ensure_ascii=False, default=str).encode()
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, read again only if its size or modification time changed
    (and not trusted for a file changed within the last two seconds, as git does)."""
    stat = path.stat()
    stamp, now = (stat.st_mtime_ns, stat.st_size), time.time_ns()
    known = _files.get(path)
    if known and known[0] == stamp and stamp[0] < known[1] - RACY_NS:
        return known[2]
    value = hashlib.sha256(path.read_bytes()).hexdigest()
    _files[path] = (stamp, now, value)
    return value


def digest(*paths: Path) -> str:
    """One digest of every file under each path (a folder or a file): their names and bytes."""
    parts = []
    for top in paths:
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file()) if top.is_dir() else []
        for path in files:
            if "__pycache__" not in path.parts:
                parts += [path.relative_to(top.parent if top.is_file() else top).as_posix(), file_digest(path)]
    return key(*parts)


class Store:
    """One kind of entry, in its own folder of the store."""

    def __init__(self, kind: str, root: Path = STORE):
        self.folder = root / kind
        self.used: set[Path] = set()

    def path(self, entry_key: str, suffix: str = "", prefix: str = "") -> Path:
        """Where the entry of that key lives (a file, or a folder for several files), marked used."""
        path = self.folder / f"{prefix}{entry_key[:32]}{suffix}"
        self.used.add(path)
        return path

    def prune(self) -> None:
        """Remove every entry this build did not use (temporary files being written stay)."""
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path not in self.used and not path.name.startswith("."):
                shutil.rmtree(path) if path.is_dir() else path.unlink()


PACKAGES = ("pandas", "pandera", "altair", "vl-convert-python", "babel", "pydantic", "mkdocs", "mkdocs-material",
            "mkdocs-static-i18n", "mkdocs-jupyter", "nbconvert", "tinycss2")  # whose output the site's bytes depend on


@functools.cache
def code() -> str:
    """The digest of the build code this process runs (read once: a server that keeps running the
    code it started with must not file its results under the key of code edited since), and of the
    versions of the packages it draws and renders with."""
    versions = {name: metadata.version(name) for name in PACKAGES}
    return key(digest(Path(__file__).parent), versions)


def recall_generation(data_dir: Path, docs_dir: Path, out_dir: Path, root: Path = STORE) -> tuple[str, object | None]:
    """The key of generate()'s inputs (data/, the pages, mkdocs.yml's languages, the build code and
    the versions it runs with: code()), and
    the result it kept for them (a site.Context) if its files are all in `out_dir` with the sizes it
    wrote; else None. Reading it imports nothing of the build: the context unpickles its tables
    only when a page needs them."""
    entry_key = key(code(), digest(data_dir, docs_dir, ROOT / "mkdocs.yml", ROOT / "constraints.txt"))
    try:
        sizes, context = pickle.loads(Store("generation", root).path(entry_key, ".pickle").read_bytes())
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
        return entry_key, None
    for site_path, size in sizes.items():
        path = out_dir / site_path
        if not path.is_file() or path.stat().st_size != size:
            return entry_key, None
    return entry_key, context.counted(context.key, drawn=0, reused=context.drawn + context.reused)


def keep_generation(entry_key: str, context, sizes: dict[str, int], root: Path = STORE) -> None:
    """Keep generate()'s result, with the sizes of the files it wrote, as the only one of its kind."""
    store = Store("generation", root)
    write_if_changed(store.path(entry_key, ".pickle"), pickle.dumps((sizes, context), protocol=pickle.HIGHEST_PROTOCOL))
    store.prune()


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


class Converter:
    """vl-convert's results, kept in the store by content (spec and vl-convert version), so a build
    redraws only the charts whose spec changed. Entries a build did not use are removed.
    vl-convert is imported on the first drawing: a build that redraws nothing never loads it."""

    PARALLEL_FROM = 30  # specs (5 figures): fewer are drawn here, unless the workers are already up

    def __init__(self, store: Store, progress: Callable[[int, int], None] | None = None):
        self.store = store
        self.used = store.used
        self.drawn = 0  # conversions this build actually ran (the rest came from the folder)
        self.progress = progress  # called with (done, total) while a batch is drawn

    def path(self, kind: str, spec: dict) -> Path:
        return self.store.path(key(VL_CONVERT, kind, spec), "." + kind)

    def __call__(self, kind: str, spec: dict) -> bytes:
        path = self.path(kind, spec)
        if not path.exists():
            self.draw_all([((kind,), spec)])
        return path.read_bytes()

    def later(self, kind: str, spec: dict) -> Future:
        """The drawing's bytes, as a future: drawn by a worker while the build goes on (or read
        from the folder). Written to the folder when collected with result()."""
        path = self.path(kind, spec)
        if path.exists():
            done = Future()
            done.set_result(path.read_bytes())
            return done
        self.drawn += 1
        out = Future()

        def keep(job: Future) -> None:
            try:
                write_if_changed(path, job.result()[0])
                out.set_result(job.result()[0])
            except BaseException as err:  # the drawing or the writing failed: whoever waits hears of it
                out.set_exception(err)

        drawing.executor(many=True).submit(drawing.draw, (kind,), spec).add_done_callback(keep)
        return out

    def draw_all(self, requests: Iterable[tuple[tuple[str, ...], dict]]) -> None:
        """Draw what the folder lacks of `requests` ((kinds, spec) pairs: a spec's kinds are drawn
        together), on every core when there are many. Each is handed over as soon as it comes, so
        the specs still being computed here and the drawing overlap."""
        requests = iter(requests)
        first = list(itertools.islice(requests, self.PARALLEL_FROM))
        pool = drawing.executor(many=len(first) == self.PARALLEL_FROM)
        jobs = []
        try:
            for kinds, spec in itertools.chain(first, requests):
                missing = tuple(kind for kind in kinds if not self.path(kind, spec).exists())
                if missing:
                    jobs.append((missing, spec, pool.submit(drawing.draw, missing, spec)))
            total, done = sum(len(kinds) for kinds, _, _ in jobs), 0
            for kinds, spec, job in jobs:
                for kind, content in zip(kinds, job.result()):
                    write_if_changed(self.path(kind, spec), content)
                done += len(kinds)
                self.drawn += len(kinds)
                if self.progress:
                    self.progress(done, total)
        except BaseException:  # interrupted, or a drawing failed: the drawings not started are dropped
            for _, _, job in jobs:
                job.cancel()
            raise

    def prune(self) -> None:
        self.store.prune()
