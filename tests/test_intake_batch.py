"""plan intake of several files or a folder: units told from the files, bad
files skipped with their reason, all registrations written once or not at all."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml

from scripts.errors import Failure
from scripts.intake import filing, submit
from scripts.intake.submit import Request, intake_all
from scripts.intake.units import tell_unit
from scripts.model import load_model
from tests import intake_factory as factory
from tests.test_intake import plan, tree_digest

ROOT = Path(__file__).resolve().parents[1]
JULY_20 = dt.date(2021, 7, 20)


def entry(out: str, name: str) -> str:
    """A file's lines in the batch summary: its own line and the indented ones under it."""
    lines = out.splitlines()
    start = next(n for n, line in enumerate(lines) if line[4:].startswith(f"{name}："))
    end = next((n for n in range(start + 1, len(lines)) if not lines[n].startswith("      ")), len(lines))
    return "\n".join(lines[start:end])


def front_matter(page: str) -> dict:
    return yaml.safe_load(page.split("---\n")[1])


def unit_names() -> dict[str, str]:
    """Unit names as data/units.yml writes them (read with PyYAML, not the model)."""
    units = yaml.safe_load((ROOT / "data" / "units.yml").read_text(encoding="utf-8"))["units"]
    return {u["id"]: u["name"] for u in units}


def without_package_rels(word: Path, target: Path) -> None:
    """A .docx whose body reads fine but whose package has lost _rels/.rels: pandoc cannot open it."""
    with zipfile.ZipFile(word) as source, zipfile.ZipFile(target, "w") as copy:
        for item in source.infolist():
            if item.filename != "_rels/.rels":
                copy.writestr(item, source.read(item.filename))


