"""constraints.txt, the lock every README command installs from, agrees with pyproject.toml."""

import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.conftest import REPO


def locked() -> dict[str, Version]:
    pins = {}
    for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not an exact pin (name==version)"
            pins[canonicalize_name(name)] = Version(version)
    return pins


def declared() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = [r for group in project["optional-dependencies"].values() for r in group]
    return [Requirement(r) for r in project["dependencies"] + extras]


def test_every_dependency_is_pinned_within_its_range():
    pins = locked()
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in constraints.txt: run `make lock`"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt pins {name}=={pins[name]}, outside pyproject's {requirement}: "
            "run `make lock`"
        )


def test_the_lock_pins_the_transitive_dependencies_too():
    # Packages pyproject never names still shape the results (the model files sentence-
    # transformers loads, the tensors it reads them with): the lock pins them as well.
    pins = locked()
    for name in ("huggingface-hub", "safetensors", "scikit-learn", "torch"):
        assert name in pins, f"{name} is not pinned in constraints.txt"
    assert pins["torch"] == Version("2.13.0")


def test_every_data_file_the_package_reads_ships_in_the_wheel():
    """A data file missing from package-data works from a checkout and fails once installed
    with `pip install .` (places.tsv, the gazetteer the sentence readings need)."""
    package = REPO / "assistant"
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    listed = {
        f"{folder.replace('.', '/')}/{name}"
        for folder, names in config["tool"]["setuptools"]["package-data"].items()
        for name in names
    }
    data = {
        p.relative_to(REPO).as_posix()
        for p in package.rglob("*")
        if p.is_file() and p.suffix in (".json", ".tsv", ".txt")
    }
    assert data <= listed, data - listed


def test_the_licence_is_an_spdx_expression_setuptools_reads_without_warning():
    """Issue 29: a `project.license` table made setuptools warn three times per install that it
    is deprecated; an SPDX string needs setuptools 77 or later to build."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"
    (build,) = [Requirement(r) for r in project["build-system"]["requires"]]
    assert build.name == "setuptools" and Version("77") in build.specifier
    assert Version("76.1") not in build.specifier
