"""Public consultation: paragraph anchors, comment import, the disposition table, privacy."""
from __future__ import annotations

import csv
import datetime as dt
from urllib.parse import parse_qs, unquote, urlparse

import docx
import lxml.html
import openpyxl
import pytest

from scripts import privacy
from scripts.comments.anchors import AnchorIndex, load_items
from scripts.site import build_site
from tests.conftest import plan, set_stage

pytestmark = pytest.mark.slow

HEADER = ["序号", "收到日期", "渠道", "提出者类别", "姓名", "单位", "电话", "邮箱", "地址", "段落", "意见内容", "处理情况", "理由"]
HOSTILE_CONTENT = "<script>window.pwned=1</script>{{ config.site_name }}{% raw %} 建议 A&B &amp; 5<6"
HOSTILE_REASON = '<img src=x onerror="window.pwned=2">理由'
PERSONAL = ["张晓明", "18912345678", "zhang.xiaoming@example.com", "徐汇区某路88号", "上海某某科技有限公司"]




def write_csv(path, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([HEADER] + rows)
    return path


@pytest.fixture
def built(built_copy):
    """The real plan, built, in this test's own copy."""
    return built_copy


def items_of(root, page):
    return [i for i in load_items(root) if i.page == page]


# --- anchors -------------------------------------------------------------------

def test_every_item_has_an_address_and_an_id(built):
    items = load_items(built)
    kinds = {i.kind for i in items}
    assert kinds == {"p", "li", "tr"}
    assert len({i.id for i in items}) == len(items)
    general = items_of(built, "plan/general.md")
    assert general[0].address == "一 第1段"
    assert any(i.address == "一（二）1 第1段" for i in general)
    # the full target table is 附件1 only; a chapter keeps its own short table
    assert any(i.address.startswith("附件1 表1第") for i in items_of(built, "annex/targets.md"))
    assert any(i.address.startswith("四 表1第") for i in items_of(built, "plan/infrastructure.md"))
    html = (built / "site" / "plan" / "general" / "index.html").read_text(encoding="utf-8")
    assert f'id="{general[1].id}" data-address="{general[1].address}"' in html


def test_anchors_survive_an_insertion_and_renumbering_between_stages(built):
    before = {i.id: i for i in items_of(built, "plan/enterprise.md")}
    target = list(before.values())[6]
    page = built / "docs" / "plan" / "enterprise.md"
    text = page.read_text(encoding="utf-8")
    first_h2 = text.index("\n## ")
    page.write_text(text[:first_h2] + "\n\n## 新增一节\n\n新增的段落放在最前面。\n" + text[first_h2:], encoding="utf-8")
    build_site(built)
    after = {i.id: i for i in items_of(built, "plan/enterprise.md")}
    assert target.id in after, "an insertion before the paragraph changed its id"
    moved = after[target.id]
    assert moved.text == target.text
    assert moved.address != target.address          # its section was renumbered, e.g. （二）→（三）
    index = AnchorIndex(load_items(built))
    assert index.resolve(target.address) is not moved  # the old readable address now names another place
    assert index.resolve(target.id) == moved


def test_an_edited_paragraph_is_still_found_by_its_quote(built):
    target = items_of(built, "plan/talent.md")[3]
    page = built / "docs" / "plan" / "talent.md"
    source = page.read_text(encoding="utf-8")
    words = target.text[20:32]
    assert words in source
    page.write_text(source.replace(words, words + "进一步", 1), encoding="utf-8")
    build_site(built)
    index = AnchorIndex(load_items(built))
    assert target.id not in index.by_id
    found = index.resolve(target.id, target.text[:60])
    assert found is not None and words + "进一步" in found.text


# --- import --------------------------------------------------------------------

def test_import_reports_every_bad_row_and_writes_nothing(built, tmp_path):
    good = items_of(built, "plan/general.md")[2]
    sheet = write_csv(tmp_path / "意见.csv", [
        ["1", "2021-09-03", "电子邮件", "个人", "", "", "", "", "", good.id, "", "采纳", ""],
        ["2", "2021-13-40", "信函", "个人", "", "", "", "", "", good.id, "意见二", "", ""],
        ["3", "2021-09-05", "传真", "路人", "", "", "", "", "", good.id, "意见三", "", ""],
        ["4", "2021-09-05", "传真", "企业", "", "", "", "", "", "p-00000000", "意见四", "", ""],
        ["5", "2021-09-05", "传真", "企业", "", "", "", "", "", good.address, "意见五", "同意", ""],
    ])
    before = (built / "data" / "comments.yml").read_bytes()
    result = plan(built, "comments", "import", str(sheet))
    assert result.returncode == 1
    errors = result.stderr
    assert "意见.csv:第2行：缺少“意见内容”，请填写" in errors
    assert "意见.csv:第3行：收到日期“2021-13-40”无法识别" in errors
    assert "意见.csv:第4行：提出者类别“路人”无效" in errors
    assert "意见.csv:第5行：段落“p-00000000”在当前文本中找不到" in errors
    assert "意见.csv:第6行：处理情况“同意”无效" in errors
    assert "本次未导入任何意见" in errors
    assert (built / "data" / "comments.yml").read_bytes() == before
    assert not (built / "private").exists()


def test_import_is_idempotent_and_never_drops(built, tmp_path):
    items = items_of(built, "plan/digital.md")
    first = write_csv(tmp_path / "a.csv", [
        ["1", "2021-09-03", "电子邮件", "个人", "", "", "", "", "", items[1].id, "意见甲", "", ""],
        ["2", "2021/9/4", "信函", "企业", "", "", "", "", "", items[2].address, "意见乙", "未采纳", "与国家要求不符"],
    ])
    assert plan(built, "comments", "import", str(first)).returncode == 0
    saved = (built / "data" / "comments.yml").read_bytes()
    again = plan(built, "comments", "import", str(first))
    assert "新增 0 条" in again.stdout and "已存在未变 2 条" in again.stdout
    assert (built / "data" / "comments.yml").read_bytes() == saved
    second = write_csv(tmp_path / "b.csv", [
        ["1", "2021-09-03", "电子邮件", "个人", "", "", "", "", "", items[1].id, "意见甲", "采纳", "已修改"],
        ["9", "2021-09-09", "传真", "专家", "", "", "", "", "", items[3].id, "意见丙", "", ""],
    ])
    result = plan(built, "comments", "import", str(second))
    assert "新增 1 条，更新处理情况 1 条" in result.stdout
    from scripts.comments.store import load_store
    store = load_store(built)
    assert sorted(c.content for c in store.comments.values()) == ["意见丙", "意见乙", "意见甲"]
    assert {c.content: c.disposition for c in store.comments.values()}["意见甲"] == "采纳"


def test_unknown_columns_warn_and_xlsx_and_yaml_are_read(built, tmp_path):
    item = items_of(built, "plan/culture.md")[0]
    book = openpyxl.Workbook()
    book.active.append(HEADER + ["备注"])
    book.active.append([1, dt.datetime(2021, 9, 6), "网站", "社会组织", "", "", "", "", "", item.id, "表格意见", "", "", "x"])
    book.save(tmp_path / "意见.xlsx")
    result = plan(built, "comments", "import", str(tmp_path / "意见.xlsx"))
    assert result.returncode == 0, result.stderr
    assert "未知的列“备注”已忽略" in result.stderr
    (tmp_path / "expert.yml").write_text(
        f"- 收到日期: 2021-10-12\n  渠道: 专家论证会\n  提出者类别: 专家\n  段落: '{item.address}'\n  意见内容: 专家意见\n",
        encoding="utf-8")
    result = plan(built, "comments", "import", str(tmp_path / "expert.yml"), "--source", "expert")
    assert result.returncode == 0, result.stderr
    build_site(built)
    public = (built / "site" / "comments" / "index.html").read_text(encoding="utf-8")
    expert = (built / "site" / "comments" / "expert" / "index.html").read_text(encoding="utf-8")
    assert "表格意见" in public and "专家意见" not in public
    assert "专家意见" in expert and "表格意见" not in expert


# --- publication and privacy ---------------------------------------------------------

@pytest.fixture
def with_personal_data(built, tmp_path):
    items = [i for i in items_of(built, "plan/infrastructure.md") if i.kind == "p"]
    sheet = write_csv(tmp_path / "mailbox.csv", [
        ["1", "2021-09-03", "电子邮件", "个人", PERSONAL[0], "", PERSONAL[1], PERSONAL[2], PERSONAL[3], items[2].id,
         f"建议加快计量能力建设，请回电 {PERSONAL[1]}。", "采纳", "已在第四章体现"],
        ["2", "2021-09-04", "信函", "企业", "", PERSONAL[4], "", "", "", items[4].address,
         "=cmd|' /C calc'!A0 建议细化检验检测措施", "部分采纳", "部分内容已有体现"],
        ["3", "2021-09-05", "网站", "社会组织", "", "", "", "", "", items[4].id, HOSTILE_CONTENT, "未采纳", HOSTILE_REASON],
    ])
    assert plan(built, "comments", "import", str(sheet)).returncode == 0
    build_site(built)
    return built


def test_no_personal_data_or_live_markup_reaches_the_site(with_personal_data):
    site = with_personal_data / "site"
    published = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*")
                          if p.is_file() and p.suffix in (".html", ".json", ".xml"))
    assert "建议加快计量能力建设" in published
    for value in PERSONAL:
        assert value not in published, value
    public_data = (with_personal_data / "data" / "comments.yml").read_text(encoding="utf-8")
    assert not any(value in public_data for value in PERSONAL)
    contacts = (with_personal_data / "private" / "comments-contacts.yml").read_text(encoding="utf-8")
    assert PERSONAL[0] in contacts and PERSONAL[2] in contacts
    from scripts.model import load_model
    assert privacy.scan([site], privacy.office_contacts(load_model(with_personal_data))) == []
    assert_comment_markup_shows_as_text(with_personal_data)      # shares this build: one site build fewer


