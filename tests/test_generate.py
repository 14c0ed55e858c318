"""Generated files: written atomically, never half-written when a build is interrupted,
and reported stale by --check when data/ or scripts/ change."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, project_copy

from insights.generate import main, write_if_changed


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_write_if_changed_replaces_atomically_and_only_on_change(tmp_path):
    path = tmp_path / "a" / "b.json"
    assert write_if_changed(path, b"1")
    mtime = path.stat().st_mtime_ns
    time.sleep(0.01)
    assert not write_if_changed(path, b"1")
    assert path.stat().st_mtime_ns == mtime  # untouched: mkdocs serve sees no change
    assert write_if_changed(path, b"2") and path.read_bytes() == b"2"
    assert [p.name for p in path.parent.iterdir()] == ["b.json"]  # no temporary file left


@pytest.fixture(scope="module")
def complete(tmp_path_factory) -> dict[str, dict[str, bytes]]:
    """What an uninterrupted run writes, from a cold cache."""
    root = tmp_path_factory.mktemp("complete")
    assert main(["--out", str(root / "out"), "--cache", str(root / "cache")]) == 0
    return {"out": files(root / "out"), "cache": files(root / "cache")}


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
@pytest.mark.parametrize("delay", [1.5, 3.0, 4.5])
def test_an_interrupted_build_leaves_no_half_written_file(tmp_path, complete, sig, delay):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    command = [sys.executable, "-m", "insights.generate", "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "cache")]
    process = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.send_signal(sig)
    process.wait(timeout=60)
    assert process.returncode != 0, "the run ended before the signal: nothing was interrupted"
    for kind in ("out", "cache"):
        for name, content in files(tmp_path / kind).items() if (tmp_path / kind).exists() else []:
            assert not name.split("/")[-1].startswith("."), f"temporary file left: {name}"
            assert content == complete[kind][name], f"half-written: {name}"


def test_check_reports_stale_files_after_a_data_change_and_writes_nothing(tmp_path, data, capsys):
    out = tmp_path / "out"
    cache = str(ROOT / ".cache" / "vl-convert")
    assert main(["--data", str(data), "--out", str(out), "--cache", cache]) == 0
    assert main(["--check", "--data", str(data), "--out", str(out), "--cache", cache]) == 0
    before = files(out)
    csv = data / "purposes.csv"
    csv.write_text(csv.read_text().replace(",48,", ",47,"))

    assert main(["--check", "--data", str(data), "--out", str(out), "--cache", cache]) == 1
    err = capsys.readouterr().err
    assert "stale: generated/figures/purposes.csv" in err
    assert "stale: generated/data/purposes.csv" in err
    assert files(out) == before


def test_check_reports_stale_files_after_a_code_change(tmp_path):
    project = project_copy(tmp_path / "project")
    env = {**os.environ, "PYTHONPATH": str(project / "scripts")}
    run = lambda *args: subprocess.run([sys.executable, "-m", "insights.generate", *args], cwd=project, env=env,
                                       capture_output=True, text=True)
    assert run().returncode == 0
    assert run("--check").returncode == 0
    strings = project / "scripts/insights/strings/en.yml"
    strings.write_text(strings.read_text().replace("Share of companies", "Share of firms"))
    result = run("--check")
    assert result.returncode == 1
    assert "stale: generated/charts/purposes-en-wide.vega.json" in result.stderr
