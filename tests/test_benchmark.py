"""`make bench` keeps working: the benchmark runs at a small size (a synthetic study of 2 figures
through the declarations) and writes its table. No time is asserted."""

from __future__ import annotations

import benchmark
import pytest

pytestmark = pytest.mark.slow  # builds a synthetic study itself


def test_the_benchmark_runs_at_a_small_size(tmp_path):
    out = tmp_path / "BENCHMARKS.md"
    assert benchmark.main(["--scale", "2", "--no-builds", "--no-loop", "--no-pages", "--out", str(out)]) == 0
    table = out.read_text(encoding="utf-8")
    assert table.startswith("# Benchmarks\n\nMachine: ")
    for row in ("| 2 figures × 2 languages, cold |", "| 2 figures × 2 languages, no change |"):
        assert row in table
