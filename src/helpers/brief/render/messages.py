"""One plain sentence per slide, computed from the very values the slide shows."""

from __future__ import annotations

from helpers.brief.content.document import BriefContent
from helpers.brief.content.schema import Card, Ranking
from helpers.brief.render import labels as L
from helpers.brief.render.plan import Slide
from helpers.reference.catalogue import indicator
from helpers.reference.texts import t


def opening(content: BriefContent, lang: str) -> str:
    """Who the brief is for and up to which year."""
    region = content.region
    key = ("opening_message_administrative" if content.is_administrative
           else "opening_message_regency" if content.is_regency else "opening_message")  # fmt: skip
    return t(key, lang, province=region.province_name, government=region.name,
             n=region.n_regencies, year=content.reference_year)  # fmt: skip


def card_sentence(content: BriefContent, card: Card, lang: str) -> str:
    """The sentence of one card: value, year, band and distance to target."""
    figure = card.figure
    name = L.short_name(figure.indicator_id, lang)
    where = "Indonesia" if card.scope == "national" else L.government(content.region.code, lang)
    if not figure.has_value:
        return t("card_message_missing", lang, indicator=name, where=where,
                 publisher=indicator(figure.indicator_id).publisher)  # fmt: skip
    status = L.band(figure)
    fields = {"indicator": name, "where": where, "value": L.value_text(figure, lang),
              "year": figure.year, "status": L.status_label(status, lang) if status else t("no_official_band", lang)}  # fmt: skip
    if card.target is None or card.gap_pts is None:
        return t("card_message", lang, **fields)
    key = "card_message_above" if card.gap_pts >= 0 else "card_message_below"
    return t(key, lang, gap=L.format_number(abs(card.gap_pts), lang, 2),
             target=L.format_number(card.target, lang, 2), **fields)  # fmt: skip


def cards(content: BriefContent, lang: str) -> str:
    """The worst of the government's own cards (or that no score applies)."""
    if content.is_administrative:
        return t("administrative_message", lang, government=content.region.name,
                 province=content.region.province_name)  # fmt: skip
    local = [c for c in content.cards if c.scope == "government"] or list(content.cards)
    worst = min(local, key=lambda c: c.tone_rank)
    return card_sentence(content, worst, lang)


def ipak(content: BriefContent, lang: str) -> str:
    """National IPAK's latest value against its target."""
    part = content.ipak
    value = L.format_number(part.latest_value, lang)
    if part.gap_pts is None:
        return t("ipak_message_no_target", lang, year=part.latest_year, value=value)
    key = "ipak_message_above" if part.gap_pts >= 0 else "ipak_message_below"
    return t(key, lang, year=part.latest_year, value=value, target=L.format_number(part.target, lang),
             gap=L.format_number(abs(part.gap_pts), lang))  # fmt: skip


def table(content: BriefContent, lang: str) -> str:
    """How many kab/kota lack each indicator (the indicator with most gaps)."""
    rows = [
        r
        for r in content.table.rows
        if len(r.region_code) == 4 and r.figures[0].status != "not_applicable"
    ]
    if not rows:
        return t("pemda_message_no_regencies", lang, province=content.region.province_name)
    gaps = [(sum(1 for r in rows if not r.figures[i].has_value), ind)
            for i, ind in enumerate(content.table.indicators)]  # fmt: skip
    missing, indicator_id = max(gaps)
    if missing == 0:
        return t("pemda_message_complete", lang, n=len(rows))
    return t(
        "pemda_message",
        lang,
        missing=missing,
        n=len(rows),
        indicator=L.short_name(indicator_id, lang),
    )


def government(content: BriefContent, lang: str) -> str:
    """How many of the kab/kota's scores are published."""
    shown = sum(1 for r in content.table.rows if r.figures[0].has_value)
    return t("government_message", lang, government=content.region.name, n=shown,
             total=len(content.table.indicators), year=content.reference_year)  # fmt: skip


def counters(content: BriefContent, lang: str) -> str:
    """The weakest named unit shown, with its government and year; or that none is published."""
    units = [u for c in content.counters.counters for u in c.units if u.figure.has_number]
    if units:
        worst = min(units, key=lambda u: u.figure.value)
        return t("sector_message_unit", lang, unit=worst.unit_name, where=L.government(worst.region_code, lang),
                 value=L.format_number(worst.figure.value, lang, 2), year=worst.figure.year,
                 sector=L.sector_label(worst.sector, lang), n=len(units))  # fmt: skip
    if content.is_administrative:
        return t("sector_message_no_units_administrative", lang, government=content.region.name,
                 province=content.region.province_name)  # fmt: skip
    return t("sector_message_no_units", lang, province=content.region.name)


def _universe_words(position, lang: str) -> str:
    level = t(f"level_plural.{position.level}", lang)
    if position.universe == "publisher":
        return t("universe_publisher", lang, n=position.n_compared, level=level)
    return t("universe_recorded", lang, n=position.n_compared, level=level)


