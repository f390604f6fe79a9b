"""Helpers for the IPAK brief notebooks.

Data flows one way: ``data/raw`` → validated tidy tables in ``data/processed``
(:mod:`helpers.data.build`) → analysis helpers → notebooks → brief (:mod:`helpers.cli.report`).
One module per job; notebooks only call into these modules.
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