def assert_comment_markup_shows_as_text(with_personal_data):
    """Markup, templates and & in a comment reach the public table as text (built HTML and Chromium)."""
    from tests.browser import browser_page, serve
    page_file = with_personal_data / "site" / "comments" / "index.html"
    built_page = lxml.html.parse(str(page_file))
    assert not built_page.xpath("//script[contains(., 'pwned')] | //img[@onerror]")
    cells = [td.text_content() for td in built_page.xpath("//table[@class='comment-table']//td")]
    assert HOSTILE_CONTENT in cells and HOSTILE_REASON in cells
    with serve(with_personal_data / "site") as base, browser_page() as page:
        page.goto(f"{base}/comments/")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("typeof window.pwned") == "undefined"
        assert page.get_by_role("cell", name=HOSTILE_CONTENT, exact=True).count() == 1
        assert page.get_by_role("cell", name=HOSTILE_REASON, exact=True).count() == 1


def test_the_privacy_scan_names_the_file_and_the_value(built):
    page = built / "site" / "plan" / "general" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + "<p>联系 li.si@example.org 或 13698765432</p>", encoding="utf-8")
    from scripts.model import load_model
    hits = privacy.scan([built / "site"], privacy.office_contacts(load_model(built)))
    assert hits == [f"{page}：发现邮箱 li.si@example.org", f"{page}：发现手机号 13698765432"]
    result = plan(built, "check")
    assert result.returncode == 1 and "li.si@example.org" in result.stderr


