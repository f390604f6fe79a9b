"""What a rakor brief adds (issue 19), as frozen, language-neutral data: keys and numbers only.

Built by :mod:`helpers.brief.content.trends` (trends against targets, SPI's respondent groups)
and :mod:`helpers.brief.content.actions` (the four offices, the action plan and its follow-up,
the province table's extra columns); :mod:`helpers.brief.content.rakor` is the one import.
Every field is declared in ``data/reference/fields.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpers.brief.content.schema import Figure, Point, Series, Unit


@dataclass(frozen=True)
class SinceChange:
    """The change of a series from the last figure published before ``since`` to the latest."""

    from_year: int
    from_value: float
    to_year: int
    to_value: float
    change_pts: float


@dataclass(frozen=True)
class Trend:
    """One indicator of one government within one method period, against each year's target."""

    indicator_id: str
    method_period: str  # "2022-2024": first and last year of the points, one method only
    own_series: Series  # the government's own figures, one point per year
    targets: tuple[Point, ...]  # the target of each year that has one (own, else national)
    target_basis: str  # own | national | mixed | none
    province_mean: tuple[Point, ...]  # same year, same level; only when the data hold the universe
    national_mean: tuple[Point, ...]
    latest: Figure  # the latest figure of the period, classified on the publisher's bands
    on_course: str  # on_course | improving_not_enough | off_course | no_target | too_short
    on_course_year: int | None = None  # the year the judgement refers to
    since_change: SinceChange | None = None
    target_source_numbers: tuple[int, ...] = ()


@dataclass(frozen=True)
class TrendPart:
    """SPI, MCP and Ombudsman of the government, year by year against targets."""

    trends: tuple[Trend, ...]
    since: str | None = None  # ISO date of the last rakor (a year is read as 1 January)


@dataclass(frozen=True)
class RespondentSeries:
    """One SPI sub-index or correction of the government, with province and national means."""

    indicator_id: str
    own_series: Series
    province_mean: tuple[Point, ...]
    national_mean: tuple[Point, ...]


@dataclass(frozen=True)
class RespondentPart:
    """SPI's internal, external and expert groups and its two corrections, by year."""

    components: tuple[RespondentSeries, ...]
    components_year: int
    weakest_group: str | None  # indicator id of the lowest group in components_year


@dataclass(frozen=True)
class Office:
    """One of the four offices of the government and what is published about it."""

    office: str  # dpmptsp | disdukcapil | dinkes | disdik
    sector: str  # the Ombudsman unit sector (perizinan | dukcapil | kesehatan | pendidikan)
    units: tuple[Unit, ...]  # the government's own units of that sector, any year
    figures: tuple[Figure, ...]  # MCP areas (and SPI Pendidikan for disdik) with a figure
    nothing_published: bool
    publishers: tuple[str, ...]  # who would publish figures for this office


@dataclass(frozen=True)
class OfficesPart:
    """The four offices by name: DPMPTSP, Disdukcapil, Dinkes, Disdik."""

    offices: tuple[Office, ...]


@dataclass(frozen=True)
class ActionItem:
    """One action agreed in a rakor, with its state against the brief's date."""

    rakor_date: str  # ISO date
    office_or_area: str
    action: str  # the government's own words, as filed
    responsible_office: str
    due_date: str | None
    state: str  # open | in_progress | done | cancelled
    is_overdue: bool
    done_date: str | None = None
    is_done_since: bool = False
    evidence_link: str | None = None


@dataclass(frozen=True)
class Recommendation:
    """A published recommended action for a weak area: a suggestion, never a commitment."""

    area: str
    action_id: str  # row of data/reference/recommended_actions.csv
    publisher: str
    source_numbers: tuple[int, ...] = ()


@dataclass(frozen=True)
class ActionsPart:
    """The government's rakor actions and their follow-up, and suggestions for weak areas."""

    actions: tuple[ActionItem, ...]
    as_of: str  # ISO date overdue is computed against
    n_open: int  # open or in progress
    n_overdue: int
    n_done: int
    n_done_since: int | None
    weak_areas: tuple[str, ...]
    recommendations: tuple[Recommendation, ...]
    since: str | None = None


@dataclass(frozen=True)
class ProvinceRowExtra:
    """A government of the province: SPI change since the previous year, open/overdue actions."""

    region_code: str
    spi_year: int | None
    spi_change_pts: float | None  # consecutive published years only
    n_open: int
    n_overdue: int
