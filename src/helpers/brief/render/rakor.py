"""The rakor slides: trend against targets, service users' view, the four offices, actions.

Sentences, HTML and the trend chart of the parts built by :mod:`helpers.brief.content.rakor`.
"""

from __future__ import annotations

import csv
import math
from functools import cache

import matplotlib

matplotlib.use("Agg")
from helpers.brief import display  # noqa: E402
from helpers.brief.content.document import BriefContent  # noqa: E402
from helpers.brief.render import labels as L  # noqa: E402
from helpers.brief.render.jinja import render, safe  # noqa: E402
from helpers.brief.render.plan import Slide  # noqa: E402
from helpers.brief.style import PALETTE, apply_style, axis_formatter, slide_figure  # noqa: E402
from helpers.gaps import thresholds  # noqa: E402
from helpers.reference.catalogue import indicator  # noqa: E402
from helpers.reference.files import reference_dir  # noqa: E402
from helpers.reference.texts import t  # noqa: E402

ACTION_ROWS_PER_SLIDE = 6
SUGGESTIONS_SHOWN = 5
OFFICE_NAMES = {"dpmptsp": "perizinan", "disdukcapil": "dukcapil", "dinkes": "kesehatan", "disdik": "pendidikan"}  # fmt: skip


# ------------------------------------------------------------------------------ words
def trend_sentence(content: BriefContent, trend, lang: str) -> str:
    """Whether the government is on course, from the points the chart shows."""
    name, government = (
        L.short_name(trend.indicator_id, lang),
        L.government(content.region.code, lang),
    )
    latest = trend.own_series.points[-1]
    fields = {"indicator": name, "government": government, "year": latest.year,
              "value": L.format_number(latest.value, lang, 2)}  # fmt: skip
    judged = trend.on_course_year
    target = next((p.value for p in trend.targets if p.year == judged), None)
    judged_value = next((p.value for p in trend.own_series.points if p.year == judged), None)
    sentence = t(f"trend_message.{trend.on_course}", lang, judged_year=judged or "",
                 target=L.format_number(target, lang, 2) if target is not None else "",
                 judged_value=L.format_number(judged_value, lang, 2) if judged_value is not None else "",
                 **fields)  # fmt: skip
    change = trend.since_change
    if change is not None:
        sentence += " " + t("trend_since", lang, since=content.since or "", from_year=change.from_year,
                            from_value=L.format_number(change.from_value, lang, 2), to_year=change.to_year,
                            to_value=L.format_number(change.to_value, lang, 2),
                            change=L.format_signed(change.change_pts, lang, 2))  # fmt: skip
    return sentence


def respondents_sentence(content: BriefContent, lang: str) -> str:
    """The weakest respondent group of the latest year, beside its province and the nation."""
    part = content.respondents
    series = {c.indicator_id: c for c in part.components}
    weakest = series.get(part.weakest_group) if part.weakest_group else None
    if weakest is None:
        return t(
            "respondents_message_none", lang, government=L.government(content.region.code, lang)
        )
    own = next(p for p in weakest.own_series.points if p.year == part.components_year)
    province = next(
        (p.value for p in weakest.province_mean if p.year == part.components_year), None
    )
    national = next(
        (p.value for p in weakest.national_mean if p.year == part.components_year), None
    )
    return t("respondents_message", lang, government=L.government(content.region.code, lang), year=part.components_year,
             group=t(f"respondent_group.{part.weakest_group}", lang), value=L.format_number(own.value, lang, 2),
             province=L.format_number(province, lang, 2) if province is not None else "–",
             national=L.format_number(national, lang, 2) if national is not None else "–")  # fmt: skip


def offices_sentence(content: BriefContent, lang: str) -> str:
    """How many of the four offices have a published figure of their own."""
    offices = content.service_offices.offices
    named = [t(f"office.{o.office}", lang) for o in offices if not o.nothing_published]
    if not named:
        return t("offices_message_none", lang, government=L.government(content.region.code, lang))
    return t("offices_message", lang, government=L.government(content.region.code, lang), n=len(named), total=len(offices),
             offices=", ".join(named))  # fmt: skip


