"""Speed of the comparison, for plan bench (never a timed test).

A synthetic plan of N characters (real sentences of the plan, 公文-numbered
chapters, sections, paragraphs with figures, tables) and a new version with
1% of its paragraphs edited the way drafters edit: a character, a figure, a
sentence added, a paragraph deleted or split; plus a renamed and a moved
section. Each measurement runs in a fresh process, so its peak memory
(ru_maxrss) is its own:
  ours   parse + compare + DOCX + JSON + site pages + offline HTML, written to disk
  naive  difflib.SequenceMatcher over the two texts, character by character,
         stopped after a timeout (reported as "more than T seconds").
"""
from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

from scripts.numbering import number_headings

CHANGED_SHARE = 0.01


def _paragraph(rng: random.Random, pool: list[str]) -> str:
    text = "".join(rng.choice(pool) for _ in range(rng.randint(3, 6)))
    if rng.random() < 0.3:
        text += f"到{rng.choice((2025, 2035))}年，相关指标达到{rng.randint(60, 99)}%以上。"
    return text


def synthetic_plan(pool: list[str], chars: int, seed: int = 2021) -> list[dict]:
    """Chapters as data: {title, sections: [{title, level, paragraphs}], table}."""
    rng = random.Random(seed)
    chapters, written = [], 0
    while written < chars:
        n = len(chapters) + 1
        sections = []
        for k in range(1, 11):
            sections.append({"title": f"重点任务{n}-{k}", "level": 2, "paragraphs": []})
            for j in range(1, 5):
                paragraphs = [_paragraph(rng, pool) for _ in range(4)]
                written += sum(len(p) for p in paragraphs)
                sections.append({"title": f"具体举措{n}-{k}-{j}", "level": 3, "paragraphs": paragraphs})
        table = [["指标", "2025年", "2035年"]] + [[f"指标{n}-{r}", f"≥{90 + r}%", f"≥{95 + r / 2:g}%"] for r in range(1, 4)]
        chapters.append({"title": f"合成章节{n}", "sections": sections, "table": table})
    return chapters


def edit_plan(chapters: list[dict], seed: int = 7) -> tuple[list[dict], int]:
    """A copy with 1% of paragraphs edited, one section renamed and one moved; (copy, edits)."""
    rng = random.Random(seed)
    new = json.loads(json.dumps(chapters))
    places = [(c, s, p) for c, ch in enumerate(new) for s, sec in enumerate(ch["sections"])
              for p in range(len(sec["paragraphs"]))]
    chosen = sorted(rng.sample(places, max(1, int(len(places) * CHANGED_SHARE))), reverse=True)
    for c, s, p in chosen:
        paragraphs = new[c]["sections"][s]["paragraphs"]
        text = paragraphs[p]
        kind = rng.choice(("char", "figure", "sentence", "delete", "split"))
        at = rng.randrange(1, max(2, len(text) - 1))
        if kind == "char":
            paragraphs[p] = text[:at] + "新" + text[at + 1:]
        elif kind == "figure":
            paragraphs[p] = text + "合格率由94%提高到95%。"
        elif kind == "sentence":
            paragraphs[p] = text[:at] + "根据征求意见情况补充完善相关表述。" + text[at:]
        elif kind == "delete":
            paragraphs.pop(p)
        else:
            paragraphs[p: p + 1] = [text[:at], text[at:]]
    new[0]["sections"][1]["title"] += "（修订）"
    moved = new[1]["sections"].pop(5)
    new[-1]["sections"].append(moved)
    return new, len(chosen)


def render(chapters: list[dict]) -> list[tuple[str, str, str]]:
    pages = []
    for n, chapter in enumerate(chapters, 1):
        lines = [f"# {chapter['title']}"]
        rows = [f"| {' | '.join(r)} |" for r in chapter["table"]]
        lines.append("\n".join(rows[:1] + ["|:--|:--|:--|"] + rows[1:]))
        for section in chapter["sections"]:
            lines.append("#" * section["level"] + " " + section["title"])
            lines += section["paragraphs"]
        pages.append((f"plan/ch{n:03d}.md", "body", number_headings("\n\n".join(lines) + "\n", chapter=n)))
    return pages


