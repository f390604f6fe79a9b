"""A stub brief notebook for batch tests: the brief's parameters, a body, and a sidecar."""

from __future__ import annotations

import nbformat


def stub_brief(path, body: str):
    """Write a notebook that runs ``body`` then writes the sidecar a batch expects; return path."""
    params = nbformat.v4.new_code_cell(
        'province = "62"\nyear = None\nlang = "id"\nsidecar_path = ""',
        metadata={"tags": ["parameters"]},
    )
    code = nbformat.v4.new_code_cell(
        "import json, time\n" + body + "with open(sidecar_path, 'w') as handle:\n"
        "    json.dump({'provenance': {'province_code': province}}, handle)\n"
        "print('brief', province)"
    )
    nb = nbformat.v4.new_notebook(cells=[params, code])
    nb.metadata["kernelspec"] = {"name": "ipak-brief", "display_name": "ipak", "language": "python"}
    nbformat.write(nb, path)
    return path
