"""Resolve region names and codes from the command line: ``python -m helpers.cli.regions Kalteng``."""

from __future__ import annotations

import argparse
import sys

from helpers.core.errors import EXIT_BAD_INPUT
from helpers.reference.regions import RegionError, resolve


def main(argv: list[str] | None = None) -> int:
    """Command line: resolve each argument and print ``code<TAB>name<TAB>level``.

    When the Kemendagri code differs, a second line says so. Returns 0, or
    ``EXIT_BAD_INPUT`` (2) when any argument could not be resolved (message on stderr).
    """
    parser = argparse.ArgumentParser(
        prog="python -m helpers.cli.regions",
        description="Cari wilayah (kode BPS, kode Kemendagri, nama atau singkatan).",
    )
    parser.add_argument("text", nargs="+", help="kode atau nama wilayah, mis. Kalteng, 6201")
    parser.add_argument(
        "--level",
        choices=["national", "province", "regency"],
        help="batasi pada satu tingkat wilayah",
    )
    args = parser.parse_args(argv)
    status = 0
    for text in args.text:
        try:
            region = resolve(text, level=args.level)
        except RegionError as exc:
            print(f"error: {exc}", file=sys.stderr)
            status = EXIT_BAD_INPUT
            continue
        print(f"{region.code}\t{region.name}\t{region.level}")
        if region.kemendagri_code != region.code:
            print(
                f"# kode Kemendagri: {region.kemendagri_code} (berbeda dengan kode BPS "
                f"{region.code})"
            )
    return status


if __name__ == "__main__":
    sys.exit(main())
