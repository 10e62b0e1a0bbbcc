"""plan bench's parts that decide its numbers: the corpus it builds and the pairing of samples."""
from __future__ import annotations

import subprocess
import sys

from scripts.corpus import make_corpus
from scripts.timing import Command, Pairing, Sample, paired
from tests.conftest import ROOT


def test_the_synthetic_corpus_is_a_valid_plan_of_the_size_asked(tmp_path):
    corpus = make_corpus(ROOT, tmp_path / "corpus", 400_000)
    assert 400_000 * 0.9 < corpus.chars < 400_000 * 1.3
    check = subprocess.run([sys.executable, "-m", "scripts", "--root", str(corpus.root), "check"],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    headings = [line for page in (corpus.root / "docs" / "plan").glob("*.md")
                for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("## ")]
    assert len(headings) == 10 * 10          # grows by length, never past 公文 numbering's 99 sections


def test_the_verdict_is_the_median_of_paired_ratios():
    pairing = Pairing(ours=[Sample(2.0, 100), Sample(9.0, 120), Sample(3.0, 90)],
                      baseline=[Sample(1.0, 50), Sample(3.0, 60), Sample(1.0, 40)])
    assert pairing.ratios == [2.0, 3.0, 3.0]
    assert pairing.median_ratio == 3.0       # not 14/5 (ratio of sums) nor 3/1 (ratio of medians)
    assert pairing.memory_ratio == 2.0       # peak against peak
    data = pairing.as_json()
    assert (data["min_ratio"], data["max_ratio"]) == (2.0, 3.0)
    assert len(data["ours"]) == len(data["baseline"]) == 3    # every sample kept


def test_samples_alternate_ours_and_baseline(tmp_path):
    log = tmp_path / "order.txt"
    def side(name):
        return Command([sys.executable, "-c", f"open({str(log)!r}, 'a').write({name!r})"], tmp_path)
    paired(side("A"), side("B"), pairs=3)
    assert log.read_text() == "AB" + "ABABAB"   # one warm-up each, then interleaved pairs


def test_the_plain_baseline_is_material_as_it_comes_with_its_own_search(tmp_path):
    import yaml
    from scripts.corpus import plain_copy
    from scripts.site import build_site
    from tests.conftest import copy_project
    built = copy_project(tmp_path / "plan")
    build_site(built)
    plain = plain_copy(built, tmp_path / "plain")
    text = (plain / "mkdocs.yml").read_text(encoding="utf-8")
    assert "macros" not in text and "hooks:" not in text
    plugins = yaml.load(text.split("\nmarkdown_extensions:")[0], Loader=yaml.BaseLoader)["plugins"]
    assert plugins == ["search"]   # a searchable site, like ours (whose search is Pagefind)


def test_the_word_baseline_converts_every_document_the_export_writes(project, tmp_path):
    import datetime as dt
    from scripts.bench import Project, compilation_source
    from scripts.intake.submit import Request, intake
    plan = tmp_path / "plan.md"
    assert compilation_source(project, tmp_path) is None     # nothing submitted: the export writes the plan alone
    report = tmp_path / "sjtu.md"
    report.write_text("# 质量强市建设的国际比较\n\n## 一、研究背景\n\n据市统计局公报，本市质量发展成效明显。\n", encoding="utf-8")
    intake(project, Request(report, "sjtu", topic=1, received=dt.date(2021, 7, 10)))
    compilation = compilation_source(project, tmp_path)
    assert "质量强市建设的国际比较" in compilation.read_text(encoding="utf-8")
    baseline = " ".join(Project(project, 0, tmp_path, plan, [], compilation).docx().baseline.argv)
    assert f"{plan} -o" in baseline and f"{compilation} -o" in baseline
