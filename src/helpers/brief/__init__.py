"""Brief layer: sections, charts, maps, HTML templates, provenance and the sidecar."""
