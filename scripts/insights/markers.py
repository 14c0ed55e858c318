"""Fill the markers that authors put in docs/ pages.

A marker is an HTML comment ``<!-- kind: argument -->``; each kind has one small
``render_<kind>(argument, page) -> str`` function. An unknown kind or argument is an
error that names the page and line, never a blank on the page.

Kinds (<study> is a folder of data/, e.g. comptia-2012):
  value: <study>.<name>         a number from data, formatted for the page's language
  figure: <id>                  a figure of a study's figures.yml, with its caption, table and downloads
  list: <study>.<table>         the labels of a table as a bulleted list (e.g. barriers, which have no figures)
  provenance: <study>.<table>   what a data file holds: question, base, source, notes
  citation: <study>.<source>    the full citation of a source in the study's study.yml
  study: <study>                who made the survey, when, on whom, how; its sources; unknowns said
  downloads: <study>            the study's zip and data package, its data files with links and columns
  downloads: others             the same for every study the page's other markers do not name, each under
                                its title (a heading), by year published: a new study needs no marker
  gaps: <study>                 which declared gaps the data supports (95 % interval, same respondents)
  cite: <study>                 "Cite this study": plain text, BibTeX, CSL-JSON (each figure has its own)
  formulas: figures             the columns a figure's CSV adds (n, 95 % interval) and how they are computed
  changes: <study>              its corrections and updates (changes.yml) under their heading; nothing if none
  changes: all                  every study's, newest first (the changes page; each language has an Atom feed)
  accessibility: checks         what the tests check, with the last run's counts when known (the statement)
  accessibility: contact        how to report a problem: mkdocs.yml extra.contact, else the repository's issues
  report: <study>               "Download the report (PDF, 1.2 MB)", once `make report` printed it for this build's inputs
  topline: <study>|all          the questionnaire: each table's question, who was asked, every answer with its share,
                                notes and sources (docs/questionnaire.md; each figure's caption links its question)
"""

from __future__ import annotations

import dataclasses
import difflib
import posixpath
import re
from dataclasses import dataclass

import pandas as pd

from insights import DEFAULT_LANGUAGE, fmt
from insights.languages import language
from insights.theme import language_prefix
from insights.captions import lower_first, n_text, source_line
from insights.figures import group_label
from insights.data import Survey
from insights.site import Context, data_path, download_path, drawing_placeholder, iframe_code, report_path, text, zip_path
from insights.strings import catalogue

QUESTIONNAIRE = "questionnaire/"  # the page of every study's questions (docs/questionnaire.md: <!-- topline: all -->)
MARKER = re.compile(r"<!--\s*([a-z]+):\s*([A-Za-z0-9_.-]*)\s*-->")


# One pass over the text: HTML's special characters, and those Markdown would act on (emphasis,
# links, code, headings, table pipes, attribute lists), become character references.
class MarkerError(Exception):
    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(message)


@dataclass(frozen=True)
class Page:
    lang: str
    src_uri: str  # e.g. "index.en.md"
    url: str  # e.g. "en/" or "en/platforms/"
    ctx: Context
    site_url: str = "http://127.0.0.1:8000/"  # mkdocs.yml's site_url, for the embed code and citations
    site_name: str = "Réseaux sociaux en entreprise"  # the language's site_name, for citations
    named: frozenset[str] = frozenset()  # the studies the page's markers name (render_page fills it in)
    contact: str | None = None  # mkdocs.yml extra.contact: where to report a problem (the accessibility statement)
    repository: str | None = None  # mkdocs.yml repo_url, else the issues of the repository
    reports: tuple = ()  # ((study, lang), bytes) of each report PDF built from this build's inputs (make report)

    def link(self, site_path: str) -> str:
        """A link from this page's source file to a file under docs/, for Markdown links."""
        return posixpath.relpath(site_path, posixpath.dirname(self.src_uri) or ".")

    def root(self) -> str:
        """The way from this page's URL back to the site root, for raw HTML attributes."""
        return "../" * self.url.strip("/").count("/") + ("../" if self.url.strip("/") else "")


class UnknownName(LookupError):
    """A marker names a study, value, figure, table or source that does not exist. (Any other error
    inside a marker is a bug, shown as one: never reported as the marker's fault.)"""


