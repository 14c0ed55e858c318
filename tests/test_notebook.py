"""The notebook proves the site: executed as a reader would, each language's notebook recomputes
every number the site can quote, from data/ (the values each study declares included, read from
its values.yml), and each equals the site's."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, project_copy
from nbclient import NotebookClient

from insights.generate import load_studies
from insights.values import build_values

DUMP = ("import json\n"
        "print(json.dumps({k: list(v) if isinstance(v, tuple) else v for k, v in recomputed.items()}, default=float))")


def run_notebook(path: Path) -> dict:
    """Execute the notebook where it lives, then read the numbers it recomputed."""
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(DUMP))
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return json.loads(notebook.cells[-1].outputs[0]["text"])


def differences(recomputed: dict, site: dict) -> list[str]:
    out = [f"{name}: on the site, not recomputed by the notebook" for name in sorted(set(site) - set(recomputed))]
    for name in sorted(set(site) & set(recomputed)):
        number = site[name].number
        expected = list(number) if isinstance(number, tuple) else [number]
        got = recomputed[name] if isinstance(recomputed[name], list) else [recomputed[name]]
        if got != pytest.approx([float(x) for x in expected], abs=1e-9):
            out.append(f"{name}: notebook {got}, site {expected}")
    return out


def site_values(data_dir: Path = ROOT / "data") -> dict:
    return {k: v for s in load_studies(data_dir)[0].values() for k, v in build_values(s).items()}


@pytest.mark.parametrize("notebook", ["analysis.ipynb", "analysis.en.ipynb"])
def test_the_notebook_recomputes_every_number_of_the_site(notebook):
    recomputed = run_notebook(ROOT / "docs" / notebook)
    site = site_values()
    assert len(site) > 80
    assert differences(recomputed, site) == []


def test_a_declared_value_needs_no_line_here_and_a_real_mismatch_fails(tmp_path):
    """Declaring a gap in values.yml is the whole job: the notebook recomputes it from the
    declaration. And where the notebook's arithmetic and the site's differ, the check says so."""
    project = project_copy(tmp_path / "project")
    values = project / "data" / "comptia-2012" / "values.yml"
    values.write_text(values.read_text(encoding="utf-8") + "purposes.gap_next: {gap: [purposes.top, purposes.consumers]}\n",
                      encoding="utf-8")
    shutil.rmtree(project / "scripts" / "insights" / "__pycache__", ignore_errors=True)
    site = site_values(project / "data")
    assert "comptia-2012.purposes.gap_next.ci" in site
    assert differences(run_notebook(project / "docs" / "analysis.en.ipynb"), site) == []
    metrics = project / "scripts" / "insights" / "metrics.py"  # the notebook's arithmetic, off by one respondent
    metrics.write_text(metrics.read_text(encoding="utf-8").replace(
        "variance = (p1 * (1 - p1) + p2 * (1 - p2) - 2 * (both - p1 * p2)) / n",
        "variance = (p1 * (1 - p1) + p2 * (1 - p2) - 2 * (both - p1 * p2)) / (n + 1)"), encoding="utf-8")
    problems = differences(run_notebook(project / "docs" / "analysis.en.ipynb"), site)
    assert problems and all(p.endswith(tuple("]")) and ".ci: notebook" in p for p in problems), problems
    assert any(p.startswith("comptia-2012.purposes.gap_next.ci: notebook") for p in problems)


def test_a_failed_notebook_is_not_run_again_until_its_inputs_change(tmp_path):
    """Under `mkdocs serve`, a notebook that raised stays failed: the server's next build does not
    start it again (which would end in another "done" signal, another rebuild, and so on)."""
    from insights import notebooks

    source = tmp_path / "broken.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("raise ValueError('broken on purpose')")])
    nbformat.write(nb, source)
    result = tmp_path / "executed" / "broken.ipynb"
    notebooks.start([(source, result)])
    with pytest.raises(Exception, match="broken on purpose"):
        notebooks.wait(result)
    assert notebooks.failed(result) and not result.exists()
    ended = []
    notebooks.start([(source, result)], when_all_done=lambda: ended.append(True))  # the next build's call
    assert ended == [] and notebooks.failed(result), "started again"
