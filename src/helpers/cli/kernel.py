"""Register the project's Jupyter kernel ``ipak-brief`` inside the virtualenv.

``python -m helpers.cli.kernel`` (run by ``make setup``) installs the kernelspec under
``sys.prefix`` so papermill and JupyterLab started from ``.venv`` find it, and sets the
kernel application's own log level to ERROR so its start-up notices (e.g. "running over
TCP without encryption" on a local socket) do not end up in terminals or briefs. User
code warnings are unaffected.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

KERNEL_NAME = "ipak-brief"
DISPLAY_NAME = "Python (ipak-brief)"


def install() -> Path:
    """Install (or refresh) the kernelspec and return its folder."""
    from ipykernel.kernelspec import install as install_kernelspec

    folder = Path(
        install_kernelspec(kernel_name=KERNEL_NAME, display_name=DISPLAY_NAME, prefix=sys.prefix)
    )
    spec_path = folder / "kernel.json"
    spec = json.loads(spec_path.read_text())
    if "--IPKernelApp.log_level=ERROR" not in spec["argv"]:
        spec["argv"].append("--IPKernelApp.log_level=ERROR")
    spec_path.write_text(json.dumps(spec, indent=1))
    return folder


if __name__ == "__main__":
    print(install())
