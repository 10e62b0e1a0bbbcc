// Small reader conveniences that Material lacks. Runs after Material has laid out each page.
(function () {
  "use strict";

  // The past-stage notice links to the same page in the latest stage; when the
  // latest stage has no such page, the link falls back to its home page.
  function latestLink() {
    const link = document.querySelector("[data-latest-link]");
    if (!link || link.dataset.checked) return;
    link.dataset.checked = "1";
    fetch(link.href, { method: "HEAD" })
      .then((response) => { if (!response.ok) link.href = link.dataset.latestHome; })
      .catch(() => { link.href = link.dataset.latestHome; });
  }

  // A wide table scrolls in its own box: keyboard users must be able to focus
  // the box to scroll it (WCAG 2.1.1), and screen readers hear what it is.
  function scrollableTables() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach((box) => {
      if (box.hasAttribute("tabindex")) return;
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", "表格（可滚动）");
    });
  }

  function ready() {
    latestLink();
    scrollableTables();
  }
  if (window.document$) window.document$.subscribe(() => setTimeout(ready));
  else document.addEventListener("DOMContentLoaded", ready);
})();
