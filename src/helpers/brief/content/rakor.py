"""What the rakor decides (issue 19): one import for the rakor parts of a brief's content.

Builders take the brief's :class:`~helpers.brief.content.assemble.Builder` ``b`` and return
frozen, language-neutral dataclasses (keys and numbers, no reader words, no colours):

* ``trend_part(b, since)`` -> :class:`TrendPart` | None — SPI, MCP, Ombudsman against targets;
* ``respondent_part(b)`` -> :class:`RespondentPart` | None — SPI's respondent groups;
* ``offices_part(b)`` -> :class:`OfficesPart` — DPMPTSP, Disdukcapil, Dinkes, Disdik;
* ``actions_part(b, since, today)`` -> :class:`ActionsPart` — action plan and follow-up;
* ``province_rows_extra(b, today)`` -> tuple of :class:`ProvinceRowExtra` — province table.
"""

from __future__ import annotations

from helpers.brief.content.actions import (
    actions_part,
    catalogue_rows,
    offices_part,
    province_rows_extra,
    weak_areas,
)
from helpers.brief.content.rakor_schema import (
    ActionItem,
    ActionsPart,
    Office,
    OfficesPart,
    ProvinceRowExtra,
    Recommendation,
    RespondentPart,
    RespondentSeries,
    SinceChange,
    Trend,
    TrendPart,
)
from helpers.brief.content.trends import on_course, respondent_part, since_date, trend_part

__all__ = [
    "ActionItem", "ActionsPart", "Office", "OfficesPart", "ProvinceRowExtra", "Recommendation",
    "RespondentPart", "RespondentSeries", "SinceChange", "Trend", "TrendPart", "actions_part",
    "catalogue_rows", "offices_part", "on_course", "province_rows_extra", "respondent_part",
    "since_date", "trend_part", "weak_areas",
]  # fmt: skip
