"""How each of the site's languages writes: one `language:` block in scripts/insights/strings/<code>.yml,
and Babel (CLDR) for what Babel knows (number symbols and patterns, month names, language names).

Which languages the site has, and which is the default, is declared once: the i18n plugin's
`languages` in mkdocs.yml (read by insights/__init__.py). Code asks `language(code)` for anything
that differs between languages; no module keeps a table keyed by "fr" and "en".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

NNBSP = "\u202f"  # narrow no-break space: French thousands and before % ; : ! ?
NBSP = "\u00a0"

KEYS = {  # key of the `language:` block → what it says (CONTRIBUTING.md's reference lists these)
    "locale": "Babel locale: numbers, dates, the charts' number format and the languages' names (e.g. fr_FR, en_US, de_DE)",
    "og_locale": "Open Graph locale of the pages (og:locale), e.g. fr_FR",
    "csl": "CSL-JSON language of citations, e.g. fr-FR",
    "bibtex": "BibTeX language field of citations, e.g. french",
    "quotes": "the opening and closing quotation marks, with their spaces: ['«\\u202f', '\\u202f»'], ['“', '”']",
    "colon": "a label's colon, with the space before it if the language has one: 'Source :' or 'Source:'",
    "semicolon": "between the items of a list in a sentence, e.g. '; '",
    "and": "before the last item of a list: ' et ', ' and '",
    "points_unit": "after a gap in percentage points, with its space: ' pts', ' pp'",
    "points_interval": "the bounds of a gap: 'de {low} à {high}{unit}', '{low} to {high}{unit}'",
    "day_span": "days of one month: '{start}–{end} {month} {year}', '{month} {start}–{end}, {year}'",
    "search": "the accessible name of the search dialog",
}
OPTIONAL = {  # may be left out
    "typography": "what the build applies to this language's texts (pages, declarations, labels, strings), so that "
                  "authors need not type it: before (a mark → the space it takes before it, e.g. '%': '\\u202f'), "
                  "quotes_inside (the space inside « »), apostrophe (the one between two letters, e.g. ’)",
    "fallback": "the language whose text a data text takes while it has none in this one (e.g. en): a first build "
                "needs no translation of data/, and the build says how many texts fall back",
}


class LanguageError(Exception):
    """A language the site declares but cannot write: named, with the fix."""


@dataclass(frozen=True)
class Language:
    code: str
    locale: str
    og_locale: str
    csl: str
    bibtex: str
    quotes: tuple[str, str]
    colon: str
    semicolon: str
    and_word: str
    points_unit: str
    points_interval: str
    day_span: str
    search: str
    fallback: str | None = None
    typography: dict | None = None

    def typeset(self, text: str) -> str:
        """The text with this language's typography (strings.typeset)."""
        from insights.strings import typeset

        return typeset(text, self.typography)

    @property
    def english_name(self) -> str:
        """'French', 'English', 'German': how messages to a maintainer name the language."""
        from babel import Locale

        return Locale.parse(self.code).get_display_name("en")

    def name_of(self, code: str) -> str:
        """The language `code` named in this one: 'anglais' in French, 'English' in English."""
        from babel import Locale

        return Locale.parse(code).get_display_name(self.locale)

    def quoted(self, text: str) -> str:
        """«\u202ftext\u202f» in French, “text” in English."""
        return f"{self.quotes[0]}{text}{self.quotes[1]}"

    def d3_locale(self) -> dict:
        """The d3-format locale of the charts (Vega), from the locale's CLDR symbols and patterns, with
        the site's typography: a narrow no-break space wherever CLDR puts a no-break space before %."""
        from babel import Locale
        from babel.numbers import get_territory_currencies

        locale = Locale.parse(self.locale)
        currency = get_territory_currencies(locale.territory)[0]
        symbol = locale.currency_symbols.get(currency, currency)
        pattern = locale.currency_formats["standard"].pattern.split(";")[0]
        out = {"decimal": locale.number_symbols["latn"]["decimal"], "thousands": locale.number_symbols["latn"]["group"],
               "grouping": [3], "currency": _currency(pattern, symbol)}
        percent = locale.percent_formats[None].pattern.split(";")[0]
        suffix = percent[percent.rindex("0") + 1:].replace("\u00a0", NNBSP)
        if suffix != "%":
            out["percent"] = suffix
        return out


    def d3_time_locale(self) -> dict:
        """The d3-time-format locale of the charts' time axes: month and day names from CLDR."""
        from babel import Locale

        locale = Locale.parse(self.locale)
        months, days = locale.months["format"], locale.days["format"]
        sunday_first = (6, 0, 1, 2, 3, 4, 5)  # d3 starts the week on Sunday, CLDR on Monday
        return {"dateTime": "%x %X", "date": "%Y-%m-%d", "time": "%H:%M:%S",
                "periods": [locale.day_periods["format"]["abbreviated"].get(p, p) for p in ("am", "pm")],
                "days": [days["wide"][i] for i in sunday_first], "shortDays": [days["abbreviated"][i] for i in sunday_first],
                "months": [months["wide"][i] for i in range(1, 13)],
                "shortMonths": [months["abbreviated"][i] for i in range(1, 13)]}