def ranking(content: BriefContent, ranking: Ranking, lang: str) -> str:
    """Province: how many have a figure that year, best and worst. Kab/kota: its same-year place."""
    name = L.short_name(ranking.indicator_id, lang)
    ranked = [e for e in ranking.entries if e.group == "ranked"]
    graded = [e for e in ranking.entries if e.group == "grade_only"]
    province = content.region.province_name
    if content.is_regency:
        own = next((e for e in ranking.entries if e.region_code == content.region.code), None)
        if own is not None and own.group == "grade_only":
            return t("position_grade", lang, indicator=name, government=content.region.name,
                     year=ranking.year, grade=L.value_text(own.figure, lang), n=len(graded),
                     total=ranking.n_governments, province=province, grades=grade_counts(graded))  # fmt: skip
        if own is not None and own.group == "older":
            return t("position_older", lang, indicator=name, government=content.region.name,
                     value=L.value_text(own.figure, lang), own_year=own.figure.year,
                     n=ranking.n_ranked, province=province, year=ranking.year)  # fmt: skip
        if own is None or own.group != "ranked":
            return t("position_missing_year", lang, indicator=name, government=content.region.name,
                     year=ranking.year, n=ranking.n_ranked)  # fmt: skip
        sentence = t("position_rank", lang, indicator=name, government=content.region.name,
                     value=L.format_number(own.figure.value, lang, 2), year=ranking.year, rank=own.rank,
                     n=ranking.n_ranked, province=content.region.province_name)  # fmt: skip
        if ranking.national is not None:
            sentence += " " + t("position_national", lang, below=ranking.national.n_below,
                                universe=_universe_words(ranking.national, lang))  # fmt: skip
        return sentence
    if len(ranked) < 2 and graded:
        return t("ranking_message_grades_count", lang, indicator=name, n=len(graded),
                 total=ranking.n_governments, year=ranking.year, grades=grade_counts(graded))  # fmt: skip
    if not ranked:
        return t("ranking_message_grades", lang, indicator=name, n=0, total=ranking.n_governments,
                 year=ranking.year)  # fmt: skip
    if len(ranked) == 1:
        only = ranked[0]
        return t("ranking_message_one", lang, indicator=name, year=ranking.year,
                 name=L.short_government(only.region_code, lang),
                 value=L.format_number(only.figure.value, lang, 2), total=ranking.n_governments)  # fmt: skip
    best, worst = ranked[0], ranked[-1]
    return t("ranking_message", lang, indicator=name, year=ranking.year, n=len(ranked),
             total=ranking.n_governments, best=L.short_government(best.region_code, lang),
             best_value=L.format_number(best.figure.value, lang, 2),
             worst=L.short_government(worst.region_code, lang),
             worst_value=L.format_number(worst.figure.value, lang, 2))  # fmt: skip


def grade_counts(entries) -> str:
    """How many governments hold each published grade or zone ("A: 20, B: 12, C: 2")."""
    counts: dict[str, int] = {}
    for e in entries:
        key = e.figure.category or (e.figure.band_key or "")
        counts[key] = counts.get(key, 0) + 1
    return ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))


def sector_model(content: BriefContent, lang: str) -> str:
    """The sector with the highest rate shown (with its interval when a kab/kota)."""
    rows = [r for r in content.sector_model.rows if r.shown and r.rate_pct is not None]
    if not rows:
        return t("not_available", lang)
    worst = max(rows, key=lambda r: r.rate_pct)
    if content.is_regency:
        others = [r for r in rows if r is not worst]
        overlap = any((r.ci_high_pct or 0) >= (worst.ci_low_pct or 0) for r in others)
        return t("regency_sector_message_overlap" if overlap else "regency_sector_message", lang,
                 government=content.region.name, sector=L.sector_label(worst.sector, lang), n=len(rows),
                 rate=L.format_number(worst.rate_pct, lang, 1),
                 interval=interval(worst.ci_low_pct, worst.ci_high_pct, lang, 1))  # fmt: skip
    return t("sector_model_message", lang, sector=L.sector_label(worst.sector, lang),
             rate=L.format_number(worst.rate_pct, lang, 1))  # fmt: skip


def interval(low, high, lang: str, decimals: int) -> str:
    """An interval as "[12,1–15,3]" (empty without bounds)."""
    from helpers.reference.formatting import format_interval

    return format_interval(low, high, lang, decimals)


def what_if(content: BriefContent, lang: str) -> str:
    """The sector whose k-point fall moves Pengalaman most."""
    moved = [r for r in content.what_if if r.delta_pengalaman_pts is not None]
    if not moved:
        return t("not_available", lang)
    largest = max(moved, key=lambda r: abs(r.delta_pengalaman_pts))
    return t("whatif_message", lang, k=L.format_number(largest.k_points, lang, 0),
             sector=L.sector_label(largest.sector, lang),
             delta=L.format_signed(largest.delta_pengalaman_pts, lang, 3))  # fmt: skip


def message(content: BriefContent, slide: Slide, lang: str) -> str:
    """The sentence of ``slide``."""
    from helpers.brief.render import rakor

    kind = slide.kind
    if kind == "trend":
        return rakor.trend_sentence(content, slide.extra["trend"], lang)
    if kind in rakor.MESSAGES:
        return rakor.MESSAGES[kind](content, lang)
    if kind == "drivers":
        from helpers.brief.render import drivers

        return drivers.sentence(content, lang)
    if kind in ("map", "ranked"):
        return ranking(content, slide.ranking, lang)
    simple = {"opening": opening, "cards": cards, "ipak": ipak, "table": table, "government": government,
              "counters": counters, "sector_model": sector_model, "what_if": what_if}  # fmt: skip
    if kind in simple:
        return simple[kind](content, lang)
    if kind == "empty":
        return t("empty_sections_message", lang, n=len(content.empty))
    if kind == "sources":
        return t("sources_message", lang, n=len(content.sources))
    return t("appendix_message" if kind == "divider" else f"{kind}_message", lang)
