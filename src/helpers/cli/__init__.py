"""Entry points (``python -m helpers.cli.<name>``): build, report, batch, regions, kernel.

Start-up: ``nbformat`` imports ``jsonschema``, whose format checkers import ``rfc3987_syntax``
when it is installed (it is, through JupyterLab's ``jupyter-events``); that module compiles
some 35 Lark grammars at import, about 1.1 s of every command's start
(python-jsonschema/jsonschema#1428, opendatahub-io/notebooks#3532). No schema these commands
validate (notebooks, the brief's own files) uses the ``iri`` formats it checks, so the command
line processes skip it. JupyterLab and the kernel are not affected.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # an import of it now raises ImportError
