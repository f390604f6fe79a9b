"""Native PowerPoint charts of the deck: the national IPAK trend and the ranked bar chart.

Editable in PowerPoint and LibreOffice (the numbers sit in the chart's own workbook). Maps have no
native chart type: :mod:`.pptx` places them as pictures from :mod:`.charts`.
"""

from __future__ import annotations

import math

from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.util import Inches, Pt

from helpers.brief.content.document import BriefContent
from helpers.brief.content.schema import RankEntry
from helpers.brief.render import labels as L
from helpers.brief.render.pptx_kit import BLUE, rgb
from helpers.brief.style import PALETTE
from helpers.reference.catalogue import indicator
from helpers.reference.texts import t

FONT_PT = 12


def _fonts(chart) -> None:
    chart.font.size = Pt(FONT_PT)
    chart.font.color.rgb = rgb("#1A1A1A")


def ipak_series(content: BriefContent, lang: str) -> tuple[list[int], dict[str, list]]:
    """Years and the chart's series: IPAK, Persepsi and Pengalaman (from 2015), RPJMN targets."""
    part = content.ipak
    ipak, persepsi, pengalaman = part.series
    years = list(range(min(p.year for p in ipak.points), part.latest_year + 1))

    def values(points, since=None):
        by_year = {p.year: p.value for p in points}
        return [by_year.get(y) if since is None or y >= since else None for y in years]

    targets = [p for p in part.targets if p.year <= content.reference_year]
    return years, {
        t("series_ipak", lang): values(ipak.points),
        t("series_persepsi", lang): values(persepsi.points, 2015),
        t("series_pengalaman", lang): values(pengalaman.points, 2015),
        t("series_target", lang): values(targets),
    }


def _line_chart(slide, years, series: dict, box):
    """A native line chart of ``series`` by year: no title, legend below, light gridlines."""
    data = CategoryChartData(number_format="0.00")
    data.categories = [str(y) for y in years]
    for name, values in series.items():
        data.add_series(name, values)
    left, top, width, height = box
    frame = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, Inches(left), Inches(top),
                                   Inches(width), Inches(height), data)  # fmt: skip
    chart = frame.chart
    _fonts(chart)
    chart.has_title = False
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.value_axis.has_major_gridlines = True
    chart.value_axis.major_gridlines.format.line.color.rgb = rgb("#DDDDDD")
    return chart


def ipak_chart(slide, content: BriefContent, lang: str, box) -> None:
    """IPAK, its two dimensions (dashed) and the targets as markers only, one category per year."""
    years, series = ipak_series(content, lang)
    chart = _line_chart(slide, years, series, box)
    axis = chart.value_axis
    axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = "0.0", False
    shown = [v for values in series.values() for v in values if v is not None]
    axis.minimum_scale = max(
        math.floor(min(shown) * 2) / 2 - 0.5, 0
    )  # the trend, not the zero line
    axis.maximum_scale = math.ceil(max(shown) * 2) / 2
    styles = [
        (PALETTE["blue"], 3.0, None),
        (PALETTE["sky"], 2.0, "dash"),
        (PALETTE["orange"], 2.0, "dash"),
    ]
    plot = chart.plots[0]
    for s, (colour, width_pt, dash) in zip(plot.series, styles, strict=False):
        s.smooth = False
        s.format.line.color.rgb = rgb(colour)
        s.format.line.width = Pt(width_pt)
        if dash:
            from pptx.enum.dml import MSO_LINE_DASH_STYLE

            s.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
        s.marker.style, s.marker.size = XL_MARKER_STYLE.CIRCLE, 6
        s.marker.format.fill.solid()
        s.marker.format.fill.fore_color.rgb = rgb(colour)
        s.marker.format.line.color.rgb = rgb(colour)
    target = plot.series[3]
    target.format.line.fill.background()  # markers only: a target is a point, not a trend
    target.marker.style, target.marker.size = XL_MARKER_STYLE.DIAMOND, 11
    _target_markers(target)
    last = len(years) - 1
    label = plot.series[0].points[last].data_label
    label.has_text_frame = False
    label.show_value, label.position = True, XL_LABEL_POSITION.BELOW
    label.font.bold, label.font.size = True, Pt(14)
    label.font.color.rgb = rgb(BLUE)


def _target_markers(series) -> None:
    """Filled vermillion diamonds: LibreOffice drops a marker's border when the line has none."""
    series.marker.format.fill.solid()
    series.marker.format.fill.fore_color.rgb = rgb(PALETTE["vermillion"])
    series.marker.format.line.color.rgb = rgb(PALETTE["vermillion"])


