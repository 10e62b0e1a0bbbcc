// Site search: Pagefind's chunked index (site/pagefind/, scripts/search_index.py)
// in the dialog of overrides/partials/search.html. Pagefind's files load on
// first use only; a phone downloads the index chunks a query needs, not the
// whole index.
(function () {
  "use strict";
  let loading = null;

  function rootOf(dialog) {
    return new URL(dialog.dataset.root, window.location.href);
  }

  function addScript(src) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.append(script);
    });
  }

  function load(dialog) {
    if (loading) return loading;
    const bundle = new URL("pagefind/", rootOf(dialog));
    const style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = new URL("pagefind-ui.css", bundle).href;
    document.head.append(style);
    loading = addScript(new URL("pagefind-ui.js", bundle).href).then(() => {
      new window.PagefindUI({
        element: "#plan-search",
        bundlePath: bundle.pathname,
        baseUrl: rootOf(dialog).pathname,
        showSubResults: true,
        showImages: false,
        resetStyles: false,
        highlightParam: "highlight",
        translations: { placeholder: "搜索全文，如 首席质量官、2035、计量" },
      });
    }).catch(() => {
      dialog.querySelector(".plan-search__missing").hidden = false;
    });
    return loading;
  }

  function open() {
    const dialog = document.querySelector("[data-plan-search]");
    if (!dialog || dialog.open) return;
    dialog.showModal();
    load(dialog).then(() => dialog.querySelector("input")?.focus());
  }

  // The words searched for, marked on the page a result leads to.
  function highlight() {
    const dialog = document.querySelector("[data-plan-search]");
    if (!dialog || !new URLSearchParams(window.location.search).has("highlight")) return;
    import(new URL("pagefind/pagefind-highlight.js", rootOf(dialog)).href)
      .then(() => new window.PagefindHighlight({ highlightParam: "highlight" }))
      .catch(() => {});
  }

  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-plan-search-open]")) open();
    else if (event.target.closest("[data-plan-search-close]")) event.target.closest("dialog").close();
    else if (event.target.matches("dialog[data-plan-search]")) event.target.close();   // the backdrop
  });
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.key !== "/" || event.altKey || event.ctrlKey || event.metaKey) return;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    event.preventDefault();
    open();
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", highlight);
  else highlight();
})();
