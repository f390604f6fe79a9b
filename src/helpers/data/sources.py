"""Citations an official can read out, from a row's ``source`` cell.

A row's ``source`` holds one or several URLs (or a publication title) separated by ``" ; "``.
:func:`citation` turns it into "KPK, melalui antaranews.com, 2024" / "KPK, via antaranews.com,
2024": the **publisher** comes from the indicator catalogue (``indicators.yaml``), the
**outlet** from the host of the best URL. When a row lists several URLs they are ranked
official first (the publisher's own site, then any other official or government site, then
news, then uploaded documents and mirrors, then third-party copies of a publisher's dashboard);
a figure found on its publisher's own site is cited without an outlet ("BPS, 2024"), a figure
seen only through a copy as the publisher's figure through that copy, with its address ("KPK,
melalui salinan pihak ketiga dasbor SPI (github.com/Daffaariftama/spi-kpk), 2024").
:func:`source_tier` gives the tier used to resolve variants (1 publisher's page, 2 report,
3 dashboard copy).

The host -> publisher/outlet mapping is ``data/reference/source_hosts.yaml``; the connecting
words are reader texts (``source_citation*`` in the text files).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import pandas as pd

from helpers.core.missing import is_missing
from helpers.reference.catalogue import catalogue
from helpers.reference.files import load_yaml
from helpers.reference.texts import t

SEPARATOR = " ; "
RANK_PUBLISHER, RANK_OFFICIAL, RANK_NEWS, RANK_DOCUMENT, RANK_COPY = 0, 1, 2, 3, 4
TIER_PUBLISHER, TIER_REPORT, TIER_COPY = 1, 2, 3
_SPLIT = re.compile(r"\s+;\s+|\s*;\s*(?=https?://)")
_URL = re.compile(r"^https?://", re.IGNORECASE)
_HOST_PREFIXES = ("www.", "m.", "amp.", "mail.")


@dataclass(frozen=True)
class Host:
    """What a URL's host is: its rank (0 publisher ... 3 document) and the name to cite."""

    host: str
    rank: int
    name: str
    publisher: str | None = None
    name_en: str | None = None


@dataclass(frozen=True)
class Citation:
    """A row's source as a citation: publisher, outlet (if any), year and the ranked URLs."""

    publisher: str
    year: int | None
    outlet: str | None
    urls: tuple[str, ...]
    documents: tuple[str, ...]
    official: bool
    outlet_en: str | None = None
    tier: int = TIER_REPORT

    def text(self, lang: str = "id") -> str:
        """Return the citation in ``lang``: "KPK, melalui antaranews.com, 2024"."""
        year = "" if self.year is None else str(self.year)
        if self.outlet:
            outlet = self.outlet_en if lang == "en" and self.outlet_en else self.outlet
            text = t(
                "source_citation_via", lang, publisher=self.publisher, outlet=outlet, year=year
            )
        elif self.documents and not self.urls:
            document = self.documents[0]
            text = t(
                "source_citation_document",
                lang,
                publisher=self.publisher,
                document=document,
                year=year,
            )
        else:
            text = t("source_citation", lang, publisher=self.publisher, year=year)
        return text.rstrip(", ")


def hosts_config() -> dict:
    """Return ``data/reference/source_hosts.yaml``."""
    return load_yaml("source_hosts.yaml")


def split_sources(cell: object) -> list[str]:
    """Return the parts of a source cell (URLs or titles), in the order written."""
    if is_missing(cell):
        return []
    return [part.strip() for part in _SPLIT.split(str(cell).strip()) if part.strip()]


def host_of(url: str) -> str:
    """Return the URL's host, lower-case, without port or a leading www./m./amp./mail."""
    host = (urlsplit(url.strip()).hostname or "").lower()
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            host = host[len(prefix) :]
    return host


def _match(host: str, table: Mapping[str, str]) -> str | None:
    """Return the value for ``host`` or its nearest parent domain listed in ``table``."""
    labels = host.split(".")
    for start in range(len(labels) - 1):
        candidate = ".".join(labels[start:])
        if candidate in table:
            return table[candidate]
    return None


def registered_domain(host: str) -> str:
    """Return the outlet's registered domain (``kupang.antaranews.com`` -> ``antaranews.com``)."""
    labels = host.split(".")
    suffixes = set(hosts_config()["public_suffixes"])
    size = 3 if ".".join(labels[-2:]) in suffixes else 2
    return ".".join(labels[-size:])


