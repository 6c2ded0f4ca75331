// norma's search box. The index (src/search.rs) is a set of small .js files in
// static/search/, each loaded when a query first needs it through a <script>
// element: that works from file:// (where fetch is refused), in an unpacked
// bundle and behind a web server alike. Nothing leaves the site.
//
// A query is read as words (folded: lower case, no accents) and claves. Each
// word matches the vocabulary words equal to it, or starting with it (the word
// being typed, or any word with no exact match), or, when nothing else does,
// words one or two letters away (a misspelling); through their stems it finds
// every form. Words between quotes must also be found one after the other
// (a phrase: read in the results' shown text). A clave or unit code typed whole ("9210-009-001", "7.3.1.1")
// finds its entry first. Documents score the sum of their words' impacts
// (BM25F, computed when the site was built); those holding every word come
// first; when none does, those holding the most. Filters: the kind of manual,
// and the versions in force (by default) or all.
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";
  var lang = document.documentElement.lang || "es";
  var W = lang === "en" ? {
    none: "No results for", one: "result", many: "results", over: "more than",
    partial: "no result holds every word; these hold most of them",
    more: "Show more results", all: "All manuals", glossary: "Glossary",
    kinds: { organization: "Organization manuals", procedures: "Procedures manuals", forms: "Forms catalogs", supervision: "Supervision guides" },
    loading: "Searching…", failed: "The search index could not be loaded."
  } : {
    none: "Sin resultados para", one: "resultado", many: "resultados", over: "más de",
    partial: "ningún resultado tiene todas las palabras; estos tienen la mayoría",
    more: "Mostrar más resultados", all: "Todos los manuales", glossary: "Glosario",
    kinds: { organization: "Manuales de organización", procedures: "Manuales de procedimientos", forms: "Catálogos de formatos", supervision: "Guías de supervisión" },
    loading: "Buscando…", failed: "No se pudo cargar el índice de búsqueda."
  };
  var PAGE = 10, CAP = 1000, PREFIX_WORDS = 60, PHRASE_SHARDS = 32;

  // --- Folding, as the index was built: lower case, no accents, ñ → n.
  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function tokens(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(function (t) { return t.length > 0; });
  }
  // Phrases between quotes, each as its words ("aviso de inscripción").
  function phrases(query) {
    var out = [], re = /["“«]([^"”»]+)["”»]/g, m;
    while ((m = re.exec(query)) !== null) {
      var words = tokens(m[1]);
      if (words.length > 1) out.push(words);
    }
    return out;
  }
  // Whether `words` hold `phrase` as consecutive words.
  function holds(words, phrase) {
    for (var i = 0; i + phrase.length <= words.length; i++) {
      var k = 0;
      while (k < phrase.length && words[i + k] === phrase[k]) k++;
      if (k === phrase.length) return true;
    }
    return false;
  }
  // "9210-009-001", "7.3.1.1", "MO-DIR": letters or digits joined by - . /
  // with at least one digit.
  function isCode(chunk) {
    return /\d/.test(chunk) && /^[\p{L}\p{N}]+([.\-\/][\p{L}\p{N}]+)+[.]?$/u.test(chunk);
  }

  // --- Shards, each loaded once by a <script> element.
  var shards = window.NORMA_SEARCH_SHARDS = window.NORMA_SEARCH_SHARDS || {};
  var pending = {}, generation = 0;
  function load(base, name) {
    if (Object.prototype.hasOwnProperty.call(shards, name)) return Promise.resolve(shards[name]);
    if (!pending[name]) {
      pending[name] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        // After a reset (norma serve), a new address: not the cached script.
        s.src = base + name + ".js" + (generation ? "?" + generation : "");
        s.onload = function () { resolve(shards[name]); };
        s.onerror = function () { delete pending[name]; reject(new Error(name)); };
        document.head.appendChild(s);
      });
    }
    return pending[name];
  }

  // The last shard whose first key is at most `key`.
  function shardOf(starts, key) {
    var lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= key) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
  // The first position in sorted `list` not below `key`.
  function lowerBound(list, key) {
    var lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (list[mid] < key) lo = mid + 1; else hi = mid; }
    return lo;
  }

  // Optimal string alignment distance, stopping early past `max`.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], cur;
    for (var j = 0; j <= b.length; j++) prev[j] = j;
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur[j] = v;
        if (v < best) best = v;
      }
      if (best > max) return max + 1;
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  }

  function Index(base, meta) {
    this.base = base;
    this.meta = meta;
    this.lists = {};
  }

  // The stems a query word stands for, each with a weight: 1 for the word
  // itself, less for words it begins, less again for near misspellings.
  Index.prototype.stems = function (term, prefix) {
    var self = this, starts = this.meta.w;
    if (starts.length === 0) return Promise.resolve([]);
    var first = shardOf(starts, term), last = first;
    if (prefix) {
      while (last + 1 < starts.length && starts[last + 1].lastIndexOf(term, 0) === 0) last++;
    }
    var names = [];
    for (var n = first; n <= last; n++) names.push("w" + n);
    return Promise.all(names.map(function (name) { return load(self.base, name); })).then(function (parts) {
      var found = new Map(), exact = false, count = 0;
      parts.forEach(function (part) {
        var words = part[0], stems = part[1];
        for (var k = lowerBound(words, term); k < words.length; k++) {
          var w = words[k];
          if (w === term) { found.set(stems[k], 1); exact = true; continue; }
          if (!prefix || w.lastIndexOf(term, 0) !== 0 || count >= PREFIX_WORDS) break;
          count++;
          if (!found.has(stems[k])) found.set(stems[k], 0.8);
        }
      });
      if (found.size > 0 || term.charAt(0) === "#") return found;
      if (!prefix) return self.stems(term, true).then(function (s) { return new Map(s); });
      return term.length < 4 ? found : self.near(term);
    }).then(function (found) {
      return Array.from(found.entries());
    });
  };

  // Words one letter away (two for long words), among those with the same
  // first letter.
  Index.prototype.near = function (term) {
    var self = this, starts = this.meta.w;
    var first = shardOf(starts, term.charAt(0)), last = shardOf(starts, term.charAt(0) + "\uffff");
    var max = term.length >= 8 ? 2 : 1, names = [];
    for (var n = first; n <= last && names.length < 6; n++) names.push("w" + n);
    return Promise.all(names.map(function (name) { return load(self.base, name); })).then(function (parts) {
      var found = new Map();
      parts.forEach(function (part) {
        part[0].forEach(function (w, k) {
          if (w.charAt(0) !== term.charAt(0) || w.charAt(0) === "#") return;
          var d = distance(term, w, max);
          if (d <= max) {
            var weight = d === 1 ? 0.6 : 0.4;
            if ((found.get(part[1][k]) || 0) < weight) found.set(part[1][k], weight);
          }
        });
      });
      return found;
    });
  };

  // A stem's postings as [documents, impacts]: a base64 string of a varint
  // gap and an impact byte per document (src/search.rs).
  Index.prototype.postings = function (stem) {
    var self = this;
    if (this.lists[stem]) return Promise.resolve(this.lists[stem]);
    var n = shardOf(this.meta.p, stem);
    return load(this.base, "p" + n).then(function (part) {
      // At least two bytes a document: room enough.
      var raw = atob(part[stem - self.meta.p[n]] || ""), size = raw.length >> 1;
      var docs = new Int32Array(size), impacts = new Uint8Array(size), d = 0, i = 0, at = 0;
      while (at < raw.length) {
        var gap = 0, shift = 0, b;
        do { b = raw.charCodeAt(at++); gap += (b & 127) * Math.pow(2, shift); shift += 7; } while (b >= 128);
        d += gap;
        docs[i] = d; impacts[i] = raw.charCodeAt(at++); i++;
      }
      self.lists[stem] = [docs.subarray(0, i), impacts.subarray(0, i)];
      return self.lists[stem];
    });
  };

  // A query word's matches: per document, the impact of its best stem (0 for
  // none), in an array as long as the index.
  Index.prototype.matches = function (term, prefix) {
    var self = this, weightOf = term.charAt(0) === "#" ? this.meta.code : 1;
    return this.stems(term, prefix).then(function (stems) {
      return Promise.all(stems.map(function (s) { return self.postings(s[0]); })).then(function (lists) {
        var out = new Float32Array(self.meta.n);
        lists.forEach(function (list, k) {
          var weight = stems[k][1] * weightOf, docs = list[0], impacts = list[1];
          for (var i = 0; i < docs.length; i++) {
            var v = impacts[i] * weight;
            if (out[docs[i]] < v) out[docs[i]] = v;
          }
        });
        return out;
      });
    });
  };

  // A clave: the entry it names (or, typed in part, those it begins), and the
  // documents holding all its pieces ("9210", "009", "001").
  Index.prototype.codeMatches = function (chunk, prefix) {
    var self = this, pieces = tokens(chunk);
    return Promise.all([
      this.matches("#" + fold(chunk).replace(/\.$/, ""), true),
      Promise.all(pieces.map(function (p, i) { return self.matches(p, prefix && i === pieces.length - 1); }))
    ]).then(function (both) {
      var out = both[0], all = both[1];
      for (var d = 0; d < out.length; d++) {
        var sum = 0, k;
        for (k = 0; k < all.length; k++) { if (all[k][d] === 0) break; sum += all[k][d]; }
        if (k === all.length && all.length > 0 && out[d] < sum) out[d] = sum;
      }
      return out;
    });
  };

  // The documents the filters let through: ranges of documents by manual;
  // the glossary's after the last manual's.
  Index.prototype.allowed = function (kind, everyVersion) {
    var ranges = [], m = this.meta.m, end = 0;
    m.forEach(function (x) {
      end = Math.max(end, x[5]);
      if ((kind === "" || kind === x[1]) && (everyVersion || x[3] === 1)) ranges.push([x[4], x[5]]);
    });
    if (kind === "" || kind === "glossary") ranges.push([end, this.meta.n]);
    return function (d) {
      for (var i = 0; i < ranges.length; i++) if (d >= ranges[i][0] && d < ranges[i][1]) return true;
      return false;
    };
  };

  // Query → {hits: [document…] ranked, partial: no hit holds every word}.
  Index.prototype.search = function (query, kind, everyVersion) {
    var self = this, typing = !/\s$/.test(query);
    var stop = new Set(this.meta.stop), parts = [];
    var chunks = query.replace(/["“”«»]/g, " ").split(/\s+/).filter(function (c) { return c.length > 0; });
    chunks.forEach(function (chunk, i) {
      var last = typing && i === chunks.length - 1;
      if (isCode(chunk)) { parts.push(self.codeMatches(chunk, last)); return; }
      var words = tokens(chunk).filter(function (t) { return !stop.has(t); });
      words.forEach(function (t, k) {
        // Prefixes for the word being typed; for the others only when the
        // word itself is not in the vocabulary (see `stems`).
        parts.push(self.matches(t, last && k === words.length - 1));
      });
    });
    if (parts.length === 0) return Promise.resolve({ hits: [], partial: false });
    var allowed = this.allowed(kind, everyVersion);
    return Promise.all(parts).then(function (arrays) {
      var n = self.meta.n, score = new Float32Array(n), count = new Uint8Array(n), most = 0, d;
      arrays.forEach(function (a) {
        for (var d = 0; d < n; d++) if (a[d] > 0) { score[d] += a[d]; count[d]++; }
      });
      for (d = 0; d < n; d++) if (count[d] > most && allowed(d)) most = count[d];
      var hits = [];
      if (most > 0) for (d = 0; d < n; d++) if (count[d] === most && allowed(d)) hits.push(d);
      hits.sort(function (a, b) { return score[b] - score[a] || a - b; });
      var found = { hits: hits, partial: most < arrays.length, more: false };
      var wanted = phrases(query);
      return wanted.length === 0 ? found : self.holding(found, wanted);
    });
  };

  // The hits whose title or shown text hold every phrase, word after word,
  // in rank order; the text of at most PHRASE_SHARDS result files is read
  // (`more` says some hits were left unread).
  Index.prototype.holding = function (found, wanted) {
    var self = this, kept = [], at = 0, read = 0, hits = found.hits;
    function step() {
      if (at >= hits.length || kept.length >= CAP) return Promise.resolve();
      if (read >= PHRASE_SHARDS) { found.more = true; return Promise.resolve(); }
      // The next hits whose result files are read together.
      var batch = [], names = {};
      while (at + batch.length < hits.length && Object.keys(names).length < 8) {
        var d = hits[at + batch.length];
        names[shardOf(self.meta.d, d)] = true;
        batch.push(d);
      }
      read += Object.keys(names).length;
      return self.docs(batch).then(function (docs) {
        docs.forEach(function (doc, k) {
          var words = tokens(doc[1] + " " + doc[3]);
          if (wanted.every(function (p) { return holds(words, p); })) kept.push(batch[k]);
        });
        at += batch.length;
        return step();
      });
    }
    return step().then(function () {
      found.hits = kept;
      return found;
    });
  };

  // What a result shows: [url, title, where, text, kind].
  Index.prototype.docs = function (ids) {
    var self = this, names = {};
    ids.forEach(function (d) { names["d" + shardOf(self.meta.d, d)] = true; });
    return Promise.all(Object.keys(names).map(function (name) { return load(self.base, name); })).then(function () {
      return ids.map(function (d) {
        // A row: [page, anchor, title's tail, where, text, kind]; its page:
        // [address, title's head].
        var n = shardOf(self.meta.d, d), part = shards["d" + n], row = part.d[d - self.meta.d[n]];
        var page = part.p[row[0]];
        return [page[0] + row[1], page[1] + row[2], part.c[row[3]], row[4], row[5]];
      });
    });
  };

  var indexes = {};
  // norma serve's page script calls this when the index was rebuilt: the
  // next query loads the new files (a <script> of the same address runs
  // again, as a new element).
  window.NORMA_SEARCH_RESET = function () {
    Object.keys(shards).forEach(function (k) { delete shards[k]; });
    pending = {};
    indexes = {};
    generation++;
  };
  function open(base) {
    if (!indexes[base]) {
      indexes[base] = load(base, "index").then(function (meta) { return new Index(base, meta); });
      indexes[base].catch(function () { delete indexes[base]; });
    }
    return indexes[base];
  }

  // A piece of the text around the first match, cut at word boundaries, with
  // the matching words marked. Built as DOM nodes: no text is read as HTML.
  function excerpt(text, query, stop, into) {
    var folded = fold(text);
    var terms = tokens(query).filter(function (t) { return !stop.has(t); });
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

  function number(n) { return n.toLocaleString(lang === "en" ? "en" : "es-MX"); }

  // --- The results box: filters, status (announced), list, "more".
  var box = document.getElementById("search-results");
  var serial = 0;
  function show(query, form) {
    if (!box) return;
    var list = box.querySelector("ol"), status = box.querySelector(".summary");
    var more = box.querySelector("button.more"), filters = box.querySelector(".filters");
    var kind = filters ? filters.querySelector("select").value : "";
    var every = filters ? filters.querySelector("input[type=checkbox]").checked : false;
    var mine = ++serial;
    if (query.trim() === "") { box.hidden = true; list.textContent = ""; return; }
    box.hidden = false;
    if (list.childElementCount === 0) status.textContent = W.loading;
    open(form.getAttribute("data-index")).then(function (ix) {
      fillFilters(ix, filters);
      var stopWords = new Set(ix.meta.stop);
      return ix.search(query, kind, every).then(function (found) {
        if (mine !== serial) return;
        var hits = found.hits, shown = 0;
        list.textContent = "";
        var n = hits.length;
        status.textContent = n === 0 ? W.none + " «" + query.trim() + "»"
          : (n > CAP || found.more ? W.over + " " + number(Math.min(n, CAP)) + " " + W.many : number(n) + " " + (n === 1 ? W.one : W.many))
            + (found.partial ? " (" + W.partial + ")" : "");
        function page() {
          var ids = hits.slice(shown, Math.min(shown + PAGE, CAP));
          return ix.docs(ids).then(function (docs) {
            if (mine !== serial) return;
            docs.forEach(function (doc) {
              var li = document.createElement("li");
              var a = document.createElement("a");
              a.href = root + doc[0];
              a.textContent = doc[1];
              var where = document.createElement("span");
              where.className = "where";
              where.textContent = doc[2];
              var text = document.createElement("span");
              text.className = "excerpt";
              excerpt(doc[3], query, stopWords, text);
              li.appendChild(a); li.appendChild(where); li.appendChild(text);
              list.appendChild(li);
            });
            shown += ids.length;
            more.hidden = shown >= Math.min(hits.length, CAP);
            // For scripts and tests: the query whose results are shown.
            box.setAttribute("data-query", query);
            box.setAttribute("data-partial", String(found.partial));
          });
        }
        more.onclick = function () {
          var next = shown;
          page().then(function () {
            var item = list.children[next];
            if (item) { var link = item.querySelector("a"); if (link) link.focus(); }
          });
        };
        return page();
      });
    }).catch(function () {
      if (mine === serial) { status.textContent = W.failed; more.hidden = true; }
    });
  }

  // The kinds of manual present in this site (or bundle), once.
  function fillFilters(ix, filters) {
    if (!filters || !filters.hidden) return;
    var select = filters.querySelector("select"), seen = {};
    select.textContent = "";
    var all = document.createElement("option");
    all.value = ""; all.textContent = W.all;
    select.appendChild(all);
    var hasOld = false;
    ix.meta.m.forEach(function (x) {
      if (x[3] !== 1) hasOld = true;
      if (seen[x[1]]) return;
      seen[x[1]] = true;
      var o = document.createElement("option");
      o.value = x[1]; o.textContent = W.kinds[x[1]] || x[1];
      select.appendChild(o);
    });
    var last = ix.meta.m.reduce(function (e, x) { return Math.max(e, x[5]); }, 0);
    if (ix.meta.n > last) {
      var g = document.createElement("option");
      g.value = "glossary"; g.textContent = W.glossary;
      select.appendChild(g);
    }
    filters.querySelector(".versions").hidden = !hasOld;
    filters.hidden = false;
  }

  document.querySelectorAll("form.search").forEach(function (form) {
    var input = form.querySelector("input[type=search]");
    var timer = null;
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      show(input.value, form);
      if (box) box.scrollIntoView({ block: "nearest" });
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { show(input.value, form); }, 120);
    });
    input.addEventListener("focus", function () { open(form.getAttribute("data-index")); }, { once: true });
    if (box) {
      box.querySelectorAll(".filters select, .filters input").forEach(function (control) {
        control.addEventListener("change", function () { show(input.value, form); });
      });
    }
    // A search sent from another page arrives as ?q=… on the home page.
    var q = new URLSearchParams(window.location.search).get("q");
    if (q && input.value === "") { input.value = q; show(q, form); }
  });
})();