def test_disposition_table_in_docx_and_spreadsheet(with_personal_data):
    result = plan(with_personal_data, "comments", "export", "--format", "docx")
    assert result.returncode == 0, result.stderr
    spreadsheet = plan(with_personal_data, "comments", "export", "--format", "xlsx")
    assert spreadsheet.returncode == 0, spreadsheet.stderr
    folder = with_personal_data / "dist" / "draft"
    document = docx.Document(next(folder.glob("*征求意见汇总处理表.docx")))
    # a long title is set in balanced lines, never broken inside 《…》
    # titled by the stage the comments were made on (their September dates fall in the 征求意见稿's
    # window), in balanced lines that keep the stage suffix whole
    assert document.paragraphs[0].text == "《质量强国建设纲要上海实施方案\n（征求意见稿）》征求意见汇总处理表"
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert rows[0] == ["序号", "段落", "意见", "提出者类别", "处理情况", "理由"]
    body = {row[2]: row for row in rows[1:]}
    first = body[f"建议加快计量能力建设，请回电 {privacy.HIDDEN}。"]
    assert first[1].startswith("四") and first[4] == "采纳" and first[5] == "已在第四章体现"
    second = body["=cmd|' /C calc'!A0 建议细化检验检测措施"]
    assert second[4] == "部分采纳"
    text = "\n".join(p.text for p in document.paragraphs) + str(rows)
    assert not any(value in text for value in PERSONAL)
    sheet = openpyxl.load_workbook(next(folder.glob("*.xlsx"))).active
    cells = [c.value for row in sheet.iter_rows() for c in row]
    assert "'=cmd|' /C calc'!A0 建议细化检验检测措施" in cells
    assert not any(value in str(cells) for value in PERSONAL)


