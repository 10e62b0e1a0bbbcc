"""plan adopt: a target proposal from a unit's material → data/targets.yml (待核定)."""
from __future__ import annotations

import re
from pathlib import Path

from scripts.errors import EXIT_OK, UsageError
from scripts.intake.adopt import Adoption, adopt

_GOAL = re.compile(r"^\s*(≥|≤|=|>=|<=)?\s*(\d+(?:\.\d+)?)\s*$")
_BASELINE = re.compile(r"^\s*(\d{4})\s*[=:：]\s*(\d+(?:\.\d+)?)\s*$")


def add_arguments(parser) -> None:
    parser.description = ("把 data/proposals.yml 中的一条指标建议写入 data/targets.yml：新建一个指标（--id），"
                          "或更新已有指标的 2025、2035 年目标（--into，原值记入 source）。状态一律为“待核定”，"
                          "source 记明报送单位、版次和建议编号。写入前用完整的数据校验检查，不通过则不写入；"
                          "文件中的注释和格式保持不变。data/targets.yml 是全市指标表：区级、行业建议（按报送单位类别，"
                          "见 data/units.yml 的 level）须加 --as-city 明确选择，并用 --responsible 写明全市的责任单位。"
                          "缺少的选项一次全部列出。")
    parser.add_argument("proposal", metavar="建议编号", help="如 pudong-r1-2（见网站“指标建议”页或 data/proposals.yml）")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--id", dest="target_id", metavar="指标标识", help="新指标的英文标识，如 district_pass_rate")
    target.add_argument("--into", metavar="指标标识", help="并入已有指标：用建议值替换其 2025、2035 年目标")
    parser.add_argument("--chapter", metavar="章节", help="新指标所在章节（docs/plan/ 下的文件名，不含 .md）")
    parser.add_argument("--category", metavar="类别", help="新指标的类别，如 产品质量")
    parser.add_argument("--direction", choices=("higher", "lower"), help="higher 越大越好 | lower 越小越好（默认按比较符判断）")
    parser.add_argument("--baseline", metavar="年份=数值", help="基期值，如 2020=93.8（建议中没有基期值时必填）")
    parser.add_argument("--as-city", action="store_true",
                        help="把区级或行业目标作为全市指标采纳（明确选择；默认只采纳市级建议）")
    parser.add_argument("--responsible", metavar="单位", action="append", default=[],
                        help="全市的责任单位，可重复，如 --responsible 市市场监管局（与 --as-city 同用）")
    parser.add_argument("--target-2025", metavar="比较符数值", help="改用或补充 2025 年目标，如 ≥96")
    parser.add_argument("--target-2035", metavar="比较符数值", help="改用或补充 2035 年目标，如 ≥98")


def _goal(text: str | None, option: str):
    if text is None:
        return None
    match = _GOAL.match(text)
    if not match:
        raise UsageError(f"{option} {text}：应写成比较符加数值，如 ≥96、≤0.7 或 =100")
    comparator = {">=": "≥", "<=": "≤", None: "≥"}.get(match.group(1), match.group(1))
    return comparator, float(match.group(2))


def run(args, root: Path) -> int:
    baseline = None
    if args.baseline:
        match = _BASELINE.match(args.baseline)
        if not match:
            raise UsageError(f"--baseline {args.baseline}：应写成 年份=数值，如 2020=93.8")
        baseline = (int(match.group(1)), float(match.group(2)))
    goals = {year: goal for year, option, text in ((2025, "--target-2025", args.target_2025),
                                                    (2035, "--target-2035", args.target_2035))
             if (goal := _goal(text, option))}
    request = Adoption(args.proposal, args.target_id, args.into, args.chapter, args.category, args.direction,
                       baseline, goals, args.as_city, tuple(args.responsible))
    target, line = adopt(root, request)
    goals_text = "，".join(f"{y}年{target.goals[y].comparator}{target.goals[y].value:g}" for y in (2025, 2035))
    print(f"已采纳：{args.proposal} → data/targets.yml 第 {line} 行 {target.id}“{target.name}”（{goals_text}，{target.status}）。")
    print("请在正文中用 {{ target('" + target.id + "', 2025) }} 引用，并在核定后把状态改为“已确定”。")
    return EXIT_OK
