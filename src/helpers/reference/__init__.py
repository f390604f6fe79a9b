"""Reference layer: the one reader of ``data/reference``, reader texts, formats, catalogue, regions."""
