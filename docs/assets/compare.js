/* 版本对照页面的“上一处 / 下一处”：在各处修改（.cmp-c）之间跳转，
   到本章最后一处时转到下一章有修改的页面。不依赖任何外部脚本。 */
(function () {
  "use strict";

  function init() {
    var bar = document.querySelector(".cmp-toolbar");
    if (!bar || bar.getAttribute("data-cmp-ready")) return;
    bar.setAttribute("data-cmp-ready", "1");
    var stops = Array.prototype.slice.call(document.querySelectorAll(".cmp-redline .cmp-c"));
    var prev = bar.querySelector(".cmp-prev");
    var next = bar.querySelector(".cmp-next");
    var count = bar.querySelector(".cmp-count");
    var nextPage = bar.getAttribute("data-cmp-next-page");
    var prevPage = bar.getAttribute("data-cmp-prev-page");
    var index = -1;

    function update() {
      prev.disabled = index <= 0 && !prevPage;
      next.disabled = index >= stops.length - 1 && !nextPage;
      if (index >= 0) count.textContent = "第 " + (index + 1) + " 处，共 " + stops.length + " 处修改";
    }

    function show(i) {
      if (!stops.length) return;
      if (index >= 0) stops[index].classList.remove("cmp-current");
      index = Math.max(0, Math.min(i, stops.length - 1));
      var stop = stops[index];
      stop.classList.add("cmp-current");
      var details = stop.querySelector("details");
      if (details) details.open = true;
      stop.scrollIntoView({ block: "center" });
      if (stop.id && window.history.replaceState) window.history.replaceState(null, "", "#" + stop.id);
      update();
    }

    next.addEventListener("click", function () {
      if (index < stops.length - 1) show(index + 1);
      else if (nextPage) window.location.href = nextPage;
    });
    prev.addEventListener("click", function () {
      if (index > 0) show(index - 1);
      else if (prevPage) window.location.href = prevPage;
    });
    var hash = window.location.hash.slice(1);
    if (hash === "cmp-last") show(stops.length - 1);
    else if (hash) {
      for (var k = 0; k < stops.length; k++) if (stops[k].id === hash) { show(k); break; }
    }
    update();
  }

  /* 键盘：j 下一处，k 上一处（n、p 已是 Material 的翻页键；输入框中不响应） */
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    var selector = { j: ".cmp-toolbar .cmp-next", k: ".cmp-toolbar .cmp-prev" }[event.key];
    var button = selector && document.querySelector(selector);
    if (button && !button.disabled) button.click();
  });

  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
