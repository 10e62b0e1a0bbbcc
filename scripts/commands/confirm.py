"""plan confirm <指标>…: mark targets' figures as confirmed (已确定) in data/targets.yml."""
from __future__ import annotations

from pathlib import Path

from scripts.errors import EXIT_OK, UsageError, did_you_mean
from scripts.lifecycle import replace_value, write_validated
from scripts.model import load_model
from scripts.yamlio import load_yaml

TARGETS_FILE = "data/targets.yml"


def add_arguments(parser) -> None:
    parser.description = ("有关部门核定指标数值后，把这些指标的 status 改为“已确定”（网站和正式文件中不再带"
                          "（待核定）（示例）标记）。只改 data/targets.yml 中相应的 status 行，保留注释和格式；"
                          "改后整体校验，不通过则不写入。数值本身请在 data/targets.yml 中修改后再确认。")
    parser.add_argument("ids", nargs="*", metavar="指标标识", help="要确认的指标，如 manufacturing_pass_rate")
    parser.add_argument("--all", action="store_true", help="确认全部尚未确定的指标")


def run(args, root: Path) -> int:
    model = load_model(root)
    pending = [t.id for t in model.targets.values() if not t.confirmed]
    if args.all == bool(args.ids):
        raise UsageError("请列出要确认的指标标识，或用 --all 确认全部尚未确定的指标（二者选一）")
    for target_id in args.ids:
        if target_id not in model.targets:
            raise UsageError(f"未知的指标“{target_id}”{did_you_mean(target_id, model.targets)}：请核对 {TARGETS_FILE}")
    chosen = pending if args.all else [i for i in args.ids if i in pending]
    if not chosen:
        print("所列指标都已是“已确定”，未作修改。")
        return EXIT_OK
    text = (root / TARGETS_FILE).read_text(encoding="utf-8")
    nodes = {n.get("id"): n for n in load_yaml(root / TARGETS_FILE, text)["targets"] if isinstance(n, dict)}
    lines = text.split("\n")
    for target_id in chosen:
        replace_value(lines, nodes[target_id].line_of("status"), "status", "已确定", TARGETS_FILE)
    write_validated(root, {TARGETS_FILE: "\n".join(lines)})
    for target_id in chosen:
        print(f"已确定：{target_id}（{model.targets[target_id].name}）")
    print(f"共 {len(chosen)} 项，已写入 {TARGETS_FILE}，请提交。")
    return EXIT_OK
