"""Stages as tagged releases: checks, reproducible artifacts, manifest, verification.

A release is built from the tag in a temporary worktree, with every timestamp
taken from the tag (SOURCE_DATE_EPOCH), so anyone can rebuild the same tag and
get byte-identical files: `verify` does exactly that.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from scripts import git
from scripts.atomic import fresh_dir, replace_dir, write_bytes
from scripts.audience import INTERNAL, INTERNAL_MARK, PUBLIC, PUBLIC_CONFIG, SITE_DIRS
from scripts.children import run_group
from scripts.diff.sources import CACHE_DIR
from scripts.diff.stage import (add_comparison_pages, comparison_notes, is_comparison_file, remember_rendered,
                                stage_comparison)
from scripts.errors import Failure, UsageError, did_you_mean
from scripts.export.compilation import export_compilation
from scripts.export.documents import export_plan
from scripts.export.fonts import PROJECT_FONT_DIR
from scripts.export.pandoc_runner import pandoc_version
from scripts.git import latest_release, stage_tags
from scripts.model import Model, Stage, load_model
from scripts.notes import release_notes
from scripts.package import write_package
from scripts.progress import Progress
from scripts.published import privacy_findings
from scripts.reproducible import zip_bytes
from scripts.site import build_site

MANIFEST = "manifest.json"
NOTES = "发布说明.md"
REDIRECT_TEMPLATE = Path(__file__).with_name("mike-redirect.html")
TOOLS = ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "typst", "python-docx", "pypandoc-binary", "mike")
CHINA = git.CHINA


class PersonalDataFound(Failure):
    """The privacy scan refused what a release was about to publish."""


@dataclass(frozen=True)
class ReleasePlan:
    stage: Stage
    tag: str
    previous_tag: str | None
    date: dt.date
    allowed: tuple = ()   # readiness rules let through deliberately: {"rule", "reason", "items"}

    @property
    def dist_name(self) -> str:
        return self.tag.removeprefix(git.TAG_PREFIX)


def plan_release(root: Path, model: Model, stage_id: str, date: dt.date, reissue: bool) -> ReleasePlan:
    """Decide the tag, or refuse with the reason and the fix."""
    known = [s.id for s in model.stages]
    if stage_id not in known:
        raise UsageError(f"未知的阶段“{stage_id}”{did_you_mean(stage_id, known)}，可选：{'、'.join(known)}")
    stage = model.stage(stage_id)
    existing = stage_tags(root, stage_id)
    if existing and not (root / "dist" / existing[-1].removeprefix(git.TAG_PREFIX) / MANIFEST).exists():
        raise Failure(f"{stage.name}的标签 {existing[-1]} 已创建，但发布没有完成（dist/ 中没有它的 {MANIFEST}）。"
                      f"请运行 plan release --from-tag {existing[-1]} 继续")
    if existing and not reissue:
        raise Failure(f"{stage.name}已发布（标签 {existing[-1]}）。已有标签不会被移动或删除；"
                      f"如需重新发布，请加 --reissue，生成新标签 {git.TAG_PREFIX}{stage_id}-r{len(existing) + 1}")
    if model.plan.current_stage != stage_id and not (reissue and existing):
        current = model.stage()
        raise Failure(f"data/plan.yml：当前阶段是{current.name}（{current.id}），不能发布{stage.name}。"
                      f"请先发布{current.name}：plan release {current.id}（发布后自动进入下一阶段）")
    earlier = known[: known.index(stage_id)]
    missing = [s for s in earlier if not stage_tags(root, s)]
    if missing:
        names = "、".join(model.stage(s).name for s in missing)
        raise Failure(f"阶段顺序不对：{stage.name}之前的{names}尚未发布。请按 初稿→征求意见稿→论证稿→送审稿→报批稿 的顺序发布")
    tag = f"{git.TAG_PREFIX}{stage_id}" + (f"-r{len(existing) + 1}" if existing else "")
    return ReleasePlan(stage, tag, previous_release(root, model, stage_id), date)


def previous_release(root: Path, model: Model, stage_id: str) -> str | None:
    """The newest tag of the nearest earlier stage that was released."""
    ids = [s.id for s in model.stages]
    return latest_release(root, ids[: ids.index(stage_id)])


def plan_from_tag(root: Path, model: Model, tag: str) -> ReleasePlan:
    """For CI: the release of a tag someone already pushed."""
    if not git.tag_exists(root, tag):
        raise UsageError(f"标签 {tag} 不存在")
    stage_id = git.stage_of_tag(tag)
    if stage_id not in [s.id for s in model.stages]:
        raise UsageError(f"标签 {tag} 不对应 data/stages.yml 中的任何阶段")
    date = dt.datetime.fromtimestamp(git.tag_epoch(root, tag), CHINA).date()
    return ReleasePlan(model.stage(stage_id), tag, previous_release(root, model, stage_id), date)


def site_title(stage: Stage, date: dt.date) -> str:
    """The version's name in the site's version selector, e.g. 征求意见稿（2021-09）."""
    return f"{stage.name}（{date:%Y-%m}）"


def zip_directory(folder: Path, target: Path, epoch: int) -> None:
    """A reproducible zip of a folder, its entries dated by the stage's epoch."""
    stamp = dt.datetime.fromtimestamp(max(epoch, 315532800), dt.timezone.utc).timetuple()[:6]
    entries = ((p.relative_to(folder).as_posix(), p.read_bytes()) for p in folder.rglob("*") if p.is_file())
    write_bytes(target, zip_bytes(entries, stamp))