def actions_sentence(content: BriefContent, lang: str) -> str:
    """Open, overdue and done actions (and done since the last rakor), or that none are filed."""
    part = content.action_plan
    if not part.actions:
        areas = ", ".join(area_label(a, lang) for a in part.weak_areas)
        key = "actions_message_none_weak" if areas else "actions_message_none"
        return t(key, lang, government=L.government(content.region.code, lang), areas=areas)
    sentence = t("actions_message", lang, n_open=part.n_open, n_overdue=part.n_overdue,
                 n_done=part.n_done, as_of=part.as_of)  # fmt: skip
    if part.n_done_since is not None:
        sentence += " " + t("actions_since", lang, n=part.n_done_since, since=part.since)
    return sentence


def area_label(area: str, lang: str) -> str:
    """An office, an MCP area or an SPI respondent group, in words."""
    if area in OFFICE_NAMES:
        return t(f"office.{area}", lang)
    if area == "other":
        return t("office.other", lang)
    if area.startswith("spi_resp") or area.startswith("spi_koreksi"):
        return t(f"respondent_group.{area}", lang)
    return L.area_name(area, lang) if area.startswith("mcp_") else L.full_name(area, lang)


@cache
def _catalogue() -> dict[str, dict]:
    with open(reference_dir() / "recommended_actions.csv", encoding="utf-8") as handle:
        return {row["action_id"]: row for row in csv.DictReader(handle)}


def recommendation_text(action_id: str, lang: str) -> str:
    """A recommended action in the brief's language (from the reference catalogue)."""
    row = _catalogue()[action_id]
    return row["action_idn"] if lang == "id" else row["action_en"]


# ------------------------------------------------------------------------------ chart
def trend_chart(content: BriefContent, trend, settings: dict, lang: str):
    """The government's figures by year, each year's target, the province and national means."""
    apply_style()
    fig, ax = slide_figure(settings)
    points = trend.own_series.points
    years = [p.year for p in points]
    scheme = thresholds.scheme_for(trend.indicator_id, years[-1])
    if scheme is not None and scheme.bands:
        lowers = [float(b["lower"]) for b in scheme.bands] + [float(scheme.scale[1])]
        for band, low, high in zip(scheme.bands, lowers, lowers[1:], strict=False):
            colour = thresholds.config()["tones"][band["tone"]]["colour"]
            ax.axhspan(low, high, color=colour, alpha=0.12, lw=0)
    for series, key, style in ((trend.national_mean, "series_national_mean", ":"),
                               (trend.province_mean, "series_province_mean", "--")):  # fmt: skip
        if series:
            ax.plot([p.year for p in series], [p.value for p in series], ls=style, lw=2,
                    color=PALETTE["grey"], marker=".", label=t(key, lang))  # fmt: skip
    ax.plot(years, [p.value for p in points], marker="o", lw=3, color=PALETTE["blue"],
            label=L.government(content.region.code, lang))  # fmt: skip
    for p in points:
        ax.annotate(L.format_number(p.value, lang, 2), xy=(p.year, p.value), xytext=(0, 9),
                    textcoords="offset points", ha="center", fontsize=12, color=PALETTE["blue"])  # fmt: skip
    if trend.targets:
        ax.scatter([p.year for p in trend.targets], [p.value for p in trend.targets], marker="D", s=70,
                   facecolor="white", edgecolor=PALETTE["vermillion"], linewidth=2, zorder=5,
                   label=t("series_target", lang))  # fmt: skip
    values = [p.value for p in points] + [p.value for p in trend.targets]
    values += [p.value for p in trend.province_mean + trend.national_mean]
    low, high = min(values), max(values)
    pad = max(2.0, (high - low) * 0.25)
    ax.set_ylim(max(0, math.floor(low - pad)), min(100, math.ceil(high + pad)))
    ax.set_xticks(years)
    ax.yaxis.set_major_formatter(axis_formatter(lang, 0))
    ax.legend(loc="lower left", ncols=4, frameon=False, bbox_to_anchor=(0, -0.3))
    alt = t("trend_chart_alt", lang, indicator=L.short_name(trend.indicator_id, lang),
            government=L.government(content.region.code, lang), first=years[0], last=years[-1])  # fmt: skip
    return fig, alt


