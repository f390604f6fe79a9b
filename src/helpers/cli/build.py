"""Validate ``data/raw`` and rebuild ``data/processed``: ``python -m helpers.cli.build`` (``make data``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpers.core.errors import EXIT_BAD_INPUT, DataValidationError, display_path
from helpers.core.paths import processed_dir
from helpers.data.build import build
from helpers.data.coverage import HEADLINE, text_table


def main(argv: list[str] | None = None) -> int:
    """Command line: validate data/raw and rebuild data/processed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--raw", type=Path, default=None, help="folder of inputs (default data/raw)"
    )
    parser.add_argument(
        "--processed", type=Path, default=None, help="output folder (default data/processed)"
    )
    parser.add_argument(
        "--all-indicators",
        action="store_true",
        help="print the coverage of every indicator, not only SPI, MCP and Ombudsman",
    )
    args = parser.parse_args(argv)
    try:
        manifest = build(args.raw, args.processed)
    except DataValidationError as exc:
        print(exc.render(), file=sys.stderr)
        print("data/processed tidak diubah (unchanged).", file=sys.stderr)
        return EXIT_BAD_INPUT
    target = display_path(args.processed or processed_dir())
    print(
        f"OK: {manifest['outputs']['indicator_values.parquet']['rows']} nilai indikator, "
        f"{manifest['outputs']['targets.parquet']['rows']} target dari {len(manifest['inputs'])} file "
        f"→ {target}"
    )
    coverage = manifest.get("coverage") or []
    if coverage:
        print(
            "\nPemerintah dengan angka terbit per indikator/tingkat/tahun "
            "(governments with a published figure; +Ni = interim only):"
        )
        print(text_table(coverage, HEADLINE))
        if not args.all_indicators:
            print("(semua indikator: --all-indicators; manifest.json 'coverage')")
        else:
            others = sorted({r["indicator_id"] for r in coverage} - set(HEADLINE))
            print(text_table(coverage, others))
    return 0


if __name__ == "__main__":
    sys.exit(main())
