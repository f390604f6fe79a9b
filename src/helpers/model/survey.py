"""Design-based direct estimates from SPAK-like microdata.

Estimators are weighted ratios R = Σ w·y / Σ w·x per domain (area): a rate among service
users (y = item, x = used), a share of all respondents (x = 1) or a mean score (x = score
defined). Standard errors by Taylor linearisation with strata and primary sampling units
(PSU), the with-replacement approximation of the first stage (standard; ignores the finite
population correction):

    z_i = w_i (y_i − R_d x_i) / X̂_d  for i in domain d (0 elsewhere),
    V(R_d) = Σ_h n_h/(n_h − 1) Σ_j (z_dhj − z̄_dh)²,

with z_dhj the PSU totals and n_h the number of PSUs of stratum h in the whole sample (domain
estimation with the full design, so domains that cut across strata are handled). A stratum
with a single PSU contributes that PSU's squared deviation from the domain's mean PSU total,
which is zero by construction (like ``survey.lonely.psu = "adjust"`` in R).

Effective sample sizes: Kish n_eff = (Σ w)² / Σ w² over the domain's units (weights only),
and the design-based n / deff with deff = V / V_srs (weights *and* clustering).

Suppression (``data/reference/estimation.yaml`` → ``direct.suppression``): suppressed when
unweighted n < 30, Kish n_eff < 20 or RSE > 50 %; "caution" when RSE is 25–50 % or the rate
is exactly 0 or 1 (SE 0, no RSE).

Intervals (``estimation.yaml`` → ``direct.interval``): a proportion gets the Korn–Graubard
interval — Clopper–Pearson on the design effective n ``p(1 − p)/V``, rescaled by
``(t_{n−1}/t_df)²`` with ``df`` = PSUs − strata of the domain — which keeps its coverage with
few events and few PSUs, where the normal (Wald) interval does not. A rate of exactly 0 or 1
gets the one-sided Clopper–Pearson bound on the Kish effective n (``[0, 1 − α^(1/n*)]``), never
``[0, 0]``. Means (scores, losses, mean contact shares) get ``± t_df·SE`` clipped to their range.

Everything is vectorised (sparse indicator matrices), so 1,000,000 respondents × ~40
indicators × three levels take a few seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.stats import beta, norm
from scipy.stats import t as student_t

from helpers.data.microdata import EXPERIENCE_ITEMS, SECTORS
from helpers.model.scores import with_scores
from helpers.reference.files import estimation_settings

SCORE_COLUMNS = (
    "pengalaman_publik_score_0_5",
    "pengalaman_lainnya_score_0_5",
    "persepsi_score_0_5",
    "pengalaman_score_0_5",
    "ipak_score_0_5",
)
LEVELS = ("national", "province", "regency")
STATUS_OK, STATUS_CAUTION, STATUS_SUPPRESSED = "ok", "caution", "suppressed"


@dataclass(frozen=True)
class Design:
    """Survey design in integer codes: weights, stratum of each unit, PSU of each unit.

    PSU codes are unique across strata (a PSU id only has to be unique within its stratum in
    the file). ``psu_stratum[j]`` is the stratum of PSU j; ``n_psu[h]`` the PSUs in stratum h.
    """

    weight: np.ndarray
    stratum: np.ndarray
    psu: np.ndarray
    psu_stratum: np.ndarray
    n_psu: np.ndarray


def make_design(
    micro: pd.DataFrame, weight: str = "weight", stratum: str = "stratum", psu: str = "psu"
) -> Design:
    """Build a :class:`Design` from the microdata's weight, stratum and PSU columns."""
    w = micro[weight].to_numpy(dtype=float)
    strata_codes, _ = pd.factorize(micro[stratum], sort=False)
    psu_raw, _ = pd.factorize(micro[psu], sort=False)
    key = strata_codes.astype(np.int64) * (psu_raw.max() + 1) + psu_raw
    psu_codes, uniques = pd.factorize(key, sort=False)
    psu_stratum = (uniques // (psu_raw.max() + 1)).astype(np.int64)
    n_psu = np.bincount(psu_stratum, minlength=strata_codes.max() + 1)
    return Design(w, strata_codes.astype(np.int64), psu_codes.astype(np.int64), psu_stratum, n_psu)


def _indicator_matrix(codes: np.ndarray, n_rows: int) -> sparse.csr_matrix:
    n = len(codes)
    return sparse.csr_matrix((np.ones(n), (codes, np.arange(n))), shape=(n_rows, n))


@dataclass
class CellTotals:
    """Weighted totals per (domain, PSU) cell for K indicators, the sufficient statistics.

    ``y``, ``x``: Σw·y and Σw·x; ``q``: Σw·y² (y is 0 where x = 0); ``w2``: Σw²·x;
    ``n``: units with x > 0. ``domain``/``psu`` give each cell's codes (arrays of length C).
    """

    domain: np.ndarray
    psu: np.ndarray
    y: np.ndarray
    x: np.ndarray
    q: np.ndarray
    w2: np.ndarray
    n: np.ndarray


def _cell_codes(
    domain: np.ndarray, psu: np.ndarray, n_psu: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    codes, uniques = pd.factorize(domain.astype(np.int64) * n_psu + psu, sort=False)
    return (
        codes.astype(np.int64),
        (uniques // n_psu).astype(np.int64),
        (uniques % n_psu).astype(np.int64),
    )


def _totals_columns(
    codes: np.ndarray, n_cells: int, w: np.ndarray, y: np.ndarray, x: np.ndarray
) -> tuple[np.ndarray, ...]:
    """Return (Σwy, Σwx, Σwy², Σw²x, n) per cell for one indicator (1-D y, x with x ∈ {0, 1})."""
    y = np.where(x > 0, np.nan_to_num(y), 0.0)
    wx = w * x
    wy = w * y
    return (
        np.bincount(codes, wy, n_cells),
        np.bincount(codes, wx, n_cells),
        np.bincount(codes, wy * y, n_cells),
        np.bincount(codes, wx * w, n_cells),
        np.bincount(codes, (x > 0).astype(float), n_cells),
    )


def cell_totals(y: np.ndarray, x: np.ndarray, design: Design, domain: np.ndarray) -> CellTotals:
    """Aggregate unit data to (domain, PSU) cells; ``y``/``x`` (n,) or (n, K), x ∈ {0, 1}."""
    y = np.asarray(y, dtype=float)
    x = np.asarray(x, dtype=float)
    if y.ndim == 1:
        y, x = y[:, None], x[:, None]
    keep = domain >= 0
    w, dom, psu = design.weight[keep], domain[keep], design.psu[keep]
    codes, cell_dom, cell_psu = _cell_codes(dom, psu, len(design.psu_stratum))
    cols = [
        _totals_columns(codes, len(cell_dom), w, y[keep, k], x[keep, k]) for k in range(y.shape[1])
    ]
    stack = [np.column_stack([c[i] for c in cols]) for i in range(5)]
    return CellTotals(cell_dom, cell_psu, *stack)


def estimates_from_cells(
    cells: CellTotals, design: Design, n_domains: int, cell_domain: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """Ratio estimates and linearised variances from cell totals.

    ``cell_domain`` re-maps cells to coarser domains (e.g. kab/kota cells → provinces); cells
    sharing (domain, PSU) are merged. Returns arrays (n_domains, K) as :func:`ratio_estimates`.
    """
    dom = cells.domain if cell_domain is None else np.asarray(cell_domain, dtype=np.int64)
    n_psu_total = len(design.psu_stratum)
    codes, g_dom, g_psu = _cell_codes(dom, cells.psu, n_psu_total)
    G = _indicator_matrix(codes, len(g_dom))
    y, x, q, w2, n = (np.asarray(G @ a) for a in (cells.y, cells.x, cells.q, cells.w2, cells.n))
    D = _indicator_matrix(g_dom, n_domains)
    ty, tx, tq, tw2, tn = (np.asarray(D @ a) for a in (y, x, q, w2, n))
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = ty / tx
        n_eff = tx**2 / tw2
        s2 = (tq - 2 * ratio * ty + ratio**2 * tx) / tx
        var_srs = np.maximum(s2, 0.0) / tn
        z = np.where(tx[g_dom] > 0, (y - np.nan_to_num(ratio[g_dom]) * x) / tx[g_dom], 0.0)
    n_strata = len(design.n_psu)
    h_of = design.psu_stratum[g_psu]
    dh_codes, dh_uniques = pd.factorize(g_dom * n_strata + h_of, sort=False)
    DH = _indicator_matrix(dh_codes.astype(np.int64), len(dh_uniques))
    s1 = np.asarray(DH @ z)
    sz2 = np.asarray(DH @ z**2)
    nh = design.n_psu[dh_uniques % n_strata].astype(float)[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        contrib = np.where(nh > 1, nh / (nh - 1) * (sz2 - s1**2 / nh), sz2)
    variance = np.asarray(
        _indicator_matrix((dh_uniques // n_strata).astype(np.int64), n_domains) @ contrib
    )
    variance = np.where(tx > 0, np.maximum(variance, 0.0), np.nan)
    # design degrees of freedom of each domain: PSUs minus strata among those with domain units
    has_units = (n > 0).astype(float)
    psu_count = np.asarray(D @ has_units)
    strata_count = np.asarray(
        _indicator_matrix((dh_uniques // n_strata).astype(np.int64), n_domains)
        @ (np.asarray(DH @ has_units) > 0).astype(float)
    )
    return {
        "estimate": ratio,
        "variance": variance,
        "n": tn,
        "weight_sum": tx,
        "n_eff_kish": n_eff,
        "var_srs": var_srs,
        "df": np.maximum(psu_count - strata_count, 1.0),
    }


def ratio_estimates(
    y: np.ndarray, x: np.ndarray, design: Design, domain: np.ndarray, n_domains: int
) -> dict[str, np.ndarray]:
    """Weighted ratio estimates Σwy/Σwx per domain with linearised design variances.

    ``y`` and ``x`` are (n,) or (n, K) arrays, ``x`` ∈ {0, 1} marks the units in the
    denominator (``y`` is ignored where x = 0); ``domain`` holds integer domain codes
    0 … n_domains−1 (−1 = in no domain). Returns arrays of shape (n_domains, K):
    ``estimate``, ``variance``, ``n`` (units with x = 1), ``weight_sum`` (Σwx),
    ``n_eff_kish`` ((Σwx)²/Σw²x), ``var_srs`` (weighted element variance / n) and ``df``
    (design degrees of freedom: PSUs minus strata among those holding units with x = 1,
    at least 1).
    """
    return estimates_from_cells(
        cell_totals(y, x, design, np.asarray(domain, dtype=np.int64)), design, n_domains
    )


def suppression_status(
    n: np.ndarray, n_eff: np.ndarray, estimate: np.ndarray, se: np.ndarray, rule: dict | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Return (status, rse_pct) arrays for the suppression rule of ``estimation.yaml``.

    ``suppressed`` when n < min_n_unweighted, Kish n_eff < min_n_effective or RSE > max_rse_pct;
    ``caution`` when RSE ≥ caution_rse_pct or the estimate is exactly 0 or 1 with SE 0;
    otherwise ``ok``. RSE = 100·SE/estimate (NaN when the estimate is 0).
    """
    rule = rule or estimation_settings()["direct"]["suppression"]
    n = np.asarray(n, dtype=float)
    n_eff = np.asarray(n_eff, dtype=float)
    estimate = np.asarray(estimate, dtype=float)
    se = np.asarray(se, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        rse = np.where(estimate > 0, 100.0 * se / np.abs(estimate), np.nan)
    small = (
        (n < rule["min_n_unweighted"]) | ~(n_eff >= rule["min_n_effective"]) | np.isnan(estimate)
    )
    unstable = rse > rule["max_rse_pct"]
    degenerate = (se == 0) | np.isnan(rse)
    caution = (rse >= rule["caution_rse_pct"]) | degenerate
    status = np.where(
        small | unstable, STATUS_SUPPRESSED, np.where(caution, STATUS_CAUTION, STATUS_OK)
    )
    return status, rse


def proportion_interval(
    estimate: np.ndarray,
    variance: np.ndarray,
    n: np.ndarray,
    n_eff_kish: np.ndarray,
    df: np.ndarray,
    level: float = 0.90,
) -> tuple[np.ndarray, np.ndarray]:
    """Korn–Graubard interval for a design-based proportion; one-sided at 0 and 1.

    For 0 < p < 1 the effective n is ``p(1 − p)/V`` (not capped at n), rescaled by
    ``(t_{n−1}/t_df)²`` so that the design's degrees of freedom ``df`` (PSUs − strata) widen
    the interval, and the Clopper–Pearson limits are taken at ``x = p·n*`` on ``n*``
    (Korn & Graubard 1998); where V = 0 (all PSUs agree) the Kish effective n stands in. A rate
    of exactly 0 (or 1) has no variance information: its interval is the one-sided
    Clopper–Pearson bound on the Kish effective n, rescaled the same way — ``[0, 1 − α^(1/n*)]`` (or ``[α^(1/n*), 1]``) with
    ``α = 1 − level`` — never ``[0, 0]``. Returns ``(low, high)``; NaN where p is NaN.
    """
    p = np.asarray(estimate, dtype=float)
    v = np.asarray(variance, dtype=float)
    n = np.asarray(n, dtype=float)
    alpha = 1.0 - level
    with np.errstate(invalid="ignore", divide="ignore"):
        interior = (p > 0) & (p < 1)
        n_design = np.where(interior & (v > 0), p * (1 - p) / v, n_eff_kish)
        df_ratio = (
            student_t.ppf(1 - alpha / 2, np.maximum(n - 1, 1))
            / student_t.ppf(1 - alpha / 2, np.maximum(df, 1))
        ) ** 2
        n_star = np.maximum(n_design * df_ratio, 1e-9)
        x = p * n_star
        low = np.where(interior, beta.ppf(alpha / 2, x, n_star - x + 1), np.nan)
        high = np.where(interior, beta.ppf(1 - alpha / 2, x + 1, n_star - x), np.nan)
        bound = alpha ** (1.0 / n_star)
    low = np.where(~interior & (p <= 0), 0.0, low)
    high = np.where(~interior & (p <= 0), 1.0 - bound, high)
    low = np.where(~interior & (p >= 1), bound, low)
    high = np.where(~interior & (p >= 1), 1.0, high)
    nan = np.isnan(p)
    return np.where(nan, np.nan, low), np.where(nan, np.nan, high)


def mean_interval(
    estimate: np.ndarray, se: np.ndarray, df: np.ndarray, upper: float, level: float = 0.90
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``estimate ± t_df·se`` clipped to ``[0, upper]`` (scores, losses, mean shares)."""
    q = student_t.ppf(0.5 + level / 2, np.maximum(np.asarray(df, dtype=float), 1))
    estimate = np.asarray(estimate, dtype=float)
    return np.clip(estimate - q * se, 0.0, upper), np.clip(estimate + q * se, 0.0, upper)


def _interval(
    method: str, spec: IndicatorSpec, res: dict[str, np.ndarray], k: int, level: float
) -> tuple[np.ndarray, np.ndarray]:
    """Interval of indicator column ``k`` of :func:`estimates_from_cells` output ``res``."""
    est = res["estimate"][:, k]
    se = np.sqrt(res["variance"][:, k])
    if method == "wald":  # the former normal interval, kept for comparison (bench)
        z = norm.ppf(0.5 + level / 2)
        return np.clip(est - z * se, 0.0, spec.upper), np.clip(est + z * se, 0.0, spec.upper)
    if spec.binary:
        return proportion_interval(
            est,
            res["variance"][:, k],
            res["n"][:, k],
            res["n_eff_kish"][:, k],
            res["df"][:, k],
            level,
        )
    return mean_interval(est, se, res["df"][:, k], spec.upper, level)


@dataclass(frozen=True)
class IndicatorSpec:
    """One direct-estimate indicator: ratio of ``y`` to ``x`` and its value range."""

    name: str
    sector: str
    item: str
    kind: str  # rate (among users), share (of respondents), score (0–5 mean), loss (publik points)
    upper: float
    binary: bool = False  # y ∈ {0, 1}: a proportion, interval by proportion_interval


def iter_indicators(micro: pd.DataFrame):
    """Yield ``(IndicatorSpec, y, x)`` for the default indicators (1-D arrays, x ∈ {0, 1}).

    Per sector: ``used`` (share of all respondents), the four items as rates among users
    (``<sector>_<item>``), ``contact_share`` (Σ w·used/m over respondents with contacts, m =
    services used) and ``publik_loss`` (points of pengalaman publik lost in that sector; the
    five losses add up to 5 − pengalaman publik). Then the headline ``paid_or_asked_any``
    and the mean scores of :data:`SCORE_COLUMNS`.
    """
    scored = with_scores(micro)
    settings = estimation_settings()["scores"]["contact_item_weights"]
    n = len(scored)
    ones = np.ones(n)
    m_used = scored["n_services_used"].to_numpy(dtype=float)
    has_contact = (m_used > 0).astype(float)
    for sector in SECTORS:
        used = scored[f"{sector}_used"].to_numpy(dtype=float)
        yield IndicatorSpec(f"{sector}_used", sector, "used", "share", 1.0, True), used, ones
        penalty = np.zeros(n)
        for item in EXPERIENCE_ITEMS:
            values = np.nan_to_num(scored[f"{sector}_{item}"].to_numpy(dtype=float))
            yield IndicatorSpec(f"{sector}_{item}", sector, item, "rate", 1.0, True), values, used
            penalty += settings[item] * values
        per_contact = np.where(m_used > 0, used / np.maximum(m_used, 1), 0.0)
        yield (
            IndicatorSpec(f"{sector}_contact_share", sector, "contact_share", "share", 1.0),
            per_contact,
            has_contact,
        )
        yield (
            IndicatorSpec(f"{sector}_publik_loss", sector, "publik_loss", "loss", 5.0),
            5.0 * penalty * per_contact,
            has_contact,
        )
    headline = scored["paid_or_asked_any"].to_numpy(dtype=float)
    yield (
        IndicatorSpec("paid_or_asked_any", "all", "paid_or_asked_any", "rate", 1.0, True),
        np.nan_to_num(headline),
        has_contact,
    )
    for column in SCORE_COLUMNS:
        values = scored[column].to_numpy(dtype=float)
        defined = (~np.isnan(values)).astype(float)
        yield IndicatorSpec(column, "all", column, "score", 5.0), np.nan_to_num(values), defined


def _domain_codes(micro: pd.DataFrame, level: str) -> tuple[np.ndarray, np.ndarray]:
    if level == "national":
        return np.zeros(len(micro), dtype=np.int64), np.array(["00"], dtype=object)
    column = {"province": "province_code", "regency": "regency_code"}[level]
    codes, uniques = pd.factorize(micro[column].astype(str), sort=True)
    return codes.astype(np.int64), np.asarray(uniques, dtype=object)


def direct_estimates(
    micro: pd.DataFrame,
    levels: tuple[str, ...] = LEVELS,
    indicators: list[str] | None = None,
    design: Design | None = None,
    interval: str | None = None,
) -> pd.DataFrame:
    """Weighted direct estimates with Taylor-linearised SEs for every level and indicator.

    Returns a long table: ``level, area_code, indicator, sector, item, kind, n_unweighted,
    weight_sum, estimate, se, rse_pct, ci90_low, ci90_high, n_eff_kish, deff, n_eff_design,
    df, status``. Rates and shares are proportions (0–1), scores on 0–5, losses in points of
    pengalaman publik. Intervals: Korn–Graubard for proportions (one-sided at 0 and 1, see
    :func:`proportion_interval`), ``± t_df·SE`` for means (:func:`mean_interval`), ``df``
    the domain's design degrees of freedom. ``indicators`` restricts the indicator names (see
    :func:`iter_indicators`). ``interval`` overrides ``direct.interval`` of
    ``estimation.yaml`` (``korn_graubard`` or ``wald``). Unit data are aggregated once to (kab/kota, PSU) cells; every
    level is computed from the cells.
    """
    design = design or make_design(micro)
    settings = estimation_settings()["direct"]
    level_ci = settings["ci_level"]
    method = interval or settings.get("interval", "korn_graubard")
    if method not in ("korn_graubard", "wald"):
        raise ValueError(f"direct.interval '{method}' unknown (use korn_graubard or wald)")
    reg_codes, reg_names = _domain_codes(micro, "regency")
    codes, cell_reg, cell_psu = _cell_codes(reg_codes, design.psu, len(design.psu_stratum))
    n_cells = len(cell_reg)
    specs, parts = [], []
    wanted = None if indicators is None else set(indicators)
    for spec, y, x in iter_indicators(micro):
        if wanted is not None and spec.name not in wanted:
            continue
        specs.append(spec)
        parts.append(_totals_columns(codes, n_cells, design.weight, y, x))
    if not specs:
        raise ValueError(f"no known indicator among {indicators}")
    cells = CellTotals(
        cell_reg, cell_psu, *[np.column_stack([p[i] for p in parts]) for i in range(5)]
    )
    # map kab/kota → province → national
    prov_of_reg = (
        pd.Series(micro["province_code"].astype(str).to_numpy()).groupby(reg_codes).first()
    )
    prov_codes, prov_names = pd.factorize(prov_of_reg.sort_index().to_numpy(), sort=True)
    frames = []
    for level in levels:
        if level == "regency":
            area_codes, cell_domain = reg_names, cell_reg
        elif level == "province":
            area_codes, cell_domain = np.asarray(prov_names, dtype=object), prov_codes[cell_reg]
        elif level == "national":
            area_codes, cell_domain = (
                np.array(["00"], dtype=object),
                np.zeros(n_cells, dtype=np.int64),
            )
        else:
            raise ValueError(f"unknown level '{level}' (use {LEVELS})")
        res = estimates_from_cells(cells, design, len(area_codes), cell_domain)
        for k, spec in enumerate(specs):
            est = res["estimate"][:, k]
            se = np.sqrt(res["variance"][:, k])
            with np.errstate(invalid="ignore", divide="ignore"):
                deff = res["variance"][:, k] / res["var_srs"][:, k]
                n_eff_design = res["n"][:, k] / deff
            status, rse = suppression_status(
                res["n"][:, k], res["n_eff_kish"][:, k], est, se, settings["suppression"]
            )
            low, high = _interval(method, spec, res, k, level_ci)
            frames.append(
                pd.DataFrame(
                    {
                        "level": level,
                        "area_code": area_codes,
                        "indicator": spec.name,
                        "sector": spec.sector,
                        "item": spec.item,
                        "kind": spec.kind,
                        "n_unweighted": res["n"][:, k].astype(int),
                        "weight_sum": res["weight_sum"][:, k],
                        "estimate": est,
                        "se": se,
                        "rse_pct": rse,
                        "ci90_low": low,
                        "ci90_high": high,
                        "n_eff_kish": res["n_eff_kish"][:, k],
                        "deff": deff,
                        "n_eff_design": n_eff_design,
                        "df": res["df"][:, k],
                        "status": status,
                    }
                )
            )
    out = pd.concat(frames, ignore_index=True)
    out.attrs["is_synthetic"] = bool(
        "is_synthetic" in micro.columns and micro["is_synthetic"].any()
    )
    return out
