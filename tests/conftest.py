"""Shared fixtures: a throw-away copy of the project, and one built site per run."""
from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT_PARTS = ("mkdocs.yml", "mkdocs.public.yml", "docs", "data", "macros", "overrides")
ARTIFACTS = ROOT / "test-artifacts"
# The files that take longest (one long test, or a long module fixture), longest first.
# `make test` hands each pytest-xdist worker whole files; starting these first keeps
# one worker from being left alone with one of them at the end.
LONG_FILES_FIRST = ("test_release.py", "test_walkthrough.py", "test_package.py", "test_publication_flow.py",
                    "test_formal_reading.py", "test_comments.py", "test_reader_site.py", "test_export.py")


def pytest_collection_modifyitems(items) -> None:
    rank = {name: n for n, name in enumerate(LONG_FILES_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))   # stable: the rest keep their order


def plan(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`plan …` on the project at `root`, as a child process, its output captured."""
    return subprocess.run([sys.executable, "-m", "scripts", "--root", str(root), *args], capture_output=True, text=True)


def git(repo: Path, *args: str) -> str:
    """git in `repo`, its output stripped; a failing command fails the test."""
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


def init_repository(root: Path, message: str = "初稿文本") -> Path:
    """`root` as the drafting group's git repository, everything in it committed."""
    git(root, "init", "--quiet", "--initial-branch", "main")
    git(root, "config", "user.name", "起草工作组")
    git(root, "config", "user.email", "drafting@example.org")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", message)
    return root


def copy_project(target: Path) -> Path:
    """The parts a build reads, copied so a test may change them freely."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    fonts = ROOT / ".cache" / "fonts"
    if fonts.is_dir():  # the open fonts scripts/setup-system.sh installed
        (target / ".cache").mkdir(exist_ok=True)
        (target / ".cache" / "fonts").symlink_to(fonts)
    return target


def set_stage(root, stage_id: str, start: dt.date, end: dt.date) -> None:
    """Make `stage_id` the current stage, with its comment window."""
    plan_yml = root / "data" / "plan.yml"
    plan_yml.write_text(plan_yml.read_text(encoding="utf-8").replace("current_stage: draft", f"current_stage: {stage_id}"),
                        encoding="utf-8")
    stages = root / "data" / "stages.yml"
    text = stages.read_text(encoding="utf-8").replace("    status: current\n", "    status: released\n", 1)
    text = text.replace("    date: null\n    status: planned\n    consultation:", "    date: null\n    status: current\n    consultation:")
    text = text.replace("start: 2021-09-01", f"start: {start}").replace("end: 2021-09-30", f"end: {end}")
    stages.write_text(text, encoding="utf-8")


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "plan")


def made_once(tmp_path_factory, name: str, make) -> Path:
    """`make(path)` run once per test run, shared by every pytest-xdist worker: the first
    to ask makes it while the others wait. What it made is only read, or copied."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent   # the run's own folder, above each worker's
    target, done = base / name, base / f"{name}.done"
    with open(base / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(target, ignore_errors=True)   # left by a worker that failed making it
            make(target)
            done.touch()
    return target


def copy_built(source: Path, target: Path) -> Path:
    """A copy of a built tree, ready to change: building takes seconds, copying a blink."""
    return Path(shutil.copytree(source, target, symlinks=True))


@pytest.fixture(scope="session")
def built_template(tmp_path_factory) -> Path:
    """The real plan built once (site/, site-internal/, build/rendered/). Never change it:
    read it, or take a copy of your own (`built_copy`)."""
    from scripts.site import build_site
    return made_once(tmp_path_factory, "built-template", lambda root: build_site(copy_project(root)))


@pytest.fixture
def built_copy(built_template, tmp_path) -> Path:
    """The real plan, built, in a copy this test may change freely."""
    return copy_built(built_template, tmp_path / "plan")


@pytest.fixture(scope="session")
def built_project(built_template, tmp_path_factory) -> Path:
    """The real plan, built once (site/ and build/rendered/) in a temporary copy."""
    return copy_built(built_template, tmp_path_factory.mktemp("built") / "plan")


@pytest.fixture(scope="session")
def exported(built_project) -> dict[str, Path]:
    """The plan's DOCX and PDF for the current stage, exported from the built copy."""
    from scripts.export.documents import export_plan
    from scripts.progress import Progress
    written = export_plan(built_project, None, ("docx", "pdf"), Progress(total=2))
    return {path.suffix.lstrip("."): path for path in written}


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def reference_docx(tmp_path_factory) -> Path:
    """The formal export's reference document, generated once for the run."""
    from scripts.export.docx import cached_reference_docx
    return cached_reference_docx(tmp_path_factory.mktemp("reference"))
