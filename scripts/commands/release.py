"""plan release <stage>: tag the stage, build its files from the tag, publish its site version."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from scripts import git, release
from scripts.arguments import iso_date
from scripts.commands.check import findings_for
from scripts.errors import EXIT_OK, Failure, UsageError
from scripts.progress import Progress


def add_arguments(parser) -> None:
    parser.description = ("发布一个编制阶段：检查工作区和数据 → 创建带注释的标签 stage/<阶段> → "
                          "在临时工作区中按标签构建网站压缩包、Word、PDF、发布说明和 manifest.json 到 dist/<阶段>/ → "
                          "用 mike 把该阶段网站发布为独立版本（latest 指向最新阶段）。"
                          "工作区有未提交的修改、检查不通过、阶段未知、顺序不对或标签已存在时拒绝发布。")
    parser.add_argument("stage", nargs="?", help="阶段标识：draft、consultation、review、submission、approval")
    parser.add_argument("--date", type=iso_date, help="阶段日期 YYYY-MM-DD（默认今天），写入标签")
    parser.add_argument("--reissue", action="store_true", help="重新发布已发布的阶段：新建带 -r2、-r3… 后缀的标签")
    parser.add_argument("--from-tag", metavar="TAG", help="不新建标签，为已有标签（如 CI 收到的 stage/consultation）构建并发布")
    parser.add_argument("--no-deploy", action="store_true", help="只生成 dist/ 中的文件，不更新网站版本分支")
    parser.add_argument("--push", action="store_true", help="把网站版本分支推送到远程（CI 使用）")


def run(args, root: Path) -> int:
    if not git.is_repository(root):
        raise UsageError(f"{root} 不是 git 仓库：阶段发布依赖 git 标签")
    # check, site, Word, PDF, 汇编, archive, privacy scan; plus the tag and the deployment when done here
    progress = Progress(total=7 + (not args.from_tag) + (not args.no_deploy))
    with progress.step("检查工作区与数据"):
        dirty = git.dirty_paths(root)
        if dirty:
            shown = "、".join(dirty[:5]) + ("等" if len(dirty) > 5 else "")
            raise Failure(f"工作区有未提交的修改（{shown}）：请先提交或撤销，发布只针对已提交的文本")
        model, findings = findings_for(root)
        if findings:
            for finding in findings:
                print(finding)
            raise Failure(f"plan check 发现 {len(findings)} 个问题，拒绝发布")
    if args.from_tag:
        plan = release.plan_from_tag(root, model, args.from_tag)
    else:
        if not args.stage:
            raise UsageError("请指定要发布的阶段，例如 plan release consultation")
        date = args.date or dt.datetime.now(release.CHINA).date()
        plan = release.plan_release(root, model, args.stage, date, args.reissue)
        with progress.step(f"创建标签 {plan.tag}"):
            when = dt.datetime.combine(date, dt.time(12, 0), release.CHINA)
            git.create_tag(root, plan.tag, f"《{model.document_title(plan.stage.id)}》{plan.stage.name}发布（{date:%Y年%m月%d日}）", when)
    try:
        target = release.write_release(root, model, plan, progress)
        if not args.no_deploy:
            with progress.step(f"发布网站版本 {release.site_title(plan.stage, plan.date)}（mike）"):
                release.deploy_site(root, plan, args.push)
    except release.PersonalDataFound as err:
        if not args.from_tag:   # the tag this run made was never published: it must not stay on a leaky text
            git.git(root, "tag", "--delete", plan.tag)
            raise Failure(f"{err}；标签 {plan.tag} 已撤销，网站未发布。隐去后提交，再运行 plan release {plan.stage.id}") from None
        raise Failure(f"{err}；网站未发布") from None
    except Failure as err:
        raise Failure(f"{err}\n标签 {plan.tag} 已创建并保留；排除问题后可运行 plan release --from-tag {plan.tag} 继续") from None
    print(f"已发布 {plan.stage.name}：标签 {plan.tag}，文件在 {target.relative_to(root)}/")
    return EXIT_OK
