"""The brief's workbook: every table and series behind the slides, one sheet each.

Values are number cells; each row carries its year, unit, data state (as a key and in reader
words), band, source numbers and citations. Key columns keep machine names (``region_code``,
``indicator_id``, ``status``...); the other headers are in the brief's language. The first
sheet says what each sheet holds; the rakor sheets come from :mod:`.xlsx_rakor`.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from helpers.brief.content.document import BriefContent
from helpers.brief.content.schema import Figure
from helpers.brief.render import labels as L
from helpers.brief.render import words as W
from helpers.brief.render import xlsx_rakor
from helpers.brief.render.html import provenance_rows
from helpers.core.paths import write_atomically
from helpers.reference.catalogue import indicator
from helpers.reference.texts import t

KEY_COLUMNS = {"region_code", "indicator_id", "status", "band_key", "group", "sector", "part",
               "reason", "kind", "scope", "target_basis", "key", "on_course", "office", "office_or_area",
               "state", "is_overdue", "is_done_since", "action_id"}  # fmt: skip
NUMBER_COLUMNS = {"value", "target", "gap", "rate", "ci_low", "ci_high", "delta", "national", "province",
                  "province_mean", "national_mean", "spi_change"}  # fmt: skip
FIGURE_COLUMNS = ["region_code", "government", "indicator_id", "indicator", "year", "value", "unit",
                  "status", "status_words", "category", "band_key", "band", "marks", "sources", "citation"]  # fmt: skip
NUMBER_FORMAT = "0.00"


def _header(column: str, lang: str) -> str:
    return column if column in KEY_COLUMNS else t(f"xlsx.col.{column}", lang)


def _citation(content: BriefContent, numbers, lang: str) -> str:
    return "; ".join(
        f"[{n}] {L.source_text(content.source(n), lang)}" for n in sorted(set(numbers))
    )


def _figure(content: BriefContent, f: Figure, lang: str, extra_sources=()) -> dict:
    """The columns of one figure (value as a number, state as a key and in words)."""
    chip = L.chip(f, lang)
    numbers = tuple(f.source_numbers) + tuple(extra_sources)
    return {"region_code": f.region_code, "government": L.government(f.region_code, lang),
            "indicator_id": f.indicator_id, "indicator": L.full_name(f.indicator_id, lang), "year": f.year,
            "value": f.value if f.status == "published" else None, "unit": indicator(f.indicator_id).unit,
            "status": f.status, "status_words": W.status_text(f, lang), "category": f.category or "",
            "band_key": f.band_key or "", "band": chip.label if chip else "", "marks": " · ".join(L.marks(f, lang)),
            "sources": ", ".join(L.markers(numbers)), "citation": _citation(content, numbers, lang)}  # fmt: skip


def _cards(content, lang):
    rows = []
    for card in content.cards:
        row = {
            "scope": card.scope,
            **_figure(content, card.figure, lang, card.target_source_numbers),
        }
        row.update({"target": card.target, "target_basis": card.target_basis or "", "gap": card.gap_pts,
                    "trend": t(f"trend.{card.trend}", lang) if card.trend else ""})  # fmt: skip
        rows.append(row)
    return ["scope", *FIGURE_COLUMNS, "target", "target_basis", "gap", "trend"], rows


def _ipak(content, lang):
    part, rows = content.ipak, []
    names = {
        "ipak": "series_ipak",
        "ipak_persepsi": "series_persepsi",
        "ipak_pengalaman": "series_pengalaman",
    }
    for series in part.series:
        for p in series.points:
            rows.append({"indicator_id": series.indicator_id, "series": t(names.get(series.indicator_id, ""), lang)
                         if series.indicator_id in names else series.indicator_id, "region_code": series.region_code,
                         "year": p.year, "value": p.value, "unit": indicator(series.indicator_id).unit,
                         "status": p.status, "status_words": t("published", lang) if p.status == "published"
                         else L.state_text(Figure(series.indicator_id, series.region_code, p.year, p.value, p.status), lang),
                         "sources": ", ".join(L.markers(series.source_numbers)),
                         "citation": _citation(content, series.source_numbers, lang)})  # fmt: skip
    for p in part.targets:
        rows.append({"indicator_id": "ipak_target", "series": t("series_target", lang), "region_code": "00",
                     "year": p.year, "value": p.value, "unit": indicator("ipak").unit, "status": p.status,
                     "status_words": t("published", lang), "sources": ", ".join(L.markers(part.source_numbers)),
                     "citation": _citation(content, part.source_numbers, lang)})  # fmt: skip
    columns = ["indicator_id", "series", "region_code", "year", "value", "unit", "status", "status_words",
               "sources", "citation"]  # fmt: skip
    return columns, rows


def _table(content, lang):
    return FIGURE_COLUMNS, [
        _figure(content, f, lang) for row in content.table.rows for f in row.figures
    ]


def _units(content, lang):
    rows = [{"sector": c.sector, "sector_label": L.sector_label(c.sector, lang), "unit_name": u.unit_name,
             **_figure(content, u.figure, lang)} for c in content.counters.counters for u in c.units]  # fmt: skip
    return ["sector", "sector_label", "unit_name", *FIGURE_COLUMNS], rows


def _counter_figures(content, lang):
    part = content.counters
    figures = list(part.figures) + ([part.national_rate] if part.national_rate is not None else [])
    rows = [_figure(content, f, lang) for f in figures]
    for c in part.counters:
        if c.own_rating_0_100 is not None:
            rows.append({"region_code": content.region.code, "government": L.government(content.region.code, lang),
                         "indicator_id": f"sector_rating.{c.sector}", "indicator": L.sector_label(c.sector, lang),
                         "value": c.own_rating_0_100, "unit": "index_0_100", "status": "published",
                         "status_words": t("published", lang), "marks": f"n = {c.own_n_scored}"})  # fmt: skip
    return FIGURE_COLUMNS, rows


def _ranking(content, ranking, lang):
    rows = []
    for e in ranking.entries:
        row = _figure(content, e.figure, lang)
        row.update({"group": e.group, "rank": e.rank, "n_ranked": ranking.n_ranked,
                    "n_governments": ranking.n_governments, "target": e.target})  # fmt: skip
        rows.append(row)
    return [*FIGURE_COLUMNS, "group", "rank", "n_ranked", "n_governments", "target"], rows


def _sector_model(content, lang):
    part = content.sector_model
    rows = [{"sector": r.sector, "sector_label": L.sector_label(r.sector, lang), "rate": r.rate_pct,
             "ci_low": r.ci_low_pct, "ci_high": r.ci_high_pct, "n_users": r.n_users,
             "province": r.province_rate_pct, "national": r.national_rate_pct, "method": r.method or "",
             "reason": r.reason or "", "sources": ", ".join(L.markers(part.source_numbers)),
             "citation": _citation(content, part.source_numbers, lang)} for r in part.rows]  # fmt: skip
    return ["sector", "sector_label", "rate", "ci_low", "ci_high", "n_users", "province", "national", "method",
            "reason", "sources", "citation"], rows  # fmt: skip


def _what_if(content, lang):
    rows = [{"sector": r.sector, "sector_label": L.sector_label(r.sector, lang), "k_points": r.k_points,
             "delta": r.delta_pengalaman_pts, "ci_low": r.ci_low, "ci_high": r.ci_high, "method": r.method}
            for r in content.what_if]  # fmt: skip
    return ["sector", "sector_label", "k_points", "delta", "ci_low", "ci_high", "method"], rows


def _empty(content, lang):
    rows = [{"part": e.part, "indicator_id": e.indicator_id or "",
             "indicator": L.full_name(e.indicator_id, lang) if e.indicator_id else t(f"empty_part.{e.part}", lang),
             "reason": e.reason, "reason_words": t(f"empty_reason.{e.reason}", lang, publisher=e.publisher or ""),
             "publisher": e.publisher or ""} for e in content.empty]  # fmt: skip
    return ["part", "indicator_id", "indicator", "reason", "reason_words", "publisher"], rows


def _sources(content, lang):
    rows = [{"number": s.number, "kind": s.kind, "publisher": s.publisher or "", "outlet": s.outlet or "",
             "year": s.year, "tier": s.tier, "document": s.document or "", "citation": L.source_text(s, lang),
             "urls": "\n".join(s.urls)} for s in content.sources]  # fmt: skip
    return [
        "number",
        "kind",
        "publisher",
        "outlet",
        "year",
        "tier",
        "document",
        "citation",
        "urls",
    ], rows


def _provenance(content, lang):
    rows = [{"item": k, "value": v} for k, v in provenance_rows(content, lang)]
    rows += [{"key": k, "item": k, "value": v if isinstance(v, (int, float, str)) else str(v)}
             for k, v in content.provenance.items()]  # fmt: skip
    return ["key", "item", "value"], rows


def sheets(content: BriefContent, lang: str) -> list[tuple[str, str, list[str], list[dict]]]:
    """Every data sheet: (name, what it holds, columns, rows)."""
    parts = [("cards", _cards), ("ipak", _ipak) if content.ipak else None, ("table", _table),
             ("units", _units), ("counter_figures", _counter_figures),
             ("sector_model", _sector_model) if content.sector_model else None,
             ("what_if", _what_if) if content.what_if else None, ("empty", _empty)]  # fmt: skip
    out = []
    for key, build in filter(None, parts):
        columns, rows = build(content, lang)
        out.append((t(f"xlsx.sheet.{key}", lang), t(f"xlsx.about.{key}", lang), columns, rows))
    for key, build in xlsx_rakor.parts(content):
        columns, rows = build(content, lang, _figure)
        out.append((t(f"xlsx.sheet.{key}", lang), t(f"xlsx.about.{key}", lang), columns, rows))
    for ranking in content.rankings:
        columns, rows = _ranking(content, ranking, lang)
        name = (
            f"{t('xlsx.sheet.ranking', lang)} {ranking.indicator_id} {ranking.year or ''}".strip()[
                :31
            ]
        )
        about = t(
            "xlsx.about.ranking",
            lang,
            indicator=L.full_name(ranking.indicator_id, lang),
            year=ranking.year,
        )
        out.append((name, about, columns, rows))
    for key, build in (("sources", _sources), ("provenance", _provenance)):
        columns, rows = build(content, lang)
        out.append((t(f"xlsx.sheet.{key}", lang), t(f"xlsx.about.{key}", lang), columns, rows))
    return out


def _fill(sheet, columns: list[str], rows: list[dict], lang: str) -> None:
    sheet.append([_header(c, lang) for c in columns])
    for row in rows:
        sheet.append([row.get(c) for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8EEF5")
    sheet.freeze_panes = "A2"
    for j, column in enumerate(columns, start=1):
        letter = get_column_letter(j)
        longest = max(
            [len(str(sheet.cell(1, j).value))]
            + [len(str(r.get(column) or "").split("\n")[0]) for r in rows]
        )
        sheet.column_dimensions[letter].width = min(max(longest + 2, 8), 60)
        if column in NUMBER_COLUMNS:
            for cell in sheet[letter][1:]:
                cell.number_format = NUMBER_FORMAT
        if column in ("citation", "urls", "about", "action"):
            for cell in sheet[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def build(content: BriefContent, lang: str) -> Workbook:
    """The workbook: the contents sheet first, then one sheet per table or series."""
    book = Workbook()
    contents = book.active
    contents.title = t("xlsx.sheet.contents", lang)
    parts = sheets(content, lang)
    _fill(contents, ["sheet", "about"], [{"sheet": n, "about": a} for n, a, _, _ in parts], lang)
    for name, _, columns, rows in parts:
        _fill(book.create_sheet(name), columns, rows, lang)
    return book


def write_xlsx(content: BriefContent, lang: str, path) -> list[str]:
    """Write the workbook to ``path`` atomically (temporary file, then rename); its sheet names."""
    book = build(content, lang)
    write_atomically(path, book.save)
    return list(book.sheetnames)
