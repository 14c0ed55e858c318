"""Reading and changing rendered HTML through an HTML parser (the standard library's html.parser),
as the browser reads it, never through regular expressions over the theme's markup.

`elements(html)` lists every element's start tag with its attributes and where it sits in the
text; `edit(html, changes)` applies replacements at those places. Everything else in the page
keeps its bytes: the theme's markup is not re-serialised.
"""

from __future__ import annotations

import html as html_lib
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, replace
from html.parser import HTMLParser

RAW_TEXT = {"script", "style"}  # elements whose content is text, not markup


@dataclass(frozen=True)
class Element:
    tag: str
    attrs: dict[str, str | None]
    start: int  # where its start tag begins ("<")
    raw: str  # its start tag, as written
    content_end: int | None = None  # script and style: where their closing tag begins

    @property
    def end(self) -> int:
        """Just after its start tag (">")."""
        return self.start + len(self.raw)

    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def content(self, page: str) -> str:
        """A script's or style's text, as the browser runs or applies it."""
        return page[self.end:self.content_end] if self.content_end is not None else ""

    def with_attribute(self, name: str, value: str) -> tuple[int, int, str]:
        """The change that adds name="value" at the end of the start tag."""
        closing = self.end - (2 if self.raw.endswith("/>") else 1)
        return closing, closing, f' {name}="{html_lib.escape(value, quote=True)}"'

    def removed(self, page: str) -> tuple[int, int, str]:
        """The change that removes this (void) element and the whitespace before it."""
        return len(page[:self.start].rstrip()), self.end, ""


class _Reader(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.found: list[Element] = []
        self._open_raw: list[int] = []  # where in found the script or style being read is
        self._line_starts = [0, *itertools.accumulate(len(line) + 1 for line in page.split("\n"))]
        self.feed(page)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        self.found.append(Element(tag, dict(attrs), self._offset(), self.get_starttag_text() or ""))
        if tag in RAW_TEXT:
            self._open_raw.append(len(self.found) - 1)

    def handle_startendtag(self, tag, attrs):
        self.found.append(Element(tag, dict(attrs), self._offset(), self.get_starttag_text() or ""))

    def handle_endtag(self, tag):
        if tag in RAW_TEXT and self._open_raw:
            index = self._open_raw.pop()
            self.found[index] = replace(self.found[index], content_end=self._offset())


def elements(page: str) -> list[Element]:
    """Every element of the page, in document order."""
    return _Reader(page).found


def edit(page: str, changes: Iterable[tuple[int, int, str]]) -> str:
    """The page with each (start, end, replacement) applied; changes must not overlap."""
    out, last = [], 0
    for start, end, replacement in sorted(changes, key=lambda change: (change[0], change[1])):
        if start < last:
            raise ValueError(f"overlapping changes at offset {start}")
        out += [page[last:start], replacement]
        last = end
    return "".join(out) + page[last:]


# Elements whose text is code though their tag is not: mkdocs-jupyter's copy of a cell's source for
# its copy button (what the reader pastes must be the code as written).
VERBATIM_CLASSES = frozenset({"clipboard-copy-txt"})


class _TextNodes(_Reader):
    """Where each run of text outside scripts and styles starts."""

    def __init__(self, page: str, skip: frozenset[str] = frozenset()):
        self.starts: list[int] = []
        self._skip = 0
        self._skipped = RAW_TEXT | skip
        self._within: list = []  # [tag, depth] while inside an element skipped for its class
        super().__init__(page)

    def handle_starttag(self, tag, attrs):
        self._skip += tag in self._skipped
        if self._within and tag == self._within[0]:
            self._within[1] += 1
        elif not self._within and VERBATIM_CLASSES & set((dict(attrs).get("class") or "").split()):
            self._within = [tag, 1]

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        self._skip -= tag in self._skipped and self._skip > 0
        if self._within and tag == self._within[0]:
            self._within[1] -= 1
            if not self._within[1]:
                self._within = []

    def handle_data(self, data):
        if not self._skip and not self._within:
            self.starts.append(self._offset())


def text_nodes(page: str, skip: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Where each run of text sits (start, end), outside scripts and styles (and the elements in
    `skip`), as written (entities not decoded): from its start to the next tag."""
    return [(start, end if (end := page.find("<", start)) >= 0 else len(page)) for start in _TextNodes(page, skip).starts]


def paragraphs(fragment: str) -> list[str]:
    """The text of each plain <p> (no attributes: not an admonition's title) of a fragment, in order."""
    return [" ".join(part.split()) for part in _Paragraphs(fragment).found]


class _Paragraphs(HTMLParser):
    def __init__(self, fragment: str):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._current: list[str] | None = None
        self.feed(fragment)
        self.close()
        if self._current is not None:
            self.found.append("".join(self._current))

    def handle_starttag(self, tag, attrs):
        if tag == "p" and not attrs:
            self._current = []

    def handle_endtag(self, tag):
        if tag == "p" and self._current is not None:
            self.found.append("".join(self._current))
            self._current = None

    def handle_data(self, data):
        if self._current is not None:
            self._current.append(data)


VERBATIM = frozenset({"code", "pre", "kbd", "samp", "svg", "textarea"})  # text typed as it must stay


def typeset(page: str, typeset_text) -> str:
    """The page's text (not its verbatim elements, scripts or styles) through `typeset_text`
    (a language's Language.typeset)."""
    runs = {}
    for start, end in text_nodes(page, VERBATIM):  # a run of text may be read in more than one piece
        runs[end] = min(start, runs.get(end, start))
    changes = [(start, end, typeset_text(page[start:end])) for end, start in runs.items()]
    return edit(page, [change for change in changes if change[2] != page[change[0]:change[1]]])