def internal_archive_name(title: str) -> str:
    """The internal site's archive: for the drafting group, never published or deployed."""
    return f"{title}（内部网站·{INTERNAL_MARK}）.zip"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tool_versions() -> dict[str, str]:
    versions = {"python": platform.python_version(), "pandoc": pandoc_version()}
    for name in TOOLS:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "未安装"
    return versions


def build_artifacts(root: Path, ref: str, stage_id: str, epoch: int, out_dir: Path, progress: Progress) -> dict:
    """Build the stage's site archive, the plan's and the 汇编's DOCX and PDF from `ref`
    into out_dir; return {name: sha256}."""
    previous_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        with git.worktree(root, ref) as tree:
            fonts = root / PROJECT_FONT_DIR
            if fonts.is_dir():
                (tree / PROJECT_FONT_DIR).parent.mkdir(parents=True, exist_ok=True)
                (tree / PROJECT_FONT_DIR).symlink_to(fonts.resolve())
            with progress.step("在临时工作区中按标签构建网站"):
                build_site(tree)
                remember_rendered(root, ref, tree)   # for the comparison with the next stage
            documents = export_plan(tree, stage_id, ("docx", "pdf"), progress)
            documents += export_compilation(tree, stage_id, ("docx", "pdf"), progress)
            title = load_model(tree).document_title(stage_id)
            with progress.step("打包网站（公开网站与内部网站分开）"):
                zip_directory(tree / SITE_DIRS[PUBLIC], out_dir / f"{title}（网站）.zip", epoch)
                if (tree / SITE_DIRS[INTERNAL]).is_dir():
                    zip_directory(tree / SITE_DIRS[INTERNAL], out_dir / internal_archive_name(title), epoch)
            for path in documents:
                shutil.copy2(path, out_dir / path.name)
                fonts_note = path.with_name(path.stem + ".字体.txt")
                if path.suffix == ".pdf" and fonts_note.exists():
                    shutil.copy2(fonts_note, out_dir / fonts_note.name)
            if stage_id == load_model(tree).stages[-1].id:   # 报批稿: the approval package (scripts/package.py)
                shared = root / CACHE_DIR   # the 编制说明 compares every stage tag: reuse their builds
                shared.mkdir(parents=True, exist_ok=True)
                (tree / CACHE_DIR).parent.mkdir(parents=True, exist_ok=True)
                (tree / CACHE_DIR).symlink_to(shared.resolve())
                folder = write_package(tree, stage_id, progress)
                shutil.copytree(folder, out_dir / folder.name)
                shutil.copy2(folder.with_name(folder.name + ".zip"), out_dir / (folder.name + ".zip"))
    finally:
        if previous_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous_epoch
    return {p.relative_to(out_dir).as_posix(): sha256(p) for p in sorted(out_dir.rglob("*")) if p.is_file()}


