"""Test harness, not part of the site: a second MkDocs hook (added to a test project's mkdocs.yml)
that lets a notebook start executing only while the file named by $NOTEBOOK_GATE exists, so that a
test sees a notebook page while its notebook is surely still running.

nbclient's NotebookClient.execute is the seam: insights/notebooks.py runs every notebook through it."""

import os
import threading
from pathlib import Path

import nbclient

GATE = Path(os.environ["NOTEBOOK_GATE"])
_execute = nbclient.NotebookClient.execute


def _gated_execute(self, *args, **kwargs):
    opened = threading.Event()
    while not GATE.exists():  # the test creates the file when the notebooks may run
        opened.wait(0.05)
    return _execute(self, *args, **kwargs)


def on_startup(command, dirty):
    nbclient.NotebookClient.execute = _gated_execute
