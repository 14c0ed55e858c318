"""Generated files: written atomically, never half-written when a build is interrupted,
and reported stale by --check when data/ or scripts/ change."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, project_copy

from insights.cache import STORE
from insights.generate import generate, main, write_if_changed


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_write_if_changed_replaces_atomically_and_only_on_change(tmp_path):
    path = tmp_path / "a" / "b.json"
    assert write_if_changed(path, b"1")
    before = path.stat()
    assert not write_if_changed(path, b"1")
    after = path.stat()  # untouched (same inode and times): mkdocs serve sees no change
    assert (after.st_ino, after.st_mtime_ns, after.st_ctime_ns) == (before.st_ino, before.st_mtime_ns, before.st_ctime_ns)
    assert write_if_changed(path, b"2") and path.read_bytes() == b"2"
    assert path.stat().st_ino != before.st_ino  # replaced by a rename, never rewritten in place
    assert [p.name for p in path.parent.iterdir()] == ["b.json"]  # no temporary file left


@pytest.fixture(scope="module")
def complete(tmp_path_factory) -> dict[str, dict[str, bytes]]:
    """What an uninterrupted run writes, from a cold cache (and with nothing loaded in this process,
    as the interrupted runs start)."""
    from insights import generate as g

    g._loaded.clear()
    root = tmp_path_factory.mktemp("complete")
    assert main(["--out", str(root / "out"), "--cache", str(root / "cache")]) == 0
    return {"out": files(root / "out"), "cache": files(root / "cache")}


@pytest.mark.parametrize("moment, sig", [("first", signal.SIGTERM), ("middle", signal.SIGINT), ("last", signal.SIGTERM),
                                         ("middle", signal.SIGTERM)])
@pytest.mark.slow  # a whole build
def test_an_interrupted_build_leaves_no_half_written_file(tmp_path, complete, sig, moment):
    """The generator stops half-way through a chosen write (tests/harness/pause_at_write.py, so the
    moment does not depend on the machine's speed); the signal then lands in the middle of that write."""
    writes = len(complete["out"]) + len(complete["cache"])  # a cold run writes each file once
    at = {"first": 1, "middle": writes // 2, "last": writes}[moment]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    command = [sys.executable, str(ROOT / "tests" / "harness" / "pause_at_write.py"), str(at), "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "cache")]
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    line = process.stderr.readline()  # blocks until the generator has paused (after progress lines)
    while line.startswith("INFO    -  Charts: "):
        line = process.stderr.readline()
    assert line.startswith(f"paused at write {at}:"), line
    temporary = [p for p in tmp_path.rglob(".*.tmp")]
    assert len(temporary) == 1, "the pause is half-way through a write"
    process.send_signal(sig)
    process.wait(timeout=60)
    process.stderr.close()
    assert process.returncode != 0, "the run ended although it was interrupted"
    for kind in ("out", "cache"):
        for name, content in files(tmp_path / kind).items() if (tmp_path / kind).exists() else []:
            assert not name.split("/")[-1].startswith("."), f"temporary file left: {name}"
            if name.endswith(".pickle"):  # Python objects: whole if they load (set order varies by process)
                assert pickle.loads(content) is not None and name in complete[kind], f"half-written: {name}"
            else:
                assert content == complete[kind][name], f"half-written: {name}"
@pytest.mark.slow  # a whole build


def test_check_reports_stale_files_after_a_data_change_and_writes_nothing(tmp_path, data, capsys):
    out = tmp_path / "out"
    cache = str(STORE)
    assert main(["--data", str(data.parent), "--out", str(out), "--cache", cache]) == 0
    assert main(["--check", "--data", str(data.parent), "--out", str(out), "--cache", cache]) == 0
    before = files(out)
    csv = data / "purposes.csv"
    csv.write_text(csv.read_text().replace(",48,", ",47,"))

    assert main(["--check", "--data", str(data.parent), "--out", str(out), "--cache", cache]) == 1
    err = capsys.readouterr().err
    assert "stale: generated/figures/purposes.csv" in err
    assert "stale: generated/data/comptia-2012/purposes.csv" in err
    assert files(out) == before
@pytest.mark.slow  # a whole build


def test_check_reports_stale_files_after_a_code_change(tmp_path):
    project = project_copy(tmp_path / "project")
    env = {**os.environ, "PYTHONPATH": str(project / "scripts")}
    run = lambda *args: subprocess.run([sys.executable, "-m", "insights.generate", *args], cwd=project, env=env,
                                       capture_output=True, text=True)
    assert run().returncode == 0
    assert run("--check").returncode == 0
    strings = project / "scripts/insights/strings/en.yml"
    strings.write_text(strings.read_text().replace("95% CI", "95% interval"))  # the charts' tooltips say it
    result = run("--check")
    assert result.returncode == 1
    assert "stale: generated/charts/purposes-en.vegalite.json" in result.stderr
@pytest.mark.slow  # a whole build


def test_a_run_with_unchanged_inputs_reuses_the_last_result(tmp_path, data):
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = generate(data.parent, out, cache)
    written = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    again = generate(data.parent, out, cache)
    assert again.drawn == 0 and again.reused == first.drawn + first.reused > 0
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == written, "nothing rewritten"
    assert again.values.keys() == first.values.keys()
    csv = data / "purposes.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(",48,", ",47,"), encoding="utf-8")
    changed = generate(data.parent, out, cache)
    assert changed.values["comptia-2012.purposes.consumers"].number == 0.47
    (out / "generated" / "charts.css").unlink()  # an output lost: the next run writes it again
    generate(data.parent, out, cache)
    assert (out / "generated" / "charts.css").is_file()


def test_a_study_is_read_again_only_when_its_files_change(data, tmp_path, monkeypatch):
    """Each study read and validated is kept in the cache: a new process (or a server's first
    rebuild after a recalled build) reads again only the study whose files changed."""
    from insights import generate as g
    from insights.cache import Store

    read = []
    real = g.load_survey
    monkeypatch.setattr(g, "load_survey", lambda folder: read.append(folder.name) or real(folder))
    g.load_studies(data.parent, Store("studies", tmp_path))
    assert read and len(read) == len(list(data.parent.glob("*/study.yml")))
    g._loaded.clear()  # as in a new process
    read.clear()
    csv = data / "purposes.csv"
    csv.write_text(csv.read_text().replace(",48,", ",47,"))
    surveys, figures = g.load_studies(data.parent, Store("studies", tmp_path))
    assert read == [data.name]
    assert 0.47 in list(figures["purposes"].rows()["share"])


@pytest.mark.slow  # two whole generations
def test_check_fails_on_a_csv_edited_without_an_entry_in_changes_yml(tmp_path, data, capsys):
    """The record of corrections is kept: a CSV changed with no new entry fails make check, which
    says what to add; with the entry, it passes. A study without a record (its first version) is
    not held to it."""
    from insights.data import fingerprint

    out, cache = tmp_path / "out", str(tmp_path / "cache")
    record = data / "changes.yml"
    assert record.exists()
    csv = data / "purposes.csv"
    csv.write_text(csv.read_text().replace(",48,", ",47,"))
    assert main(["--data", str(data.parent), "--out", str(out), "--cache", cache]) == 0  # a build is not held to it
    assert main(["--check", "--data", str(data.parent), "--out", str(out), "--cache", cache]) == 1
    err = capsys.readouterr().err
    now = fingerprint(data)
    assert f"data/{data.name}/changes.yml: the study's CSV files changed since its last entry (version 1.0" in err
    assert f"fingerprint: {now}" in err and "Fix: add an entry at the end" in err
    record.write_text(record.read_text() + f"""- date: 2026-12-02
  version: "1.1"
  what: {{fr: Part corrigée, en: Share corrected}}
  why: {{fr: Coquille, en: A typo}}
  fingerprint: {now}
""")
    assert main(["--data", str(data.parent), "--out", str(out), "--cache", cache]) == 0
    assert main(["--check", "--data", str(data.parent), "--out", str(out), "--cache", cache]) == 0
    record.unlink()  # no record: the first version
    csv.write_text(csv.read_text().replace(",47,", ",46,"))
    assert main(["--data", str(data.parent), "--out", str(out), "--cache", cache]) == 0
    assert main(["--check", "--data", str(data.parent), "--out", str(out), "--cache", cache]) == 0
