"""Every install goes through the lock: the lock files pin every dependency pyproject.toml
names, at a version its range allows, with hashes, and the image and the set-up read them."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def _pins(lock: Path) -> dict[str, str]:
    text = lock.read_text()
    pins = {
        canonicalize_name(name): version
        for name, version in re.findall(r"^([A-Za-z0-9._-]+)==([^\s\\;]+)", text, re.M)
    }
    # Each pin is followed by at least one hash line: pip's --require-hashes needs them.
    blocks = re.split(r"^(?=[A-Za-z0-9._-]+==)", text, flags=re.M)
    unhashed = [b.split("==")[0] for b in blocks if "==" in b and "--hash=sha256:" not in b]
    assert not unhashed, f"pinned without a hash: {unhashed}"
    return pins


def _requirements(extra: str | None = None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = list(project["dependencies"])
    if extra:
        names += project["optional-dependencies"][extra]
    return [Requirement(name) for name in names]


@pytest.mark.parametrize(
    ("lock", "extra"), [("requirements.lock", None), ("requirements-dev.lock", "dev")]
)
def test_lock_pins_every_dependency_within_its_range(lock, extra):
    pins = _pins(ROOT / lock)
    problems = []
    for requirement in _requirements(extra):
        version = pins.get(canonicalize_name(requirement.name))
        if version is None:
            problems.append(f"{requirement} is not in {lock}")
        elif not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{requirement} but {lock} pins {version}")
    assert not problems, "run scripts/lock.sh: " + "; ".join(problems)


def test_runtime_lock_leaves_out_the_test_tools():
    pins = _pins(ROOT / "requirements.lock")
    assert "pytest" not in pins and "moto" not in pins


def test_image_and_setup_install_from_the_lock():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "--require-hashes" in dockerfile and "requirements.lock" in dockerfile
    assert "pyproject.toml" not in dockerfile.split("COPY . /app")[0]
    setup = (ROOT / "scripts" / "setup.sh").read_text()
    assert "--require-hashes" in setup and "requirements-dev.lock" in setup
