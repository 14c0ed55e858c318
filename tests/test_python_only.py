"""Building needs only Python: `pip install -e .` in a new virtual environment, then
`mkdocs build`, in a copy of the project with no node_modules and no Node.js on PATH."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT, project_copy

pytestmark = pytest.mark.slow  # builds the site itself


def test_pip_install_then_mkdocs_build_in_a_new_venv_without_node(tmp_path):
    project = project_copy(tmp_path / "project")
    assert not (project / "node_modules").exists()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    install = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                              "-c", str(ROOT / "constraints.txt"), "-e", str(project)],
                             capture_output=True, text=True, timeout=900)
    assert install.returncode == 0, install.stderr[-3000:]

    env = {"PATH": str(venv / "bin"), "HOME": os.environ.get("HOME", str(tmp_path)), "NO_MKDOCS_2_WARNING": "1",
           "LANG": "C.UTF-8"}
    assert shutil.which("node", path=env["PATH"]) is None and shutil.which("npm", path=env["PATH"]) is None
    build = subprocess.run(["mkdocs", "build", "--strict", "-d", str(tmp_path / "site")], cwd=project, env=env,
                           capture_output=True, text=True, timeout=900)
    assert build.returncode == 0, build.stderr[-3000:]
    platforms = (tmp_path / "site" / "en" / "platforms" / "index.html").read_text(encoding="utf-8")
    assert platforms.count('<figure class="insight-figure"') == 3
    assert "data-tip=" in platforms  # the charts' tooltips, drawn at build time
    assert (tmp_path / "site" / "generated" / "figures" / "platforms-fr.svg").is_file()
