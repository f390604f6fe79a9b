"""The whole content of one brief (:class:`BriefContent`), versioned and serialised.

``brief.json`` is :func:`to_json` of it; :func:`from_json` reads it back for the renderers
that run after the notebook (PowerPoint, Excel, the batch index).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import types
import typing
from dataclasses import dataclass, field

from helpers.brief.content.drivers import DriversPart
from helpers.brief.content.rakor_schema import (
    ActionsPart,
    OfficesPart,
    ProvinceRowExtra,
    RespondentPart,
    TrendPart,
)
from helpers.brief.content.schema import (
    Card,
    CountersPart,
    EmptyItem,
    GovernmentTable,
    IpakPart,
    Ranking,
    Region,
    SectorModelPart,
    Source,
    Vintage,
    WhatIfRow,
)

SCHEMA_VERSION = "ipak-brief-content/2"


@dataclass(frozen=True)
class BriefContent:
    """Everything one brief says, for one government and year."""

    schema: str
    region: Region
    reference_year: int
    latest_ipak_year: int | None
    vintages: tuple[Vintage, ...]
    cards: tuple[Card, ...]
    ipak: IpakPart | None
    table: GovernmentTable
    counters: CountersPart
    rankings: tuple[Ranking, ...]
    sector_model: SectorModelPart | None
    what_if: tuple[WhatIfRow, ...]
    empty: tuple[EmptyItem, ...]
    sources: tuple[Source, ...]
    provenance: dict = field(default_factory=dict)
    real_microdata: bool = False
    trend_against_targets: TrendPart | None = None
    respondents: RespondentPart | None = None
    service_offices: OfficesPart | None = None
    action_plan: ActionsPart | None = None
    province_extra: tuple[ProvinceRowExtra, ...] = ()
    drivers: DriversPart | None = None
    since: str | None = None

    @property
    def is_regency(self) -> bool:
        """A kab/kota brief."""
        return self.region.level == "regency"

    @property
    def is_administrative(self) -> bool:
        """DKI's kota/kabupaten administrasi: no score of its own applies."""
        return self.is_regency and not self.region.is_autonomous

    def source(self, number: int) -> Source:
        """The source entry with marker ``number``."""
        return self.sources[number - 1]


# ------------------------------------------------------------------------- serialising
def _plain(value):
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def as_dict(content: BriefContent) -> dict:
    """The content as plain JSON types (the sidecar's structure)."""
    return _plain(content)


def to_json(content: BriefContent) -> str:
    """The sidecar ``brief.json``: the whole content, versioned."""
    return json.dumps(as_dict(content), indent=1, ensure_ascii=False)


@functools.cache
def _hints(kind) -> dict:
    """The resolved field types of a dataclass (resolving them is the slow part of reading)."""
    return typing.get_type_hints(kind)


def _build(kind, data):
    if data is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        return _build(options[0], data) if len(options) == 1 else data
    if origin is tuple:
        inner = typing.get_args(kind)[0]
        return tuple(_build(inner, d) for d in data)
    if dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        return kind(**{f.name: _build(hints[f.name], data[f.name])
                       for f in dataclasses.fields(kind) if f.name in data})  # fmt: skip
    return data


def from_dict(data: dict) -> BriefContent:
    """Read a sidecar's content back into :class:`BriefContent` (same schema version only)."""
    if data.get("schema") != SCHEMA_VERSION:
        raise ValueError(f"brief.json schema {data.get('schema')!r}, expected {SCHEMA_VERSION!r}")
    return _build(BriefContent, data)


def from_json(text: str) -> BriefContent:
    """Read ``brief.json`` back into :class:`BriefContent`."""
    return from_dict(json.loads(text))
