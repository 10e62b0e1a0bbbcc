"""Read a comment sheet (CSV, XLSX or YAML with Chinese headers), row by row.

Nothing is written unless every row is valid: the report lists each problem
with its row, column and the fix.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from scripts.comments.anchors import QUOTE_CHARS, AnchorIndex
from scripts.comments.store import (CATEGORIES, DISPOSITIONS, Comment, CommentStore, Contact,
                                    comment_id)
from scripts.errors import Failure, UsageError
from scripts.privacy import redact
from scripts.textdecode import SAVE_AS, UnknownEncoding, decode_text
from scripts.yamlio import YamlSyntaxError, load_yaml

# Chinese header → field. The order is the documented column order.
COLUMNS = {
    "序号": "number", "收到日期": "received", "渠道": "channel", "提出者类别": "category",
    "姓名": "name", "单位": "organisation", "电话": "phone", "邮箱": "email", "地址": "address",
    "段落": "anchor", "意见内容": "content", "处理情况": "disposition", "理由": "reason",
    "采纳阶段": "adopted_in",
}
REQUIRED = ("收到日期", "渠道", "提出者类别", "段落", "意见内容")
PUBLIC_TEXT_COLUMNS = ("渠道", "意见内容", "理由")   # free text that is published: redacted at import
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


@dataclass
class ImportResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_rows(path: Path) -> list[tuple[int, dict]]:
    """(row number as the user sees it, {header: value}) for every non-empty row."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise UsageError(f"文件 {path} 不存在")
    if suffix == ".csv":
        rows = _csv_rows(path)
    elif suffix == ".xlsx":
        import openpyxl
        try:
            sheet = openpyxl.load_workbook(path, read_only=True, data_only=True).worksheets[0]
        except Exception as err:  # openpyxl raises many kinds for a broken file
            raise Failure(f"{path.name} 不是可读取的 Excel 文件（{type(err).__name__}）：请用 Excel 或 WPS 另存为 .xlsx 后重试") from None
        rows = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    elif suffix in (".yml", ".yaml"):
        try:
            doc = load_yaml(path)
        except YamlSyntaxError as err:
            raise Failure(str(err)) from None
        return _yaml_rows(path, doc)
    else:
        raise UsageError(f"不支持的文件类型 {suffix}：请提供 .csv、.xlsx 或 .yml 文件")
    if not rows:
        return []
    header = [str(h).strip() for h in rows[0]]
    return [(n, dict(zip(header, row))) for n, row in enumerate(rows[1:], 2)
            if any(str(v).strip() for v in row)]


def _csv_rows(path: Path) -> list[list[str]]:
    """Excel on Chinese Windows saves CSV as GBK; others as UTF-8 (with or without BOM)."""
    try:
        text = decode_text(path.read_bytes()).text
    except UnknownEncoding as err:
        raise Failure(f"{path.name}：{err}。{SAVE_AS}。本次未导入任何意见") from None
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as err:
        raise Failure(f"{path.name}：不是规范的 CSV 文件（{err}）。请用 Excel 或 WPS 重新另存为 CSV 后重试") from None


_YAML_SHAPE = "应为意见列表（每条以“- ”开头，含 收到日期、渠道 等中文键），或含 comments: 列表的映射"


def _yaml_rows(path: Path, doc) -> list[tuple[int, dict]]:
    entries = doc.get("comments", []) if isinstance(doc, dict) else doc if doc is not None else []
    if not isinstance(entries, list):
        raise Failure(f"{path.name}：文件内容是{_yaml_kind(entries)}，不是意见列表。{_YAML_SHAPE}。本次未导入任何意见")
    rows = []
    for n, entry in enumerate(entries):
        line = getattr(entry, "line", 0) or n + 1
        if not isinstance(entry, dict):
            raise Failure(f"{path.name}:{line}: 第{n + 1}条意见是{_yaml_kind(entry)}，不是“键: 值”的映射。"
                          f"{_YAML_SHAPE}。本次未导入任何意见")
        rows.append((line, {str(k): v for k, v in entry.items()}))
    return rows


