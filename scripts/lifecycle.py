"""Moving the repository from one stage to the next, without hand edits.

`plan release` calls these: write the stage's date (and consultation window)
before tagging, then commit the move to the next stage. data/plan.yml and
data/stages.yml are edited line by line, so their comments and layout stay.
"""
from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from scripts import git
from scripts.atomic import write_bytes
from scripts.errors import Failure
from scripts.model import DataError, Model, Stage, load_model
from scripts.yamlio import LocatedDict, load_yaml

PLAN_FILE = "data/plan.yml"
STAGES_FILE = "data/stages.yml"


@dataclass(frozen=True)
class Window:
    start: dt.date
    end: dt.date


# --- line edits that keep comments and layout ---------------------------------------

def _key_pattern(key: str) -> re.Pattern:
    # `  key: value  # comment` and `  - key: value`; the comment is kept
    return re.compile(rf"^(\s*(?:-\s+)?{re.escape(key)}:)[^#\n]*?(\s+#.*)?$")


def replace_value(lines: list[str], line: int, key: str, value: str, file: str = STAGES_FILE) -> None:
    """Set `key: value` on its own line (1-based), keeping indentation and a trailing comment."""
    match = _key_pattern(key).match(lines[line - 1])
    if not match:
        raise Failure(f"{file}:{line}: 无法自动修改 {key}：该行格式不是“{key}: 值”，请恢复为标准写法后重试")
    lines[line - 1] = f"{match.group(1)} {value}{match.group(2) or ''}"


def _indent_of_keys(lines: list[str], node: LocatedDict) -> str:
    first = lines[node.line - 1]
    return " " * (len(first) - len(first.lstrip(" -")))


def _end_of_node(lines: list[str], node: LocatedDict, next_line: int | None) -> int:
    """The last line (1-based) that belongs to a list item, trailing blanks and comments excluded."""
    end = (next_line - 1) if next_line else len(lines)
    while end > node.line and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def _stage_nodes(text: str) -> list[LocatedDict]:
    doc = load_yaml(Path(STAGES_FILE), text)
    return [n for n in (doc or {}).get("stages", []) if isinstance(n, LocatedDict)]


def set_stage_fields(text: str, stage_id: str, values: dict[str, str]) -> str:
    """stages.yml with the scalar fields of one stage set (inserted after `name` when missing)."""
    for key, value in values.items():
        nodes = _stage_nodes(text)
        lines = text.split("\n")
        node = next((n for n in nodes if n.get("id") == stage_id), None)
        if node is None:
            raise Failure(f"{STAGES_FILE}：没有 id 为 {stage_id} 的阶段")
        if key in node:
            replace_value(lines, node.line_of(key), key, value)
        else:
            lines.insert(node.line_of("name"), f"{_indent_of_keys(lines, node)}{key}: {value}")
        text = "\n".join(lines)
    return text


def set_window(text: str, stage_id: str, window: Window, channels: list[str]) -> str:
    """stages.yml with the stage's consultation window set (the block is added when missing)."""
    nodes = _stage_nodes(text)
    lines = text.split("\n")
    index = next((i for i, n in enumerate(nodes) if n.get("id") == stage_id), None)
    if index is None:
        raise Failure(f"{STAGES_FILE}：没有 id 为 {stage_id} 的阶段")
    node = nodes[index]
    existing = node.get("consultation")
    if isinstance(existing, LocatedDict) and "start" in existing and "end" in existing:
        replace_value(lines, existing.line_of("start"), "start", window.start.isoformat())
        replace_value(lines, existing.line_of("end"), "end", window.end.isoformat())
        return "\n".join(lines)
    if existing is not None:
        raise Failure(f"{STAGES_FILE}:{node.line_of('consultation')}: consultation 缺少 start 或 end，无法自动修改。"
                      "请补全 start、end 两行后重试")
    indent = _indent_of_keys(lines, node)
    block = [f"{indent}consultation:", f"{indent}  start: {window.start.isoformat()}",
             f"{indent}  end: {window.end.isoformat()}", f"{indent}  channels:"]
    block += [f"{indent}    - {channel}" for channel in channels]
    next_line = nodes[index + 1].line if index + 1 < len(nodes) else None
    end = _end_of_node(lines, node, next_line)
    lines[end:end] = block
    return "\n".join(lines)


def set_current_stage(text: str, stage_id: str) -> str:
    """plan.yml with current_stage set."""
    doc = load_yaml(Path(PLAN_FILE), text)
    lines = text.split("\n")
    replace_value(lines, doc.line_of("current_stage"), "current_stage", stage_id, PLAN_FILE)
    return "\n".join(lines)


# --- dates ------------------------------------------------------------------------

def stage_line(root: Path, stage_id: str, key: str = "id") -> int:
    node = next((n for n in _stage_nodes((root / STAGES_FILE).read_text(encoding="utf-8"))
                 if n.get("id") == stage_id), None)
    return node.line_of(key) if node is not None else 0


