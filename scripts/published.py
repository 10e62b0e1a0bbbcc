"""The privacy scan of what is about to go out, with the rule for each audience.

Public outputs (site/, dist/, the public site archive) may carry no personal
data but the office's own contacts. Internal outputs (site-internal/, the
internal site archive) may name a submission's author, but never a
commenter's contacts (private/comments-contacts.yml).
"""
from __future__ import annotations

import sys
from pathlib import Path

from scripts import privacy
from scripts.audience import INTERNAL_MARK
from scripts.comments.store import load_store
from scripts.model import Model

SCAN_CACHE = "build/privacy-scan.json"   # files already scanned clean, by content (scripts/privacy.py)
FIX = "请删除或隐去后重新运行（意见表中的联系方式只应填在“电话”“邮箱”等列，导入时另存，不发布）"


def is_internal_file(path: Path) -> bool:
    return INTERNAL_MARK in path.name


def privacy_findings(root: Path, model: Model, public: list[Path], internal: list[Path] = ()) -> list[str]:
    """'个人信息检查未通过：file：发现kind value。fix' for each hit, public and internal."""
    allowed = privacy.office_contacts(model)
    cache = root / SCAN_CACHE
    hits = privacy.scan(public, allowed, skip=is_internal_file, cache=cache)
    internal = [*internal, *(p for folder in public if folder.is_dir() for p in folder.rglob("*") if is_internal_file(p))]
    contacts = privacy.contact_keys(load_store(root).contacts.values())
    if contacts:
        hits += [f"{hit}（意见提出者的联系方式，内部网站也不得显示）"
                 for hit in privacy.scan(list(internal), allowed, only=contacts, cache=cache)]
    return [f"个人信息检查未通过：{hit}。{FIX}" for hit in hits]


def commit_if_clean(root: Path, model: Model, staging, public: list[Path], internal: list[Path], progress,
                    kept: str) -> bool:
    """Swap the staged outputs (scripts.atomic.Staging) in only when the privacy scan finds
    nothing; otherwise name every hit, keep the previous outputs and say so (`kept`)."""
    with progress.step("个人信息检查（公开输出：全部个人信息；内部网站：意见提出者的联系方式）"):
        hits = privacy_findings(root, model, public, internal)
    for hit in hits:
        print(hit, file=sys.stderr)
    if hits:
        print(f"共 {len(hits)} 处个人信息，{kept}", file=sys.stderr)
        return False
    staging.commit()
    return True