def _currency(pattern: str, symbol: str) -> list[str]:
    """d3's [prefix, suffix] from a CLDR currency pattern: '¤#,##0.00' → ['$', ''], '#,##0.00 ¤' → ['', ' €']."""
    start, end = pattern.index("#") if "#" in pattern else pattern.index("0"), pattern.rindex("0") + 1
    return [pattern[:start].replace("¤", symbol), pattern[end:].replace("¤", symbol)]


@cache
def language(code: str) -> Language:
    """The language `code` as strings/<code>.yml declares it; a named error if it cannot be used."""
    from babel import Locale, UnknownLocaleError

    from insights.strings import STRINGS_DIR, raw_catalogue

    path = STRINGS_DIR / f"{code}.yml"
    if not path.exists():
        raise LanguageError(f"scripts/insights/strings/{code}.yml: file is missing. Fix: copy strings/en.yml to "
                            f"{code}.yml and translate its texts (mkdocs.yml declares the language {code!r}).")
    block = raw_catalogue(code).get("language") or {}
    missing = [key for key in KEYS if key not in block]
    if missing:
        raise LanguageError(f"scripts/insights/strings/{code}.yml: key language.{missing[0]} is missing. "
                            f"Fix: add it ({KEYS[missing[0]]}).")
    try:
        Locale.parse(block["locale"])
    except (UnknownLocaleError, ValueError, TypeError):
        raise LanguageError(f"scripts/insights/strings/{code}.yml: key language.locale: Babel does not know "
                            f"{block['locale']!r}. Fix: use a locale such as fr_FR, en_US or de_DE.") from None
    fields = {("and_word" if key == "and" else key): block[key] for key in KEYS}
    fields["fallback"] = block.get("fallback")
    fields["typography"] = block.get("typography")
    fields["quotes"] = tuple(fields["quotes"])
    return Language(code=code, **fields)


def typeset_texts(node, languages: tuple[str, ...]):
    """A declaration (parsed YAML) with each of its texts by language ({fr: …, en: …}) typeset for
    its language (Language.typeset)."""
    if isinstance(node, dict):
        if node and set(node) <= set(languages):
            return {code: language(code).typeset(text) if isinstance(text, str) else text for code, text in node.items()}
        return {key: typeset_texts(value, languages) for key, value in node.items()}
    if isinstance(node, list):
        return [typeset_texts(value, languages) for value in node]
    return node


def fallbacks(languages: tuple[str, ...]) -> dict[str, str]:
    """Each language that falls back, and the one it falls back to."""
    return {code: language(code).fallback for code in languages if language(code).fallback}


def with_fallbacks(node, languages: tuple[str, ...], filled: list[str]):
    """A declaration (parsed YAML) with its texts completed: in each mapping of texts by language
    ({fr: …, en: …}), a language that has no text takes the text of the language it falls back to.
    Each text so taken is appended to `filled` as '<lang>→<fallback>→<the text>'."""
    rules = fallbacks(languages)
    if not rules:
        return node

    def walk(value):
        if isinstance(value, dict):
            if value and set(value) <= set(languages):
                out = dict(value)
                for code, other in rules.items():
                    if not out.get(code) and out.get(other):
                        out[code] = out[other]
                        filled.append(f"{code}→{other}→{out[other]}")
                return out
            return {key: walk(item) for key, item in value.items()}
        if isinstance(value, list):
            return [walk(item) for item in value]
        return value

    return walk(node)
