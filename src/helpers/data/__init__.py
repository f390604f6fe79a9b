"""Data layer: reading and validating ``data/raw``, microdata, boundaries, the processed build."""