# ------------------------------------------------------------------------------- HTML
def trend_html(content, slide: Slide, lang, settings, message):
    """One indicator's trend against its targets."""
    trend = slide.extra["trend"]
    fig, alt = trend_chart(content, trend, settings, lang)
    caveat = t("trend_note", lang, period=trend.method_period.replace("-", "–"),
               publisher=indicator(trend.indicator_id).publisher)  # fmt: skip
    return render("chart.html.j2", lang=lang, kind="trend", message=message,
                  heading=t("trend_heading", lang, indicator=L.short_name(trend.indicator_id, lang),
                            government=L.government(content.region.code, lang)),
                  figure=safe(display.figure_html(fig, alt)), part="", watermark="", caveat=caveat,
                  markers=L.markers(trend.own_series.source_numbers + trend.target_source_numbers))  # fmt: skip


def respondent_rows(content: BriefContent, lang: str) -> tuple[list[str], list[dict]]:
    """Heads and rows of the respondent table: years of the government, then province, nation."""
    part = content.respondents
    years = sorted({p.year for c in part.components for p in c.own_series.points})
    year = part.components_year
    heads = [t("col_respondent_group", lang), *map(str, years),
             t("col_province_mean", lang, year=year), t("col_national_mean", lang, year=year)]  # fmt: skip
    rows = []
    for c in part.components:
        own = {p.year: p.value for p in c.own_series.points}
        province = next((p.value for p in c.province_mean if p.year == year), None)
        national = next((p.value for p in c.national_mean if p.year == year), None)
        cells = [
            L.format_number(own.get(y), lang, 2) if own.get(y) is not None else "–" for y in years
        ]
        cells += [
            L.format_number(v, lang, 2) if v is not None else "–" for v in (province, national)
        ]
        rows.append({"label": t(f"respondent_group.{c.indicator_id}", lang), "values": cells,
                     "weakest": c.indicator_id == part.weakest_group,
                     "markers": L.markers(c.own_series.source_numbers)})  # fmt: skip
    return heads, rows


def respondents_html(content, slide, lang, settings, message):
    """SPI's respondent groups and corrections over the years, beside province and nation."""
    heads, rows = respondent_rows(content, lang)
    table_rows = [{"label": r["label"] + (" ◀" if r["weakest"] else ""),
                   "cells": [{"text": v, "css": "num", "chip": None, "markers": [], "old": ""} for v in r["values"]]}
                  for r in rows]  # fmt: skip
    if table_rows:
        table_rows[0]["cells"][-1]["markers"] = L.markers(
            [n for c in content.respondents.components for n in c.own_series.source_numbers]
        )
    return render("table.html.j2", lang=lang, kind="respondents", part="", message=message,
                  heading=t("respondents_heading", lang, government=L.government(content.region.code, lang)),
                  heads=heads, rows=table_rows, note=t("respondents_note", lang))  # fmt: skip


def office_cards(content: BriefContent, lang: str) -> list[dict]:
    """The four offices: own unit scores, related figures, or who would publish one."""
    out = []
    for o in content.service_offices.offices:
        units = [{"value": L.value_text(u.figure, lang), "unit": u.unit_name, "year": u.figure.year,
                  "old": " · ".join(L.marks(u.figure, lang)), "markers": L.markers(u.figure.source_numbers)}
                 for u in o.units if u.figure.year is not None]  # fmt: skip
        figures = [{"label": L.area_name(f.indicator_id, lang) if f.indicator_id.startswith("mcp_")
                    else L.short_name(f.indicator_id, lang), "text": L.cell_text(f, lang),
                    "markers": L.markers(f.source_numbers)} for f in o.figures]  # fmt: skip
        nothing = (
            t("office_nothing", lang, publishers=", ".join(o.publishers))
            if o.nothing_published
            else ""
        )
        out.append({"name": t(f"office.{o.office}", lang), "sector": L.sector_label(o.sector, lang),
                    "units": units, "figures": figures, "nothing": nothing})  # fmt: skip
    return out