def ranked_rows(
    content: BriefContent, entries: list[RankEntry], lang: str
) -> list[tuple[str, float, str]]:
    """The bars of a ranked chart: the ranked entries only, best first (label, value, colour)."""
    ranked = [e for e in entries if e.group == "ranked" and e.figure.has_number]
    better_high = indicator(ranked[0].figure.indicator_id).higher_is_better if ranked else True
    ranked.sort(key=lambda e: e.figure.value, reverse=better_high)
    out = []
    for e in ranked:
        name = L.short_government(e.region_code, lang)
        if e.region_code == content.region.code:
            name = f"▶ {name}"
        chip = L.chip(e.figure, lang)
        out.append((name, e.figure.value, chip.colour if chip else BLUE))
    return out


def ranked_chart(slide, rows: list[tuple[str, float, str]], box) -> None:
    """A horizontal bar chart, best at the top, each bar in its band's colour, values labelled."""
    data = CategoryChartData(number_format="0.00")
    data.categories = [name for name, _, _ in rows]
    data.add_series("value", [value for _, value, _ in rows])
    left, top, width, height = box
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Inches(left), Inches(top),
                                   Inches(width), Inches(height), data)  # fmt: skip
    chart = frame.chart
    _fonts(chart)
    chart.has_title = chart.has_legend = False
    plot = chart.plots[0]
    plot.gap_width = 45
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format, labels.number_format_is_linked = "0.00", False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.font.size = Pt(FONT_PT)
    for point, (_, _, colour) in zip(plot.series[0].points, rows, strict=True):
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = rgb(colour)
        point.format.line.color.rgb = rgb("#555555")
    chart.category_axis.reverse_order = True  # first row (the best) at the top
    axis = chart.value_axis
    axis.minimum_scale = 0
    if max(value for _, value, _ in rows) <= 100:
        axis.maximum_scale = 100
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = rgb("#DDDDDD")
    axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = "0", False


def trend_series(content: BriefContent, trend, lang: str) -> tuple[list[int], dict[str, list]]:
    """Years and series of a trend slide: the government, its targets, province and national means.

    Targets and means come only where the content holds them (an empty series is left out).
    """
    parts = [(L.government(content.region.code, lang), trend.own_series.points),
             (t("series_target", lang), trend.targets),
             (t("series_province_mean", lang), trend.province_mean),
             (t("series_national_mean", lang), trend.national_mean)]  # fmt: skip
    years = sorted({p.year for p in trend.own_series.points})
    out = {}
    for i, (name, points) in enumerate(parts):
        by_year = {p.year: p.value for p in points}
        values = [by_year.get(y) for y in years]
        if i == 0 or any(v is not None for v in values):  # targets and means where they exist
            out[name] = values
    return years, out


def trend_chart(slide, content: BriefContent, trend, lang: str, box) -> None:
    """The government's line (labelled), targets as diamonds only, means dashed and dotted."""
    from pptx.enum.dml import MSO_LINE_DASH_STYLE

    years, series = trend_series(content, trend, lang)
    chart = _line_chart(slide, years, series, box)
    axis = chart.value_axis
    axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = "0", False
    shown = [v for values in series.values() for v in values if v is not None]
    pad = max(2.0, (max(shown) - min(shown)) * 0.25)
    low, high = max(0.0, min(shown) - pad), min(100.0, max(shown) + pad)
    step = 2 if high - low <= 12 else 5 if high - low <= 30 else 10  # round ticks: 70, 72, 74
    axis.major_unit = step
    axis.minimum_scale = math.floor(low / step) * step
    axis.maximum_scale = math.ceil(high / step) * step
    plot = chart.plots[0]
    names = list(series)
    for s, name in zip(plot.series, names, strict=True):
        s.smooth = False
        s.marker.format.fill.solid()
        if name == t("series_target", lang):
            s.format.line.fill.background()  # markers only: a target is a point, not a trend
            s.marker.style, s.marker.size = XL_MARKER_STYLE.DIAMOND, 11
            _target_markers(s)
            continue
        own = name == names[0]
        colour = PALETTE["blue"] if own else PALETTE["grey"]
        s.format.line.color.rgb = rgb(colour)
        s.format.line.width = Pt(3.0 if own else 2.0)
        if not own:
            province = name == t("series_province_mean", lang)
            s.format.line.dash_style = (
                MSO_LINE_DASH_STYLE.DASH if province else MSO_LINE_DASH_STYLE.ROUND_DOT
            )
        s.marker.style, s.marker.size = XL_MARKER_STYLE.CIRCLE, 7 if own else 5
        s.marker.format.fill.fore_color.rgb = rgb(colour)
        s.marker.format.line.color.rgb = rgb(colour)
    own = plot.series[0]
    own.data_labels.show_value = True  # the government's values, as on the HTML chart
    own.data_labels.position = XL_LABEL_POSITION.ABOVE
    own.data_labels.number_format, own.data_labels.number_format_is_linked = "0.00", False
    own.data_labels.font.size, own.data_labels.font.bold = Pt(13), True
    own.data_labels.font.color.rgb = rgb(BLUE)
