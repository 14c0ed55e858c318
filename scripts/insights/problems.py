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
