"""vl-convert's drawings, here or in worker processes.

Drawing a chart keeps more than one core busy for ~40 ms (vl-convert lays it out in its own
JavaScript runtime); a build with many to draw hands them to one worker process per core. The
workers start on the first large batch and stay up while this process lives: under `mkdocs serve`,
each rebuild finds them warm. Nothing here imports the build code: a worker starts in a fraction
of a second.
"""

from __future__ import annotations

import atexit
import os
import signal
import threading
from concurrent.futures import Executor, Future

_pool: Executor | None = None
_starting = threading.Lock()  # the build and the warm-up (warm) may both ask for the workers
WARM_UP = {"mark": "point", "data": {"values": [{"x": 1}]}, "encoding": {"x": {"field": "x", "type": "quantitative"}}}


def draw(kinds: tuple[str, ...], spec: dict) -> list[bytes]:
    """vl-convert's drawings of one spec: "svg", "png" (the SVG rasterised at twice its size: the
    same bytes as vegalite_to_png, without laying the chart out again), "card.png" (a social card:
    exact pixels), "check" (what is wrong with the drawing, one problem a line: check())."""
    import vl_convert as vlc

    out, svg = [], None
    for kind in kinds:
        if kind == "check":
            out.append("\n".join(check(vlc.vegalite_to_scenegraph(spec), rows(spec))).encode())
            continue
        if kind == "card.png":
            out.append(vlc.vegalite_to_png(spec, scale=1))
            continue
        svg = svg or vlc.vegalite_to_svg(spec)
        out.append(svg.encode() if kind == "svg" else vlc.svg_to_png(svg, scale=2))
    return out


def executor(many: bool) -> Executor:
    """The worker processes when they are up or the batch is large (and there is more than one
    core); else this process, drawing each one when it is handed over."""
    global _pool
    workers = min(os.cpu_count() or 1, 4)
    with _starting:
        if _pool is None and many and workers > 1:
            from concurrent.futures import ProcessPoolExecutor
            import multiprocessing

            # "spawn": fresh processes, not copies of this one (which may hold threads and vl-convert's runtime)
            _pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_start)
            atexit.register(_pool.shutdown)  # before the interpreter tears down what the pool's thread uses
    return _pool or _HERE


def warm() -> None:
    """Start the workers and have each lay out one tiny chart (vl-convert starts its JavaScript
    runtime on the first one), without waiting: the next batch finds them ready. Call it from a
    thread that lives as long as the build (the workers end with the thread that started them)."""
    pool = executor(many=True)
    for _ in range(min(os.cpu_count() or 1, 4)):
        pool.submit(draw, ("svg",), WARM_UP)


def stop() -> None:
    """Stop the workers (what has not started is dropped)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
        _pool = None


def _worker_start() -> None:
    """A worker leaves Ctrl-C to the build, which stops it; and on Linux it ends with the build
    however that ends (PR_SET_PDEATHSIG: when the thread that started it ends), never holding the
    build's terminal or pipes open."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class _Here(Executor):
    def submit(self, fn, /, *args, **kwargs) -> Future:
        future = Future()
        future.set_result(fn(*args, **kwargs))
        return future


_HERE = _Here()


# -- the drawing check: what a reader would see wrong, read from Vega's scenegraph -------------------

EM = 0.5  # an average glyph's width, in font sizes (sans-serif): text boxes are estimated, not measured
SHARE = 0.25  # of a text's box: more of it outside the drawing, or over another text, is a problem


def rows(spec: dict) -> int:
    """How many rows a chart shows: its data's, or its panels' together."""
    if "vconcat" in spec:
        return sum(rows(panel) for panel in spec["vconcat"])
    return len(spec.get("data", {}).get("values", []))


def check(scene: dict, expected: int) -> list[str]:
    """The problems of one drawn chart: a mark (with its tooltip, data-tip) per row shown, no text
    over another, no text outside the drawing. Boxes of text are estimated from their font size
    and characters, which is enough to catch labels stacked on one another or pushed off the edge."""
    texts, marks = [], [0]

    def walk(node: dict, ox: float, oy: float) -> None:
        kind = node.get("marktype")
        for item in node.get("items", []):
            x, y = ox + (item.get("x") or 0), oy + (item.get("y") or 0)
            if kind == "group":
                for child in item.get("items", []):
                    walk(child, x, y)
            elif kind == "text" and item.get("text") not in (None, "", []):
                texts.append((_box(item, x, y), _words(item["text"]), node.get("role")))
            elif item.get("description"):
                marks[0] += 1

    origin = scene.get("origin", [0, 0])
    walk(scene["scenegraph"], origin[0], origin[1])
    out = [] if marks[0] == expected else [f"{marks[0]} marks with a tooltip for {expected} rows"]
    width, height = scene["width"], scene["height"]
    for (x0, y0, x1, y1), words, _ in texts:
        inside = (min(x1, width) - max(x0, 0)) * (min(y1, height) - max(y0, 0))
        if inside < (1 - SHARE) * (x1 - x0) * (y1 - y0):
            out.append(f"the text '{words}' falls outside the drawing")
    for i, (a, words_a, _) in enumerate(texts):
        for b, words_b, _ in texts[i + 1:]:
            w, h = min(a[2], b[2]) - max(a[0], b[0]), min(a[3], b[3]) - max(a[1], b[1])
            smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1])) or 1
            if w > 0 and h > 0 and w * h > SHARE * smaller:
                out.append(f"the texts '{words_a}' and '{words_b}' overlap")
    return out


def _words(text) -> str:
    return " ".join(text) if isinstance(text, list) else str(text)


def _box(item: dict, x: float, y: float) -> tuple[float, float, float, float]:
    """A text item's box in the drawing: its lines' estimated width and height, placed by its
    alignment and baseline (Vega's defaults: left, alphabetic)."""
    size = item.get("fontSize") or 11
    lines = item["text"] if isinstance(item["text"], list) else [str(item["text"])]
    width, height = max(len(line) for line in lines) * size * EM, size * len(lines) + size * 0.2 * (len(lines) - 1)
    if item.get("limit"):  # Vega cuts a longer text to this width, with an ellipsis
        width = min(width, item["limit"])
    x += item.get("dx") or 0
    y += item.get("dy") or 0
    left = {"left": 0, "center": -width / 2, "right": -width}.get(item.get("align") or "left", 0)
    top = {"top": 0, "middle": -height / 2, "bottom": -height}.get(item.get("baseline") or "alphabetic", -size * 0.8)
    if (item.get("angle") or 0) % 180 == 90:  # a vertical axis title: the box turns about its anchor
        left, top, width, height = top, -left - width, height, width
    return x + left, y + top, x + left + width, y + top + height

