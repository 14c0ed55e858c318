"""The one cache: everything a build derives and keeps for the next one, content-addressed.

- one key function, `key(*parts)`: a SHA-256 of the parts (bytes, text, or JSON-able values), so an
  entry is found again only if every input it was made from is the same;
- one place on disk, `.cache/store/<kind>/`, one folder per kind of entry: `generation` (the
  generated files' context), `charts` (vl-convert's drawings), `cards` (social cards), `notebooks`
  (executed notebooks), `pages` (pages' Markdown with their markers filled), `content` (a page's
  content with its print addresses, its description, sharing tags and card), `html` (each page as
  written: corrected, notebook styles trimmed, with its Content-Security-Policy). mkdocs-jupyter
  keeps its rendering of the executed notebooks under `mkdocs-jupyter/<lang>/`, by its own key;
- inputs hashed once: `digest(paths)` reads a file again only when its size or time changes.

A Store remembers the entries a build used; `prune()` removes the others, so the cache holds one
build's worth of each kind (a published build's cards stay while serving, which draws none).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from pathlib import Path

from insights import ROOT

STORE = ROOT / ".cache" / "store"
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
