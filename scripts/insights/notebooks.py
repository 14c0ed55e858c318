"""The analysis notebooks execute beside the build, not inside it.

Each notebook is executed by nbclient in its own kernel (two at a time: one per core), as soon as a
build begins, while the charts are drawn and the other pages written. The executed notebook is
written to the cache (insights/cache.py) under a key made of the notebook's bytes and the digest of
its inputs (data/ and scripts/), and the build hands that file to mkdocs-jupyter, which renders it as it is
(`execute: false`). `mkdocs build` waits for a notebook only when it renders its page; `mkdocs
serve` does not wait at all, and starts them once the pages are written: meanwhile the page is
the notebook without its outputs (its code), with a note that its results are being recomputed,
and the server rebuilds (and the browser reloads) once every notebook has executed.
"""

from __future__ import annotations

import functools
import pickle
import re
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

from insights import DEFAULT_LANGUAGE, LANGUAGES, cache, markup
from insights.cache import Store, write_if_changed

_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="notebook")
_jobs: dict[Path, Future] = {}  # executed notebook → its execution, started by this process
_running: set[Future] = set()  # the executions not ended yet
_lock = threading.Lock()
TIMEOUT = 600  # seconds a cell may run
TINYCSS2 = metadata.version("tinycss2")


def language(notebook: Path) -> str:
    """analysis.en.ipynb → en; analysis.ipynb → the default language."""
    suffix = Path(notebook.stem).suffix.lstrip(".")
    return suffix if suffix in LANGUAGES else DEFAULT_LANGUAGE


def start(notebooks: list[tuple[Path, Path]], when_done: Callable[[Future], None] | None = None,
          when_all_done: Callable[[], None] | None = None) -> None:
    """Execute each (notebook, where its executed copy goes) in the background unless it is on disk or
    already on its way. `when_done` is called as each one ends, `when_all_done` once, when none of
    them is left running: a server rebuilds once for a save, not once per notebook."""
    with _lock:  # a job that ends at once waits here until every job of this call is counted
        for notebook, path in notebooks:
            if path.exists() or path in _jobs:
                continue
            job = _pool.submit(_execute, notebook, path)
            _jobs[path] = job
            _running.add(job)
            job.add_done_callback(lambda job: _ended(job, when_done, when_all_done))


def _ended(job: Future, when_done, when_all_done) -> None:
    with _lock:
        _running.discard(job)
        last = not _running
    if when_done:
        when_done(job)
    if last and when_all_done:
        when_all_done()


def stop() -> None:
    """Drop the executions not started; the running ones end with their kernels."""
    _pool.shutdown(wait=False, cancel_futures=True)


def failed(path: Path) -> bool:
    """The execution writing `path` raised (it is not retried until an input changes)."""
    job = _jobs.get(path)
    return job is not None and job.done() and job.exception() is not None


def wait(path: Path) -> bool:
    """Wait for the execution writing `path`, if there is one; raise its error. True if one ran."""
    job = _jobs.get(path)
    if job is None:
        return False
    job.result()  # a failed one raises and stays known as failed: not run again until an input changes
    del _jobs[path]
    return True


