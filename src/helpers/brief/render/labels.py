"""Words, numbers and colours of the brief: the only place a figure becomes reader text.

Every renderer (HTML deck, PowerPoint, Excel, notebook) asks here how a name, a figure, a
state, a band or a source reads in Indonesian or English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpers.brief.content.document import BriefContent
from helpers.brief.content.schema import Figure, Source
from helpers.core.levels import NATIONAL_CODE
from helpers.data.units import sectors as unit_sectors
from helpers.gaps import thresholds
from helpers.gaps.thresholds import LegendKey, Scheme, Status, classify, special_status
from helpers.reference import regions
from helpers.reference.catalogue import indicator
from helpers.reference.formatting import format_number, format_signed
from helpers.reference.texts import check_lang, t

__all__ = ["format_number", "format_signed"]


def short_name(indicator_id: str, lang: str) -> str:
    """The name officials use: the acronym when the catalogue gives one ("SPI"), else the name."""
    name = indicator(indicator_id).name(lang)
    acronym = re.search(r"\(([A-Z][A-Z/]+)\)", name)
    return acronym.group(1) if acronym else name.split(" (")[0]


def full_name(indicator_id: str, lang: str) -> str:
    """The indicator's name without its acronym or parenthesis."""
    return re.sub(r"\s*\([A-Z][A-Z/]+\)", "", indicator(indicator_id).name(lang)).split(" (")[0]


def area_name(indicator_id: str, lang: str) -> str:
    """An MCP area's name without "MCP area" in front."""
    return full_name(indicator_id, lang).replace("MCP area ", "").replace("MCP ", "")


def government(code: str, lang: str) -> str:
    """The government's name: "Pemprov Kalimantan Tengah", a kab/kota's name, or "Indonesia"."""
    if code == NATIONAL_CODE:
        return "Indonesia"
    region = regions.get(code)
    if region.level == "province":
        return t("pemprov_label", lang, province=region.name)
    return region.name


def short_government(code: str, lang: str) -> str:
    """A short name for charts: "Pemprov" or the kab/kota name without "Kabupaten"."""
    name = government(code, lang)
    return re.sub(r"^(Kabupaten|Kab\.)\s+", "", name)


def band(figure: Figure) -> Status | None:
    """The figure's class on the publisher's fixed bands (None: no value or no band)."""
    if figure.status not in ("published",) or not figure.has_value:
        return None
    status = classify(figure.indicator_id, figure.value, figure.year, figure.category, "published")
    return status if status.kind in ("band", "zone") else None


@dataclass(frozen=True)
class Chip:
    """A status chip: label, background and text colour (colour is never the only signal)."""

    label: str
    colour: str
    text_colour: str


