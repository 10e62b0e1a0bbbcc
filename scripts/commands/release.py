"""plan release <stage>: tag the stage, move the repository to the next stage, build and publish."""
from __future__ import annotations

import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path

from scripts import git, lifecycle, readiness, release
from scripts.arguments import iso_date
from scripts.commands.check import findings_for
from scripts.errors import EXIT_OK, Failure, UsageError
from scripts.lock import data_lock
from scripts.model import load_model
from scripts.progress import Progress
from scripts.structure import load_outline
from scripts.style.gate import style_findings


def add_arguments(parser) -> None:
    parser.description = ("发布一个编制阶段：检查工作区、数据和该阶段的发布条件 → 把阶段日期写入 data/stages.yml 并提交 → "
                          "创建带注释的标签 stage/<阶段> → "
                          "在临时工作区中按标签构建网站压缩包、Word、PDF、发布说明和 manifest.json 到 dist/<阶段>/ → "
                          "提交“进入下一阶段”（修改 data/plan.yml 和 data/stages.yml，保留注释）→ "
                          "用 mike 把该阶段网站发布为独立版本（latest 指向最新阶段）。发布报批稿后编制流程结束。"
                          "工作区有未提交的修改、检查不通过、发布条件不满足、阶段未知、顺序不对或标签已存在时拒绝发布。")
    parser.add_argument("stage", nargs="?", help="阶段标识：draft、consultation、review、submission、approval")
    parser.add_argument("--date", type=iso_date,
                        help="阶段日期 YYYY-MM-DD：data/stages.yml 已有日期时须一致；没有时写入（默认今天）")
    parser.add_argument("--window", nargs=2, type=iso_date, metavar=("开始", "截止"),
                        help="征求意见时间（如 2021-09-01 2021-09-30），写入 data/stages.yml 的 consultation")
    readiness.add_allow_arguments(parser)
    parser.add_argument("--reissue", action="store_true", help="重新发布已发布的阶段：新建带 -r2、-r3… 后缀的标签")
    parser.add_argument("--from-tag", metavar="TAG",
                        help="不新建标签，为已有标签构建并发布（CI 收到的标签，或中断后继续）")
    parser.add_argument("--no-deploy", action="store_true", help="只生成 dist/ 中的文件，不更新网站版本分支")
    parser.add_argument("--push", action="store_true", help="把网站版本分支推送到远程（CI 使用）")


def _check_tree(root: Path) -> None:
    dirty = git.dirty_paths(root)
    if dirty:
        shown = "、".join(dirty[:5]) + ("等" if len(dirty) > 5 else "")
        raise Failure(f"工作区有未提交的修改（{shown}）：请先提交或撤销，发布只针对已提交的文本")


def _checked_model(root: Path):
    """The model, when everything `plan check` checks in the text and the data passes:
    the data, the pages and the writing (scripts/style)."""
    model, findings = findings_for(root)
    findings += style_findings(root, list(load_outline(root).pages))
    if findings:
        for finding in findings:
            print(finding, file=sys.stderr)
        raise Failure(f"plan check 发现 {len(findings)} 个问题，拒绝发布")
    return model


def _gate(root: Path, stage_id: str, allowed: dict[str, str]) -> tuple:
    """plan check plus the stage's readiness rules at `root`; the records of what was allowed."""
    model = _checked_model(root)
    found = readiness.blockers(root, model, stage_id)
    remaining = readiness.unallowed(found, allowed)
    if remaining:
        raise Failure(readiness.report(remaining, model.stage(stage_id).name))
    return model, tuple(readiness.allowance_records(found, allowed))


