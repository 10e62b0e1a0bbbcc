"""plan export: the formal DOCX and PDF (GB/T 9704) from the site's rendered Markdown."""
from __future__ import annotations

from pathlib import Path

from scripts.errors import EXIT_OK

FORMATS = ("docx", "pdf")


def add_selection_arguments(parser) -> None:
    parser.add_argument("--format", choices=(*FORMATS, "all"), default="all",
                        help="导出格式：docx、pdf 或 all（默认 all）")
    parser.add_argument("--stage", help="阶段标识，如 consultation（默认取 data/plan.yml 的 current_stage）")


def add_arguments(parser) -> None:
    add_selection_arguments(parser)


def step_count(args) -> int:
    return 0


def export_documents(args, root: Path, progress) -> list[Path]:
    return []


def run(args, root: Path) -> int:
    return EXIT_OK
