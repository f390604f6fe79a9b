"""Entry points (``python -m helpers.cli.<name>``): build, report, batch, regions, kernel."""