def _tag_stage(args, root: Path, progress: Progress, allowed: dict[str, str]) -> release.ReleasePlan:
    """Everything that changes the repository before the build, under the data lock: date, tag."""
    with data_lock(root, "release"), progress.step("检查工作区、数据与发布条件，写入阶段日期，创建标签"):
        _check_tree(root)
        model = _checked_model(root)
        plan = release.plan_release(root, model, args.stage, args.date or dt.date.today(), args.reissue)
        window = lifecycle.Window(*args.window) if args.window else None
        today = dt.datetime.now(release.CHINA).date()
        if plan.tag == f"{git.TAG_PREFIX}{plan.stage.id}":   # a first release: the date and window live in stages.yml
            date = lifecycle.release_date(root, model, plan.stage, args.date, today, window)
            model, allowed_records = _gate(root, plan.stage.id, allowed)
            lifecycle.commit_data(root, lifecycle.stage_fixes(root, model, plan.stage, date, window),
                                  f"{plan.stage.name}定稿：日期 {date}" + (f"，征求意见 {window.start}至{window.end}" if window else ""))
            ref = "HEAD"
        else:   # a re-issue: the tagged text says this stage is current, whatever HEAD says now
            date = args.date or today
            model, allowed_records = _gate(root, plan.stage.id, allowed)
            ref = lifecycle.snapshot_commit(root, lifecycle.reissue_texts(root, model, plan.stage),
                                            f"{plan.stage.name}重新发布（{date}）")
        plan = replace(plan, date=date, allowed=allowed_records)
        when = dt.datetime.combine(date, dt.time(12, 0), release.CHINA)
        git.create_tag(root, plan.tag, f"《{model.document_title(plan.stage.id)}》{plan.stage.name}发布（{date:%Y年%m月%d日}）",
                       when, ref)
    return plan


def _move_on(root: Path, plan: release.ReleasePlan) -> None:
    """Commit the move to the next stage (the caller holds the data lock), once the stage's
    files are built. Also for a tag made by hand or a run resumed with --from-tag; never in a
    detached checkout (CI builds pushed tags there)."""
    model = load_model(root)
    on_branch = bool(git.git(root, "symbolic-ref", "--quiet", "HEAD", check=False))
    if plan.tag != f"{git.TAG_PREFIX}{plan.stage.id}" or model.plan.current_stage != plan.stage.id or not on_branch:
        return
    dirty = [p for p in git.dirty_paths(root) if p in (lifecycle.PLAN_FILE, lifecycle.STAGES_FILE)]
    if dirty:
        print(f"工作区有未提交的修改（{'、'.join(dirty[:3])}），未自动进入下一阶段：提交后运行 "
              f"plan release --from-tag {plan.tag} --no-deploy 完成", file=sys.stderr)
        return
    following = lifecycle.advance(root, model, model.stage(plan.stage.id), plan.date)
    print(f"已进入{following.name}阶段（data/plan.yml、data/stages.yml 已修改并提交）" if following
          else "报批稿已发布，编制流程结束（data/stages.yml 已修改并提交）", file=sys.stderr)


def run(args, root: Path) -> int:
    if not git.is_repository(root):
        raise UsageError(f"{root} 不是 git 仓库：阶段发布依赖 git 标签")
    allowed = readiness.allowances(args)
    # the tag; site, Word, PDF, 汇编, archive, privacy scan; plus the deployment
    progress = Progress(total=7 + (not args.no_deploy))
    if args.from_tag:
        model = load_model(root)
        plan = release.plan_from_tag(root, model, args.from_tag)
        with progress.step(f"按标签 {plan.tag} 的文本检查发布条件"), git.worktree(root, plan.tag) as tree:
            _, records = _gate(tree, plan.stage.id, allowed)
        plan = replace(plan, allowed=records)
    else:
        if not args.stage:
            raise UsageError("请指定要发布的阶段，例如 plan release consultation")
        plan = _tag_stage(args, root, progress, allowed)
        model = load_model(root)
    resume = f"plan release --from-tag {plan.tag}" + "".join(f' --allow {r} --reason "{why}"' for r, why in allowed.items())
    try:
        target = release.write_release(root, model, plan, progress)
        with data_lock(root, "release"):   # only once the files passed the privacy scan
            _move_on(root, plan)
        if not args.no_deploy:
            with progress.step(f"发布网站版本 {release.site_title(plan.stage, plan.date)}（mike）"):
                release.deploy_site(root, plan, args.push)
    except release.PersonalDataFound as err:
        if not args.from_tag:   # the tag this run made was never published: it must not stay on a leaky text
            git.git(root, "tag", "--delete", plan.tag)
            raise Failure(f"{err}；标签 {plan.tag} 已撤销，网站未发布。隐去后提交，再运行 plan release {plan.stage.id}") from None
        raise Failure(f"{err}；网站未发布") from None
    except Failure as err:
        raise Failure(f"{err}\n标签 {plan.tag} 已创建并保留；排除问题后运行 {resume} 继续") from None
    except KeyboardInterrupt:
        raise Failure(f"发布被中断，未完成的文件和临时工作区已清理。标签 {plan.tag} 已创建并保留；运行 {resume} 继续") from None
    print(f"已发布 {plan.stage.name}：标签 {plan.tag}，文件在 {target.relative_to(root)}/")
    return EXIT_OK
