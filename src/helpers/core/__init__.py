"""Bottom layer: paths and environment overrides, levels, the missing-value predicate, errors."""