def prepare(root: Path, work: Path, chars: int) -> tuple[Path, int, int]:
    """Write the two versions to work/versions.json; (path, characters, paragraphs edited)."""
    from scripts.bench import sentence_pool
    old = synthetic_plan(sentence_pool(root), chars)
    new, edits = edit_plan(old)
    targets = (root / "data" / "targets.yml").read_text(encoding="utf-8")
    payload = {"old": render(old), "new": render(new), "targets": targets,
               "new_targets": targets.replace("value: 95.0}", "value: 96.0}", 1)}
    work.mkdir(parents=True, exist_ok=True)
    path = work / "versions.json"
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return path, sum(len(md) for _, _, md in payload["old"]), edits


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_ours(payload: Path, out_dir: Path) -> dict:
    from scripts.diff.outputs import compare_versions, write_files
    from scripts.diff.result import Side
    from scripts.diff.sources import Version
    from scripts.diff.web import site_pages
    import datetime as dt
    data = json.loads(payload.read_text(encoding="utf-8"))
    now = dt.datetime(2021, 8, 31, 12, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    old = Version(Side("a", "原稿", "a", None, now), [tuple(p) for p in data["old"]], data["targets"])
    new = Version(Side("b", "新稿", "b", None, now), [tuple(p) for p in data["new"]], data["new_targets"])
    start = time.perf_counter()
    comparison = compare_versions(old, new, "合成方案")
    write_files(comparison, out_dir, Path(__file__).resolve().parents[2] / "docs")
    for name, text in site_pages(comparison).items():
        (out_dir / "pages").mkdir(exist_ok=True)
        (out_dir / "pages" / name).write_text(text, encoding="utf-8")
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": _peak_mb(), "changed": comparison.totals().modified}


def run_naive(payload: Path) -> dict:
    from difflib import SequenceMatcher
    data = json.loads(payload.read_text(encoding="utf-8"))
    a = "\n".join(md for _, _, md in data["old"])
    b = "\n".join(md for _, _, md in data["new"])
    start = time.perf_counter()
    SequenceMatcher(None, a, b).get_opcodes()
    return {"seconds": time.perf_counter() - start, "peak_mb": _peak_mb()}


def _child(args: list[str], timeout: float | None) -> dict | None:
    """Run this module in a fresh interpreter; None when it ran out of time."""
    try:
        result = subprocess.run([sys.executable, "-m", "scripts.diff.benchmark", *args], capture_output=True,
                                text=True, timeout=timeout, cwd=Path(__file__).resolve().parents[2])
    except subprocess.TimeoutExpired:
        return None
    if result.returncode != 0:
        raise RuntimeError(f"版本对照测量失败：{result.stderr.strip()[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(root: Path, work: Path, chars: int, naive_timeout: float) -> dict:
    payload, size, edits = prepare(root, work, chars)
    _child(["ours", str(payload), str(work / "warm-up")], None)     # first run fills OS caches
    ours = _child(["ours", str(payload), str(work / "out")], None)
    naive = _child(["naive", str(payload)], naive_timeout)
    return {"chars": size, "edited_paragraphs": edits, "ours_s": ours["seconds"], "peak_mb": ours["peak_mb"],
            "naive_s": naive["seconds"] if naive else naive_timeout, "naive_timed_out": naive is None}


if __name__ == "__main__":
    mode, *rest = sys.argv[1:]
    if mode == "ours":
        out = Path(rest[1])
        out.mkdir(parents=True, exist_ok=True)
        print(json.dumps(run_ours(Path(rest[0]), out)))
    else:
        print(json.dumps(run_naive(Path(rest[0]))))
