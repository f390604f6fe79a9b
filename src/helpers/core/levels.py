"""Administrative levels and the national code: the one place that names them."""

from __future__ import annotations

NATIONAL_CODE = "00"
NATIONAL = "national"
PROVINCE = "province"
REGENCY = "regency"
LEVELS = (NATIONAL, PROVINCE, REGENCY)


def level_of_code(code: str) -> str:
    """Return the level of a BPS code: ``00`` national, two digits province, four regency.

    >>> level_of_code("00"), level_of_code("62"), level_of_code("6201")
    ('national', 'province', 'regency')
    """
    code = str(code)
    if code == NATIONAL_CODE:
        return NATIONAL
    if len(code) == 2:
        return PROVINCE
    if len(code) == 4:
        return REGENCY
    raise ValueError(f"kode wilayah '{code}' tidak berformat BPS (00, 2 atau 4 digit)")
