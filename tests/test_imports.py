"""The direction of imports in scripts/insights/: the contracts in pyproject.toml ([tool.importlinter]:
core ← figures ← pages ← build, MkDocs only in scripts/hooks.py), and no import cycle at all. Both
read the code statically (grimp), imports inside functions included."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import grimp
from conftest import ROOT


def test_the_import_contracts_hold():
    lint_imports = Path(sys.executable).parent / "lint-imports"  # installed with import-linter
    result = subprocess.run([str(lint_imports), "--no-cache", str(ROOT / "pyproject.toml")], cwd=ROOT / "scripts",
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "scripts")})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "4 kept, 0 broken" in result.stdout


def test_no_two_modules_import_each_other():
    graph = grimp.build_graph("insights")
    modules = sorted(m for m in graph.modules if m != "insights")
    cycles = [(a, b) for a in modules for b in graph.find_modules_directly_imported_by(a)
              if b != "insights" and graph.chain_exists(importer=b, imported=a)]
    assert cycles == [], "each pair: the first imports the second, which imports it back (maybe through others)"
