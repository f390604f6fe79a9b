"""One tree of reader texts per language (data/reference/texts/), read by one lookup."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pandas as pd
import pytest

from helpers.brief.render import labels, tables
from helpers.gaps import metrics, thresholds
from helpers.reference.formatting import format_number
from helpers.reference.texts import LANGUAGES, flatten, t, tree

SRC = Path(__file__).resolve().parents[2] / "src" / "helpers"

# The four states of a value and the text key that names each one in every table and legend.
STATE_TEXTS = {
    "published": "published",
    "suppressed": "suppressed",
    "missing": "not_available",
    "not_applicable": "not_applicable",
}


def _leaves(lang: str) -> dict[str, str]:
    return dict(flatten(tree(lang)))


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_key_exists_in_every_language_with_the_same_placeholders():
    default = _leaves("id")
    assert len(default) > 100
    for lang in LANGUAGES:
        leaves = _leaves(lang)
        assert sorted(leaves) == sorted(default), lang
        for key, text in leaves.items():
            assert _placeholders(text) == _placeholders(default[key]), (lang, key)


def test_no_text_is_empty():
    for lang in LANGUAGES:
        for key, text in _leaves(lang).items():
            assert isinstance(text, str) and text.strip(), (lang, key)


def test_lookup_fills_placeholders_and_reads_dotted_keys():
    raw = tree("en")["brief_title"]
    assert "{province}" in raw
    filled = t("brief_title", "en", province="Kalimantan Tengah")
    assert filled == raw.replace("{province}", "Kalimantan Tengah") and "{" not in filled
    assert t("trend.on_track", "id") == tree("id")["trend"]["on_track"]
    assert t("sectors.dukcapil.label", "en") == tree("en")["sectors"]["dukcapil"]["label"]


@pytest.mark.parametrize("key", ["no_such_text", "trend.no_such", "trend", "brief_title.id"])
def test_missing_key_raises_naming_the_files(key):
    with pytest.raises(KeyError) as caught:
        t(key, "en")
    message = str(caught.value)
    assert key in message
    assert "texts/id.yaml" in message and "texts/en.yaml" in message


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="fr"):
        t("brief_title", "fr")


def test_each_state_has_one_text_per_language():
    for lang in LANGUAGES:
        values = list(_leaves(lang).values())
        words = [t(key, lang) for key in STATE_TEXTS.values()]
        assert len(set(words)) == len(words), lang
        for word in words:
            assert values.count(word) == 1, (lang, word)
    assert t("not_applicable", "id") == "tidak berlaku"
    assert t("not_applicable", "en") == "not applicable"


def _gap_row(code: str, data_status: str) -> dict:
    status = thresholds.special_status(data_status)
    row = dict.fromkeys(metrics.GAP_TABLE_COLUMNS)
    row.update(
        region_code=code,
        region_name=f"Kab. {code}",
        level="regency",
        value=float("nan"),
        data_status=data_status,
        status_kind=status.kind,
        target=float("nan"),
        gap_pts=float("nan"),
        goalpost_score_0_100=float("nan"),
        trend_arrow="·",
        trend_key="insufficient_data",
    )
    return row


@pytest.mark.parametrize("lang", LANGUAGES)
def test_tables_and_legends_use_the_same_state_texts(lang):
    legend = {entry.key: entry.label for entry in labels.legend_entries("spi", 2024, lang)}
    assert legend["suppressed"] == t("suppressed", lang)
    assert legend["missing"] == t("not_available", lang)
    assert labels.status_label(thresholds.special_status("missing"), lang) == t(
        "not_available", lang
    )
    assert format_number(None, lang) == t("not_available", lang)
    table = pd.DataFrame([_gap_row("6201", "suppressed"), _gap_row("6202", "missing")])
    shown = tables.format_gap_table(table, lang)
    value_header = t("gap_columns.value", lang)
    assert list(shown[value_header]) == [t("suppressed", lang), t("not_available", lang)]
    assert list(shown.columns) == [t(f"gap_columns.{c}", lang) for c in tables.GAP_DISPLAY_COLUMNS]


def _python_files():
    return sorted(SRC.rglob("*.py"))


def test_every_literal_text_key_in_the_code_exists():
    pattern = re.compile(r"""\bt\(\s*["']([a-z0-9_.]+)["']""")
    known = set(_leaves("id"))
    used = {key for path in _python_files() for key in pattern.findall(path.read_text())}
    assert used, "no t() call found: the pattern is wrong"
    assert sorted(used - known) == []


def _is_lang_dict(node: ast.AST) -> bool:
    if not isinstance(node, ast.Dict):
        return False
    keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
    return len(keys & set(LANGUAGES)) >= 2


def _is_lang_choice(node: ast.AST) -> bool:
    """``"…" if lang == "id" else "…"``: two reader strings chosen by language in code."""
    return (
        isinstance(node, ast.IfExp)
        and isinstance(node.body, ast.Constant)
        and isinstance(node.orelse, ast.Constant)
        and all(
            isinstance(v.value, str) and re.search(r"[^\W\d_]{2}", v.value)
            for v in (node.body, node.orelse)
        )
        and "lang" in ast.unparse(node.test)
    )


def test_no_reader_text_lives_in_python():
    offenders = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text())):
            if _is_lang_dict(node) or _is_lang_choice(node):
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == []
