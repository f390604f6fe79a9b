"""environment.yml (conda) and requirements.txt (pip) pin the same versions."""

from __future__ import annotations

import re

import yaml

from conftest import ROOT


def pip_pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            pins[name.lower()] = version
    return pins


def conda_pins() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins = {}
    for entry in env["dependencies"]:
        if isinstance(entry, str) and "=" in entry:
            name, version = re.split(r"=+", entry, maxsplit=1)
            pins[name.lower()] = version
    return pins


def test_same_packages_and_versions():
    conda = conda_pins()
    conda.pop("python")
    assert conda == pip_pins()


def test_every_pyproject_dependency_is_pinned():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = [re.split(r"[<>=!~ ]", dep)[0].lower() for dep in project["dependencies"]]
    names += [
        re.split(r"[<>=!~ ]", dep)[0].lower() for dep in project["optional-dependencies"]["test"]
    ]
    missing = sorted(set(names) - set(pip_pins()))
    assert not missing, f"not pinned in requirements.txt: {missing}"
