"""Submitted files → Markdown for docs/reports/, through pandoc and intake.lua.

pandoc (the options of pandoc/intake-docx.yaml or intake-md.yaml, the filter
intake.lua) does the conversion, the structure (hand-made headings, title,
table cells) and the trust rules (see the filter). A batch is converted by one
or two pandoc processes (pandoc/intake-run.lua), not one per file, converting
while Python reads and checks. This module
stages the inputs, rewrites the extracted images' paths for the page, and
applies the last guard of scripts.intake.text.
"""
from __future__ import annotations

import contextlib
import functools
import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from scripts.children import end_group, start_group
from scripts.errors import Failure
from scripts.export.pandoc_runner import SETTINGS, pandoc_path
from scripts.intake.files import RESUBMIT, Submitted, markdown_text
from scripts.intake.media import screen
from scripts.intake.text import neutralise
from scripts.intake.textboxes import lift_text_boxes
from scripts.yamlio import load_yaml

# an image or link of the Markdown pandoc wrote; its text has no bare brackets (intake.lua)
_REFERENCE = re.compile(r"(!?)\[([^\[\]]*)\]\(([^()\s]*)(?:\s[^()]*)?\)")
_WEB = re.compile(r"^(?:https?:|mailto:)", re.I)


@dataclass
class Converted:
    markdown: str                 # body only; headings start at level 2
    title: str                    # the document's own title ('' if none)
    stats: dict                   # what intake.lua did (see the filter)
    media: list[Path] = field(default_factory=list)   # extracted files, under media_root
    media_root: Path | None = None
    media_notes: list[str] = field(default_factory=list)   # pictures converted or refused, by part


@dataclass
class Job:
    sub: Submitted
    work: Path              # an empty folder of its own
    text_boxes: int = 0     # lifted into the body (textboxes.py), and those left
    boxes_left: int = 0


def convert(sub: Submitted, work: Path, media_url: str) -> Converted:
    """Convert `sub` in the empty folder `work`. Extracted images are kept in
    work/files/ and referenced as `media_url`/… from the page."""
    with Conversion() as conversion:
        conversion.add(Job(sub, work))
        result = conversion.result(media_url)
    if isinstance(result, Failure):
        raise result
    return result


class Conversion:
    """pandoc runs (pandoc/intake-run.lua) that convert jobs as they are added,
    side by side, while this process goes on (reading the next file, checking
    the last one). Results come back in the order the jobs were added; a file
    pandoc cannot read is its Failure. Leaving the `with` ends the runs."""

    def __init__(self, processes: int = 2):
        self.processes = processes
        self.runs: list[subprocess.Popen] = []
        self.logs: list[Path] = []           # each run's messages, for when it breaks down
        self.jobs: list[Job] = []
        self.taken = 0

    def __enter__(self) -> "Conversion":
        return self

    def __exit__(self, *exc) -> None:
        for run in self.runs:
            end_group(run)          # done already, unless the intake stopped early (Ctrl-C, a failure)
            for pipe in (run.stdin, run.stdout):
                with contextlib.suppress(OSError):
                    pipe.close()

    def add(self, job: Job) -> None:
        line = json.dumps({**_stage(job), "filter": str(SETTINGS / "intake.lua")}, ensure_ascii=False) + "\n"
        n = len(self.jobs) % self.processes
        if n == len(self.runs):
            self.logs.append(job.work.parent / f"pandoc-{n}.log")
            with self.logs[n].open("wb") as log:
                self.runs.append(start_group([pandoc_path(), "lua", str(SETTINGS / "intake-run.lua")], cwd=SETTINGS,
                                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log))
        try:
            self.runs[n].stdin.write(line.encode("utf-8"))
            self.runs[n].stdin.flush()
        except BrokenPipeError:
            pass                    # the run has ended: result() reports why
        self.jobs.append(job)

    def result(self, media_url: str | None) -> Converted | Failure | None:
        """The next job's result, waiting for it; its pictures are referenced as
        `media_url`/… (None: the result is not wanted, only waited for)."""
        for run in self.runs:
            if not run.stdin.closed:
                try:
                    run.stdin.close()     # all jobs are in: each run ends after its last
                except BrokenPipeError:
                    pass
        n = self.taken % self.processes
        job, run = self.jobs[self.taken], self.runs[n]
        if not run.stdout.readline():
            run.wait()
            log = self.logs[n].read_text(encoding="utf-8", errors="replace").strip()
            raise Failure(f"pandoc 转换中断（退出码 {run.returncode}）：\n{log[-1500:]}\n请运行 make 重装依赖后重试。未写入任何文件")
        self.taken += 1
        return _result(job, media_url) if media_url is not None else None


