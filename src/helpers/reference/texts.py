"""Texts a reader sees, in Bahasa Indonesia (default) and English.

One tree of reader texts per language, ``data/reference/texts/<lang>.yaml``, read by one
lookup, :func:`t`. Code refers to a text by key (dotted for nested groups, e.g.
``t("trend.on_track", "en")``), so a wording change never touches code and both languages
keep the same keys (``tests/unit/test_texts.py`` checks it).
"""

from __future__ import annotations

from collections.abc import Iterator

from helpers.core.paths import reference_dir
from helpers.reference.files import load_yaml

LANGUAGES = ("id", "en")


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise ``ValueError`` naming the choices."""
    if lang not in LANGUAGES:
        raise ValueError(f"Bahasa '{lang}' tidak dikenal; pilih salah satu dari {LANGUAGES}.")
    return lang


def text_file(lang: str) -> str:
    """Return the path, relative to ``data/reference``, of the text tree of ``lang``."""
    return f"texts/{check_lang(lang)}.yaml"


def tree(lang: str = "id") -> dict:
    """Return the whole text tree of ``lang`` (nested dicts of strings)."""
    return load_yaml(text_file(lang))


def flatten(node: dict, prefix: str = "") -> Iterator[tuple[str, str]]:
    """Yield ``(dotted key, text)`` for every leaf of a text tree."""
    for key, value in node.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from flatten(value, f"{dotted}.")
        else:
            yield dotted, value


def t(key: str, lang: str = "id", **fields) -> str:
    """Return text ``key`` in ``lang``, with ``{placeholders}`` filled from ``fields``.

    ``key`` is dotted for nested groups (``"sectors.dukcapil.label"``). Raises ``KeyError``
    naming the text files when the key is missing or names a group rather than a text.
    """
    node = tree(lang)
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            node = None
            break
        node = node[part]
    if not isinstance(node, str):
        files = ", ".join(str(reference_dir() / text_file(code)) for code in LANGUAGES)
        raise KeyError(f"Teks '{key}' tidak ada di {files}")
    return node.format(**fields) if fields else node
