"""load_processed reads the tables once per process and again whenever they change."""

from __future__ import annotations

import json
import os

import pandas as pd

from helpers.data.build import load_processed


def _write(folder, value: float, manifest: dict) -> None:
    pd.DataFrame({"indicator_id": ["spi"], "value": [value]}).to_parquet(
        folder / "indicator_values.parquet", index=False
    )
    pd.DataFrame({"indicator_id": ["spi"], "target": [75.0]}).to_parquet(
        folder / "targets.parquet", index=False
    )
    (folder / "manifest.json").write_text(json.dumps(manifest))


def test_tables_are_read_once_and_again_after_a_change(tmp_path):
    _write(tmp_path, 70.0, {"data_hash": "a"})
    first = load_processed(tmp_path, rebuild_if_stale=False)
    second = load_processed(tmp_path, rebuild_if_stale=False)
    assert second.values is first.values  # not read twice
    assert second is not first  # each caller gets its own object
    second.values = second.values.iloc[0:0]  # rebinding a caller's field touches no other
    assert load_processed(tmp_path, rebuild_if_stale=False).values.value.tolist() == [70.0]

    _write(tmp_path, 81.5, {"data_hash": "a"})  # same manifest, newer file
    stamp = os.stat(tmp_path / "indicator_values.parquet").st_mtime_ns + 10**9
    os.utime(tmp_path / "indicator_values.parquet", ns=(stamp, stamp))
    assert load_processed(tmp_path, rebuild_if_stale=False).values.value.tolist() == [81.5]

    _write(tmp_path, 90.0, {"data_hash": "b"})  # a new build: new manifest
    assert load_processed(tmp_path, rebuild_if_stale=False).values.value.tolist() == [90.0]
    assert load_processed(tmp_path, rebuild_if_stale=False).manifest == {"data_hash": "b"}
