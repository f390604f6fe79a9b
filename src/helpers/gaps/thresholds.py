"""Fixed status bands: classify a published value (or grade) into a status with a colour.

Everything a reader sees as a status colour comes from ``data/reference/thresholds.yaml``:
the publishers' bands (BPS IPAK bands, KPK SPI zones 2021 and 2023+, Ombudsman grades and
zones, KPK MCP colours), the shared tone vocabulary (colour-blind-safe, same colours
everywhere) and the special states *suppressed* and *missing*. Bands are fixed in advance,
never quantiles of the data being shown.

Border rule (see the YAML): bands are half-open ``[lower, next lower)``; values are
classified as published, without rounding (SPI 2023+: 72.95 → merah, 73.0 → kuning).

No language here (issue #16): a :class:`Status` or :class:`LegendKey` carries keys (band or
zone key, kind, tone, scheme id) and the drawing of its state (colour, hatch, edge, marker),
never words. The colours stay here because they are part of the fixed band definition in
``thresholds.yaml`` (one tone, one colour, in every map, table and slide), not a renderer's
choice. The words — the publishers' bilingual band, zone, legend and scheme names in the
YAML and the reader texts of the special states — are looked up by the renderers
(:mod:`helpers.brief.render.labels`: ``status_label``, ``scheme_name``, ``legend_entries``,
``map_text``), through :func:`label_entry` and :func:`config`.

>>> classify("spi", 73.0, 2024).key, classify("spi", 72.95, 2024).key
('waspada', 'rentan')
>>> classify("ombudsman", None, 2023, category="A").key
'A'
>>> classify("spi", None, 2024, status="suppressed").kind
'suppressed'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from helpers.core.missing import is_missing
from helpers.reference.files import load_yaml

SPECIAL_KINDS = ("suppressed", "missing", "unclassified", "interim")
_FLOAT_NOISE_DECIMALS = 6


# ------------------------------------------------------------------------------ data
def config() -> dict:
    """Return the parsed ``thresholds.yaml`` (loaded once per path, then cached)."""
    return load_yaml("thresholds.yaml")


@dataclass(frozen=True)
class Status:
    """The status of one value: a band of a scheme, or a special state.

    ``kind`` is ``"band"``, ``"zone"`` (a published zone that does not pin down one band,
    e.g. Ombudsman "hijau" = A or B), ``"suppressed"``, ``"missing"`` or
    ``"unclassified"`` (a value with no official band for that indicator/year).
    ``rank`` is the tone's rank (1 = worst … 5 = best), ``None`` for special states.
    No words: the label a reader sees is looked up by the renderers (:func:`label_entry`).
    """

    key: str
    kind: str
    tone: str
    colour: str
    rank: int | None = None
    scheme: str | None = None
    hatch: str = ""
    edgecolour: str = "#FFFFFF"
    marker: str = "o"
    source: str = ""


@dataclass(frozen=True)
class LegendKey:
    """One legend row without its words: key, fill colour, hatch and edge colour.

    ``kind`` is ``"band"`` (a band of ``scheme``), ``"legend"`` (a row of the scheme's own
    ``legend`` list, keyed by its key or tone) or a special state (``scheme`` is ``None``).
    """

    key: str
    kind: str
    colour: str
    scheme: str | None = None
    hatch: str = ""
    edgecolour: str = "#FFFFFF"


@dataclass(frozen=True)
class Scheme:
    """One publisher's band scheme for some indicators and years (see the YAML)."""

    id: str
    indicators: tuple[str, ...]
    first_year: int
    last_year: int | None
    scale: tuple[float, float]
    source: str
    bands: tuple[dict, ...]
    zones: dict = field(default_factory=dict)
    legend: tuple[dict, ...] = ()
    match_words: bool = False

    def applies(self, indicator_id: str, year: int) -> bool:
        """Return True when this scheme covers ``indicator_id`` in ``year``."""
        if indicator_id not in self.indicators:
            return False
        return self.first_year <= int(year) and (
            self.last_year is None or int(year) <= self.last_year
        )


def _scheme(scheme_id: str, raw: dict) -> Scheme:
    first, last = raw["years"]
    bands = tuple(raw["bands"])
    lowers = [float(band["lower"]) for band in bands]
    if lowers != sorted(lowers) or len(set(lowers)) != len(lowers):
        raise ValueError(
            f"thresholds.yaml: bands of '{scheme_id}' must be listed worst first, lower bounds increasing"
        )
    return Scheme(
        id=scheme_id,
        indicators=tuple(raw["indicators"]),
        first_year=int(first),
        last_year=None if last is None else int(last),
        scale=(float(raw["scale"][0]), float(raw["scale"][1])),
        source=" ".join(str(raw["source"]).split()),
        bands=bands,
        zones=dict(raw.get("zones") or {}),
        legend=tuple(raw.get("legend") or ()),
        match_words=bool(raw.get("match_words", False)),
    )


