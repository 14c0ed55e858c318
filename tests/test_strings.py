"""The French and English string catalogues have the same keys, and no empty text."""

from insights.strings import catalogue, keys


def test_catalogues_have_the_same_keys():
    fr, en = keys(catalogue("fr")), keys(catalogue("en"))
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


def test_french_words_in_every_study_declaration_use_narrow_no_break_spaces():
    import yaml

    from insights import DATA_DIR

    files = sorted(DATA_DIR.glob("*/*.yml"))
    assert any(f.name == "figures.yml" for f in files)
    for path in files:
        for text in french_texts(yaml.safe_load(path.read_text(encoding="utf-8"))):
            assert not any(bad in text for bad in (" %", " ;", " :", "« ", " »")), f"{path}: {text}"


def test_french_strings_use_narrow_no_break_spaces():
    for key in keys(catalogue("fr")):
        node = catalogue("fr")
        for part in key.split("."):
            node = node[part]
        assert " %" not in node and " ;" not in node and " :" not in node, key


def test_parity_finds_nothing_missing_in_the_real_site():
    from insights.parity import problems

    assert problems() == []
