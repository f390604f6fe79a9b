"""Demo of the rakor content parts (issue 19) on a private copy of a raw folder.

    PYTHONPATH=src python tools/rakor_demo.py data/raw [docs/templates/actions_example.csv]

Builds the raw folder (plus, optionally, an actions file put under actions/ of the copy) into a
temporary processed folder and prints Kota Serang's trends and respondent groups, and Kobar's
offices, actions and the province table's extras. Nothing in the repository is written.
"""

import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

from helpers.brief.content import rakor
from helpers.brief.content.assemble import Builder, brief_settings
from helpers.data.build import build, load_processed
from helpers.reference import regions

raw = Path(sys.argv[1])
tmp = Path(tempfile.mkdtemp())
r2 = tmp / "raw"
shutil.copytree(raw, r2, ignore=shutil.ignore_patterns("microdata"))
if len(sys.argv) > 2:
    (r2 / "actions").mkdir(exist_ok=True)
    shutil.copy(sys.argv[2], r2 / "actions" / "kobar.csv")
build(r2, tmp / "p")
data = load_processed(tmp / "p", rebuild_if_stale=False)


def builder(code, year=2025):
    """A Builder for one government at the reference year."""
    g = regions.resolve(code)
    p = g if g.level == "province" else regions.get(g.province_code)
    return Builder(data, g, p, year, brief_settings(), True)


b = builder("3673")
t = rakor.trend_part(b, "2024-07-01")
for tr in t.trends:
    print(
        tr.indicator_id,
        tr.method_period,
        [(p.year, p.value) for p in tr.own_series.points],
        [(p.year, p.value) for p in tr.targets],
        tr.target_basis,
        tr.on_course,
        tr.on_course_year,
        tr.since_change,
        tr.national_mean[:2],
    )
rp = rakor.respondent_part(b)
print(
    rp.components_year,
    rp.weakest_group,
    [(c.indicator_id, c.own_series.points[-1]) for c in rp.components],
)
b = builder("6201")
for o in rakor.offices_part(b).offices:
    print(
        o.office,
        o.nothing_published,
        o.publishers,
        [(f.indicator_id, f.year, f.value) for f in o.figures],
        len(o.units),
    )
a = rakor.actions_part(b, "2024-07-01", dt.date(2025, 1, 15))
print(
    a.n_open,
    a.n_overdue,
    a.n_done,
    a.n_done_since,
    a.weak_areas,
    [(r.action_id, r.source_numbers) for r in a.recommendations],
)
for i in a.actions:
    print(" ", i.rakor_date, i.office_or_area, i.state, i.due_date, i.is_overdue, i.is_done_since)
print(rakor.province_rows_extra(b, dt.date(2025, 1, 15))[:3])
