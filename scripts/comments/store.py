"""The comment records: public data in data/comments.yml, contacts kept apart."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import yaml

from scripts.atomic import write_bytes
from scripts.errors import Failure
from scripts.yamlio import YamlSyntaxError, load_yaml

PUBLIC_FILE = Path("data/comments.yml")
PRIVATE_FILE = Path("private/comments-contacts.yml")
DISPOSITIONS = ("采纳", "部分采纳", "未采纳", "已有体现", "待处理")
CATEGORIES = ("个人", "企业", "社会组织", "成员单位", "专家", "领导小组")
SOURCES = {"public": "征求意见汇总处理表", "expert": "专家论证意见汇总处理表",
           "leadership": "领导小组审议意见汇总处理表"}
PRIVATE_FIELDS = ("name", "organisation", "phone", "email", "address")


@dataclass
class Comment:
    id: str
    source: str              # public | expert | leadership (SOURCES)
    received: dt.date
    channel: str
    category: str
    anchor: str              # as the commenter gave it: an item id or a readable address
    anchor_id: str           # the item id it resolved to when imported
    quote: str               # that item's text then: the fallback when the text changes
    chapter: str
    content: str
    disposition: str = "待处理"
    reason: str = ""
    stage: str = ""          # the stage whose text was commented on: Model.stage_on(received)
    adopted_in: str = ""     # the stage whose text adopted it

    def public(self) -> dict:
        data = asdict(self)
        data["received"] = self.received.isoformat()
        return data


@dataclass
class Contact:
    name: str = ""
    organisation: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass
class CommentStore:
    comments: dict[str, Comment] = field(default_factory=dict)
    contacts: dict[str, Contact] = field(default_factory=dict)


def comment_id(source: str, received: dt.date, channel: str, anchor: str, content: str) -> str:
    """The same comment imported twice gets the same id: re-imports add nothing."""
    key = "\x1f".join((source, received.isoformat(), channel, anchor.strip(), " ".join(content.split())))
    return "C" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def load_store(root: Path) -> CommentStore:
    store = CommentStore()
    public, private = root / PUBLIC_FILE, root / PRIVATE_FILE
    try:
        doc = load_yaml(public) if public.exists() else {}
        contacts = load_yaml(private) if private.exists() else {}
    except YamlSyntaxError as err:
        raise Failure(str(err)) from None
    names = {f.name for f in fields(Comment)}
    for entry in (doc or {}).get("comments") or []:
        data = {k: v for k, v in entry.items() if k in names}
        if isinstance(data.get("received"), str):
            data["received"] = dt.date.fromisoformat(data["received"])
        store.comments[data["id"]] = Comment(**data)
    for key, entry in ((contacts or {}).get("contacts") or {}).items():
        store.contacts[key] = Contact(**{k: str(v) for k, v in entry.items() if k in PRIVATE_FIELDS})
    return store


def save_store(root: Path, store: CommentStore) -> None:
    ordered = sorted(store.comments.values(), key=lambda c: (c.source, c.received, c.id))
    public = {"comments": [c.public() for c in ordered]}
    header = ("# 征求意见与专家论证意见（公开数据，由 plan comments import 维护）。\n"
              "# 不含任何个人信息：姓名、单位、电话、邮箱、地址另存于 private/comments-contacts.yml（不入版本库、不发布）。\n")
    text = header + yaml.safe_dump(public, allow_unicode=True, sort_keys=False, width=1000)
    write_bytes(root / PUBLIC_FILE, text.encode("utf-8"))
    contacts = {"contacts": {k: asdict(v) for k, v in sorted(store.contacts.items())}}
    private_text = ("# 意见提出者的联系信息：仅供起草工作组内部回访使用，不得入版本库或发布。\n"
                    + yaml.safe_dump(contacts, allow_unicode=True, sort_keys=False))
    write_bytes(root / PRIVATE_FILE, private_text.encode("utf-8"))
