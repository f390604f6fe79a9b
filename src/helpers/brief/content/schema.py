"""What a brief says, as typed, frozen, language-neutral data (the brief's *content*).

Every field is declared once in ``data/reference/fields.yaml`` (name, type, unit, meaning);
``tests/unit/test_content.py`` holds every emitted field against it. Values are keys and
numbers, never reader words: a renderer (:mod:`helpers.brief.render`) turns them into
Indonesian or English, HTML, PowerPoint, Excel or notebook output.

The whole brief (:class:`helpers.brief.content.document.BriefContent`) is serialised as the
sidecar ``brief.json`` and read back, so every renderer works from one content build.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """One numbered entry of the brief's sources (a citation, language-neutral)."""

    number: int
    kind: str  # "figure" (a published figure) | "document" (target, law) | "layer" | "microdata"
    publisher: str | None = None
    outlet: str | None = None
    year: int | None = None
    tier: int | None = None  # 1 publisher's page, 2 report quoting it, 3 third-party copy
    document: str | None = None
    urls: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figure:
    """One indicator value of one government in one year, in one of the data states."""

    indicator_id: str
    region_code: str
    year: int | None
    value: float | None
    status: str  # published | suppressed | missing | not_applicable | interim
    category: str | None = None  # grade or zone as published
    band_key: str | None = None  # the value's class on the publisher's fixed bands
    band_kind: str | None = None  # band | zone | unclassified | suppressed | missing
    tone: str | None = None
    is_old: bool = False
    is_province_statement: bool = False
    has_conflict: bool = False
    conflict_values: str | None = None
    source_numbers: tuple[int, ...] = ()

    @property
    def has_value(self) -> bool:
        """A published (final) number or grade/zone; an interim reading is not one."""
        return self.status == "published" and (self.value is not None or bool(self.category))

    @property
    def has_number(self) -> bool:
        """A published number (not only a grade)."""
        return self.status == "published" and self.value is not None


@dataclass(frozen=True)
class Card:
    """A headline card: one indicator of the government (or national IPAK) against its target."""

    scope: str  # national | government
    figure: Figure
    target: float | None = None
    target_basis: str | None = None  # own | national | none
    target_source_numbers: tuple[int, ...] = ()
    gap_pts: float | None = None
    goalpost_score_0_100: float | None = None
    trend: str | None = None  # SDSN-style trend key
    observed_change_per_year: float | None = None
    observed_change_ci_low: float | None = None
    observed_change_ci_high: float | None = None
    ci_level: float | None = None
    tone_rank: int = 99


@dataclass(frozen=True)
class Point:
    """One year of a series."""

    year: int
    value: float | None
    status: str = "published"


@dataclass(frozen=True)
class Series:
    """A yearly series of one indicator for one region (national: ``"00"``)."""

    indicator_id: str
    region_code: str
    points: tuple[Point, ...]
    source_numbers: tuple[int, ...] = ()


@dataclass(frozen=True)
class IpakPart:
    """National IPAK with its dimensions and the RPJMN targets (national only)."""

    series: tuple[Series, ...]
    targets: tuple[Point, ...]
    latest_year: int | None
    latest_value: float | None
    target: float | None
    gap_pts: float | None
    source_numbers: tuple[int, ...] = ()


@dataclass(frozen=True)
class TableRow:
    """A row of the local-government table: one government, one figure per indicator."""

    region_code: str
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class GovernmentTable:
    """SPI, MCP and Ombudsman per government (province brief) or per indicator (kab/kota)."""

    indicators: tuple[str, ...]
    rows: tuple[TableRow, ...]
    absent_indicators: tuple[str, ...] = ()  # nothing published: one line, not a row


@dataclass(frozen=True)
class Unit:
    """A named service unit of a named government, with its Ombudsman score and year."""

    sector: str
    unit_name: str
    region_code: str
    figure: Figure


@dataclass(frozen=True)
class Counter:
    """One of the four service counters, unit by unit.

    The named units' scores are never averaged across governments; the two-worst rating is
    for the brief's own government only.
    """

    sector: str
    units: tuple[Unit, ...]
    own_rating_0_100: float | None = None
    own_n_scored: int = 0


@dataclass(frozen=True)
class CountersPart:
    """The four counters from published evidence, with MCP's areas and the national rate."""

    counters: tuple[Counter, ...]
    figures: tuple[Figure, ...]
    national_rate: Figure | None = None


@dataclass(frozen=True)
class RankEntry:
    """One government on a ranked chart or map."""

    region_code: str
    figure: Figure
    group: str  # ranked | older | grade_only | none
    rank: int | None = None
    target: float | None = None


@dataclass(frozen=True)
class NationalPosition:
    """Where a government's figure stands among all governments of its level, same year."""

    level: str  # province | regency
    year: int
    n_below: int
    n_compared: int
    universe: str  # publisher (the data hold every assessed government) | recorded
    n_universe: int | None = None


@dataclass(frozen=True)
class Ranking:
    """One indicator's same-year ranking of the province's governments (a chart holds one year)."""

    indicator_id: str
    year: int | None
    entries: tuple[RankEntry, ...]
    n_ranked: int
    n_governments: int
    own_rank: int | None = None
    national: NationalPosition | None = None
    source_numbers: tuple[int, ...] = ()
    layer_source_numbers: tuple[int, ...] = ()


@dataclass(frozen=True)
class SectorRate:
    """A sector's rate of users who paid more than the official fee (real microdata only)."""

    sector: str
    rate_pct: float | None
    ci_low_pct: float | None
    ci_high_pct: float | None
    method: str | None
    national_rate_pct: float | None = None
    province_rate_pct: float | None = None
    n_users: int | None = None
    shown: bool = True
    reason: str | None = None


@dataclass(frozen=True)
class SectorModelPart:
    """Sector estimates from an analyst's real SPAK microdata (never the synthetic file)."""

    rows: tuple[SectorRate, ...]
    ci_level: float
    model_note: str | None = None  # key of a model-state note (fallback to direct estimates)
    source_numbers: tuple[int, ...] = ()


@dataclass(frozen=True)
class WhatIfRow:
    """Lower one sector's rate by k points: the change in Pengalaman (0–5 points)."""

    sector: str
    method: str
    k_points: float
    delta_pengalaman_pts: float | None
    ci_low: float | None
    ci_high: float | None
    ci_level: float


@dataclass(frozen=True)
class EmptyItem:
    """A part with nothing to show: one line on the 'not yet available' slide."""

    part: str
    indicator_id: str | None
    reason: str  # not_published | not_applicable | no_respondents
    publisher: str | None = None


@dataclass(frozen=True)
class Region:
    """The government a brief is for."""

    code: str
    name: str
    level: str  # province | regency
    province_code: str
    province_name: str
    is_autonomous: bool = True
    n_regencies: int = 0
    legal_basis_source_numbers: tuple[int, ...] = ()


@dataclass(frozen=True)
class Vintage:
    """The latest year of an indicator shown in the brief, and its publisher."""

    indicator_id: str
    year: int
    publisher: str