@pytest.fixture
def folder(tmp_path) -> Path:
    """The day materials arrive: a Word file named by unit id, a Markdown file named
    by unit name, one whose unit is written nowhere, a corrupt .docx, a copy of the
    first under another name, a Word lock file, a Word file pandoc cannot open, a thin material (registered, with
    findings), and a subfolder named after a unit."""
    names = unit_names()
    incoming = tmp_path / "材料"
    incoming.mkdir()
    word = factory.messy_material(tmp_path / "made")
    shutil.copy(word, incoming / "001-pudong.docx")
    (incoming / f"{names['sdrc']}材料.md").write_text(
        factory.material_markdown(title=f"{names['sdrc']}质量发展材料"), encoding="utf-8")
    (incoming / "材料（无单位）.md").write_text(factory.material_markdown(title="质量发展材料", chars=3000), encoding="utf-8")
    (incoming / "损坏.docx").write_bytes(word.read_bytes()[: len(word.read_bytes()) // 2])
    without_package_rels(word, incoming / "奉贤区材料.docx")
    shutil.copy(word, incoming / "转发件.docx")
    (incoming / "~$001-pudong.docx").write_bytes(b"lock")
    (incoming / "徐汇区材料.md").write_text("# 徐汇区材料\n\n## 一、现状\n\n情况良好。\n\n## 二、任务\n\n加强工作。\n",
                                        encoding="utf-8")
    (incoming / "黄浦区").mkdir()
    (incoming / "黄浦区" / "报送.md").write_text(factory.material_markdown(title="质量发展材料"), encoding="utf-8")
    return incoming


def test_a_folder_of_mixed_files_registers_the_good_ones_and_names_the_rest(project, folder):
    result = plan(project, "intake", str(folder), "--date", "2021-07-20")
    assert result.returncode == 1, result.stderr
    out = result.stdout
    registered = yaml.safe_load((project / "data/submissions.yml").read_text(encoding="utf-8"))["submissions"]
    assert sorted((s["unit"], s["revision"], s["source_name"]) for s in registered) == sorted([
        ("pudong", 1, "001-pudong.docx"), ("sdrc", 1, f"{unit_names()['sdrc']}材料.md"), ("huangpu", 1, "报送.md"),
        ("xuhui", 1, "徐汇区材料.md")])
    for unit in ("pudong", "sdrc", "huangpu"):
        page = (project / f"docs/reports/material/{unit}.md").read_text(encoding="utf-8")
        assert front_matter(page)["unit"] == unit and front_matter(page)["received"] == JULY_20
    # each file that was not registered is named, with the reason and the fix
    unknown = entry(out, "材料（无单位）.md")
    assert "认不出报送单位" in unknown
    assert "材料（无单位）.md" in unknown and "改名" in unknown
    assert f'plan intake "{folder / "材料（无单位）.md"}" --unit' in unknown     # a command that runs from here
    assert "已损坏" in entry(out, "损坏.docx")
    assert "转发件.docx：与本批的 001-pudong.docx 完全相同，未重复登记" in out
    assert "~$" not in out
    assert "已登记 4 份" in out and "重复 1 份" in out and "未登记 3 份" in out
    assert "Word 结构已损坏" in entry(out, "奉贤区材料.docx")         # pandoc's failure, for that file alone
    # a registered material that falls short of the notice says so, under its name
    assert "【不符合】缺少“存在问题和不足”部分" in entry(out, "徐汇区材料.md")
    # the proposals of both materials, in one registry
    proposals = yaml.safe_load((project / "data/proposals.yml").read_text(encoding="utf-8"))["proposals"]
    assert {p["unit"] for p in proposals} == {"pudong", "sdrc", "huangpu"}
    assert load_model(project).submissions      # the registry reads back through the model's checks


def test_the_same_folder_again_registers_nothing_twice(project, folder):
    plan(project, "intake", str(folder), "--date", "2021-07-20")
    before = tree_digest(project)
    again = plan(project, "intake", str(folder), "--date", "2021-07-21")
    assert "已登记 0 份" in again.stdout and "重复 5 份" in again.stdout and "未登记 3 份" in again.stdout
    assert tree_digest(project) == before


def test_a_batch_dry_run_writes_nothing(project, folder):
    before = tree_digest(project)
    result = plan(project, "intake", str(folder), "--dry-run", "--date", "2021-07-20")
    assert result.returncode == 1
    assert "试运行，未写入任何文件" in result.stdout and "将登记 4 份" in result.stdout
    assert tree_digest(project) == before
    assert not any((project / "build" / "intake").iterdir())


def test_the_registries_are_written_once_per_batch(project, folder, monkeypatch):
    writes = []
    real = filing.write_bytes
    monkeypatch.setattr(filing, "write_bytes", lambda path, data: (writes.append(path), real(path, data)))
    requests = [Request(p, received=JULY_20, shown=p.relative_to(folder)) for p in sorted(folder.rglob("*.md"))]
    outcomes = intake_all(project, requests)
    assert sum(1 for o in outcomes if o.revision) == 3
    assert writes.count(project / "data/submissions.yml") == 1 and writes.count(project / "data/proposals.yml") == 1


@pytest.mark.parametrize("where", ["checking the second file", "writing"])
def test_an_interrupted_batch_registers_nothing(project, folder, monkeypatch, where):
    before = tree_digest(project)
    if where == "writing":
        real, count = filing.write_bytes, []

        def interrupted(path, data):
            count.append(path)
            if len(count) == 4:
                raise KeyboardInterrupt
            real(path, data)
        monkeypatch.setattr(filing, "write_bytes", interrupted)
    else:
        real_compose, seen = submit.compose, []

        def interrupted(*args):
            seen.append(args)
            if len(seen) == 2:
                raise KeyboardInterrupt
            return real_compose(*args)
        monkeypatch.setattr(submit, "compose", interrupted)
    requests = [Request(p, received=JULY_20, shown=p.relative_to(folder)) for p in sorted(folder.rglob("*.md"))]
    with pytest.raises(KeyboardInterrupt):
        intake_all(project, requests)
    assert tree_digest(project) == before
    assert not (project / "build" / "intake" / "batch").exists()
    assert load_model(project).submissions == []


def test_units_are_told_from_names_titles_and_signatures():
    units = load_model(ROOT).units
    names = unit_names()

    def told(shown, heads=(), tails=()):
        return tell_unit(units, Path(shown), list(heads), list(tails)).id

    assert told("001-pudong.docx") == "pudong"
    assert told(f"{names['sdrc']}质量发展材料.docx") == "sdrc"
    assert told("浦东新区/材料.docx") == "pudong"                 # 浦东新区质量工作领导小组办公室, written short
    assert told(f"{names['sqa']}.docx") == "sqa"                  # not a shorter name inside it
    assert told("材料.docx", heads=[f"{names['sdrc']}质量发展材料"]) == "sdrc"
    assert told("材料.docx", heads=["关于报送质量发展材料的函"], tails=[names["sist"], "2021年7月20日"]) == "sist"
    with pytest.raises(Failure) as both:
        told("浦东新区、黄浦区联合材料.docx")
    assert names["pudong"] in str(both.value) and names["huangpu"] in str(both.value)
    with pytest.raises(Failure) as none:
        told("材料.docx", heads=["质量发展材料"])
    assert "材料.docx" in str(none.value) and "--unit" in str(none.value)


def test_one_file_needs_no_unit_when_its_name_tells(project, tmp_path):
    path = tmp_path / f"{unit_names()['sdrc']}材料.md"
    path.write_text(factory.material_markdown(title="质量发展材料"), encoding="utf-8")
    result = plan(project, "intake", str(path), "--date", "2021-07-20")
    assert result.returncode == 0, result.stdout + result.stderr
    assert [s.unit for s in load_model(project).submissions] == ["sdrc"]


def test_options_for_one_file_are_refused_for_a_batch(project, folder):
    result = plan(project, "intake", str(folder), "--unit", "pudong")
    assert result.returncode == 2 and "--unit 只用于登记一个文件" in result.stderr


def test_the_bench_batch_times_the_same_files_on_both_sides(tmp_path):
    from scripts import bench
    case = bench.intake_batch_case(ROOT, tmp_path)
    folder = Path(case.ours.argv[-1])
    files = sorted(folder.glob("*.docx"))
    script = case.baseline.argv[-1]
    assert len(files) == bench.BATCH_FILES == script.count(" -t markdown ")
    assert all(str(f) in script for f in files)
    case.ours.prepare()
    run = subprocess.run([*case.ours.argv, "--dry-run"], cwd=case.ours.cwd, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert f"将登记 {len(files)} 份" in run.stdout          # every file told its own unit, none refused


def big_photo(seed: int) -> bytes:
    """A 1,200 × 1,200 photo of noise: about 4 MB that no compression shrinks."""
    import io
    import random

    from PIL import Image
    noise = random.Random(seed).randbytes(1200 * 1200 * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", (1200, 1200), noise).save(out, "PNG")
    return out.getvalue()


def test_a_batch_of_large_files_is_not_held_in_memory_at_once(project, tmp_path):
    """The day fifty units send photographs: each original and picture is read when it is
    written, not kept from the check to the end: the batch peaks at a file or two (a file is
    read, then staged for pandoc), not at all four files and their pictures."""
    import tracemalloc
    names = unit_names()
    folder = tmp_path / "大文件"
    for n, unit in enumerate(("pudong", "xuhui", "huangpu", "jingan")):
        factory.material_with_pictures(folder, {"image1.png": big_photo(n)}, name=f"{names[unit]}材料.docx")
    files = sorted(folder.glob("*.docx"))
    total = sum(p.stat().st_size for p in files)
    assert total > 15 * 1024 * 1024
    tracemalloc.start()
    try:
        outcomes = intake_all(project, [Request(p, received=JULY_20) for p in files])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert sum(1 for o in outcomes if o.revision) == 4
    assert all((project / o.revision.original).read_bytes() == p.read_bytes() for o, p in zip(outcomes, files))
    assert peak < total, f"峰值 {peak / 2**20:.0f} MB，四份文件共 {total / 2**20:.0f} MB"


def test_a_file_changed_while_it_is_registered_is_not_registered(project, tmp_path, monkeypatch):
    """What was checked is what is kept: a file whose bytes change between the check and the
    write (a unit's late correction saved over it) stops the whole registration."""
    path = factory.docx_from_markdown(factory.material_markdown(), tmp_path / "浦东新区材料.docx")
    real_compose = submit.compose

    def saved_over(*args):
        result = real_compose(*args)
        path.write_bytes(path.read_bytes() + b"\0")
        return result
    monkeypatch.setattr(submit, "compose", saved_over)
    before = tree_digest(project)
    with pytest.raises(Failure, match="在登记过程中被改动过"):
        intake_all(project, [Request(path, received=JULY_20)])
    assert tree_digest(project) == before