def _lookup(mapping: dict, key: str, what: str):
    if key not in mapping:
        close = difflib.get_close_matches(key, list(mapping), n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"use one of: {', '.join(sorted(mapping))}"
        raise UnknownName(f"unknown {what} {key!r}. Fix: {hint}")
    return mapping[key]


def _in_study(arg: str, page: Page, what: str, part: str) -> tuple[Survey, object]:
    """'<study>.<name>' → the study and its `part` (tables, sources) named `name`."""
    study, _, name = arg.partition(".")
    survey = _lookup(page.ctx.surveys, study, "study")
    return survey, _lookup(getattr(survey, part), name, what)


def render_value(key: str, page: Page) -> str:
    interval, _, end = key.rpartition(".")
    if key not in page.ctx.values and end in ("low", "high") and interval.endswith(".ci") and interval in page.ctx.values:
        return page.ctx.values[interval].bound(end).format(page.lang)  # <name>.ci.low, <name>.ci.high
    return _lookup(page.ctx.values, key, "value").format(page.lang)


def control(kind: str, figure_id: str, summary: str, panel: str) -> str:
    """One of a figure's controls: a disclosure whose summary sits in the figure's row of controls
    and whose panel opens under that row (site.css). Native <details>: keyboard and no-JS work;
    the shared name keeps one panel of the figure open at a time."""
    return (f'<details class="figure-{kind}" name="fig-{figure_id}-controls"><summary>{text(summary)}</summary>\n'
            f'<div class="figure-panel">{panel}</div></details>\n')


def figure_table(figure_id: str, page: Page) -> str:
    """The numbers behind a figure as a real table, readable without JavaScript."""
    s, lang, sf = catalogue(page.lang), page.lang, page.ctx.figures[figure_id]
    head, survey = s["table"], sf.survey
    rows = []
    frame = sf.rows()
    if "share" not in frame:  # a list: its labels only
        items = "".join(f'<tr><th scope="row">{text(label)}</th></tr>' for label in frame[f"label_{lang}"])
        return control("data", figure_id, head["summary"],
                       f'<div class="table-scroll"><table><thead><tr><th scope="col">{head["item"]}</th></tr></thead>\n'
                       f"<tbody>{items}</tbody></table></div>")
    by_group = sf.type == "breakdown"  # each row names its group: no row loses it
    for row in frame.itertuples():
        ci = "—" if pd.isna(row.n) or pd.isna(row.ci_low) else f'<span class="range">{fmt.interval(row.ci_low, row.ci_high, lang)}</span>'
        group = f"<td>{text(group_label(sf, row.base, lang))}</td>" if by_group else ""
        rows.append(
            f"<tr><th scope=\"row\">{text(getattr(row, f'label_{lang}'))}</th>{group}"
            f"<td>{fmt.percent(row.share, lang)}</td><td>{ci}</td><td>{text(n_text(survey, row.base, lang))}</td></tr>"
        )
    group_head = f'<th scope="col">{head["group"]}</th>' if by_group else ""
    return control("data", figure_id, head["summary"],
                   f'<div class="table-scroll"><table><thead><tr><th scope="col">{head["item"]}</th>{group_head}<th scope="col">{head["share"]}</th>'
                   f'<th scope="col">{head["ci"]}</th><th scope="col">{head["base"]}</th></tr></thead>\n'
                   f"<tbody>{''.join(rows)}</tbody></table></div>")


def cards(sf, lang: str) -> str:
    """Key numbers: each share large, what it measures, its base and 95 % interval."""
    ci_word = catalogue(lang)["table"]["ci"]
    items = []
    for row in sf.rows().itertuples():
        detail = text(f"{sf.survey.bases[row.base]['label'][lang]} · {n_text(sf.survey, row.base, lang)}")
        if not pd.isna(row.n):  # the range on one line, never "81,4 %–" then "88,0 %"
            detail += f' · {text(colon(ci_word, lang))} <span class="range">{fmt.interval(row.ci_low, row.ci_high, lang)}</span>'
        # The words continue the number ("82 % ont…"): lowercase, as the home page's key figures.
        items.append(f'<li><span class="card-number">{fmt.percent(row.share, lang)}</span> '
                     f'<span class="card-label">{text(lower_first(getattr(row, f"label_{lang}")))}</span> '
                     f'<span class="card-base">{detail}</span></li>')
    return f'<ul class="figure-cards">{"".join(items)}</ul>\n'


def render_figure(figure_id: str, page: Page) -> str:
    """The figure: caption (title, takeaway, source); the chart as static SVG in two layouts, or
    its cards or list; its notes, data table and downloads."""
    sf = _lookup(page.ctx.figures, figure_id, "figure")
    lang, fid = page.lang, sf.id
    rendered = page.ctx.rendered[(fid, lang)]
    s, root = catalogue(lang), page.root()
    kinds = (("csv", None), ("svg", lang), ("png", lang)) if sf.drawn() else (("csv", None),)
    downloads = "".join(
        f'<li><a href="{root}{download_path(fid, dl_lang, ext)}" download>{s["downloads"][ext]}</a></li>' for ext, dl_lang in kinds)
    # The caption leads with what the chart shows (its takeaway); the title then says what it measures.
    takeaway = (f'<span class="figure-takeaway" id="fig-{fid}-takeaway">{text(rendered.takeaway)}</span> '
                if rendered.takeaway else "")
    if sf.drawn():
        layouts = "".join(f'<div class="chart-{layout}">{drawing_placeholder(fid, lang, layout)}</div>'
                          for layout in rendered.svgs)
        body = f'<div class="chart" tabindex="0" role="group" aria-labelledby="fig-{fid}-title">{layouts}</div>\n'
    elif sf.type == "cards":
        body = cards(sf, lang)
    else:
        body = "<ul class=\"figure-list\">" + "".join(f"<li>{text(label)}</li>" for label in sf.rows()[f"label_{lang}"]) + "</ul>\n"
    notes = "".join(f'<p class="figure-note">{text(note[lang])}</p>\n' for note in sf.figure.model_dump()["notes"])
    if any(sf.survey.tables[t].meta.get("several_answers") for t in sf.figure.tables()):
        notes += f'<p class="figure-note">{text(s["several_answers"])}</p>\n'
    if sf.type == "breakdown" and sf.rows()["small"].any():  # the rule applied, stated under the figure
        rule = s["small_base"]["note"].format(min=fmt.integer(sf.survey.study.min_base, lang))
        notes += f'<p class="figure-note">{text(rule)}</p>\n'
    return (
        f'<figure class="insight-figure" id="fig-{fid}">\n'
        f'<figcaption>{takeaway}<span class="figure-title" id="fig-{fid}-title">{text(rendered.title)}</span> '
        f'<span class="figure-source">{text(source_line(sf, lang))}</span> '
        f'<a class="figure-question" href="{question_link(sf.survey, sf.figure.tables()[0], page)}">{text(s["topline"]["link"])}</a></figcaption>\n'
        f"{body}{notes}"
        f'<div class="figure-controls">\n'
        f"{figure_table(fid, page) if sf.type != 'list' else ''}"
        f"{embed_control(fid, page) if sf.drawn() else ''}"
        f"{control('cite', fid, s['cite']['figure'], cite_forms(sf.survey, rendered.title, f'fig-{fid}', page, f'{sf.survey.id}-{fid}'))}"
        f"{control('downloads', fid, s['downloads']['label'], f'<ul>{downloads}</ul>')}"
        f"</div>\n</figure>\n"
    )


def cite_forms(survey: Survey, title: str, anchor: str, page: Page, key: str) -> str:
    """'Cite this': the reference in plain text, BibTeX and CSL-JSON, each with a copy button."""
    from insights.cite import references

    c = catalogue(page.lang)["cite"]
    url = f"{page.site_url}{page.url}#{anchor}"
    forms = references(survey, title, url, page.site_name, page.lang, key)
    return "".join(
        f'<p class="cite-form">{c[form]}</p>\n<pre class="copy-source" id="{anchor}-cite-{form}">{text(value)}</pre>\n'
        f'<p><button type="button" class="md-button figure-copy" data-copy="{anchor}-cite-{form}" '
        f'data-done="{text(c["copied"])}" hidden>{text(c["copy"])} ({c[form]})</button> '
        f'<span class="figure-copied" role="status"></span></p>\n'
        for form, value in forms.items())


def render_cite(study: str, page: Page) -> str:
    """The study's 'Cite this study', a disclosure of its own (not in a figure's row)."""
    survey = _lookup(page.ctx.surveys, study, "study")
    blocks = cite_forms(survey, survey.study.title[page.lang], f"cite-{study}", page, study)
    return (f'<details class="figure-cite" id="cite-{study}"><summary>{text(catalogue(page.lang)["cite"]["study"])}</summary>\n'
            f"{blocks}</details>\n")


def embed_control(figure_id: str, page: Page) -> str:
    """The iframe code of the figure's embeddable page, and a button that copies it (shown by
    charts.js; without JavaScript the code can still be selected and copied)."""

    e = catalogue(page.lang)["embed"]
    code = iframe_code(figure_id, page.lang, page.site_url, page.ctx)
    return control("embed", figure_id, e["title"],
                   f'<p>{text(e["intro"])}</p>\n'
                   f'<pre class="copy-source" id="fig-{figure_id}-embed">{text(code)}</pre>\n'
                   f'<p><button type="button" class="md-button figure-copy" data-copy="fig-{figure_id}-embed" '
                   f'data-done="{text(e["copied"])}" hidden>{text(e["copy"])}</button> '
                   f'<span class="figure-copied" role="status"></span></p>')


def render_list(arg: str, page: Page) -> str:
    frame = _in_study(arg, page, "table", "tables")[1].frame
    return "\n".join(f"- {text(label)}" for label in frame[f"label_{page.lang}"]) + "\n"


def render_citation(arg: str, page: Page) -> str:
    return text(_in_study(arg, page, "source", "sources")[1]["citation"][page.lang])


def colon(text: str, lang: str) -> str:
    """'Source :' in French (no-break space), 'Source:' in English."""
    return text + language(lang).colon


def column_description(name: str, lang: str) -> str:
    """What a column of the data holds, in `lang`; a label column names its language in `lang`."""
    words = catalogue(lang)["columns"]
    if name.startswith("label_"):
        return words["label"].format(language=language(lang).name_of(name.removeprefix("label_")))
    return words[name]


def question(survey: Survey, meta: dict, lang: str) -> str:
    """A table's question as text: its wording, and, when a source reports it in its own words
    (`reported_by`), that the original wording is not known."""
    words = meta["question"][lang]
    if source := meta.get("reported_by"):
        declared = survey.sources[source]
        name = declared["publisher"] or declared["producer"] or declared["title"]
        words += f" ({catalogue(lang)['topline']['reported'].format(source=name)})"
    return words


def question_link(survey: Survey, table: str, page: Page) -> str:
    """Where a figure's "Question and base" leads: its table's question on the questionnaire page."""
    return f"{page.root()}{language_prefix(page.lang, DEFAULT_LANGUAGE)}{QUESTIONNAIRE}#{topline_anchor(survey.id, table)}"


def topline_anchor(study: str, table: str) -> str:
    return f"q-{study}-{table.replace('_', '-')}"


def render_report(study: str, page: Page) -> str:
    """The link to the study's report PDF in the page's language, with its size; nothing when no
    report was printed from this build's inputs (`make report` prints them)."""
    _lookup(page.ctx.surveys, study, "study")
    size = dict(page.reports).get((study, page.lang))
    if size is None:
        return ""
    words = catalogue(page.lang)["report"]["download"].format(size=fmt.size(size, page.lang))
    return f'<p class="report-link"><a href="{page.root()}{report_path(study, page.lang)}" download>{text(words)}</a></p>\n'


def render_topline(arg: str, page: Page) -> str:
    """The questionnaire as the source reported it: for each table of a study (or of every study,
    with 'all', each under its title), its question's wording, who was asked (each base, its n),
    every answer with its share in the source's order, whether several answers were allowed, its
    notes and sources. Each question's anchor is where a figure's "Question and base" leads."""
    lang = page.lang
    studies = ([s.id for s in sorted(page.ctx.surveys.values(), key=published)] if arg == "all"
               else [_lookup(page.ctx.surveys, arg, "study").id])
    w, head, sep = catalogue(lang)["topline"], catalogue(lang)["table"], fmt.semicolon(lang)
    out = []
    for study in studies:
        survey = page.ctx.surveys[study]
        if arg == "all" and len(studies) > 1:
            out += [f"## {text(survey.study.title[lang])} {{ #q-{study} }}", ""]
        level = "###" if arg == "all" and len(studies) > 1 else "##"
        for name, table in survey.tables.items():
            meta, frame = table.meta, table.frame
            out += [f'<section class="topline" markdown="1">', "",
                    f"{level} {text(meta['title'][lang])} {{ #{topline_anchor(study, name)} }}", "",
                    f"**{colon(w['question'], lang)}** {text(question(survey, meta, lang))}", ""]
            bases = list(dict.fromkeys(frame["base"])) if "base" in frame else []
            if bases:
                asked = sep.join(f"{survey.bases[b]['label'][lang]} ({n_text(survey, b, lang)})" for b in bases)
                out += [f"**{colon(w['asked'], lang)}** {text(asked)}", ""]
            several, shares = len(bases) > 1, "share_pct" in frame
            rows = []
            for row in frame.itertuples():  # the source's order: the file's
                group = f"<td>{text(survey.bases[row.base]['label'][lang])}</td>" if several else ""
                share = f"<td>{fmt.percent(row.share_pct / 100, lang)}</td>" if shares else ""
                rows.append(f'<tr><th scope="row">{text(getattr(row, f"label_{lang}"))}</th>{group}{share}</tr>')
            heads = [w["answer"], *([head["base"]] if several else []), *([head["share"]] if shares else [])]
            out += ['<div class="table-scroll"><table><thead><tr>' + "".join(f'<th scope="col">{h}</th>' for h in heads)
                    + f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>", ""]
            notes = [*([w["no_share"]] if not shares else []),
                     *([catalogue(lang)["several_answers"]] if meta.get("several_answers") else []),
                     *(n[lang] for n in meta.get("notes") or [])]
            if notes:
                out += [f"**{colon(w['notes'], lang)}**", "", *(f"- {text(n)}" for n in notes), ""]
            cited = sep.join(text(survey.sources[s]["citation"][lang]) for s in meta["sources"])
            out += [f"**{colon(w['sources'], lang)}** {cited}", "", "</section>", ""]
    return "\n".join(out) + "\n"


def render_provenance(arg: str, page: Page) -> str:
    lang = page.lang
    survey, table = _in_study(arg, page, "table", "tables")
    meta = table.meta
    label = catalogue(lang)["provenance"]
    sep = fmt.semicolon(lang)
    bases = dict.fromkeys(table.frame.get("base", []))
    who = sep.join(f'{survey.bases[b]["who"][lang]} ({n_text(survey, b, lang)})' for b in bases)
    sources = sep.join(text(survey.sources[src]["citation"][lang]) for src in meta["sources"])
    rows = [f"- **{colon(label['question'], lang)}** {text(question(survey, meta, lang))}"]
    if who:
        rows.append(f"- **{colon(label['base'], lang)}** {text(who)}")
    rows.append(f"- **{colon(label['source'], lang)}** {sources}")
    notes = [*(n[lang] for n in meta.get("notes") or []), *([catalogue(lang)["several_answers"]] if meta.get("several_answers") else [])]
    if notes:
        rows.append(f"- **{colon(label['notes'], lang)}**" + "".join(f"\n    - {text(n)}" for n in notes))
    return "\n".join(rows) + "\n"


def render_study(study: str, page: Page) -> str:
    """The disclosure table of a survey, in the page's language: each element a reader needs to
    weigh it, given or said to be "not given by the source", never left out."""
    lang, survey = page.lang, _lookup(page.ctx.surveys, study, "study")
    words, d = catalogue(lang)["disclosure"], survey.study.disclosure
    unknown = f"*{words['unknown']}*"

    def said(value) -> str:
        if value is None:
            return unknown
        return text(value[lang] if hasattr(value, "fr") else value)

    bases, margins = [], []
    for name, base in survey.bases.items():
        label, n = text(base["label"][lang]), text(n_text(survey, name, lang))
        when = base.get("fielded")  # a wave: its own fieldwork dates
        when = f"; {lower_first(words['fielded'])} {text(fmt.period(when['start'], when['end'], lang))}" if when else ""
        who = base["who"][lang]
        # Its n in one parenthesis: "(à compléter ; effectif inconnu)", never "(à compléter) (effectif inconnu)".
        described = (f"{text(who[:-1])}{fmt.semicolon(lang)}{n}{when})" if who.endswith(")")
                     else f"{text(who)} ({n}{when})")
        if who.casefold().startswith(base["label"][lang].casefold()):  # the label says it already: once
            bases.append(described[:1].upper() + described[1:])
        else:
            bases.append(f"{colon(label, lang)} {described}")
        moe = page.ctx.values.get(f"{study}.moe.{name}")
        if moe is None:
            said_moe = words["moe_unknown"]
        else:  # what the source says, and how the site used it; else that the site assumed a simple random sample
            kind = "moe_source" if base.get("margin_of_error") else "moe_design" if base.get("design_effect") else "moe"
            said_moe = words[kind].format(moe=moe.format(lang), deff=fmt.decimal(base.get("design_effect") or 1, lang, 2),
                                          n_eff=fmt.integer(round(base["effective_n"]), lang))
        margins.append(f"{colon(f'{label} ({n})', lang)} {text(said_moe)}")
    questions = [f"{colon(text(t.meta['title'][lang]), lang)} {text(question(survey, t.meta, lang))}"
                 for t in survey.tables.values()]
    sources = []
    for source in survey.sources.values():
        line = text(source["citation"][lang])
        if source["url"]:
            line += f", <{source['url']}>"
        if source["accessed"]:
            line += f" ({text(words['accessed'].format(date=fmt.day(source['accessed'], lang)))})"
        sources.append(line)
    rows = [
        ("sponsor", said(d.sponsor)), ("producer", said(d.producer)), ("publisher", said(d.publisher)),
        ("population", said(d.population)), ("sample", said(d.sample)), ("bases", "<br>".join(bases)),
        ("fielded", text(fmt.period(d.fielded.start, d.fielded.end, lang)) if d.fielded else unknown),
        ("published", text(fmt.day(d.published, lang)) if d.published is not None else unknown),
        ("method", said(d.method)), ("weighting", said(d.weighting)), ("questions", "<br>".join(questions)),
        ("margin", "<br>".join(margins)), ("sources", "<br>".join(sources)), ("licence", said(d.licence)),
    ]
    given = [(key, value) for key, value in rows if value != unknown]
    lines = ['<div class="disclosure" markdown="1">', ""]
    if missing := [lower_first(words[key]) for key, value in rows if value == unknown]:  # said once, on one line
        said_once = colon(words["unknown"][:1].upper() + words["unknown"][1:], lang)
        lines += [f'<p class="disclosure-unknown"><strong>{said_once}</strong> {text(fmt.and_list(missing, lang))}.</p>', ""]
    lines += [f"| {words['element']} | {words['value']} |", "|---|---|"]
    lines += [f"| {words[key]} | {value} |" for key, value in given]
    return "\n".join([*lines, "", "</div>"]) + "\n"


def render_gaps(study: str, page: Page) -> str:
    """What the study's shares can and cannot say: that shares of one base are not independent,
    and, for each gap values.yml declares, its 95 % interval and whether the data supports it."""
    from insights.values import gap_verdicts

    lang, survey = page.lang, _lookup(page.ctx.surveys, study, "study")
    g = catalogue(lang)["gaps"]
    lines = []
    for name, base in survey.bases.items():
        rows = sum(int((t.frame.get("base") == name).sum()) for t in survey.tables.values() if "base" in t.frame)
        if base["n"] and rows > 1:
            lines += [text(g["independence"].format(count=fmt.integer(rows, lang), base=lower_first(base["label"][lang]),
                                                    n=n_text(survey, name, lang))), ""]
    lines += [f"| {g['comparison']} | {g['gap']} ({g['interval']}) | {g['verdict']} |", "|---|---|---|"]
    for v in gap_verdicts(survey):
        pair = f"{text(v['a'][f'label_{lang}'])} ({fmt.percent(v['a']['share'], lang)}) / " \
               f"{text(v['b'][f'label_{lang}'])} ({fmt.percent(v['b']['share'], lang)})"
        bounds = fmt.points_interval(100 * v["bounds"][0], 100 * v["bounds"][1], lang) if v["bounds"] else "—"
        lines.append(f"| {pair} | {fmt.points(v['gap'], lang)} ({bounds}) | {g[v['verdict']]} |")
    return "\n".join(lines) + "\n"


def file_name(name: str) -> str:
    """A file name as code that a narrow column may wrap only after '_', '.' or '/' (a <wbr>),
    never inside a word."""
    return "<code>" + re.sub(r"([_./])", r"\1<wbr>", name) + "</code>"


def render_downloads(study: str, page: Page) -> str:
    """The study's files: one zip and the data package, then each table with its provenance file
    and, folded, its columns (name, description, type, unit)."""
    if study == "others":
        return render_other_downloads(page)
    s, lang = catalogue(page.lang), page.lang
    d, survey = s["downloads"], _lookup(page.ctx.surveys, study, "study")
    sources = fmt.semicolon(lang).join(text(src["citation"][lang]) for src in survey.sources.values())
    lines = [f"**{colon(catalogue(lang)['provenance']['source'], lang)}** {sources}", "",
             f"**{colon(d['all'], lang)}** [{file_name(f'{study}.zip')}]({page.link(zip_path(study))}) ({d['zip']}) · "
             f"[{file_name('datapackage.json')}]({page.link(data_path(study, 'datapackage.json'))}) ({d['package']})", ""]
    if survey.version:  # the data's version, and where its record is
        last = survey.version
        said = f"{last.version}, {fmt.day(last.date, lang)}"
        lines += [f"**{colon(d['version'], lang)}** {text(said)} ([{text(s['changes']['title'])}]"
                  f"({page.link('changes.md')}#change-{study}-{last.version.replace('.', '-')}))", ""]
    lines += [f"| {d['file']} | {d['content']} | {d['rows']} | {d['meta']} |", "|---|---|--:|---|"]
    for name, table in survey.tables.items():
        csv, meta = page.link(data_path(study, f"{name}.csv")), page.link(data_path(study, f"{name}.meta.yml"))
        title, rows = text(table.meta["title"][lang]), fmt.integer(len(table.frame), lang)
        lines.append(f"| [{file_name(f'{name}.csv')}]({csv}) | {title} | {rows} | [{file_name(f'{name}.meta.yml')}]({meta}) |")
    kinds: dict[tuple, list[str]] = {}  # tables with the same columns are documented once
    for name, table in survey.tables.items():
        kinds.setdefault(tuple(c["name"] for c in table.meta["columns"]), []).append(name)
    for names in kinds.values():
        table = survey.tables[names[0]]
        files = ", ".join(f"{n}.csv" for n in names)
        rows = "".join(
            f"<tr><td><code>{c['name']}</code></td><td>{text(column_description(c['name'], lang))}</td>"
            f"<td>{s['types'][c['type']]}</td><td>{s['units'][c['unit']] if c['unit'] else '—'}</td></tr>"
            for c in table.meta["columns"])
        lines += ["", f'<details class="dataset-columns"><summary>{text(d["columns"].format(file=files))}</summary>',
                  f'<div class="table-scroll"><table><thead><tr><th scope="col">{d["column"]}</th>'
                  f'<th scope="col">{d["description"]}</th><th scope="col">{d["type"]}</th><th scope="col">{d["unit"]}</th>'
                  f"</tr></thead><tbody>{rows}</tbody></table></div></details>"]
    return "\n".join(lines) + "\n"


def published(survey: Survey) -> tuple[bool, str, str]:
    """The order of studies on a page: by date published (undated ones last), then by name."""
    when = survey.study.disclosure.published
    return when is None, str(when or ""), survey.id


def render_other_downloads(page: Page) -> str:
    surveys = sorted((s for study, s in page.ctx.surveys.items() if study not in page.named), key=published)
    return "\n".join(f"### {text(s.study.title[page.lang])}\n\n{render_downloads(s.id, page)}" for s in surveys)


def render_formulas(_: str, page: Page) -> str:
    """The columns a figure's CSV download adds to the data, and how each is computed."""
    s = catalogue(page.lang)
    d = s["downloads"]
    lines = [f"| {d['column']} | {d['formula']} |", "|---|---|"]
    lines += [f"| `{name}` | {text(words)} |" for name, words in s["computed"].items()]
    return "\n".join(lines) + "\n"


def named_studies(markdown: str, ctx: Context) -> list[str]:
    """The studies a page names, by a figure or by name, in the order it first names them."""
    named = []
    for kind, arg in MARKER.findall(markdown):
        figure = ctx.figures.get(arg) if kind == "figure" else None
        named.append(figure.survey.id if figure else arg.split(".")[0])
    return [study for study in dict.fromkeys(named) if study in ctx.surveys]


def data_footer(studies: list[str], lang: str, ctx: Context) -> str:
    """The footer's line on the page's data: each study it shows, with its licence; or how many."""
    f = catalogue(lang)["footer"]
    shown = studies or list(ctx.surveys)
    if len(shown) > 2:
        return text(f["many"].format(count=fmt.integer(len(shown), lang)))

    def source(survey: Survey) -> str:  # from study.yml alone: the footer reads no table
        named = [s["short"] or s["citation"] for s in survey.sources.values()]
        return next((s["short"] for s in survey.sources.values() if s["short"]), named[0])[lang]
    return text(fmt.semicolon(lang).join(
        f["study"].format(source=source(s), licence=s.study.disclosure.licence or f["licence_unknown"])
        for s in (ctx.surveys[study] for study in shown)))


def render_changes(arg: str, page: Page) -> str:
    """A study's corrections and updates under their heading, or nothing when it has none; with
    'all', every study's, newest first (the changes page)."""
    from insights.changes import entries, item

    w = catalogue(page.lang)["changes"]
    if arg == "all":
        found = list(page.ctx.changes)
        if not found:
            return f"{text(w['none'])}\n"
        return '<ul class="changes">' + "".join(item(e, page.lang, True) for e in found) + "</ul>\n"
    found = entries({arg: _lookup(page.ctx.surveys, arg, "study")})
    if not found:
        return ""
    return (f"## {text(w['title'])}\n\n"
            + '<ul class="changes">' + "".join(item(e, page.lang, False) for e in found) + "</ul>\n")


def render_accessibility(arg: str, page: Page) -> str:
    """The accessibility statement's facts: 'checks', what the tests check (with the last run's
    counts when the build knows them); 'contact', how to report a problem."""
    from insights import accessibility

    if arg == "checks":
        return accessibility.render_checks(page.lang, accessibility.report())
    if arg == "contact":
        return accessibility.render_contact(page.lang, page.contact, page.repository)
    raise UnknownName(f"unknown part {arg!r}. Fix: use checks or contact")


RENDERERS = {
    "value": render_value,
    "figure": render_figure,
    "list": render_list,
    "provenance": render_provenance,
    "citation": render_citation,
    "study": render_study,
    "downloads": render_downloads,
    "formulas": render_formulas,
    "gaps": render_gaps,
    "cite": render_cite,
    "changes": render_changes,
    "accessibility": render_accessibility,
    "topline": render_topline,
    "report": render_report,
}


def render_page(markdown: str, page: Page) -> str:
    """Replace every marker in `markdown`; raise MarkerError at the first bad one."""
    page = dataclasses.replace(page, named=frozenset(named_studies(markdown, page.ctx)))

    def replace(match: re.Match) -> str:
        kind, arg = match.groups()
        line = markdown.count("\n", 0, match.start()) + 1
        renderer = RENDERERS.get(kind)
        if renderer is None:
            raise MarkerError(line, f"unknown marker kind {kind!r}. Fix: use one of: {', '.join(RENDERERS)}")
        try:
            return renderer(arg, page)
        except UnknownName as err:
            raise MarkerError(line, f"marker {kind}: {err.args[0]}") from None

    return MARKER.sub(replace, markdown)