def _execute(notebook: Path, path: Path) -> None:
    """Run every cell in a new kernel, from the notebook's folder; stop at the first error. No
    timings are recorded: the same inputs give the same bytes."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(nb, timeout=TIMEOUT, allow_errors=False, record_timing=False,
                   resources={"metadata": {"path": str(notebook.parent)}}).execute()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    nbformat.write(nb, tmp)
    tmp.replace(path)  # a page never reads a half-written result


CLASS, ID = re.compile(r"\.(-?[_a-zA-Z][\w-]*)"), re.compile(r"#(-?[_a-zA-Z][\w-]*)")
NOT_NAMES = re.compile(r"\[[^\]]*\]|::?[\w-]+(?:\([^)]*\))?")  # attribute selectors, pseudo-classes
VAR = re.compile(r"var\(\s*(--[\w-]+)")
TOP_COMMA = re.compile(r",(?![^()]*\))")  # a comma between selectors, not inside :is(a, b)


def _stylesheet(css: str, store: Store | None) -> tuple:
    """A style block's rules, parsed once per text and kept in the cache (every notebook page of
    every build carries the same JupyterLab stylesheet: 1.7 s to parse)."""
    if store is None:
        return _parsed(css)
    path = store.path(cache.key(TINYCSS2, css), ".pickle")
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, EOFError, pickle.UnpicklingError):
        parsed = _parsed(css)
        write_if_changed(path, pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL))
        return parsed


@functools.lru_cache(maxsize=8)
def _parsed(css: str) -> tuple:
    """A style block's rules: ("rule", selectors, declarations), ("group", "@media …", rules) or
    ("at", the at-rule as written)."""
    import tinycss2

    def rules(css) -> tuple:
        out = []
        for rule in css:
            if rule.type == "qualified-rule":
                selectors = tuple(s.strip() for s in TOP_COMMA.split(tinycss2.serialize(rule.prelude)))
                declarations = tuple((d.name, tinycss2.serialize(d.value).strip() + (" !important" if d.important else ""))
                                     for d in tinycss2.parse_declaration_list(rule.content, skip_comments=True,
                                                                              skip_whitespace=True)
                                     if d.type == "declaration")
                out.append(("rule", selectors, declarations))
            elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content:
                inner = rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
                out.append(("group", f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}", inner))
            elif rule.type == "at-rule":
                out.append(("at", tinycss2.serialize([rule]), None))
        return tuple(out)

    return rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))


def trim_styles(html: str, store: Store | None = None) -> str:
    """A notebook page's inline styles cut to what the page uses (the whole page: some rules name
    the theme's classes around the notebook).

    nbconvert inlines the whole JupyterLab stylesheet (~570 kB) in every notebook page. Kept: each
    selector whose classes and ids all occur in the HTML (element, attribute and pseudo-class parts
    are not judged, so a kept rule may still match nothing), and each custom property (--name)
    that the HTML or a kept declaration refers to, directly or through another one. `store`: where
    the parsed stylesheets are kept between builds."""
    elements = markup.elements(html)
    classes = {name for element in elements for name in element.classes()}
    ids = {element.attrs["id"] for element in elements if element.attrs.get("id")}

    def used(selector: str) -> bool:
        bare = NOT_NAMES.sub("", selector)
        return all(c in classes for c in CLASS.findall(bare)) and all(i in ids for i in ID.findall(bare))

    def rules(parsed: tuple) -> list:
        """[selector, [(name, value)]] or [at-rule head, [nested rules]] or [at-rule, None]."""
        out = []
        for kind, head, body in parsed:
            if kind == "rule":
                keep = [s for s in head if used(s)]
                if keep:
                    out.append([", ".join(keep), list(body)])
            elif kind == "group":
                inner = rules(body)
                if inner:
                    out.append([head, inner])
            else:
                out.append([head, None])
        return out

    def each(kept):
        for head, body in kept:
            if body and isinstance(body[0], list):
                yield from each(body)
            elif body:
                yield from body

    blocks = [(style, rules(_stylesheet(style.content(html), store))) for style in elements if style.tag == "style"]
    refers: dict[str, set[str]] = {}  # custom property → the ones its values use
    wanted = {name for element in elements for value in element.attrs.values() if value for name in VAR.findall(value)}
    for _, kept in blocks:
        for name, value in each(kept):
            if name.startswith("--"):
                refers.setdefault(name, set()).update(VAR.findall(value))
            else:
                wanted.update(VAR.findall(value))
    todo = list(wanted)
    while todo:
        for ref in refers.get(todo.pop(), ()):
            if ref not in wanted:
                wanted.add(ref)
                todo.append(ref)

    def write(kept) -> str:
        out = []
        for head, body in kept:
            if body is None:
                out.append(head)
            elif body and isinstance(body[0], list):
                out.append(f"{head}{{{write(body)}}}")
            elif declarations := [f"{n}:{v}" for n, v in body if not n.startswith("--") or n in wanted]:
                out.append(f"{head}{{{';'.join(declarations)}}}")
        return "".join(out)

    return markup.edit(html, [(style.end, style.content_end, write(kept)) for style, kept in blocks])
