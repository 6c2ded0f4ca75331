// norma's page script: the search box (index loaded on demand from a .js file so
// it works from file://) and the "copy a citable link" control of each function.
// No framework, no network: everything comes from the site's own static/ folder.
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";
  var lang = document.documentElement.lang || "es";
  var words = lang === "en"
    ? { none: "No results for", one: "result", many: "results", copied: "Link copied", more: "more results: refine the search" }
    : { none: "Sin resultados para", one: "resultado", many: "resultados", copied: "Enlace copiado", more: "hay más resultados: precise la búsqueda" };

  // --- Folding, as the index was built: lower case, no accents, ñ → n.
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function tokens(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(function (t) { return t.length > 0; });
  }

  // --- Loading the index once, by a <script> element (fetch is refused on file://).
  var index = null, waiting = [];
  function withIndex(src, done) {
    if (index) { done(index); return; }
    waiting.push(done);
    if (waiting.length > 1) return;
    var s = document.createElement("script");
    s.src = src;
    s.onload = function () {
      index = window.NORMA_SEARCH_INDEX;
      var w = waiting; waiting = [];
      w.forEach(function (f) { f(index); });
    };
    document.head.appendChild(s);
  }

  // --- Query → ranked documents. Each query word matches the stems of the
  // vocabulary words equal to it or, while typing, beginning with it. Every word
  // must match. A document scores the rarity of its words, more when they are in
  // its title, and by kind: functions first, then units and terms, then sections.
  var KIND = { f: 3, u: 1.5, t: 1.5, e: 1.5, s: 0 };
  function search(ix, query) {
    var stop = new Set(ix.stop);
    var terms = tokens(query).filter(function (t) { return !stop.has(t); });
    if (terms.length === 0) return [];
    var vocabulary = Object.keys(ix.words);
    var scores = null;
    terms.forEach(function (term, i) {
      var stems = new Set();
      if (Object.prototype.hasOwnProperty.call(ix.words, term)) stems.add(ix.words[term]);
      var last = i === terms.length - 1;
      if (last || stems.size === 0) {
        for (var k = 0; k < vocabulary.length && stems.size < 64; k++) {
          if (vocabulary[k].lastIndexOf(term, 0) === 0) stems.add(ix.words[vocabulary[k]]);
        }
      }
      var found = new Map();
      stems.forEach(function (stem) {
        var list = ix.postings[stem];
        var weight = 1 + Math.log(ix.docs.length / list.length);
        list.forEach(function (d) { found.set(d, Math.max(found.get(d) || 0, weight)); });
      });
      if (scores === null) { scores = found; return; }
      var next = new Map();
      scores.forEach(function (score, d) { if (found.has(d)) next.set(d, score + found.get(d)); });
      scores = next;
    });
    var ranked = Array.from(scores.entries()).map(function (e) {
      var doc = ix.docs[e[0]];
      var title = fold(doc[1]);
      var inTitle = terms.filter(function (t) { return title.indexOf(t) >= 0; }).length;
      return [e[0], e[1] + inTitle + (KIND[doc[4]] || 0)];
    });
    ranked.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return ranked.map(function (e) { return e[0]; });
  }

  // A piece of the text around the first match, cut at word boundaries, with the
  // matching words marked. Built as DOM nodes: no text is ever read as HTML.
  function excerpt(text, query, into) {
    var folded = fold(text);
    var terms = tokens(query);
    var at = -1;
    terms.some(function (t) { at = folded.indexOf(t); return at >= 0; });
    var start = Math.max(0, at - 70);
    var end = Math.min(text.length, start + 240);
    if (start > 0) { var s = text.indexOf(" ", start); if (s >= 0 && s < at) start = s + 1; }
    if (end < text.length) { var e = text.lastIndexOf(" ", end); if (e > start) end = e; }
    if (start > 0) into.appendChild(document.createTextNode("… "));
    var piece = text.slice(start, end), foldedPiece = folded.slice(start, end);
    var re = new RegExp("[\\p{L}\\p{N}]+", "gu"), m, last = 0;
    while ((m = re.exec(foldedPiece)) !== null) {
      var word = m[0];
      if (terms.some(function (t) { return word.lastIndexOf(t, 0) === 0; })) {
        into.appendChild(document.createTextNode(piece.slice(last, m.index)));
        var mark = document.createElement("mark");
        mark.textContent = piece.slice(m.index, m.index + word.length);
        into.appendChild(mark);
        last = m.index + word.length;
      }
    }
    into.appendChild(document.createTextNode(piece.slice(last)));
    if (end < text.length) into.appendChild(document.createTextNode(" …"));
  }

  function show(query, form) {
    var box = document.getElementById("search-results");
    if (!box) return;
    var list = box.querySelector("ol");
    var status = box.querySelector(".status");
    if (query.trim() === "") { box.hidden = true; list.textContent = ""; return; }
    withIndex(form.getAttribute("data-index"), function (ix) {
      var hits = search(ix, query);
      list.textContent = "";
      box.hidden = false;
      status.textContent = hits.length === 0
        ? words.none + " «" + query + "»"
        : hits.length + " " + (hits.length === 1 ? words.one : words.many);
      hits.slice(0, 50).forEach(function (d) {
        var doc = ix.docs[d];
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = root + doc[0];
        a.textContent = doc[1];
        var where = document.createElement("span");
        where.className = "where";
        where.textContent = ix.contexts[doc[2]];
        var text = document.createElement("span");
        text.className = "excerpt";
        excerpt(doc[3], query, text);
        li.appendChild(a); li.appendChild(where); li.appendChild(text);
        list.appendChild(li);
      });
      if (hits.length > 50) {
        var more = document.createElement("li");
        more.textContent = words.more;
        list.appendChild(more);
      }
    });
  }

  document.querySelectorAll("form.search").forEach(function (form) {
    var input = form.querySelector("input[type=search]");
    var timer = null;
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      show(input.value, form);
      var box = document.getElementById("search-results");
      if (box) box.scrollIntoView({ block: "nearest" });
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { show(input.value, form); }, 150);
    });
    input.addEventListener("focus", function () { withIndex(form.getAttribute("data-index"), function () {}); }, { once: true });
    // A search sent from another page arrives as ?q=… on the home page.
    var q = new URLSearchParams(window.location.search).get("q");
    if (q && input.value === "") { input.value = q; show(q, form); }
  });

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
