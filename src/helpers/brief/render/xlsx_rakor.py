"""The rakor sheets of the workbook: trends, respondent groups, offices, actions, suggestions.

Also the province table's extra columns (SPI change, open and overdue actions). Each builder returns (columns, rows) like those of :mod:`.xlsx`, which names and fills the sheets.
"""

from __future__ import annotations

from helpers.brief.content.document import BriefContent
from helpers.brief.render import labels as L
from helpers.brief.render import rakor
from helpers.reference.texts import t


def _citation(content: BriefContent, numbers, lang: str) -> str:
    return "; ".join(
        f"[{n}] {L.source_text(content.source(n), lang)}" for n in sorted(set(numbers))
    )


def _by_year(points) -> dict:
    return {p.year: p.value for p in points}


def trend(content: BriefContent, lang: str, figure_row):
    """One row per indicator × year: own value, target, province and national means, on course."""
    rows = []
    for item in content.trend_against_targets.trends:
        own, targets = _by_year(item.own_series.points), _by_year(item.targets)
        province, national = _by_year(item.province_mean), _by_year(item.national_mean)
        numbers = tuple(item.own_series.source_numbers) + tuple(item.target_source_numbers)
        for year in sorted(set(own) | set(targets) | set(province) | set(national)):
            rows.append({"indicator_id": item.indicator_id, "indicator": L.full_name(item.indicator_id, lang),
                         "region_code": item.own_series.region_code, "year": year, "value": own.get(year),
                         "target": targets.get(year), "target_basis": item.target_basis,
                         "province_mean": province.get(year), "national_mean": national.get(year),
                         "method_period": item.method_period, "on_course": item.on_course,
                         "on_course_words": t(f"xlsx.on_course.{item.on_course}", lang),
                         "on_course_year": item.on_course_year, "sources": ", ".join(L.markers(numbers)),
                         "citation": _citation(content, numbers, lang)})  # fmt: skip
    return ["indicator_id", "indicator", "region_code", "year", "value", "target", "target_basis",
            "province_mean", "national_mean", "method_period", "on_course", "on_course_words",
            "on_course_year", "sources", "citation"], rows  # fmt: skip


def respondents(content: BriefContent, lang: str, figure_row):
    """One row per respondent group (or correction) × year, with province and national means."""
    part, rows = content.respondents, []
    for c in part.components:
        own, province, national = (_by_year(c.own_series.points), _by_year(c.province_mean),
                                   _by_year(c.national_mean))  # fmt: skip
        numbers = c.own_series.source_numbers
        for year in sorted(set(own) | set(province) | set(national)):
            rows.append({"indicator_id": c.indicator_id, "indicator": L.full_name(c.indicator_id, lang),
                         "year": year, "value": own.get(year), "province_mean": province.get(year),
                         "national_mean": national.get(year),
                         "weakest": c.indicator_id == part.weakest_group and year == part.components_year,
                         "sources": ", ".join(L.markers(numbers)),
                         "citation": _citation(content, numbers, lang)})  # fmt: skip
    return ["indicator_id", "indicator", "year", "value", "province_mean", "national_mean", "weakest",
            "sources", "citation"], rows  # fmt: skip


def offices(content: BriefContent, lang: str, figure_row):
    """One row per office and unit or figure; an office with nothing published gets one row."""
    rows = []
    for o in content.service_offices.offices:
        head = {
            "office": o.office,
            "office_name": t(f"office.{o.office}", lang),
            "sector": o.sector,
        }
        for u in o.units:
            rows.append(
                {**head, "kind": "unit", "item": u.unit_name, **figure_row(content, u.figure, lang)}
            )
        for f in o.figures:
            rows.append({**head, "kind": "figure", "item": L.full_name(f.indicator_id, lang),
                         **figure_row(content, f, lang)})  # fmt: skip
        if o.nothing_published:
            rows.append({**head, "kind": "nothing", "item": "", "region_code": content.region.code,
                         "status": "missing", "publisher": ", ".join(o.publishers),
                         "status_words": t("office_nothing", lang, publishers=", ".join(o.publishers))})  # fmt: skip
    return ["office", "office_name", "sector", "kind", "item", "region_code", "indicator_id", "year",
            "value", "unit", "status", "status_words", "category", "marks", "publisher", "sources",
            "citation"], rows  # fmt: skip


def actions(content: BriefContent, lang: str, figure_row):
    """Every action as filed, in the slides' order (overdue first), with its state."""
    rows = []
    for a in rakor.ordered_actions(content):
        rows.append({"rakor_date": a.rakor_date, "office_or_area": a.office_or_area,
                     "area": rakor.area_label(a.office_or_area, lang), "action": a.action,
                     "responsible_office": a.responsible_office, "state": a.state,
                     "state_words": t(f"action_state.{a.state}", lang), "is_overdue": a.is_overdue,
                     "due_date": a.due_date or "", "done_date": a.done_date or "",
                     "is_done_since": a.is_done_since, "evidence_link": a.evidence_link or ""})  # fmt: skip
    return ["rakor_date", "office_or_area", "area", "action", "responsible_office", "state",
            "state_words", "is_overdue", "due_date", "done_date", "is_done_since", "evidence_link"], rows  # fmt: skip


def suggestions(content: BriefContent, lang: str, figure_row):
    """Every published suggestion for the weak areas (the slide shows the first few)."""
    rows = []
    for r in content.action_plan.recommendations:
        urls = [u for n in r.source_numbers for u in content.source(n).urls]
        rows.append({"office_or_area": r.area, "area": rakor.area_label(r.area, lang),
                     "action_id": r.action_id, "action": rakor.recommendation_text(r.action_id, lang),
                     "publisher": r.publisher, "sources": ", ".join(L.markers(r.source_numbers)),
                     "citation": _citation(content, r.source_numbers, lang), "urls": "\n".join(urls)})  # fmt: skip
    return [
        "office_or_area",
        "area",
        "action_id",
        "action",
        "publisher",
        "sources",
        "citation",
        "urls",
    ], rows


def province_extra(content: BriefContent, lang: str, figure_row):
    """Each government of the province: SPI change since the previous year, open and overdue actions."""
    rows = [{"region_code": r.region_code, "government": L.government(r.region_code, lang),
             "spi_year": r.spi_year, "spi_change": r.spi_change_pts, "n_open": r.n_open,
             "n_overdue": r.n_overdue} for r in content.province_extra]  # fmt: skip
    return ["region_code", "government", "spi_year", "spi_change", "n_open", "n_overdue"], rows


def parts(content: BriefContent) -> list[tuple[str, object]]:
    """The rakor sheets this brief has, as (text key, builder)."""
    out = []
    if content.trend_against_targets is not None and content.trend_against_targets.trends:
        out.append(("trend", trend))
    if content.respondents is not None and content.respondents.components:
        out.append(("respondents", respondents))
    if content.service_offices is not None:
        out.append(("offices", offices))
    if content.action_plan is not None:
        out += [("actions", actions), ("suggestions", suggestions)]
    if content.province_extra:
        out.append(("province_extra", province_extra))
    return out