def schemes() -> dict[str, Scheme]:
    """Return every band scheme, keyed by id."""
    return {key: _scheme(key, raw) for key, raw in config()["schemes"].items()}


def scheme_for(indicator_id: str, year: int) -> Scheme | None:
    """Return the scheme that applies to ``indicator_id`` in ``year``, or ``None``.

    Raises ``ValueError`` if two schemes claim the same indicator and year (a YAML error).
    """
    matches = [scheme for scheme in schemes().values() if scheme.applies(indicator_id, year)]
    if len(matches) > 1:
        raise ValueError(
            f"thresholds.yaml: {indicator_id} {year} is covered by several schemes: "
            + ", ".join(scheme.id for scheme in matches)
        )
    return matches[0] if matches else None


# ----------------------------------------------------------------------- constructors
def _tone(tone: str) -> dict:
    return config()["tones"][tone]


def special_status(kind: str) -> Status:
    """Return the status for a special state: ``suppressed``, ``missing`` or ``unclassified``."""
    if kind not in SPECIAL_KINDS:
        raise ValueError(f"Unknown special state '{kind}'; expected one of {SPECIAL_KINDS}")
    raw = config()["special_states"][kind]
    return Status(
        key=kind,
        kind=kind,
        tone=kind,
        colour=raw["colour"],
        hatch=raw.get("hatch", ""),
        edgecolour=raw.get("edgecolour", "#4D4D4D"),
        marker=raw.get("marker", "o"),
    )


def _scheme_status(scheme: Scheme, key: str, kind: str, entry: dict) -> Status:
    """Status for a band or zone ``entry`` of ``scheme`` (tone and colour from the YAML)."""
    tone = _tone(entry["tone"])
    return Status(
        key=key,
        kind=kind,
        tone=entry["tone"],
        colour=tone["colour"],
        rank=int(tone["rank"]),
        scheme=scheme.id,
        source=scheme.source,
    )


def _band_status(scheme: Scheme, band: dict) -> Status:
    return _scheme_status(scheme, str(band["key"]), "band", band)


def _zone_status(scheme: Scheme, zone_key: str, zone: dict) -> Status:
    return _scheme_status(scheme, f"zona_{zone_key}", "zone", zone)


def _normalise(word: str) -> str:
    word = unicodedata.normalize("NFKD", str(word)).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", word.strip().lower())


def _match_category(scheme: Scheme, category: str) -> Status | None:
    """Match a published grade/zone text to a band (or zone) of ``scheme``."""
    whole = _normalise(category)
    first = re.split(r"[\s/(,;·\-]+", whole, maxsplit=1)[0] if whole else ""
    for candidate in (whole, first):
        if not candidate:
            continue
        for band in scheme.bands:
            names = {_normalise(band["key"]), *(_normalise(a) for a in band.get("aliases", []))}
            if candidate in names:
                return _band_status(scheme, band)
        for zone_key, zone in scheme.zones.items():
            names = {_normalise(zone_key), *(_normalise(a) for a in zone.get("aliases", []))}
            if candidate in names:
                return _zone_status(scheme, zone_key, zone)
    if scheme.match_words:  # a predicate phrase inside a longer text, longest alias first
        aliases = sorted(
            ((_normalise(a), key, zone) for key, zone in scheme.zones.items()
             for a in [key, *zone.get("aliases", [])]),
            key=lambda item: -len(item[0]),
        )  # fmt: skip
        for alias, zone_key, zone in aliases:
            if re.search(rf"\b{re.escape(alias)}\b", whole):
                return _zone_status(scheme, zone_key, zone)
    return None


def _state_status(status: str | None) -> Status | None:
    """Return the special status of a non-published data state, None for ``published``.

    ``interim`` (a value exists but it is not the year's final figure) is its own state,
    never a band, so it is never ranked or coloured as final, whatever the value.
    """
    if status in ("suppressed", "missing", "interim"):
        return special_status(status)
    if status not in ("published", "", None):
        raise ValueError(
            f"Unknown status '{status}'; expected published, interim, suppressed or missing"
        )
    return None


