"""What is wrong with the inputs, as the build reports it: one line per problem, naming file, row,
column and rule, and the fix. Apart from data.py, which finds them, so that a build that reads no
data (nothing changed) need not import pandas to catch them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # line number in the file (header = 1)
    column: str | None
    rule: str
    hint: str = ""

    def __str__(self) -> str:
        where = self.file + (f":{self.row}" if self.row else "")
        col = f" column {self.column}:" if self.column else ""
        hint = f" Fix: {self.hint}." if self.hint else ""
        return f"{where}:{col} {self.rule}.{hint}"


class DataError(Exception):
    """One or more problems in data/; str() is one line per problem."""

    def __init__(self, problems: list[Problem | str]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


CONFLICT_MARKERS = ("<<<<<<<", "=======", ">>>>>>>")


def conflict_markers(text: str, name: str) -> Problem | None:
    """A merge left both sides of a conflict in the file (git's <<<<<<< ======= >>>>>>> lines):
    named at the first marker's line, before anything else reads the file."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(CONFLICT_MARKERS) and (line[7:8] in ("", " ", "\r") or line.rstrip() == "======="):
            return Problem(name, number, None, f"holds a merge conflict (a line starting {line[:7]})",
                           "keep the side you want, delete the lines <<<<<<<, ======= and >>>>>>>, and save")
    return None