def test_anchor_check_lists_comments_whose_paragraph_is_gone(with_personal_data):
    assert plan(with_personal_data, "comments", "check", "--no-build").returncode == 0
    page = with_personal_data / "docs" / "plan" / "infrastructure.md"
    from scripts.comments.store import load_store
    gone = next(c for c in load_store(with_personal_data).comments.values() if c.category == "个人")
    paragraphs = page.read_text(encoding="utf-8").split("\n\n")
    kept = [p for p in paragraphs if gone.quote[:10] not in p.replace("**", "").replace("\n", "")]
    assert len(kept) == len(paragraphs) - 1
    page.write_text("\n\n".join(kept), encoding="utf-8")
    result = plan(with_personal_data, "comments", "check")
    assert result.returncode == 1
    assert f"意见 {gone.id}" in result.stdout and "已找不到" in result.stdout


# --- the consultation on the site ------------------------------------------------------

def test_permalink_and_mail_link_carry_the_address(project, artifacts):
    from tests.browser import browser_page, serve
    today = dt.date.today()
    set_stage(project, "consultation", today - dt.timedelta(days=3), today + dt.timedelta(days=20))
    build_site(project)
    item = items_of(project, "plan/enterprise.md")[4]
    assert (project / "site" / "downloads" / "意见反馈表.docx").exists()
    form = docx.Document(project / "site" / "downloads" / "意见反馈表.docx")
    assert [c.text for c in form.tables[1].rows[0].cells] == ["序号", "章节", "段落地址或编号", "原文", "修改意见", "理由"]
    with serve(project / "site") as base, browser_page() as page:
        page.goto(f"{base}/plan/enterprise/#{item.id}")
        page.wait_for_load_state("networkidle")
        banner = page.locator("[data-consultation-banner]")
        assert "公开征求意见" in banner.inner_text() and "zlfzc@scjgj.sh.gov.cn" in banner.inner_text()
        element = page.locator(f"#{item.id}")
        element.hover()
        link = element.locator(".para-link")
        assert link.is_visible() and link.inner_text() == item.address
        assert link.get_attribute("href") == f"#{item.id}"
        mail = element.locator(".para-comment").get_attribute("href")
        page.screenshot(path=str(artifacts / "paragraph-提意见.png"))
    parsed = urlparse(mail)
    assert parsed.scheme == "mailto" and parsed.path == "zlfzc@scjgj.sh.gov.cn"
    query = parse_qs(parsed.query)
    subject, body = query["subject"][0], query["body"][0]
    assert subject == f"【意见】《质量强国建设纲要上海实施方案（征求意见稿）》{item.address}"
    assert "阶段：征求意见稿" in body and "章节：五、提升企业质量管理水平" in body
    assert f"段落：{item.address}（编号 {item.id}）" in body
    assert f"原文：“{item.text[:20]}" in body
    assert "%E6" in mail and unquote(mail).count("\n") > 5   # UTF-8 percent-encoded, lines kept


def test_banner_and_comment_action_disappear_after_the_window(project):
    from tests.browser import browser_page, serve
    set_stage(project, "consultation", dt.date(2021, 9, 1), dt.date(2021, 9, 30))
    build_site(project)
    with serve(project / "site") as base, browser_page() as page:
        page.goto(f"{base}/plan/general/")
        page.wait_for_load_state("networkidle")
        assert page.locator("[data-consultation-banner]").count() == 0
        # every addressed paragraph of the built page (read by lxml) still gets its link
        built_page = lxml.html.parse(str(project / "site" / "plan" / "general" / "index.html"))
        addressed = len(built_page.xpath("//article//*[@data-address]"))
        assert addressed > 10 and page.locator(".para-link").count() == addressed
        assert page.locator(".para-comment").count() == 0


def test_an_export_with_personal_data_leaves_dist_as_it_was(with_personal_data):
    """A number written into data/comments.yml by hand (import would have hidden it) reaches the
    table: the export names it on stderr and replaces nothing in dist/."""
    assert plan(with_personal_data, "comments", "export", "--format", "docx").returncode == 0
    folder = with_personal_data / "dist" / "draft"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    store = with_personal_data / "data" / "comments.yml"
    text = store.read_text(encoding="utf-8")
    assert "建议细化检验检测措施" in text
    store.write_text(text.replace("建议细化检验检测措施", "建议细化检验检测措施，联系13812345678", 1), encoding="utf-8")
    result = plan(with_personal_data, "comments", "export", "--format", "docx")
    assert result.returncode == 1
    assert "13812345678" in result.stderr and "dist/draft/ 未改动" in result.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
