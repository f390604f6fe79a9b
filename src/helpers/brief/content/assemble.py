"""Build the content of one brief: :func:`build_content` (government, year) -> BriefContent.

A pure function of the government, the year and the processed data (plus the analyst's
microdata when there is one): no language, no medium, nothing drawn or written. Renderers
(:mod:`helpers.brief.render`) turn the result into slides, a PowerPoint, an Excel file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from helpers.brief import provenance
from helpers.brief.content import counters, drivers, microdata, rakor, rankings, scores, shared
from helpers.brief.content.document import SCHEMA_VERSION, BriefContent
from helpers.brief.content.figures import Citations
from helpers.brief.content.schema import EmptyItem, Region, Vintage
from helpers.core.levels import NATIONAL_CODE
from helpers.data.build import Processed, load_processed
from helpers.data.microdata import find_microdata
from helpers.reference import regions
from helpers.reference.files import load_yaml


def brief_settings() -> dict:
    """``data/reference/brief.yaml``: the brief's analysis choices."""
    return load_yaml("brief.yaml")


@dataclass
class Builder:
    """What the part builders share while one brief's content is built."""

    data: Processed
    region: regions.Region
    province: regions.Region
    year: int
    settings: dict
    microdata_is_synthetic: bool
    citations: Citations = field(default_factory=Citations)
    empty: list[EmptyItem] = field(default_factory=list)

    @property
    def stale(self) -> int:
        """A figure more than this many years older than the reference year is marked old."""
        return int(self.settings["year_rule"]["stale_after_years"])

    @property
    def is_regency(self) -> bool:
        """A kab/kota brief."""
        return self.region.level == "regency"

    @property
    def is_administrative(self) -> bool:
        """A kota/kabupaten administrasi of DKI Jakarta (not an autonomous government)."""
        return self.is_regency and not regions.is_autonomous(self.region.code)


def latest_ipak_year(data: Processed) -> int | None:
    """The latest year with a published national IPAK."""
    rows = shared.indicator_rows(data, "ipak")
    rows = rows[(rows.region_code == NATIONAL_CODE) & (rows.status == "published")]
    return int(rows.year.max()) if len(rows) else None


def default_year(data: Processed) -> int | None:
    """The reference year when none is given: the latest year with a published SPI.

    A rakor brief is about the government's own latest figures; IPAK then shows its own
    latest year with a note (``year_after_ipak``). Without any SPI: the latest IPAK.
    """
    rows = shared.indicator_rows(data, "spi")
    rows = rows[(rows.status == "published") & (rows.region_code != NATIONAL_CODE)]
    return int(rows.year.max()) if len(rows) else latest_ipak_year(data)


def _region(b: Builder) -> Region:
    legal = ()
    if b.is_administrative:
        legal = b.citations.document(regions.non_autonomous_source(b.region.code))
    return Region(b.region.code, b.region.name, b.region.level, b.province.code, b.province.name,
                  not b.is_administrative, len(regions.regencies(b.province.code)), legal)  # fmt: skip


def build_content(
    region: str | regions.Region,
    year: int | None = None,
    data: Processed | None = None,
    microdata_is_synthetic: bool | None = None,
    since: object = None,
    as_of: dt.date | None = None,
) -> BriefContent:
    """Everything one brief says for ``region`` (code, name or Region) in ``year``.

    ``since``: the last rakor (a date or a year) — what changed since. ``as_of``: the date
    actions are overdue against (default today).
    """
    government = region if isinstance(region, regions.Region) else regions.resolve(str(region))
    if government.level == "national":
        raise ValueError(
            "brief dibuat per pemerintah daerah (provinsi atau kab/kota), bukan nasional"
        )
    data = data if data is not None else load_processed()
    chosen = int(year) if year is not None else default_year(data)
    province = (
        government if government.level == "province" else regions.get(government.province_code)
    )
    synthetic = (
        find_microdata() is None if microdata_is_synthetic is None else microdata_is_synthetic
    )
    b = Builder(data, government, province, chosen, brief_settings(), synthetic)
    region_part = _region(b)
    cards = scores.cards(b)
    ipak = scores.ipak(b)
    table = scores.government_table(b) if b.is_regency else scores.province_table(b)
    counter_part = counters.counters(b)
    ranking_part = rankings.rankings(b)
    sector_part = microdata.sector_model(b)
    as_of = as_of or dt.date.today()
    trend_part = rakor.trend_part(b, since)
    respondents = None if b.is_administrative else rakor.respondent_part(b)
    offices = None if b.is_administrative else rakor.offices_part(b)
    actions = None if b.is_administrative else rakor.actions_part(b, since, as_of)
    extra = () if b.is_regency else rakor.province_rows_extra(b, as_of)
    drivers_part = drivers.drivers_part(b)
    what_if = microdata.what_if(b)
    shown = [government.code] if b.is_regency else list(shared.peer_codes(province.code))
    vintages = tuple(Vintage(*v) for v in scores.vintages(b, shown))
    record = provenance.record(
        region=government, province=province, year=chosen, latest_ipak_year=latest_ipak_year(data),
        manifest=data.manifest, settings=b.settings,
        synthetic=bool(data.values.is_synthetic.any()),
    )  # fmt: skip
    return BriefContent(
        schema=SCHEMA_VERSION, region=region_part, reference_year=chosen,
        latest_ipak_year=latest_ipak_year(data), vintages=vintages, cards=cards, ipak=ipak,
        table=table, counters=counter_part, rankings=ranking_part, sector_model=sector_part,
        what_if=what_if, empty=tuple(b.empty), sources=b.citations.all(), provenance=record,
        real_microdata=not synthetic, trend_against_targets=trend_part, respondents=respondents, service_offices=offices,
        action_plan=actions, province_extra=extra, drivers=drivers_part,
        since=trend_part.since if trend_part else (rakor.since_date(since).isoformat() if since else None),
    )  # fmt: skip
