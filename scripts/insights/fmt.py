"""Locale-correct number formatting, for prose (Babel) and for charts (d3 locales).

Both sides use U+202F NARROW NO-BREAK SPACE before % and between thousands in French,
so a chart and the sentence beside it agree character for character (see GLOSSARY.md).
"""

from __future__ import annotations

from functools import cache

from babel import Locale
from babel.numbers import format_decimal, format_percent

from insights.languages import NBSP, NNBSP, language


@cache
def d3_locale(lang: str) -> dict:
    """The d3-format locale of the charts (Vega, at build time and in the browser)."""
    return language(lang).d3_locale()


def d3_time_locale(lang: str) -> dict:
    """The d3-time-format locale of the charts' time axes (a trend's waves)."""
    return language(lang).d3_time_locale()


def iso_day(value) -> str:
    """A study's date (a day, a month '2013-05' or a year) as the first day it covers, ISO: for a
    time axis."""
    if isinstance(value, int):
        return f"{value}-01-01"
    if isinstance(value, str):
        return f"{value}-01"
    return value.isoformat()


def and_list(items: list[str], lang: str) -> str:
    """['a', 'b', 'c'] → 'a, b et c' (fr) or 'a, b, and c' (en), by Babel's list patterns."""
    from babel.lists import format_list

    return format_list(items, locale=language(lang).locale)


def semicolon(lang: str) -> str:
    """Between the items of a list in a sentence."""
    return language(lang).semicolon


def _typeset(text: str) -> str:
    """Babel puts U+00A0 before % in French; we use U+202F throughout."""
    return text.replace(NBSP, NNBSP)


def percent(fraction: float, lang: str, digits: int = 0) -> str:
    """0.82 → '82 %' (fr, U+202F) or '82%' (en)."""
    locale = language(lang).locale
    pattern = Locale.parse(locale).percent_formats[None].pattern  # '#,##0 %' in French
    if digits:
        pattern = pattern.replace("0", "0." + "0" * digits, 1)
    return _typeset(format_percent(fraction, pattern, locale=locale))


def decimal(value: float, lang: str, digits: int = 1) -> str:
    """4.8235 → '4,8' (fr) or '4.8' (en)."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return _typeset(format_decimal(value, pattern, locale=language(lang).locale))


def integer(value: int, lang: str) -> str:
    """1241 → '1 241' (fr, U+202F) or '1,241' (en)."""
    return decimal(value, lang, digits=0)


def size(n_bytes: int, lang: str) -> str:
    """A file's size as a reader reads it: 1 234 567 → '1,2 Mo' (fr) or '1.2 MB' (en); under a
    megabyte, in kilobytes ('450 ko', '450 kB'). Decimal units, as the file managers show them."""
    from babel.units import format_unit

    unit, value, pattern = ("digital-megabyte", n_bytes / 1e6, "#,##0.0") if n_bytes >= 1e6 else ("digital-kilobyte", max(1, round(n_bytes / 1e3)), "#,##0")
    said = format_unit(value, unit, length="short", format=pattern, locale=language(lang).locale)
    return _typeset(said.replace(" ", "\u00a0"))  # the number and its unit on one line


def points(value: float, lang: str, digits: int = 0) -> str:
    """A gap between two shares: 65 → '65 pts' (fr) or '65 pp' (en)."""
    return decimal(value, lang, digits) + language(lang).points_unit


def signed(value: float, lang: str, digits: int = 1) -> str:
    """A number with its sign, '+' or '−' (U+2212): '+9,1', '−5,1'."""
    text = decimal(abs(value), lang, digits)
    return ("−" if round(value, digits) < 0 else "+") + text


def points_interval(low: float, high: float, lang: str, digits: int = 1) -> str:
    """Bounds of a gap in points: 'de −5,1 à +9,1 pts' (fr), '−5.1 to +9.1 pp' (en)."""
    words = language(lang)
    return words.points_interval.format(low=signed(low, lang, digits), high=signed(high, lang, digits), unit=words.points_unit)


def interval(low: float, high: float, lang: str, digits: int = 1) -> str:
    """Bounds of a share: '76,7 %–86,3 %' (fr) or '76.7%–86.3%' (en)."""
    return f"{percent(low, lang, digits)}–{percent(high, lang, digits)}"


def day(value, lang: str) -> str:
    """A date as the study gives it: a day ('20 mars 2012', 'March 20, 2012'), a month
    ('2013-05': 'mai 2013', 'May 2013') or a year alone."""
    import datetime

    from babel.dates import format_date

    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):  # a month
        year, month = map(int, value.split("-"))
        return format_date(datetime.date(year, month, 1), "MMMM y", locale=language(lang).locale)
    return _typeset(format_date(value, "long", locale=language(lang).locale))


def period(start, end, lang: str) -> str:
    """A fieldwork span: '13–17 février 2012', 'February 13–17, 2012'; years stay years."""
    from babel.dates import format_date

    if start == end:
        return day(start, lang)
    if not (hasattr(start, "month") and hasattr(end, "month")):  # a year or a month
        return f"{day(start, lang)} – {day(end, lang)}"
    if (start.year, start.month) == (end.year, end.month):
        return language(lang).day_span.format(start=start.day, end=end.day, year=end.year,
                                              month=format_date(end, "MMMM", locale=language(lang).locale))
    return f"{day(start, lang)} – {day(end, lang)}"
