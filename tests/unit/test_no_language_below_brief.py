"""Issue #16 ("One brief, many renderers"): gaps and model take no language.

Model and gap code return keys and numbers; the words, number formats and labels a reader sees
are made by the renderers (``helpers.brief.render``). This test fails when a public function or
method of ``helpers.gaps.*`` or ``helpers.model.*`` takes a ``lang`` parameter, or when a gap
table or sector summary carries a reader-label column (``*_label``).
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil

import pandas as pd
import pytest

import helpers.gaps
import helpers.model
from helpers.gaps import metrics, thresholds
from helpers.model import experience, synthetic


def _modules():
    for package in (helpers.gaps, helpers.model):
        for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            yield importlib.import_module(info.name)


def _callables(module):
    for name, member in vars(module).items():
        if name.startswith("_") or getattr(member, "__module__", None) != module.__name__:
            continue
        if inspect.isfunction(member):
            yield f"{module.__name__}.{name}", member
        elif inspect.isclass(member):
            for attr, method in vars(member).items():
                if attr.startswith("_") and attr != "__init__":
                    continue
                function = (
                    method.__func__ if isinstance(method, classmethod | staticmethod) else method
                )
                if isinstance(function, property):
                    function = function.fget
                if inspect.isfunction(function):
                    yield f"{module.__name__}.{name}.{attr}", function


def test_modules_are_found():
    names = {module.__name__ for module in _modules()}
    assert {
        "helpers.gaps.metrics",
        "helpers.gaps.thresholds",
        "helpers.model.experience",
        "helpers.model.drivers",
    } <= names


def test_no_public_function_of_gaps_or_model_takes_a_language():
    offenders = [
        name
        for module in _modules()
        for name, function in _callables(module)
        if "lang" in inspect.signature(function).parameters
    ]
    assert offenders == [], (
        f"take a language (issue #16: words belong to the renderers): {offenders}"
    )


def test_statuses_and_schemes_carry_keys_not_words():
    for cls in (thresholds.Status, thresholds.LegendKey, thresholds.Scheme):
        words = [f.name for f in dataclasses.fields(cls) if f.name.startswith(("label", "name_"))]
        assert words == [], f"{cls.__name__} carries reader words: {words}"


def _labels(frame: pd.DataFrame) -> list[str]:
    return [column for column in frame.columns if str(column).endswith("_label")]


def test_gap_table_has_no_label_columns():
    assert _labels(pd.DataFrame(columns=metrics.GAP_TABLE_COLUMNS)) == []
    values = pd.DataFrame(
        {"indicator_id": "spi", "region_code": ["62", "6201"], "year": 2024,
         "value": [71.0, None], "status": ["published", "suppressed"], "category": ""}
    )  # fmt: skip
    targets = pd.DataFrame(
        {"indicator_id": ["spi"], "region_code": ["00"], "year": [2024], "target": [74.0]}
    )
    table = metrics.gap_table(values, targets, "spi", ["62", "6201", "6202"], 2024)
    assert _labels(table) == [] and "target_basis" not in table


@pytest.fixture(scope="module")
def model():
    micro = synthetic.generate_spak(n=3_000, seed=4)
    return micro, experience.fit_experience_model(micro, year=2024, bootstrap_reps=9)


def test_sector_summaries_have_no_label_columns(model):
    micro, fitted = model
    regency = str(fitted.sae_regency["area_code"].iloc[0])
    for frame in (
        experience.sector_summary(micro, "62", model=fitted),
        experience.regency_sector_summary(fitted, regency),
        experience.what_if_table(micro, "62", model=fitted, methods=("accounting",)),
    ):
        assert _labels(frame) == [] and "opd" not in frame