def classify_host(host: str, publisher: str | None = None) -> Host:
    """Rank a host for a row of ``publisher`` and name it as a citation would."""
    config = hosts_config()
    owner = _match(host, config["official"])
    if owner is not None:
        rank = RANK_PUBLISHER if publisher and owner == publisher else RANK_OFFICIAL
        return Host(host, rank, registered_domain(host), owner)
    if any(host == s or host.endswith("." + s) for s in config["government_suffixes"]):
        return Host(host, RANK_OFFICIAL, host)
    document = _match(host, config["documents"])
    if document is not None:
        return Host(host, RANK_DOCUMENT, document)
    outlet = _match(host, config["outlets"]) or registered_domain(host)
    return Host(host, RANK_NEWS, outlet)


def copy_of(url: str) -> Host | None:
    """Return the :class:`Host` of a third-party copy of a dashboard (``copies``), else None."""
    parts = urlsplit(url.strip())
    host = host_of(url)
    where = f"{host}{parts.path}".lower()
    for prefix, entry in (hosts_config().get("copies") or {}).items():
        if where == prefix.lower() or where.startswith(prefix.lower().rstrip("/") + "/"):
            return Host(host, RANK_COPY, entry["name_id"], entry["publisher"], entry["name_en"])
    return None


def classify_url(url: str, publisher: str | None = None) -> Host:
    """Rank one URL: a dashboard copy (``copies``) or else its host (:func:`classify_host`)."""
    return copy_of(url) or classify_host(host_of(url), publisher)


def rank_urls(urls: list[str], publisher: str | None = None) -> list[str]:
    """Return ``urls`` best first (publisher, official, news, documents, copies; ties keep order)."""
    return sorted(urls, key=lambda url: classify_url(url, publisher).rank)


def url_tier(url: str, publisher: str | None = None) -> int:
    """Return the source tier of one URL: 1 publisher's page, 2 report, 3 dashboard copy."""
    if copy_of(url) is not None:
        return TIER_COPY
    if classify_host(host_of(url), publisher).rank == RANK_PUBLISHER:
        return TIER_PUBLISHER
    return TIER_REPORT


def source_tier(source: object, publisher: str | None = None) -> int:
    """Return the best tier of a source cell (a publication title without URL is tier 2)."""
    parts = split_sources(source)
    tiers = [url_tier(p, publisher) if _URL.match(p) else TIER_REPORT for p in parts]
    return min(tiers) if tiers else TIER_REPORT


def citation(source: object, publisher: str, year: object = None) -> Citation:
    """Return the :class:`Citation` of one source cell for a figure of ``publisher``."""
    year_value = None if is_missing(year) else int(year)
    return _citation("" if is_missing(source) else str(source), publisher, year_value)


@lru_cache(maxsize=65536)
def _citation(source: str, publisher: str, year_value: int | None) -> Citation:
    """:func:`citation` of a source cell as text (a batch cites the same cells again and again)."""
    parts = split_sources(source)
    urls = rank_urls([p for p in parts if _URL.match(p)], publisher)
    documents = tuple(p for p in parts if not _URL.match(p))
    if not urls:
        return Citation(publisher, year_value, None, (), documents, False)
    best = classify_url(urls[0], publisher)
    outlet = None if best.rank == RANK_PUBLISHER else best.name
    official = best.rank in (RANK_PUBLISHER, RANK_OFFICIAL)
    tier = min(url_tier(url, publisher) for url in urls)
    return Citation(
        publisher, year_value, outlet, tuple(urls), documents, official, best.name_en, tier
    )


def publisher_of(indicator_id: str) -> str:
    """Return the catalogue's publisher of ``indicator_id`` (``KeyError`` if unknown)."""
    return catalogue()[indicator_id].publisher


def cite_row(row: Mapping, lang: str = "id") -> str:
    """Return the citation text of one processed row (needs indicator_id, source, year)."""
    return citation(row["source"], publisher_of(row["indicator_id"]), row.get("year")).text(lang)


def cite_rows(frame: pd.DataFrame, lang: str = "id") -> pd.Series:
    """Return the citation text of every row of a processed table (same index)."""
    if frame.empty:
        return pd.Series([], index=frame.index, dtype=object)
    return frame.apply(lambda row: cite_row(row, lang), axis=1)
