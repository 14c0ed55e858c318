"""The French and English string catalogues have the same keys, and no empty text."""

import re

from insights.strings import catalogue, keys


def test_catalogues_have_the_same_keys():
    from insights.languages import OPTIONAL

    optional = {key for key in keys(catalogue("fr")) | keys(catalogue("en"))
                if key.split(".")[:2][0] == "language" and key.split(".")[1] in OPTIONAL}  # e.g. French typography
    fr, en = keys(catalogue("fr")) - optional, keys(catalogue("en")) - optional
    assert fr - en == set(), "only in fr.yml"
    assert en - fr == set(), "only in en.yml"


def french_texts(node):
    """Every French text in a declaration: the value of each fr key, however deep."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "fr" and isinstance(value, str):
                yield value
            else:
                yield from french_texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from french_texts(value)


def test_the_build_typesets_french_as_the_glossary_says():
    """An author types plain spaces and straight apostrophes; the build applies French typography
    (strings/fr.yml, language.typography) and leaves English alone."""
    from insights.languages import language

    typed = "Source : « l'article » ; 82 % ! Vraiment ? 10:30, http://x.fr/a?b"
    assert language("fr").typeset(typed) == ("Source\u202f: «\u202fl’article\u202f»\u202f; 82\u202f%\u202f! "
                                             "Vraiment\u202f? 10:30, http://x.fr/a?b")
    assert language("en").typeset("it's 82 % : x") == "it's 82 % : x"
    assert language("fr").typeset("l&#x27;article") == "l’article"  # in HTML text
    assert language("fr").typeset("Titre&para; x &amp; y&#95;z") == "Titre&para; x &amp; y&#95;z"  # references kept
    assert language("fr").typeset("Note: 82% ; vrai? oui! 10:30 http://x.fr/?a=b") == \
        "Note\u202f: 82\u202f%\u202f; vrai\u202f? oui\u202f! 10:30 http://x.fr/?a=b"  # spaces left out, put in


def test_french_strings_and_declarations_come_out_typeset():
    import yaml

    from insights import DATA_DIR
    from insights.generate import load_studies

    def texts(node):
        if isinstance(node, dict):
            for value in node.values():
                yield from texts(value)
        elif isinstance(node, list):
            for value in node:
                yield from texts(value)
        elif isinstance(node, str):
            yield node

    bad = (" %", " ;", " :", "« ", " »", "\u00a0:")
    typed = [t for path in sorted(DATA_DIR.glob("*/*.yml")) for t in french_texts(yaml.safe_load(path.read_text(encoding="utf-8")))]
    assert any(b in t for t in typed for b in bad) or any("'" in t for t in typed)  # what authors may type
    surveys, figures = load_studies()
    shown = [t for survey in surveys.values() for t in french_texts(survey.study.model_dump())]
    shown += [t for sf in figures.values() for t in french_texts(sf.figure.model_dump())]
    shown += [t for survey in surveys.values() for table in survey.tables.values() for t in french_texts(table.meta)]
    shown += list(texts({k: v for k, v in catalogue("fr").items() if k != "serve_error"}))
    for text in shown:
        assert not any(b in text for b in bad) and not re.search(r"\w'\w", text), text


def test_parity_finds_nothing_missing_in_the_real_site():
    from insights.parity import problems

    assert problems() == []
