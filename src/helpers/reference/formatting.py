"""Numbers as a reader sees them, in the brief's language.

``3,85`` and ``10.040`` in Indonesian, ``3.85`` and ``10,040`` in English — in prose, tables,
axes and legends alike. A missing value reads as the text ``not_available`` in that language,
never ``nan`` or ``<NA>``.
"""

from __future__ import annotations

from helpers.core.missing import as_number
from helpers.reference.texts import check_lang, t


def format_number(value: float | int | None, lang: str = "id", decimals: int = 2) -> str:
    """Format a number for the brief's language.

    >>> format_number(3.85, "id"), format_number(3.85, "en")
    ('3,85', '3.85')
    >>> format_number(10040, "id", 0), format_number(10040, "en", 0)
    ('10.040', '10,040')
    """
    check_lang(lang)
    number = as_number(value)
    if number is None:
        return t("not_available", lang)
    if round(number, decimals) == 0:
        number = 0.0  # no "−0,00"
    text = f"{number:,.{decimals}f}"  # English convention: 10,040.25
    if lang == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text.replace("-", "−") if text.startswith("-") else text


def format_signed(value: float, lang: str = "id", decimals: int = 2) -> str:
    """Format a change with an explicit sign (``+0,05`` / ``−0,07``)."""
    number = as_number(value)
    if number is None:
        return t("not_available", lang)
    if round(number, decimals) == 0:
        return "±" + format_number(0.0, lang, decimals)
    sign = "+" if number > 0 else "−"
    return sign + format_number(abs(number), lang, decimals)


def format_interval(low: float, high: float, lang: str = "id", decimals: int = 2) -> str:
    """Format an interval as ``[a; b]`` (Indonesian) or ``[a, b]`` (English)."""
    if as_number(low) is None or as_number(high) is None:
        return ""
    sep = "; " if lang == "id" else ", "
    return f"[{format_number(low, lang, decimals)}{sep}{format_number(high, lang, decimals)}]"