def release_date(root: Path, model: Model, stage: Stage, given: dt.date | None, today: dt.date,
                 window: Window | None = None) -> dt.date:
    """The stage's date: the one in stages.yml, else --date, else today; refused when they disagree
    or when it comes before the previous stage's date or after its consultation opens."""
    where = f"{STAGES_FILE}:{stage_line(root, stage.id, 'date')}"
    if stage.date and given and given != stage.date:
        raise Failure(f"{where}: date：{stage.name}的日期已定为 {stage.date}，与 --date {given} 不一致。"
                      f"改法：去掉 --date，或写 --date {stage.date}")
    date = stage.date or given or today
    ids = [s.id for s in model.stages]
    earlier = [s for s in model.stages[: ids.index(stage.id)] if s.date]
    if earlier and date < earlier[-1].date:
        raise Failure(f"{where}: date：{stage.name}的日期 {date} 早于{earlier[-1].name}的日期 {earlier[-1].date}。"
                      f"改法：--date 写不早于 {earlier[-1].date} 的日期")
    opens = window.start if window else (stage.consultation.start if stage.consultation else None)
    if opens and date > opens:
        raise Failure(f"{STAGES_FILE}:{stage_line(root, stage.id, 'consultation')}: consultation：{stage.name}的日期 {date} "
                      f"晚于征求意见开始日期 {opens}，公众将看不到发布前的征求意见。"
                      "改法：用 --window 开始日期 截止日期 另定不早于发布日期的征求意见时间，或更正 --date")
    return date


# --- commits ------------------------------------------------------------------------

def write_validated(root: Path, texts: dict[str, str]) -> None:
    """Write the files, and put the old ones back if the whole model no longer validates."""
    before = {name: (root / name).read_text(encoding="utf-8") for name in texts}
    for name, text in texts.items():
        write_bytes(root / name, text.encode("utf-8"))
    try:
        load_model(root)
    except DataError as err:
        for name, text in before.items():
            write_bytes(root / name, text.encode("utf-8"))
        raise Failure(f"自动修改阶段数据后校验不通过，已恢复原文件：\n{err}") from None


def commit_data(root: Path, texts: dict[str, str], message: str) -> str | None:
    """Write and commit only these files; None when nothing changed."""
    changed = {name: text for name, text in texts.items() if (root / name).read_text(encoding="utf-8") != text}
    if not changed:
        return None
    write_validated(root, changed)
    git.git(root, "commit", "--quiet", "--message", message, "--", *changed)
    return git.git(root, "rev-parse", "HEAD")


def stage_fixes(root: Path, model: Model, stage: Stage, date: dt.date, window: Window | None) -> dict[str, str]:
    """Before tagging: the stage's date and window written, so the tagged text carries them."""
    text = (root / STAGES_FILE).read_text(encoding="utf-8")
    if stage.date != date:
        text = set_stage_fields(text, stage.id, {"date": date.isoformat()})
    if window:
        text = set_window(text, stage.id, window, [f"电子邮件：{model.plan.email}"])
    return {STAGES_FILE: text}


def advance(root: Path, model: Model, stage: Stage, date: dt.date) -> Stage | None:
    """After tagging: commit the move to the next stage; None when this was the last one."""
    ids = [s.id for s in model.stages]
    following = model.stages[ids.index(stage.id) + 1] if ids.index(stage.id) + 1 < len(ids) else None
    text = set_stage_fields((root / STAGES_FILE).read_text(encoding="utf-8"), stage.id,
                            {"date": date.isoformat(), "status": "released"})
    plan_text = (root / PLAN_FILE).read_text(encoding="utf-8")
    if following is not None:
        text = set_stage_fields(text, following.id, {"status": "current"})
        plan_text = set_current_stage(plan_text, following.id)
        message = f"{stage.name}已发布（{date}），进入{following.name}阶段"
    else:
        message = f"{stage.name}已发布（{date}），编制流程结束"
    commit_data(root, {STAGES_FILE: text, PLAN_FILE: plan_text}, message)
    return following


def snapshot_commit(root: Path, texts: dict[str, str], message: str) -> str:
    """A commit beside the branch: HEAD's tree with these files replaced (for re-issuing a past stage)."""
    with tempfile.TemporaryDirectory(prefix="plan-index-") as folder:
        env = {"GIT_INDEX_FILE": str(Path(folder) / "index")}
        git.git(root, "read-tree", "HEAD", env=env)
        for name, text in texts.items():
            blob_file = Path(folder) / "blob"
            blob_file.write_text(text, encoding="utf-8")
            blob = git.git(root, "hash-object", "-w", str(blob_file))
            git.git(root, "update-index", "--cacheinfo", f"100644,{blob},{name}", env=env)
        tree = git.git(root, "write-tree", env=env)
        return git.git(root, "commit-tree", tree, "-p", "HEAD", "-m", message)


def reissue_texts(root: Path, model: Model, stage: Stage) -> dict[str, str]:
    """plan.yml and stages.yml as they stood while `stage` was current."""
    text = (root / STAGES_FILE).read_text(encoding="utf-8")
    ids = [s.id for s in model.stages]
    for other in model.stages:
        position = ids.index(other.id) - ids.index(stage.id)
        text = set_stage_fields(text, other.id,
                                {"status": "released" if position < 0 else "current" if position == 0 else "planned"})
    plan_text = set_current_stage((root / PLAN_FILE).read_text(encoding="utf-8"), stage.id)
    return {STAGES_FILE: text, PLAN_FILE: plan_text}
