"""Synthetic unit materials for `plan bench`: Word files shaped like real ones
(hand-made bold headings, a target table, about 3,000 characters, 2025 and
2035 targets in prose), each different so none is a duplicate."""
from __future__ import annotations

import random
from pathlib import Path

import docx

HEADINGS = ("一、发展现状", "二、存在的问题和不足", "三、发展目标", "四、主要任务和举措")
SENTENCES = (
    "坚持以质量第一为价值导向，统筹推进质量强区建设，产品、工程、服务和环境质量总体稳步提升。",
    "质量基础设施不断完善，计量、标准、认证认可、检验检测服务能力持续增强。",
    "企业质量管理水平持续提高，一批企业导入卓越绩效管理模式，首席质量官制度逐步推开。",
    "质量工作体制机制进一步健全，质量安全监管和质量提升工作协同推进。",
    "部分领域质量基础设施服务能力与高质量发展要求相比仍有差距，中小企业质量管理基础较弱。",
    "围绕产业链关键环节开展质量攻关，推动标准、计量、检验检测等要素协同服务。",
)


def material_docx(path: Path, rng: random.Random, unit_name: str) -> Path:
    document = docx.Document()
    title = document.add_paragraph().add_run(f"{unit_name}质量发展材料")
    title.bold = True
    for n, heading in enumerate(HEADINGS):
        document.add_paragraph().add_run(heading).bold = True
        if n == 2:
            rate = round(rng.uniform(94, 97), 1)
            document.add_paragraph(f"到2025年，制造业产品质量合格率由2020年的{rate - 1.5:.1f}%提高到{rate}%以上，"
                                   f"2035年达到{min(99.5, rate + 2):.1f}%以上。")
            table = document.add_table(rows=3, cols=5)
            for cell, text in zip(table.rows[0].cells, ("指标", "单位", "2020年", "2025年", "2035年")):
                cell.text = text
            for row, (name, unit) in zip(table.rows[1:], (("公共服务质量满意度", "分"), ("质量损失率", "%"))):
                values = (rng.randint(78, 82), rng.randint(83, 85), rng.randint(86, 90))
                for cell, text in zip(row.cells, (name, unit, *map(str, values))):
                    cell.text = text
        for _ in range(7):
            document.add_paragraph("".join(rng.choice(SENTENCES) for _ in range(3)))
    document.save(path)
    return path


def write_materials(folder: Path, count: int, units: list[tuple[str, str]], seed: int = 2021) -> list[tuple[Path, str]]:
    """`count` files in `folder`, cycling over (unit id, unit name); returns (file, unit id)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for n in range(count):
        unit_id, unit_name = units[n % len(units)]
        out.append((material_docx(folder / f"{n + 1:03d}-{unit_id}.docx", rng, unit_name), unit_id))
    return out