def notes_text(root: Path, model: Model, plan: ReleasePlan, folder: Path) -> str:
    """The release notes: from the tags, the comparison files in `folder`, and what was let through."""
    notes = release_notes(root, model, plan.stage, plan.tag, plan.previous_tag, plan.date) + comparison_notes(folder)
    if plan.allowed:
        notes += "\n## 明知存在的问题\n\n本阶段发布时以下问题尚未解决，起草工作组说明了继续发布的理由：\n\n"
        for entry in plan.allowed:
            notes += f"- {entry['rule']}（{len(entry['items'])} 项）：{entry['reason']}\n"
            notes += "".join(f"  - {item}\n" for item in entry["items"])
    return notes


def write_release(root: Path, model: Model, plan: ReleasePlan, progress: Progress) -> Path:
    """Artifacts, notes and manifest into dist/<stage>/, swapped in only when complete."""
    epoch = git.tag_epoch(root, plan.tag)
    target = root / "dist" / plan.dist_name
    staging = fresh_dir(target.with_name(target.name + ".partial"))
    try:
        hashes = build_artifacts(root, plan.tag, plan.stage.id, epoch, staging, progress)
        hashes.update({p.name: sha256(p) for p in stage_comparison(root, model, plan, staging, progress)})
        write_bytes(staging / NOTES, notes_text(root, model, plan, staging).encode("utf-8"))
        hashes[NOTES] = sha256(staging / NOTES)
        manifest = {
            "stage": plan.stage.id, "stage_name": plan.stage.name, "title": model.document_title(plan.stage.id),
            "tag": plan.tag, "commit": git.tag_commit(root, plan.tag), "previous_tag": plan.previous_tag,
            "stage_date": plan.date.isoformat(), "source_date_epoch": epoch,
            "built_at": dt.datetime.now(CHINA).isoformat(timespec="seconds"),
            "allowed": list(plan.allowed), "tools": tool_versions(), "artifacts": {name: {"sha256": h} for name, h in sorted(hashes.items())},
        }
        write_bytes(staging / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
        with progress.step("个人信息检查（将发布的全部文件，含压缩包内的网页）"):
            hits = privacy_findings(root, model, [staging])
        if hits:
            raise PersonalDataFound("\n".join(hits) + f"\n共 {len(hits)} 处个人信息：{plan.stage.name}未发布，dist/ 未改动")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    replace_dir(staging, target)
    return target


def _manifest(dist_dir: Path) -> dict:
    path = dist_dir / MANIFEST
    if not path.exists():
        raise UsageError(f"{path} 不存在：请指定 plan release 生成的 dist/<阶段>/ 目录或阶段标签")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        manifest = None
    if not isinstance(manifest, dict) or not {"tag", "stage_date", "artifacts"} <= manifest.keys():
        raise Failure(f"{path} 不是 plan release 生成的清单（无法读取，或缺少 tag、stage_date、artifacts）")
    return manifest


def verify(root: Path, dist_dir: Path, progress: Progress) -> list[str]:
    """Problems found (empty when the folder holds exactly what the tag builds).

    The tag named in the manifest is resolved here, never taken from the manifest's
    own `commit`; every file is rebuilt from the tag, the release notes included."""
    manifest = _manifest(dist_dir)
    tag, listed = manifest["tag"], manifest["artifacts"]
    problems = []
    with progress.step(f"解析标签 {tag}，核对目录中的文件与清单"):
        if not git.tag_exists(root, tag):
            return [f"{MANIFEST}：标签 {tag} 在本仓库中不存在，无法核验（请先 git fetch --tags）"]
        commit = git.tag_commit(root, tag)
        if manifest.get("commit") != commit:
            problems.append(f"{MANIFEST}：commit 为 {manifest.get('commit')}，但标签 {tag} 指向 {commit}（清单被改动过）")
        present = {p.relative_to(dist_dir).as_posix() for p in dist_dir.rglob("*") if p.is_file()} - {MANIFEST}
        problems += [f"{name}：目录中有此文件，但清单中没有（多出的或被替换的文件）" for name in sorted(present - set(listed))]
        for name, entry in listed.items():
            path = dist_dir / name
            if not path.is_file():
                problems.append(f"{name}：文件缺失")
            elif sha256(path) != entry.get("sha256"):
                problems.append(f"{name}：文件内容与清单中的 SHA-256 不符（文件被改动过）")
    model = load_model(root)
    stage_id = git.stage_of_tag(tag)
    if stage_id not in [s.id for s in model.stages]:
        return problems + [f"{MANIFEST}：标签 {tag} 不对应 data/stages.yml 中的任何阶段"]
    stage = model.stage(stage_id)
    date = dt.datetime.fromtimestamp(git.tag_epoch(root, tag), CHINA).date()   # the tag's, not the manifest's
    if manifest["stage_date"] != date.isoformat():
        problems.append(f"{MANIFEST}：stage_date 为 {manifest['stage_date']}，但标签 {tag} 的日期是 {date}（清单被改动过）")
    previous = manifest.get("previous_tag")
    if previous is not None and (not git.tag_exists(root, previous) or git.stage_of_tag(previous) not in
                                 [s.id for s in model.stages[: model.stages.index(stage)]]):
        problems.append(f"{MANIFEST}：previous_tag {previous} 不是本仓库中更早阶段的标签（清单被改动过）")
    plan = ReleasePlan(stage, tag, previous, date, tuple(manifest.get("allowed") or ()))
    with tempfile.TemporaryDirectory(prefix="plan-verify-") as rebuilt:
        rebuilt = Path(rebuilt)
        hashes = build_artifacts(root, commit, stage_id, git.tag_epoch(root, tag), rebuilt, progress)
        for name in listed:
            if is_comparison_file(name) and (dist_dir / name).is_file():
                shutil.copy2(dist_dir / name, rebuilt / name)   # derived from two tags: hash-checked above
        hashes[NOTES] = hashlib.sha256(notes_text(root, model, plan, rebuilt).encode("utf-8")).hexdigest()
    for name in sorted(set(hashes) - set(listed)):
        problems.append(f"{name}：按标签 {tag} 构建会生成此文件，但清单中没有（清单被改动过）")
    for name, entry in listed.items():
        if is_comparison_file(name):
            continue
        if name not in hashes:
            problems.append(f"{name}：清单中有此文件，但按标签 {tag} 构建不会生成它")
        elif hashes[name] != entry.get("sha256"):
            problems.append(f"{name}：按标签 {tag} 重新构建的结果与清单不一致")
    return problems


def deploy_site(root: Path, plan: ReleasePlan, push: bool, branch: str = "gh-pages") -> None:
    """Publish the tag's site as its own version with mike; `latest` follows the newest stage."""
    import sys
    with git.worktree(root, plan.tag) as tree:
        add_comparison_pages(root, plan, tree)   # 版本对照 with the previous stage, generated, not committed
        tools = Path(sys.executable).parent  # mike runs `mkdocs` from PATH: use the venv's
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(git.tag_epoch(root, plan.tag)), "NO_MKDOCS_2_WARNING": "1",
               "PATH": f"{tools}{os.pathsep}{os.environ.get('PATH', '')}"}
        mike = [str(tools / "mike")]
        config = ["--config-file", PUBLIC_CONFIG] if (tree / PUBLIC_CONFIG).exists() else []   # only the public site
        redirect = ["--template", str(REDIRECT_TEMPLATE)]   # mike's own page says "Redirecting"
        deploy = mike + ["deploy", *config, *redirect, "--branch", branch, "--title", site_title(plan.stage, plan.date),
                         "--update-aliases", plan.stage.id, "latest"] + (["--push"] if push else [])
        default = mike + ["set-default", *config, *redirect, "--branch", branch, "latest"] + (["--push"] if push else [])
        for command in (deploy, default):
            result = run_group(command, cwd=tree, env=env)   # mike's mkdocs and git die with it
            if result.returncode != 0:
                raise Failure(f"mike 发布网站失败：{result.stderr.strip()[-2000:]}")
