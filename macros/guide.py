"""The 报送须知 page: what units must send, by when, how long, in which parts,
against which targets, from data/ (units.yml, schedule.yml, targets.yml,
topics.yml) and the intake limits. Public: it repeats the notice and the
published targets, nothing internal. No I/O, no mkdocs."""
from __future__ import annotations

from macros.render import pipe_table
from scripts.intake.checks import EXPECTED_CHARS
from scripts.intake.limits import LIMITS
from scripts.intake.page import cn_date
from scripts.intake.sections import PART_NAMES
from scripts.intake.submit import COLLECTION_STEP
from scripts.intake.templates import GUIDANCE, MATERIAL_FILE, REPORT_FILE
from scripts.model import Model

DOWNLOADS = "downloads/"      # relative to docs/submit.md


def submission_guide(model: Model) -> str:
    step = next((s for s in model.steps if s.id == COLLECTION_STEP), None)
    when = f"请于**{cn_date(step.deadline)}前**报送市质量办" if step else "请按编制安排报送市质量办"
    materials = "、".join(k.name for k in model.kinds if k.submission == "material")
    reports = "、".join(k.name for k in model.kinds if k.submission == "report")
    kinds = pipe_table([("材料", "l", 12), ("报送单位", "l", 30), ("字数", "c", 8), ("模板", "l", 16)], [
        ("质量发展材料", materials, f"约{EXPECTED_CHARS['material']:,}字", f"[下载 Word 模板]({DOWNLOADS}{MATERIAL_FILE})"),
        ("课题研究报告", reports, f"约{EXPECTED_CHARS['report']:,}字", f"[下载 Word 模板]({DOWNLOADS}{REPORT_FILE})"),
    ])
    parts = "\n".join(f"{n}. **{PART_NAMES[pid]}**：{GUIDANCE[pid]}" for n, pid in
                      enumerate(("status", "problems", "goals", "tasks"), 1))
    rows = [(t.name + (f"（{t.status}）" if not t.confirmed else ""), t.unit,
             f"{t.goals[2025].comparator}{t.goals[2025].value:g}", f"{t.goals[2035].comparator}{t.goals[2035].value:g}")
            for t in model.targets.values() if t.goals.get(2025) and t.goals.get(2035)]
    targets = pipe_table([("指标", "l", 28), ("单位", "c", 6), ("2025年", "c", 8), ("2035年", "c", 8)], rows)
    return f"""{when}（{model.plan.source_notice}），材料将作为《实施方案》报批的支持报告。

{kinds}

## 质量发展材料的四部分

{parts}

标题请保留各部分的名称（如“一、发展现状”“三、发展目标”），量化目标请同时写明2025年和2035年的数值。

## 课题研究报告

从[附件《研究课题目录》](annex/topics.md)中选定研究方向、拟定题目；研究要有理论深度及创新性，
内容观点要新颖，论证数据要真实准确，每处数据请注明来源。

## 方案目前的主要指标（供设置目标时对照）

标有“待核定”“示例”的数值尚未确定。各区、各行业的目标请按本区域、本行业的口径填写，不必与全市指标相同。

{targets}

## 文件格式

- Word（.docx）文件，或 UTF-8、GBK 编码的 Markdown（.md）文件；不设打开密码。旧版 .doc、WPS、PDF、Excel 文件请另存为 .docx。
- 文件不超过 {LIMITS.file_mb} MB（图片请压缩），图片不超过 {LIMITS.images} 幅，全文不超过 {LIMITS.page_chars:,} 字。
- 修订痕迹请全部接受、批注请删除后再报送；文本框中的文字会移到正文中，请尽量直接写在正文里。
- 材料中的电话、邮箱等个人信息不会出现在网站和汇编中。
"""
