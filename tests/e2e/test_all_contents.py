"""The content of every one of the 552 briefs, in process (no rendering), on the frozen fixtures:
every rank and count a brief states holds for its own indicator, year and universe."""

from __future__ import annotations

import pytest

from helpers.brief.content import build_content
from helpers.brief.content.rankings import UNIVERSE_SHARE
from helpers.reference import regions


def _published(values, indicator_id, year, _memo={}):  # noqa: B006 - a memo of this test
    key = (id(values), indicator_id, year)
    if key not in _memo:
        rows = values[(values.indicator_id == indicator_id) & (values.year == year)
                      & (values.status == "published")]  # fmt: skip
        _memo[key] = rows.set_index("region_code").value.dropna()
    return _memo[key]


@pytest.mark.e2e
def test_every_stated_rank_and_count_holds_for_its_year(processed_data):
    values = processed_data.values
    governments = [*regions.provinces(), *regions.regencies()]
    levels = {"province": [r.code for r in regions.provinces()],
              "regency": [r.code for r in regions.regencies() if regions.is_autonomous(r.code)]}  # fmt: skip
    assert len(governments) == 552
    checked = 0
    for region in governments:
        content = build_content(region.code, data=processed_data, microdata_is_synthetic=True)
        for ranking in content.rankings:
            numbers = _published(values, ranking.indicator_id, ranking.year)
            shown = {e.region_code for e in ranking.entries}
            same_year = numbers[numbers.index.isin(shown)]
            assert ranking.n_ranked == len(same_year), (region.code, ranking.indicator_id)
            for entry in ranking.entries:
                if entry.group == "ranked":
                    assert entry.figure.year == ranking.year
                    assert entry.rank == 1 + int((same_year > entry.figure.value).sum())
                    checked += 1
                else:
                    assert entry.rank is None  # older figures and grades are never ranked
            national = ranking.national
            if national is not None:
                level = levels[national.level]
                same_level = numbers[numbers.index.isin(level)]
                assert national.n_compared == len(same_level)
                own = same_level.get(content.region.code)
                assert national.n_below == int((same_level.drop(content.region.code) < own).sum())
                # "the publisher's universe" only when the data hold (nearly) every government
                if national.universe == "publisher":
                    assert len(same_level) >= UNIVERSE_SHARE * len(level)
                else:
                    assert national.n_universe is None
    assert checked > 1000