def offices_html(content, slide, lang, settings, message):
    """DPMPTSP, Disdukcapil, Dinkes and Disdik of the government, by name."""
    return render("offices.html.j2", lang=lang, message=message, offices=office_cards(content, lang),
                  heading=t("offices_heading", lang, government=L.government(content.region.code, lang)),
                  caveat=" ".join([t("sector_units_caveat", lang),
                                   "" if content.real_microdata else t("sector_model_regency_where", lang)]))  # fmt: skip


def action_rows(rows, lang: str) -> list[dict]:
    """Actions in words: area, action, responsible office, state (overdue marked), due date."""
    out = []
    for a in rows:
        state = t(f"action_state.{a.state}", lang)
        if a.is_overdue:
            state = t("action_overdue", lang, state=state)
        out.append({"area": area_label(a.office_or_area, lang), "action": a.action,
                    "office": a.responsible_office, "state": state,
                    "css": "overdue" if a.is_overdue else "", "due": a.due_date or "–"})  # fmt: skip
    return out


def suggestions(content: BriefContent, lang: str, limit: int = SUGGESTIONS_SHOWN) -> list[dict]:
    """Published recommendations for the weakest areas (suggestions, not commitments)."""
    return [{"area": area_label(r.area, lang), "text": recommendation_text(r.action_id, lang),
             "markers": L.markers(r.source_numbers)}
            for r in content.action_plan.recommendations[:limit]]  # fmt: skip


def actions_html(content, slide, lang, settings, message):
    """The government's actions (open and overdue first) and suggestions from published sources."""
    last = slide.part == slide.total - 1
    heads = [t(f"col_action.{k}", lang) for k in ("area", "action", "office", "state", "due")]
    return render("actions.html.j2", lang=lang, message=message, part=L.part_label(slide.part, slide.total, lang),
                  heading=t("actions_heading", lang, government=L.government(content.region.code, lang)), heads=heads,
                  rows=action_rows(slide.rows, lang), suggestions=suggestions(content, lang) if last else [],
                  suggestions_heading=t("suggestions_heading", lang), note=t("actions_note", lang))  # fmt: skip


def ordered_actions(content: BriefContent) -> list:
    """Overdue first, then open and in progress, then done, then cancelled; by due date."""
    rank = {"open": 1, "in_progress": 1, "done": 2, "cancelled": 3}
    return sorted(content.action_plan.actions,
                  key=lambda a: (0 if a.is_overdue else rank.get(a.state, 4), a.due_date or "9999"))  # fmt: skip


def slides(content: BriefContent) -> dict[str, list[Slide]]:
    """The rakor slides, by where they go in the deck: after the cards, and before the appendix."""
    early, late = [], []
    if content.trend_against_targets is not None:
        for trend in content.trend_against_targets.trends:
            if trend.indicator_id == "spi" or len(trend.own_series.points) >= 2:
                early.append(Slide("trend", extra={"trend": trend}))
    if content.respondents is not None and content.respondents.components:
        early.append(Slide("respondents"))
    offices = [Slide("offices")] if content.service_offices is not None else []
    if content.action_plan is not None:
        rows = ordered_actions(content)
        pages = [
            rows[i : i + ACTION_ROWS_PER_SLIDE] for i in range(0, len(rows), ACTION_ROWS_PER_SLIDE)
        ] or [[]]
        late = [Slide("actions", i, len(pages), tuple(page)) for i, page in enumerate(pages)]
    return {"early": early, "offices": offices, "late": late}


MESSAGES = {
    "respondents": respondents_sentence,
    "offices": offices_sentence,
    "actions": actions_sentence,
}
RENDERERS = {
    "trend": trend_html,
    "respondents": respondents_html,
    "offices": offices_html,
    "actions": actions_html,
}
