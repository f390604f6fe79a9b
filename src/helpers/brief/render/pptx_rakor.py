"""The rakor slides of the PowerPoint deck: trends, respondents, the four offices, actions.

Same words as the HTML deck (:mod:`.rakor`): the trend as a native line chart, respondents and
actions as native tables, the offices as card shapes. Sources go to the notes (:mod:`.pptx`).
"""

from __future__ import annotations

from helpers.brief.render import labels as L
from helpers.brief.render import pptx_charts, rakor
from helpers.brief.render import pptx_kit as K
from helpers.brief.render import pptx_tables as T
from helpers.brief.render import words as W
from helpers.brief.render.pptx_kit import Cell, Run
from helpers.reference.catalogue import indicator
from helpers.reference.texts import t

BODY_H = K.BODY_BOTTOM - K.BODY_TOP
OVERDUE_FILL, OVERDUE_TEXT = "#FBE3D6", "#8A2B06"
WEAKEST_FILL = "#FFF4CC"
UNITS_PER_OFFICE = 3


def trend(s, content, slide, lang, settings):
    """One indicator's own series, its targets and the province and national means."""
    item = slide.extra["trend"]
    pptx_charts.trend_chart(s, content, item, lang, (K.MARGIN, K.BODY_TOP, K.CONTENT_W, BODY_H))
    note = t("trend_note", lang, period=item.method_period.replace("-", "–"),
             publisher=indicator(item.indicator_id).publisher)  # fmt: skip
    T.foot(s, [[Run(note), *T.marker_run(L.markers(W.slide_sources(content, slide)))]])


def respondents(s, content, slide, lang, settings):
    """Groups and corrections × years, then the province and national means of the latest year."""
    heads, rows = rakor.respondent_rows(content, lang)
    label_w = 3.6
    rest = (K.CONTENT_W - label_w) / max(len(heads) - 1, 1)
    body = []
    for r in rows:
        fill = WEAKEST_FILL if r["weakest"] else None
        label = [Run(r["label"] + (" ◀" if r["weakest"] else ""), r["weakest"])]
        body.append([Cell([label + T.marker_run(r["markers"])], fill)]
                    + [Cell([[Run(v, r["weakest"])]], fill) for v in r["values"]])  # fmt: skip
    K.table(
        s, K.MARGIN, K.BODY_TOP, [label_w] + [rest] * (len(heads) - 1), heads, body, BODY_H - 0.4
    )
    T.foot(s, [t("respondents_note", lang)])


def _office_lines(office: dict, lang: str) -> list[list[Run]]:
    lines = [[Run(office["name"], True)], [Run(office["sector"], colour=K.MUTED)]]
    for u in office["units"][:UNITS_PER_OFFICE]:
        lines.append([Run(u["value"], True), Run(f" · {u['unit']} ({u['year']})"),
                      *([Run(f" · {u['old']}", colour=K.MUTED)] if u["old"] else []),
                      *T.marker_run(u["markers"])])  # fmt: skip
    if len(office["units"]) > UNITS_PER_OFFICE:
        more = t("sector_more_units", lang, n=len(office["units"]) - UNITS_PER_OFFICE)
        lines.append([Run(more, colour=K.MUTED)])
    for f in office["figures"]:
        lines.append([Run(f"{f['label']}: "), Run(f["text"], True), *T.marker_run(f["markers"])])
    if office["nothing"]:
        lines.append([Run(office["nothing"], colour=K.MUTED)])
    return lines


def offices(s, content, slide, lang, settings):
    """Four cards: DPMPTSP, Disdukcapil, Dinkes, Disdik, with what is published about each."""
    cards = [_office_lines(o, lang) for o in rakor.office_cards(content, lang)]
    gap = 0.15
    width = (K.CONTENT_W - gap * (len(cards) - 1)) / max(len(cards), 1)
    needed = max((K.text_height(K.plain(c), width - 0.1, 14) for c in cards), default=1.0)
    height = min(max(needed + 0.2, 2.0), BODY_H - 0.45)  # as tall as the fullest card
    for i, lines in enumerate(cards):
        left = K.MARGIN + i * (width + gap)
        K.rectangle(s, (left, K.BODY_TOP, width, height), K.CARD_FILL, K.BORDER, rounded=True)
        K.text_box(s, (left + 0.05, K.BODY_TOP + 0.05, width - 0.1, height - 0.1), lines, 14, 12)
    T.foot(s, [t("sector_units_caveat", lang)])


def _suggestion_lines(content, lang: str) -> list[list[Run]]:
    """The published suggestions, headed as suggestions and not commitments (none: empty)."""
    items = rakor.suggestions(content, lang)
    if not items:
        return []
    lines = [[Run(t("suggestions_heading", lang), True)]]
    return lines + [[Run(f"• {x['area']}: ", True), Run(x["text"]), *T.marker_run(x["markers"])]
                    for x in items]  # fmt: skip


def actions(s, content, slide, lang, settings):
    """The slide's actions (overdue marked) and, on the last one, the suggestions below them."""
    last = slide.part == slide.total - 1
    lines = _suggestion_lines(content, lang) if last else []
    box_w = K.CONTENT_W - 0.1
    wanted = K.text_height(K.plain(lines), box_w, 14) + 0.1 if lines else 0.0
    least = K.text_height(K.plain(lines), box_w, 12) + 0.1 if lines else 0.0
    top = K.BODY_TOP
    if slide.rows:
        heads = [t(f"col_action.{k}", lang) for k in ("area", "action", "office", "state", "due")]
        body = []
        for r in rakor.action_rows(slide.rows, lang):
            late = r["css"] == "overdue"
            state = Cell([[Run(r["state"], late)]], OVERDUE_FILL if late else None,
                         OVERDUE_TEXT if late else None)  # fmt: skip
            body.append([r["area"], r["action"], r["office"], state, r["due"]])
        widths = [2.1, 5.3, 2.0, 1.6, K.CONTENT_W - 11.0]
        room = BODY_H - (least + 0.15 if lines else 0.0)
        frame = K.table(s, K.MARGIN, top, widths, heads, body, room, 13)
        top += frame.height / 914400 + 0.15
    if lines:
        height = max(min(wanted, K.BODY_BOTTOM - top), 0.5)
        K.rectangle(s, (K.MARGIN, top, K.CONTENT_W, height), K.CARD_FILL, K.BORDER, rounded=True)
        K.text_box(s, (K.MARGIN + 0.05, top + 0.02, box_w, height - 0.04), lines, 14, 12)
    T.foot(s, [t("actions_note", lang)])


def drivers(s, content, slide, lang, settings):
    """The panel model's precise effects as a native table; standings and caveats below."""
    from helpers.brief.render import drivers as words

    heads, rows = words.effect_rows(content, lang)
    widths = [3.4, 2.6, 3.6, K.CONTENT_W - 9.6]
    body = [[Cell([[Run(c)]]) for c in r] for r in rows]
    K.table(s, K.MARGIN, K.BODY_TOP, widths, heads, body, BODY_H - 2.2)
    T.foot(s, [" ".join([*words.standing_lines(content, lang), t("drivers_caveat", lang)])])


BUILDERS = {"trend": trend, "respondents": respondents, "offices": offices, "actions": actions,
            "drivers": drivers}  # fmt: skip
