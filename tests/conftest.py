"""Shared fixtures: a throw-away copy of the project, and one built site per run."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT_PARTS = ("mkdocs.yml", "docs", "data", "macros")
ARTIFACTS = ROOT / "test-artifacts"


def copy_project(target: Path) -> Path:
    """The parts a build reads, copied so a test may change them freely."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "plan")


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """The real plan, built once (site/ and build/rendered/) in a temporary copy."""
    from scripts.site import build_site
    root = copy_project(tmp_path_factory.mktemp("built") / "plan")
    build_site(root)
    return root


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
