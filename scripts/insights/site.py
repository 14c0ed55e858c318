"""Where a build puts things in the site, and what it hands to the pages: the one module that both
the build (generate.py) and the pages (markers.py, embed.py) import, so that neither imports the other.
"""

from __future__ import annotations

import copy
import pickle
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from insights import DEFAULT_LANGUAGE, ROOT

if TYPE_CHECKING:
    from insights.data import Survey
    from insights.figures import StudyFigure
    from insights.values import Value

PREFIX = "generated"  # where the build's files appear in the site
OUT_DIR = ROOT / ".cache" / "generated"  # where they are written first (outside docs/: serving would see its own output)
EMBED_HEIGHT_EXTRA = 190  # caption, link and table summary above and below the chart, in pixels

INERT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                       **{c: f"&#{ord(c)};" for c in "\\`*_[]#|{}"}})


def text(value: str) -> str:
    """Text from data/ made inert wherever it lands in a page (HTML, Markdown, attributes)."""
    return str(value).translate(INERT)


@dataclass(frozen=True)
class RenderedFigure:
    title: str
    takeaway: str | None
    svgs: dict[str, str]  # layout → inline SVG; none for cards and lists


class Context:
    """What the page markers draw on: the studies, their figures and values, the figures' words and
    drawings; and the digest of the inputs it was computed from, with how many charts were drawn.

    Pickled (generate()'s result, kept in the cache) as its counts and the rest as one blob, which
    is unpickled on first use: a build that fills no page from it (nothing changed) never needs
    pandas, and does not import it."""

    def __init__(self, surveys: dict[str, Survey], figures: dict[str, StudyFigure], values: dict[str, Value],
                 rendered: dict[tuple[str, str], RenderedFigure], key: str = "", drawn: int = 0, reused: int = 0,
                 changes: tuple = ()):
        self._parts: tuple | None = (surveys, figures, values, rendered)
        self._blob: bytes | None = None
        self.key, self.drawn, self.reused = key, drawn, reused
        self.fallbacks = tuple(rule for survey in surveys.values() for rule in survey.fallbacks)
        self.changes = changes  # every study's corrections, newest first (changes.Entry), kept light like fallbacks

    surveys = property(lambda self: self._load()[0])  # study id (its folder's name) →
    figures = property(lambda self: self._load()[1])  # figure id → (ids are unique across studies)
    values = property(lambda self: self._load()[2])
    rendered = property(lambda self: self._load()[3])  # (figure id, lang) →

    def _load(self) -> tuple:
        if self._parts is None:
            self._parts = pickle.loads(self._blob)
        return self._parts

    def counted(self, key: str, drawn: int, reused: int) -> Context:
        """The same context, with the digest of its inputs and the charts drawn and reused."""
        other = copy.copy(self)
        other.key, other.drawn, other.reused = key, drawn, reused
        return other

    def __reduce__(self):
        return _recalled, (self._blob or pickle.dumps(self._parts, protocol=pickle.HIGHEST_PROTOCOL), self.key,
                           self.drawn, self.reused, self.fallbacks, self.changes)


def _recalled(blob: bytes, key: str, drawn: int, reused: int, fallbacks: tuple[str, ...], changes: tuple = ()) -> Context:
    context = Context.__new__(Context)
    context._parts, context._blob = None, blob
    context.key, context.drawn, context.reused, context.fallbacks, context.changes = key, drawn, reused, fallbacks, changes
    return context


# Site paths of generated files, one function each, so pages and tests agree. Never `x.en.json`:
# mkdocs-static-i18n reads any two-letter suffix as a language and moves the file.
def vegalite_path(figure_id: str, lang: str) -> str:
    return f"{PREFIX}/charts/{figure_id}-{lang}.vegalite.json"


def download_path(figure_id: str, lang: str | None, ext: str) -> str:
    return f"{PREFIX}/figures/{figure_id}{f'-{lang}' if lang else ''}.{ext}"


def data_path(study: str, name: str) -> str:
    return f"{PREFIX}/data/{study}/{name}"


def report_path(study: str, lang: str) -> str:
    """A study's report PDF in one language (make report prints it; insights/report.py)."""
    return f"{PREFIX}/reports/{study}-{lang}.pdf"


def zip_path(study: str) -> str:
    """The whole study in one download: its CSVs, their metadata, study.yml, datapackage.json, a README."""
    return f"{PREFIX}/data/{study}.zip"


def embed_path(figure_id: str, lang: str) -> str:
    """Site path of a figure's embeddable page."""
    return f"{'' if lang == DEFAULT_LANGUAGE else lang + '/'}embed/{figure_id}/"


DRAWING = "<!-- insight-drawing "  # where a chart's SVG goes: the figure marker leaves this, the build fills it


def drawing_placeholder(figure_id: str, lang: str, layout: str) -> str:
    """What the figure marker writes where a chart's SVG goes. The SVG (several kB of markup) joins
    the page only once it is rendered (with_drawings): Markdown and the search index skip it."""
    return f"{DRAWING}{figure_id} {lang} {layout} -->"


def with_drawings(page_html: str, ctx) -> str:
    """The page with each drawing placeholder replaced by its chart's SVG."""
    out, last = [], 0
    while (start := page_html.find(DRAWING, last)) >= 0:
        end = page_html.index("-->", start) + 3
        figure_id, lang, layout = page_html[start + len(DRAWING):end - 3].split()
        out += [page_html[last:start], ctx.rendered[(figure_id, lang)].svgs[layout]]
        last = end
    return "".join(out) + page_html[last:]


def iframe_height(svg: str) -> int:
    """What the iframe needs to show the wide chart and its caption without scrolling."""
    return int(float(re.search(r'<svg [^>]*height="([\d.]+)"', svg).group(1))) + EMBED_HEIGHT_EXTRA


def iframe_code(figure_id: str, lang: str, site_url: str, ctx) -> str:
    """The snippet a reader copies to embed a figure: its title, width and height."""
    rendered = ctx.rendered[(figure_id, lang)]
    return (f'<iframe src="{site_url}{embed_path(figure_id, lang)}" title="{text(rendered.title)}" '
            f'width="720" height="{iframe_height(rendered.svgs["wide"])}" loading="lazy" '
            f'style="width: 100%; max-width: 720px; border: 0"></iframe>')