@functools.cache
def _defaults(name: str) -> dict:
    """Reader and writer options of pandoc/<name>.yaml, the one place they are written."""
    settings = load_yaml(SETTINGS / f"{name}.yaml")
    return {"from": settings["from"], "to": settings["to"], "wrap": settings.get("wrap", "auto"),
            "track_changes": settings.get("track-changes", "accept") + "-changes"}


def _stage(job: Job) -> dict:
    """The job's input in its folder, and its line of the runner's manifest."""
    sub, work = job.sub, job.work
    work.mkdir(parents=True, exist_ok=True)
    if sub.format == "docx":
        source = work / "source.docx"
        data, job.text_boxes, job.boxes_left = lift_text_boxes(sub.data)
        source.write_bytes(data)
        media = work / "files"
    else:
        source = work / "source.md"
        source.write_text(markdown_text(sub), encoding="utf-8")
        media, job.text_boxes, job.boxes_left = None, 0, 0
    # media are claimed on the runner's side, so a Markdown file's own front matter cannot claim Word media
    return {"source": str(source), "output": str(work / "body.md"), "report": str(work / "intake-report.json"),
            "media": str(media) if media else "", **_defaults(f"intake-{sub.format}")}


def _result(job: Job, media_url: str) -> Converted | Failure:
    sub, work = job.sub, job.work
    report = work / "intake-report.json"
    stats = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {"error": "没有转换结果"}
    if "error" in stats:
        fix = (f"{sub.name} 的 Word 结构已损坏，无法读取。{RESUBMIT}" if sub.format == "docx"
               else f"请检查 {sub.name} 中上述位置的 Markdown")
        return Failure(f"pandoc 转换 {sub.name} 失败：\n{stats['error']}\n{fix}。未写入任何文件。")
    stats["text_boxes"], stats["text_boxes_left"] = job.text_boxes, job.boxes_left
    markdown = (work / "body.md").read_text(encoding="utf-8")
    media_root = work / "files" if sub.format == "docx" else None
    media, notes, allowed = [], [], set()
    if media_root is not None and media_root.is_dir():
        markdown = markdown.replace(f"]({media_root}/", f"]({media_url}/")
        screened = screen(sorted(p for p in media_root.rglob("*") if p.is_file()), media_root)
        for old, new in screened.renamed.items():
            markdown = markdown.replace(f"]({media_url}/{old})", f"]({media_url}/{new})")
        media, notes = sorted(screened.kept), screened.notes
        allowed = {f"{media_url}/{p.relative_to(media_root).as_posix()}" for p in media}
    markdown = confine_references(markdown, allowed)
    return Converted(neutralise(markdown).strip() + "\n", stats.pop("title", "") or "", stats, media, media_root, notes)


def confine_references(markdown: str, images: set[str]) -> str:
    """Images only from the submission's own kept media, links only to the web: a
    submission can point at nothing else on the site, whatever it claims."""
    def check(match: re.Match) -> str:
        bang, text, target = match.groups()
        if bang:
            return match.group(0) if target in images else f"〔图片未采用{('：' + text) if text else ''}〕"
        return match.group(0) if _WEB.match(target) else text
    return _REFERENCE.sub(check, markdown)


def discard(work: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)