def _yaml_kind(value) -> str:
    return "列表" if isinstance(value, list) else "映射" if isinstance(value, dict) else f"单个值“{str(value)[:20]}”"


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE.match(str(value).strip())
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def import_rows(rows: list[tuple[int, dict]], name: str, store: CommentStore, index: AnchorIndex,
                source: str, stage_of, stage_ids: list[str]) -> ImportResult:
    """stage_of(received date) → the id of the stage the comment is attributed to."""
    result = ImportResult()
    unknown = sorted({h for _, row in rows for h in row if h and h not in COLUMNS})
    for header in unknown:
        result.warnings.append(f"{name}：未知的列“{header}”已忽略（可用的列：{'、'.join(COLUMNS)}）")
    parsed = []
    for number, row in rows:
        where = f"{name}:第{number}行"
        value = {field_name: str(row.get(h, "") if row.get(h) is not None else "").strip()
                 for h, field_name in COLUMNS.items()}
        problems = [f"{where}：缺少“{h}”，请填写" for h in REQUIRED if not value[COLUMNS[h]]]
        received = parse_date(row.get("收到日期", "")) if value["received"] else None
        if value["received"] and received is None:
            problems.append(f"{where}：收到日期“{value['received']}”无法识别，请写成 2021-09-03")
        if value["category"] and value["category"] not in CATEGORIES:
            problems.append(f"{where}：提出者类别“{value['category']}”无效，请填 {' / '.join(CATEGORIES)} 之一")
        disposition = value["disposition"] or "待处理"
        if disposition not in DISPOSITIONS:
            problems.append(f"{where}：处理情况“{disposition}”无效，请填 {' / '.join(DISPOSITIONS[:-1])} 之一，或留空")
        if value["adopted_in"] and value["adopted_in"] not in stage_ids:
            problems.append(f"{where}：采纳阶段“{value['adopted_in']}”无效，请填 {'、'.join(stage_ids)} 之一")
        item = index.resolve(value["anchor"]) if value["anchor"] else None
        if value["anchor"] and item is None:
            problems.append(f"{where}：段落“{value['anchor']}”在当前文本中找不到，请填写网站“提意见”生成的段落编号"
                            "（如 p-1a2b3c4d）或公文地址（如 二（三）3 第2段）")
        if problems:
            result.problems += problems
            continue
        as_written = dict(value)   # the id stays the one earlier imports of this row were given
        hidden = []
        for column in PUBLIC_TEXT_COLUMNS:     # every column that reaches data/comments.yml
            key = COLUMNS[column]
            value[key], count = redact(value[key])
            if count:
                hidden.append(f"“{column}”{count} 处")
        if hidden:
            result.warnings.append(f"{where}：{'、'.join(hidden)}个人信息（电话、邮箱、身份证号）已隐去")
        content = value["content"]
        parsed.append((received, value, item, content, disposition, as_written))
    if result.problems:
        return result
    for received, value, item, content, disposition, as_written in parsed:
        key = comment_id(source, received, as_written["channel"], value["anchor"], as_written["content"])
        existing = store.comments.get(key)
        if existing is None:
            store.comments[key] = Comment(
                id=key, source=source, received=received, channel=value["channel"], category=value["category"],
                anchor=value["anchor"], anchor_id=item.id, quote=item.text[:QUOTE_CHARS], chapter=item.chapter,
                content=content, disposition=disposition, reason=value["reason"], stage=stage_of(received),
                adopted_in=value["adopted_in"])
            result.added += 1
        else:
            changed = (existing.disposition, existing.reason, existing.adopted_in) != \
                      (disposition, value["reason"] or existing.reason, value["adopted_in"] or existing.adopted_in)
            if changed:
                existing.disposition = disposition
                existing.reason = value["reason"] or existing.reason
                existing.adopted_in = value["adopted_in"] or existing.adopted_in
                result.updated += 1
            else:
                result.unchanged += 1
        contact = Contact(value["name"], value["organisation"], value["phone"], value["email"], value["address"])
        if any(vars(contact).values()):
            store.contacts.setdefault(key, contact)
    return result
