"""Texts a reader sees, in Bahasa Indonesia (default) and English.

All strings live in ``data/reference/labels.yaml``; code refers to them by key, so a
wording change never touches code and both languages stay side by side.
"""

from __future__ import annotations

from helpers.reference.files import load_yaml

LANGUAGES = ("id", "en")


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise ``ValueError`` naming the choices."""
    if lang not in LANGUAGES:
        raise ValueError(f"Bahasa '{lang}' tidak dikenal; pilih salah satu dari {LANGUAGES}.")
    return lang


def labels() -> dict:
    """Return the whole label dictionary ``{key: {"id": ..., "en": ...}}``."""
    return load_yaml("labels.yaml")


def t(key: str, lang: str = "id", **fields) -> str:
    """Return label ``key`` in ``lang``, with ``{placeholders}`` filled from ``fields``."""
    check_lang(lang)
    try:
        entry = labels()[key]
    except KeyError:
        raise KeyError(f"Label '{key}' tidak ada di data/reference/labels.yaml") from None
    text = entry[lang]
    return text.format(**fields) if fields else text
