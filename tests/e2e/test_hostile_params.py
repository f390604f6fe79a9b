"""`make report` / `make reports` with hostile variable values: no command runs, exit 2, nothing written.

Every value is put in every variable the targets read (REGION, PROVINCE, YEAR, LANG, JOBS) at
once — make would expand or a shell would run any of them — and then each variable alone,
so each check in Python is seen to refuse it. The pre-flight refuses before any notebook
runs, so these runs take seconds.
"""

from __future__ import annotations

import os
import subprocess

import pytest

from conftest import ROOT

VARIABLES = ("REGION", "PROVINCE", "YEAR", "LANG", "JOBS")
HOSTILE = [
    'Kalteng"; touch {marker}; echo "',
    "Kalteng'; touch {marker}; echo '",
    "`touch {marker}`",
    "$(touch {marker})",
    "$(shell touch {marker})",
    "${{shell touch {marker}}}",
    "62; touch {marker}",
    "62\ntouch {marker}",
    "62 && touch {marker} #" + "A" * 20000,
]


def make(tmp_path, target, **variables):
    env = {
        **os.environ,
        "IPAK_REPORTS_DIR": str(tmp_path / "reports"),
        "IPAK_PROCESSED_DIR": str(tmp_path / "processed"),
    }
    env.pop("MAKEFLAGS", None)
    return subprocess.run(
        ["make", "--no-print-directory", target, *(f"{k}={v}" for k, v in variables.items())],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def assert_refused(tmp_path, result, marker, reason=""):
    assert not marker.exists(), "a command in a make variable ran"
    assert result.returncode == 2, result.stderr[-2000:]
    assert "] Error 2" in result.stderr, result.stderr[-2000:]  # the CLI itself exited 2
    assert reason in result.stderr, result.stderr[-2000:]
    reports = tmp_path / "reports"
    assert not reports.exists() or not any(reports.iterdir()), "something was written"


CASES = [("report", t) for t in HOSTILE] + [("reports", HOSTILE[i]) for i in (0, 2, 4, 7, 8)]


@pytest.mark.e2e
@pytest.mark.parametrize(("target", "template"), CASES, ids=range(len(CASES)))
def test_hostile_value_in_every_variable(tmp_path, target, template):
    marker = tmp_path / "MARKER"
    value = template.format(marker=marker)
    result = make(tmp_path, target, **dict.fromkeys(VARIABLES, value))
    assert_refused(tmp_path, result, marker)
    assert "ditolak" in result.stderr or "tidak dikenal" in result.stderr


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("target", "variable", "value", "reason"),
    [
        ("report", "PROVINCE", "$(shell touch {marker})", "tidak dikenal"),
        ("report", "REGION", "Serang", "ambigu"),
        ("report", "YEAR", "`touch {marker}`", "bukan tahun"),
        ("report", "YEAR", "1999", "di luar data"),
        ("report", "YEAR", "2100", "di luar data"),
        ("report", "LANG", "$(shell touch {marker})", "LANG="),
        ("report", "LANG", "fr", "LANG='fr'"),
        ("reports", "JOBS", "$(shell touch {marker})", "JOBS="),
        ("reports", "JOBS", "0", "positive integer"),
        ("reports", "YEAR", "2024\ntouch {marker}", "karakter kendali"),
        ("reports", "LANG", "id'; touch {marker}; '", "LANG="),
    ],
)
def test_each_variable_is_checked(tmp_path, target, variable, value, reason):
    marker = tmp_path / "MARKER"
    variables = {variable: value.format(marker=marker)}
    if target == "report" and variable not in ("REGION", "PROVINCE"):
        variables["REGION"] = "Kalteng"
    result = make(tmp_path, target, **variables)
    assert_refused(tmp_path, result, marker, reason)
