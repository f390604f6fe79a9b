"""The drivers slide of a province brief: the national panel model's precise effects, in words."""

from __future__ import annotations

from helpers.brief.content.document import BriefContent
from helpers.brief.render import labels as L
from helpers.brief.render.jinja import render
from helpers.brief.render.plan import Slide
from helpers.reference.texts import t


def predictor_label(indicator_id: str, lang: str) -> str:
    """The predictor in words (an Ombudsman unit sector, an MCP area, a score)."""
    if indicator_id.startswith("ombudsman_unit_"):
        return t(
            "drivers_unit",
            lang,
            sector=L.sector_label(indicator_id.removeprefix("ombudsman_unit_"), lang),
        )
    if indicator_id.startswith("mcp_"):
        return "MCP " + L.area_name(indicator_id, lang)
    if indicator_id == "spi_resp_eksternal":
        return t("respondent_group.spi_resp_eksternal", lang)
    return L.short_name(indicator_id, lang)


def sentence(content: BriefContent, lang: str) -> str:
    """The strongest precise association, per 10 points, with its interval."""
    part = content.drivers
    best = max(part.effects, key=lambda e: e.estimate_pts_per_10 or 0)
    level = L.format_number(best.ci_level * 100, lang, 0)
    return t("drivers_message", lang, predictor=predictor_label(best.predictor, lang),
             effect=L.format_signed(best.estimate_pts_per_10, lang, 2),
             low=L.format_number(best.ci_low_pts_per_10, lang, 2), high=L.format_number(best.ci_high_pts_per_10, lang, 2),
             level=level, n=best.n_regions, first=best.first_year, last=best.last_year)  # fmt: skip


def effect_rows(content: BriefContent, lang: str) -> tuple[list[str], list[list[str]]]:
    """Heads and rows: predictor, effect [interval], data behind it, out-of-sample check."""
    part = content.drivers
    level = L.format_number(part.effects[0].ci_level * 100, lang, 0)
    heads = [
        t(f"drivers_col.{k}", lang, level=level) for k in ("predictor", "effect", "data", "check")
    ]
    rows = []
    for e in part.effects:
        interval = f"[{L.format_number(e.ci_low_pts_per_10, lang, 2)} – {L.format_number(e.ci_high_pts_per_10, lang, 2)}]"
        check = t("drivers_check_better" if (e.loyo_rmse_model or 0) < (e.loyo_rmse_baseline or 0) else "drivers_check_not_better",
                  lang, model=L.format_number(e.loyo_rmse_model, lang, 2), baseline=L.format_number(e.loyo_rmse_baseline, lang, 2))  # fmt: skip
        rows.append([predictor_label(e.predictor, lang), f"{L.format_signed(e.estimate_pts_per_10, lang, 2)} {interval}",
                     t("drivers_data", lang, n_obs=e.n_obs, n=e.n_regions, provinces=e.n_provinces,
                       first=e.first_year, last=e.last_year), check])  # fmt: skip
    return heads, rows


def standing_lines(content: BriefContent, lang: str) -> list[str]:
    """Where the province's governments stand on each indicator, against the national median."""
    out = []
    for s in content.drivers.standings:
        lowest = ", ".join(f"{L.short_government(c, lang)} {L.format_number(v, lang, 2)}"
                           for c, v in zip(s.lowest_region_codes, s.lowest_values, strict=True))  # fmt: skip
        out.append(t("drivers_standing", lang, indicator=predictor_label(s.indicator_id, lang),
                     below=s.n_below_median, n=s.n_with_value, median=L.format_number(s.national_median, lang, 2),
                     n_national=s.n_national, lowest=lowest or "–"))  # fmt: skip
    return out


def drivers_html(content, slide: Slide, lang, settings, message):
    """Effects with intervals, the data behind them, and the province's standing, with caveats."""
    heads, rows = effect_rows(content, lang)
    table = [{"label": r[0], "cells": [{"text": c, "chip": None, "css": "", "markers": [], "old": ""} for c in r[1:]]}
             for r in rows]  # fmt: skip
    note = " ".join([*standing_lines(content, lang), t("drivers_caveat", lang)])
    return render("table.html.j2", lang=lang, kind="drivers", part="", message=message,
                  heading=t("drivers_heading", lang, province=content.region.province_name),
                  heads=heads, rows=table, note=note)  # fmt: skip
