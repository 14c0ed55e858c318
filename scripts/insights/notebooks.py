"""The analysis notebooks execute beside the build, not inside it.

mkdocs-jupyter executes a notebook when it renders the notebook's page, one language after the
other, and the whole build waits. Here every notebook whose result is missing starts as soon as a
build begins, each in its own kernel (two at a time: one per core), while the charts are drawn and
the other pages written. `mkdocs build` waits for a notebook only when it renders its page;
`mkdocs serve` does not wait at all, and starts them once the pages are written: the notebook's
page shows its code and says that its results are being recomputed, and the server rebuilds (and
the browser reloads) when they are ready.

A result is written where mkdocs-jupyter looks for it, its cache file for that notebook and
configuration, with the same content its own execution would write: the page is rendered by
mkdocs-jupyter exactly as if it had executed the notebook itself.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from mkdocs_jupyter import convert
from mkdocs_jupyter.plugin import _compute_cache_key, _get_cache_path, _get_nb_toc_tokens

from insights import DEFAULT_LANGUAGE, LANGUAGES

_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="notebook")
_jobs: dict[Path, Future] = {}  # cache file → its execution, started by this process
_running: set[Future] = set()  # the executions not ended yet
_lock = threading.Lock()


def language(notebook: Path) -> str:
    """analysis.en.ipynb → en; analysis.ipynb → the default language."""
    suffix = Path(notebook.stem).suffix.lstrip(".")
    return suffix if suffix in LANGUAGES else DEFAULT_LANGUAGE


def result_path(jupyter_config, notebook: Path, cache_dir: Path) -> Path:
    """Where mkdocs-jupyter keeps the executed notebook's page content."""
    return _get_cache_path(str(cache_dir), _compute_cache_key(str(notebook), jupyter_config, True))


def start(jupyter_config, notebooks: list[tuple[Path, Path]], when_done: Callable[[Future], None] | None = None,
          when_all_done: Callable[[], None] | None = None) -> None:
    """Execute each (notebook, cache folder) in the background unless its result is on disk or
    already on its way. `when_done` is called as each one ends, `when_all_done` once, when none of
    them is left running: a server rebuilds once for a save, not once per notebook."""
    with _lock:  # a job that ends at once waits here until every job of this call is counted
        for notebook, cache_dir in notebooks:
            path = result_path(jupyter_config, notebook, cache_dir)
            if path.exists() or path in _jobs:
                continue
            options = dict(jupyter_config)  # as it is now: mkdocs-jupyter's config changes between languages
            job = _pool.submit(_execute, options, notebook, path)
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
    job = _jobs.pop(path, None)
    if job is None:
        return False
    job.result()
    return True


GATE = "INSIGHTS_NOTEBOOK_GATE"  # tests only, see _hold_for_tests()


def _hold_for_tests() -> None:
    """Tests only. With INSIGHTS_NOTEBOOK_GATE=<file> in the environment, an execution starts only
    once that file exists: a test sees the page while its notebook is surely still running."""
    gate = os.environ.get(GATE)
    while gate and not Path(gate).exists():
        time.sleep(0.05)


def _execute(c, notebook: Path, path: Path) -> None:
    """What mkdocs-jupyter's page rendering does when it executes a notebook and caches it."""
    _hold_for_tests()
    body = convert.nb2html(
        str(notebook), execute=True, kernel_name=c["kernel_name"], theme=c["theme"],
        allow_errors=c["allow_errors"], show_input=c["show_input"], no_input=c["no_input"],
        no_prompt=c["no_prompt"], remove_tag_config=c["remove_tag_config"],
        highlight_extra_classes=c["highlight_extra_classes"], include_requirejs=c["include_requirejs"],
        custom_mathjax_url=c["custom_mathjax_url"],
    )
    toc_tokens, title = _get_nb_toc_tokens(str(notebook), c["toc_depth"])
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps({"content": body, "toc_tokens": toc_tokens, "title": title}), encoding="utf-8")
    tmp.replace(path)  # a page never reads a half-written result


STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S)
CLASS, ID = re.compile(r"\.(-?[_a-zA-Z][\w-]*)"), re.compile(r"#(-?[_a-zA-Z][\w-]*)")
NOT_NAMES = re.compile(r"\[[^\]]*\]|::?[\w-]+(?:\([^)]*\))?")  # attribute selectors, pseudo-classes
VAR = re.compile(r"var\(\s*(--[\w-]+)")
TOP_COMMA = re.compile(r",(?![^()]*\))")  # a comma between selectors, not inside :is(a, b)


def trim_styles(html: str) -> str:
    """A notebook page's inline styles cut to what the page uses (the whole page: some rules name
    the theme's classes around the notebook).

    nbconvert inlines the whole JupyterLab stylesheet (~570 kB) in every notebook page. Kept: each
    selector whose classes and ids all occur in the HTML (element, attribute and pseudo-class parts
    are not judged, so a kept rule may still match nothing), and each custom property (--name)
    that the HTML or a kept declaration refers to, directly or through another one."""
    import tinycss2

    classes = {c for m in re.finditer(r'class="([^"]*)"', html) for c in m.group(1).split()}
    ids = set(re.findall(r'id="([^"]*)"', html))

    def used(selector: str) -> bool:
        bare = NOT_NAMES.sub("", selector)
        return all(c in classes for c in CLASS.findall(bare)) and all(i in ids for i in ID.findall(bare))

    def rules(css) -> list:
        """[selector, [(name, value)]] or [at-rule head, [nested rules]] or [at-rule, None]."""
        out = []
        for rule in css:
            if rule.type == "qualified-rule":
                keep = [s.strip() for s in TOP_COMMA.split(tinycss2.serialize(rule.prelude)) if used(s)]
                if keep:
                    declarations = [(d.name, tinycss2.serialize(d.value).strip() + (" !important" if d.important else ""))
                                    for d in tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True)
                                    if d.type == "declaration"]
                    out.append([", ".join(keep), declarations])
            elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content:
                inner = rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
                if inner:
                    out.append([f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}", inner])
            elif rule.type == "at-rule":
                out.append([tinycss2.serialize([rule]), None])
        return out

    def each(kept):
        for head, body in kept:
            if body and isinstance(body[0], list):
                yield from each(body)
            elif body:
                yield from body

    blocks = [(m, rules(tinycss2.parse_stylesheet(m.group(2), skip_comments=True, skip_whitespace=True)))
              for m in STYLE.finditer(html)]
    refers: dict[str, set[str]] = {}  # custom property → the ones its values use
    wanted = set(VAR.findall(STYLE.sub("", html)))
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

    parts, last = [], 0
    for match, kept in blocks:
        parts += [html[last:match.start()], match.group(1), write(kept), match.group(3)]
        last = match.end()
    return "".join(parts) + html[last:]
