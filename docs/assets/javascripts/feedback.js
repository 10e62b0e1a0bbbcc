// Paragraph addresses and the 提意见 action. Runs in the reader's browser only;
// the site stays static: comments go out by e-mail, prefilled here.
(function () {
  "use strict";
  const meta = document.querySelector('meta[name="plan-feedback"]');
  if (!meta) return;
  const config = JSON.parse(meta.content);

  function today() {
    const now = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  }
  const open = Boolean(config.start) && config.start <= today() && today() <= config.end;

  const banner = document.querySelector("[data-consultation-banner]");
  if (banner && !open) banner.closest(".md-banner")?.remove();

  function mailto(element) {
    const chapter = document.querySelector("article h1")?.textContent.replace("¶", "").trim() || "";
    const quote = element.textContent.replace(/\s+/g, "").slice(0, 60);
    const subject = `【意见】《${config.title}》${element.dataset.address}`;
    const body = [
      `阶段：${config.stage}`,
      `章节：${chapter}`,
      `段落：${element.dataset.address}（编号 ${element.id}）`,
      `原文：“${quote}${element.textContent.length > 60 ? "……" : ""}”`,
      "",
      "意见：",
      "",
      "理由：",
      "",
      "（您的姓名和联系方式仅用于沟通，不会公开。）",
    ].join("\n");
    return `mailto:${config.email}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
  }

  function tools(element) {
    const box = document.createElement("span");
    box.className = "para-tools";
    const link = document.createElement("a");
    link.className = "para-link";
    link.href = `#${element.id}`;
    link.textContent = element.dataset.address;
    link.title = "本段链接";
    link.setAttribute("aria-label", `本段链接：${element.dataset.address}`);
    box.append(link);
    if (open) {
      const comment = document.createElement("a");
      comment.className = "para-comment";
      comment.href = mailto(element);
      comment.textContent = "提意见";
      comment.setAttribute("aria-label", `对${element.dataset.address}提意见（打开邮件程序）`);
      box.append(comment);
    }
    return box;
  }

  function decorate() {
    document.querySelectorAll("article [data-address]").forEach((element) => {
      if (element.querySelector(":scope > .para-tools, :scope > td:last-child > .para-tools")) return;
      // focusable by a tap (the tools show while it has focus), not a Tab stop:
      // the tools' own links are the Tab stops
      element.tabIndex = element.tabIndex >= 0 ? element.tabIndex : -1;
      const target = element.tagName === "TR" ? element.lastElementChild : element;
      target.append(tools(element));
    });
  }

  if (window.document$) window.document$.subscribe(decorate);  // Material's instant navigation
  else document.addEventListener("DOMContentLoaded", decorate);
})();
