"""The one answer to "is there a value here?", and the states a cell can be in.

Suppressed, missing, not applicable and zero are four different things (see
``docs/DATA_CONTRACT.md``). Every module asks these functions, never ``math.isnan`` or
``pd.isna`` on its own, so ``None``, ``NaN``, ``pd.NA`` and ``NaT`` are treated alike.
"""

from __future__ import annotations

import math
from numbers import Number

import pandas as pd

PUBLISHED = "published"
SUPPRESSED = "suppressed"
MISSING = "missing"
NOT_APPLICABLE = "not_applicable"
# A live-dashboard reading before the publisher closed the year (MCP): a value exists but it
# is not the year's final figure. Shown with its own label, never ranked, never a final value
# in a trend.
INTERIM = "interim"
VALUE_STATES = (PUBLISHED, SUPPRESSED, MISSING, NOT_APPLICABLE, INTERIM)


def is_missing(value: object) -> bool:
    """Return True for ``None``, ``NaN``, ``pd.NA``, ``NaT`` and empty text; False otherwise.

    A non-numeric value such as a grade ``"A"`` is present (not missing); ask
    :func:`as_number` when a number is needed.

    >>> is_missing(None), is_missing(float("nan")), is_missing(pd.NA), is_missing(0), is_missing("A")
    (True, True, True, False, False)
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    if isinstance(value, Number):
        try:
            return math.isnan(float(value))
        except (TypeError, ValueError):
            return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def as_number(value: object) -> float | None:
    """Return ``value`` as a float, or None when it is missing or not a number (a grade).

    >>> as_number("71.5"), as_number(float("nan")), as_number("A"), as_number(0)
    (71.5, None, None, 0.0)
    """
    if is_missing(value):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def has_number(value: object) -> bool:
    """Return True when ``value`` is a usable number (see :func:`as_number`)."""
    return as_number(value) is not None


def text_or_empty(value: object) -> str:
    """Return ``value`` as stripped text, or ``""`` when it is missing."""
    return "" if is_missing(value) else str(value).strip()
