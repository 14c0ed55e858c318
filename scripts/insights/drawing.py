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
    exact pixels)."""
    import vl_convert as vlc

    out, svg = [], None
    for kind in kinds:
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
