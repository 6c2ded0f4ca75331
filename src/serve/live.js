// norma serve: reloads this page when a save changes it, and shows the errors of
// a broken save over the last good page until the file is fixed. Served only by
// `norma serve`; `norma build` never writes it.
(function () {
  "use strict";
  var first = null;
  var here = decodeURIComponent(location.pathname.replace(/^\//, ""));
  if (here === "" || here.slice(-1) === "/") { here += "index.html"; }

  function overlay(problems) {
    var box = document.getElementById("norma-overlay");
    if (!problems) {
      if (box) { box.remove(); }
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "norma-overlay";
      box.setAttribute("role", "alertdialog");
      box.setAttribute("aria-labelledby", "norma-overlay-title");
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(24,24,24,.97);color:#fff;padding:2rem;" +
        "font:15px/1.45 system-ui,sans-serif";
      document.body.appendChild(box);
    }
    box.textContent = "";
    // Hidden for a moment (the page behind is the last good one); the next
    // save shows it again if the errors remain.
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = document.documentElement.lang.indexOf("es") === 0 ? "Ocultar (Esc)" : "Hide (Esc)";
    close.style.cssText = "float:right;font:inherit;padding:.3rem .8rem;cursor:pointer";
    close.onclick = function () { box.remove(); };
    box.appendChild(close);
    var title = document.createElement("h2");
    title.id = "norma-overlay-title";
    title.style.cssText = "margin:0 0 1rem;color:#ffb4a9;font-size:1.3rem";
    title.textContent = problems.title;
    box.appendChild(title);
    var list = document.createElement("ul");
    list.style.cssText = "list-style:none;margin:0 0 1rem;padding:0";
    (problems.items || []).forEach(function (d) {
      var li = document.createElement("li");
      li.className = "norma-problem";
      li.style.cssText = "margin:0 0 .8rem;padding:.6rem .8rem;background:#3a1f1f;border-left:4px solid #ff6b57";
      var where = document.createElement("strong");
      where.textContent = d.file ? d.file + ":" + d.line + ":" + d.column + " " : "";
      li.appendChild(where);
      var code = document.createElement("code");
      code.textContent = d.code ? "[" + d.code + "] " : "";
      li.appendChild(code);
      li.appendChild(document.createTextNode(d.message || ""));
      if (d.hint) {
        var hint = document.createElement("div");
        hint.style.cssText = "color:#ddd;margin-top:.3rem";
        hint.textContent = d.hint;
        li.appendChild(hint);
      }
      list.appendChild(li);
    });
    box.appendChild(list);
    var text = document.createElement("pre");
    text.style.cssText = "white-space:pre-wrap;color:#eee;background:#111;padding:1rem;font:13px/1.4 monospace";
    text.textContent = problems.text;
    box.appendChild(text);
  }

  document.addEventListener("keydown", function (e) {
    var box = document.getElementById("norma-overlay");
    if (e.key === "Escape" && box) { box.remove(); }
  });

  var source = new EventSource("/__norma/events");
  // The first message of each connection is the state now; after a lost
  // connection, builds may have been missed, so any new build reloads.
  var reconnected = false;
  source.onopen = function () { reconnected = first !== null; };
  source.onmessage = function (event) {
    var state = JSON.parse(event.data);
    var missed = reconnected;
    reconnected = false;
    if (first === null) { first = state.site; }
    if (state.site !== first && !state.problems) {
      // A new build: reload when it changed this page.
      var changed = state.changed || [];
      if (missed || changed.length === 0 || changed.indexOf(here) >= 0 ||
          changed.some(function (p) { return p.indexOf("static/") === 0 && p.indexOf("static/search/") !== 0; })) {
        location.reload();
        return;
      }
      // A new search index: the next query loads it (search.js).
      if (window.NORMA_SEARCH_RESET &&
          changed.some(function (p) { return p.indexOf("static/search/") === 0; })) {
        window.NORMA_SEARCH_RESET();
      }
      first = state.site;
    }
    overlay(state.problems);
  };
})();