def text_colour(background: str) -> str:
    """Black or white text, whichever reads better on ``background`` (hex colour)."""
    red, green, blue = (int(background.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return "#000000" if 0.299 * red + 0.587 * green + 0.114 * blue > 140 else "#FFFFFF"


def chip(figure: Figure, lang: str) -> Chip | None:
    """The chip of a figure's band, or None."""
    status = band(figure)
    if status is None:
        return None
    return Chip(status_label(status, lang), status.colour, text_colour(status.colour))


def state_text(figure: Figure, lang: str) -> str:
    """The state of a figure without a value: not available, suppressed, not applicable, interim."""
    key = {"suppressed": "suppressed", "not_applicable": "not_applicable",
           "interim": "interim"}.get(figure.status, "not_available")  # fmt: skip
    return t(key, lang)


def value_text(figure: Figure, lang: str, decimals: int = 2) -> str:
    """The value alone: "72,18", a grade "A" or the state's words."""
    if figure.has_number:
        return format_number(figure.value, lang, decimals)
    if figure.has_value:
        return str(figure.category)
    return state_text(figure, lang)


def cell_text(figure: Figure, lang: str, decimals: int = 2) -> str:
    """How one figure reads in a table cell: the value or state said once, with its year."""
    if figure.status == "not_applicable":
        return t("not_applicable", lang)
    if figure.year is None:
        return t("not_available", lang)
    if figure.status == "interim" and figure.value is not None:
        return (
            f"{format_number(figure.value, lang, decimals)} ({figure.year}) · {t('interim', lang)}"
        )
    return f"{value_text(figure, lang, decimals)} ({figure.year})"


def marks(figure: Figure, lang: str) -> list[str]:
    """Short marks after a value: old figure, province-wide statement, another published value."""
    out = []
    if figure.is_old:
        out.append(t("value_old_short", lang))
    if figure.is_province_statement:
        out.append(t("mark_province_statement", lang))
    if figure.has_conflict:
        out.append(t("mark_conflict", lang))
    return out


def source_text(source: Source, lang: str) -> str:
    """A source entry as a citation: "KPK, melalui antaranews.com, 2024"."""
    year = "" if source.year is None else str(source.year)
    if source.kind == "layer":
        return t("boundaries_attribution", lang)
    if source.kind == "microdata":
        return t("microdata_source", lang, file=source.document or "")
    if source.kind == "target":
        text = t("source_citation_target", lang, kind=source.document or t("series_target", lang),
                 outlet=source.outlet or "", year=year)  # fmt: skip
        return text.replace(", , ", ", ").rstrip(", ")
    if source.kind == "document":
        return source.document or (source.urls[0] if source.urls else "")
    if source.tier == 3:
        return t("source_citation_copy", lang, publisher=source.publisher, outlet=source.outlet or "",
                 year=year).rstrip(", ")  # fmt: skip
    if source.outlet:
        text = t(
            "source_citation_via", lang, publisher=source.publisher, outlet=source.outlet, year=year
        )
    elif source.document:
        text = t(
            "source_citation_document",
            lang,
            publisher=source.publisher,
            document=source.document,
            year=year,
        )
    else:
        text = t("source_citation", lang, publisher=source.publisher, year=year)
    return text.rstrip(", ")


def markers(numbers) -> list[str]:
    """Marker numbers, de-duplicated and compressed into ranges: [1, 2, 3, 7] -> ["1–3", "7"]."""
    ordered = sorted(set(numbers))
    runs: list[list[int]] = []
    for n in ordered:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return [f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs]


def part_label(index: int, total: int, lang: str) -> str:
    """The continuation label ("lanjutan 2/3"); empty on a one-slide part."""
    return t("continued", lang, part=index + 1, total=total) if total > 1 else ""


def sector_label(sector: str, lang: str) -> str:
    """The counter's name ("Perizinan")."""
    return t(f"sectors.{sector}.label", lang)


def sector_office(sector: str, lang: str) -> str:
    """The office of a counter ("DPMPTSP")."""
    return t(f"sectors.{sector}.opd", lang).split(" (")[0]


# ---------------------------------------------------------- bands, legends, map texts
def status_label(status: Status | LegendKey, lang: str) -> str:
    """The words of a status or legend row in ``lang``.

    A band or zone reads as the publisher names it (``label_id``/``label_en`` in
    ``thresholds.yaml``); a special state (suppressed, missing, interim, unclassified) as
    its reader text (``not_available`` …), the same words as in every table.
    """
    lang = check_lang(lang)
    entry = thresholds.label_entry(status)
    return t(entry["text"], lang) if "text" in entry else str(entry[f"label_{lang}"])


def scheme_name(scheme: Scheme, lang: str) -> str:
    """A band scheme's name as the publisher gives it ("Zona SPI (KPK, sejak 2023)")."""
    return str(thresholds.config()["schemes"][scheme.id][f"name_{check_lang(lang)}"])


def map_text(key: str, lang: str, **fields) -> str:
    """A text of the maps and ranked charts (reader texts ``maps.<key>``)."""
    return t(f"maps.{key}", lang, **fields)


@dataclass(frozen=True)
class LegendEntry:
    """One legend row: label, fill colour, hatch and edge colour, in a fixed order."""

    key: str
    label: str
    colour: str
    hatch: str = ""
    edgecolour: str = "#FFFFFF"


def legend_entries(
    indicator_id: str, year: int, lang: str, include_special: bool = True
) -> list[LegendEntry]:
    """The fixed legend of ``indicator_id``/``year`` in ``lang``, best first, then the states.

    The rows and colours are :func:`helpers.gaps.thresholds.legend_keys` (the same whatever
    the data); this adds their words.
    """
    check_lang(lang)
    return [
        LegendEntry(key.key, status_label(key, lang), key.colour, key.hatch, key.edgecolour)
        for key in thresholds.legend_keys(indicator_id, year, include_special)
    ]


def missing_status() -> Status:
    """The special state shown for a missing figure."""
    return special_status("missing")


def title(content: BriefContent, lang: str) -> str:
    """The brief's title."""
    return t("brief_title", lang, province=content.region.name)


def unit_sector_label(sector: str, lang: str) -> str:
    """An Ombudsman unit's sector as ``unit_sectors.yaml`` names it ("Perizinan (DPMPTSP)")."""
    entry = unit_sectors().get(sector)
    if entry is None:
        return sector
    return entry.label_en if check_lang(lang) == "en" else entry.label_id


def experience_text(key: str, lang: str, **fields) -> str:
    """A text of the sector-experience tables and charts (texts ``exp_<key>``)."""
    return t(f"exp_{key}", lang, **fields)


def method_label(method: str, lang: str) -> str:
    """An estimation or what-if method in words (``EBLUP``, ``direct``, ``accounting`` …)."""
    return experience_text(f"method_{method}", lang)


def survey_status_label(status: str, lang: str) -> str:
    """A direct estimate's reliability in words (``ok`` / ``caution`` / ``suppressed``)."""
    return t(f"survey_status.{status}", lang)


def trend_label(key: str, lang: str) -> str:
    """A trend category in words (``on_track`` …)."""
    return t(f"trend.{key}", lang)