def classify(
    indicator_id: str,
    value: float | None,
    year: int,
    category: str | None = None,
    status: str = "published",
) -> Status:
    """Return the :class:`Status` of one published value.

    - ``status="suppressed"`` → *tidak dipublikasikan*; ``status="missing"`` → *belum
      tersedia*, whatever the value (suppressed ≠ missing ≠ zero; zero is a value).
    - ``status="interim"`` (a live-dashboard reading before the publisher closed the year)
      → the special state *interim*: a value exists but is not final, so it takes no band.
    - A numeric value is placed in the scheme's band by the border rule; a published
      ``category`` that disagrees is ignored (zones are recomputed from scores).
    - No value but a published ``category`` (a grade-only source, e.g. Ombudsman "A") →
      the matching band, or a zone when the text names only a zone ("hijau" = A or B).
    - A value (or category) with no scheme for that indicator/year, or a category text
      that matches nothing → *unclassified*. No value and no category → *missing*.

    Raises ``ValueError`` for an unknown ``status`` or a value outside the scheme's scale.
    """
    special = _state_status(status)
    if special is not None:
        return special
    has_value = not is_missing(value)
    has_category = not is_missing(category)
    if not has_value and not has_category:
        return special_status("missing")
    scheme = scheme_for(indicator_id, int(year))
    if scheme is None:
        return special_status("unclassified")
    if has_value and not scheme.bands:  # predicates without published score ranges
        matched = _match_category(scheme, str(category)) if has_category else None
        return matched if matched is not None else special_status("unclassified")
    if has_value:
        number = round(float(value), _FLOAT_NOISE_DECIMALS)
        low, high = scheme.scale
        if not (low <= number <= high):
            raise ValueError(
                f"{indicator_id} {year}: value {value} is outside the scale {low}–{high} of '{scheme.id}'"
            )
        chosen = scheme.bands[0]
        for band in scheme.bands:
            if number >= float(band["lower"]):
                chosen = band
        return _band_status(scheme, chosen)
    matched = _match_category(scheme, str(category))
    return matched if matched is not None else special_status("unclassified")


# --------------------------------------------------------------------------- legends
def legend_keys(indicator_id: str, year: int, include_special: bool = True) -> list[LegendKey]:
    """Return the fixed legend of the scheme for ``indicator_id``/``year``, best first, without words.

    Always lists every category of the scheme (in the same order and colours whatever the
    data), then *suppressed* and *missing*. Schemes that colour by zone (Ombudsman 2022+)
    list one row per zone. Only the special rows when no scheme applies. The renderers add
    the words (:func:`helpers.brief.render.labels.legend_entries`).
    """
    scheme = scheme_for(indicator_id, year)
    keys: list[LegendKey] = []
    if scheme is not None:
        kind = "legend" if scheme.legend else "band"
        for row in reversed(scheme.legend or scheme.bands):
            keys.append(
                LegendKey(
                    key=str(row.get("key", row["tone"])),
                    kind=kind,
                    colour=_tone(row["tone"])["colour"],
                    scheme=scheme.id,
                )
            )
    if include_special:
        for state in ("suppressed", "missing"):
            special = special_status(state)
            keys.append(
                LegendKey(
                    key=state,
                    kind=state,
                    colour=special.colour,
                    hatch=special.hatch,
                    edgecolour=special.edgecolour,
                )
            )
    return keys


def label_entry(item: Status | LegendKey) -> dict:
    """Return the ``thresholds.yaml`` entry that names a status or a legend row.

    A band, zone or legend row of a scheme carries the publisher's words (``label_id``,
    ``label_en``); a special state carries ``text``, the key of its reader text. Which
    words a reader sees is the renderers' choice (:mod:`helpers.brief.render.labels`).
    Raises ``KeyError`` when the entry does not exist.
    """
    if item.kind in SPECIAL_KINDS:
        return dict(config()["special_states"][item.kind])
    if item.scheme is None:
        raise KeyError(f"{item.kind} '{item.key}' names no scheme")
    scheme = schemes()[item.scheme]
    if item.kind == "zone":
        return dict(scheme.zones[item.key.removeprefix("zona_")])
    rows = scheme.legend if item.kind == "legend" else scheme.bands
    for row in rows:
        if str(row.get("key", row["tone"])) == item.key:
            return dict(row)
    raise KeyError(f"{item.kind} '{item.key}' is not in scheme '{scheme.id}'")


def trend_category(key: str) -> dict:
    """Return the trend category entry (arrow, tone) for ``key``; its label is ``t("trend.<key>")``."""
    return dict(config()["trend"]["categories"][key])


def goalpost_floor(indicator_id: str) -> tuple[float | None, str]:
    """Return ``(floor, reason)`` for ``indicator_id`` from the YAML, or ``(None, "")``."""
    entry = config()["goalpost_floors"].get(indicator_id)
    if not entry:
        return None, ""
    return float(entry["floor"]), " ".join(str(entry.get("reason", "")).split())
