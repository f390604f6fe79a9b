"""Markup and quotes in every free-text column of the inputs stay text in every output.

Every source, note, category, region_name and target_kind cell of a copy of the fixtures
gets ``<script>``, ``<b>``, double and single quotes and ``&``; one more row carries the
markup as Ombudsman's only (category) value for a province, so the batch index shows it.
A real batch builds two briefs: the HTML briefs and the index must show it escaped, the JSON
sidecar must carry it as plain data.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from conftest import FIXTURE_RAW, ROOT

PAYLOAD = """<script>alert("x&y")</script> <b>'tebal'</b> & "kutip\""""
ESCAPED = "&lt;script&gt;alert("
FREE_TEXT = ("source", "note", "category", "region_name", "target_kind")


def hostile_raw(folder):
    shutil.copytree(FIXTURE_RAW, folder, ignore=shutil.ignore_patterns("microdata"))
    for path in folder.glob("*.csv"):
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in FREE_TEXT:
            if column not in table.columns:
                continue
            if column == "category":  # keep empty categories empty (no value becomes a grade)
                filled = table[column] != ""
                table.loc[filled, column] = table.loc[filled, column] + " " + PAYLOAD
            else:
                table[column] = table[column] + " " + PAYLOAD
        if path.name == "ombudsman.csv":
            extra = dict.fromkeys(table.columns, "")
            extra.update(indicator_id="ombudsman", region="63", year="2024", status="published",
                         category=PAYLOAD, source="https://example.org/ " + PAYLOAD)  # fmt: skip
            table = pd.concat([table, pd.DataFrame([extra])], ignore_index=True)
        table.to_csv(path, index=False)


def strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, str):
        yield value


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("escaping")
    hostile_raw(tmp / "raw")
    env = {**os.environ, "IPAK_RAW_DIR": str(tmp / "raw"), "IPAK_PROCESSED_DIR": str(tmp / "p")}
    result = subprocess.run(
        [sys.executable, "-m", "helpers.cli.batch", "--jobs", "2", "--provinces", "62,63",
         "--reports-dir", str(tmp / "reports")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return tmp / "reports"


@pytest.mark.e2e
@pytest.mark.parametrize(
    "page", ["kalimantan-tengah/brief.html", "kalimantan-selatan/brief.html", "index.html"]
)
def test_html_pages_show_markup_escaped(batch, page):
    html = (batch / page).read_text(encoding="utf-8")
    assert "<script>alert(" not in html and "<b>'tebal'</b>" not in html
    assert 'alert("x&y")' not in html  # neither the quote nor the ampersand left raw
    assert ESCAPED in html, f"the hostile text is not shown at all in {page}"


@pytest.mark.e2e
def test_index_shows_the_category_as_text(batch):
    html = (batch / "index.html").read_text(encoding="utf-8")
    row = html[html.index(">63<") : html.index(">64<")]
    assert ESCAPED in row and "&lt;b&gt;" in row


@pytest.mark.e2e
@pytest.mark.parametrize("folder", ["kalimantan-tengah", "kalimantan-selatan"])
def test_sidecar_carries_the_text_as_plain_data(batch, folder):
    sidecar = json.loads((batch / folder / "brief.json").read_text(encoding="utf-8"))
    texts = list(strings(sidecar))
    assert any(PAYLOAD in text for text in texts)
    assert not any("&lt;" in text or "&amp;" in text or "&#" in text for text in texts)
