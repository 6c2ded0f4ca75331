// norma's page script: the "copy a citable link" control of each function, the
// version switcher and the manual's navigation (the search box is search.js).
// No framework, no network: everything comes from the site's own static/ folder.
(function () {
  "use strict";
  var lang = document.documentElement.lang || "es";
  var words = lang === "en"
    ? { copied: "Link copied" }
    : { copied: "Enlace copiado" };

  // --- Citable links: copy the address of a function or inciso.
  document.querySelectorAll("a.cite").forEach(function (a) {
    a.setAttribute("data-copied", words.copied);
    a.addEventListener("click", function (e) {
      var url = window.location.href.split("#")[0] + a.getAttribute("href");
      var text = a.getAttribute("data-cite") + ": " + url;
      if (navigator.clipboard && window.isSecureContext) {
        e.preventDefault();
        history.replaceState(null, "", a.getAttribute("href"));
        navigator.clipboard.writeText(text).then(function () {
          a.classList.add("copied");
          setTimeout(function () { a.classList.remove("copied"); }, 2000);
        });
      }
      // Otherwise (file://) the link simply goes to the anchor, and the address
      // bar holds the citable link.
    });
  });

  // --- Version switcher: a link to the same page of another version keeps the
  // reader on the function or step they are reading (the #f10 of the address).
  // `data-map` says where an anchor went when it was renumbered or moved
  // ("f4=f5 f10=7.3.1.2.html#f3"), or that it is not there ("f4=": the top
  // of the page).
  document.querySelectorAll("nav.versions a[data-keep-hash]").forEach(function (a) {
    a.addEventListener("click", function () {
      // The address as written, not as a previous click left it.
      var written = a.getAttribute("data-href") || a.getAttribute("href");
      a.setAttribute("data-href", written);
      var base = written.split("#")[0];
      var hash = window.location.hash.slice(1);
      if (!hash) { a.setAttribute("href", written); return; }
      var map = (a.getAttribute("data-map") || "").split(" ");
      // An inciso's anchor is its function's and its letter ("f11a"): it
      // follows its function.
      var own = hash.match(/^(.*?)([a-z]*)$/);
      var keys = [[hash, ""], [own[1], own[2]]];
      for (var k = 0; k < keys.length; k++) {
        for (var i = 0; i < map.length; i++) {
          var pair = map[i].split("=");
          if (pair.length !== 2 || pair[0] !== keys[k][0] || !keys[k][0]) { continue; }
          var to = pair[1] ? pair[1] + keys[k][1] : "";
          a.setAttribute("href", !to ? base
            : to.indexOf("#") >= 0 ? base.replace(/[^\/]*$/, "") + to
            : base + "#" + to);
          return;
        }
      }
      a.setAttribute("href", base + "#" + hash);
    });
  });

  // --- The manual's navigation starts open (it works without script); on a
  // narrow screen, where it sits above the content, it starts closed.
  var nav = document.querySelector(".manual-nav .nav-box");
  if (nav && window.matchMedia && window.matchMedia("(max-width: 64rem)").matches) {
    nav.open = false;
  }
  // The current unit in view inside the navigation's own scroll box.
  var current = document.querySelector(".manual-nav [aria-current=page]");
  var box = document.querySelector(".manual-nav");
  if (current && box && box.scrollHeight > box.clientHeight) {
    var top = current.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
    box.scrollTop = Math.max(0, top - box.clientHeight / 3);
  }
})();
