// The search's relevance set (tests/e2e/relevance.json), run in headless
// Chromium against a built site: each query typed into the home page's search
// box the way people type it (no accents, a clave, a few words, a misspelling),
// and the page that must come first, or among the first three, checked.
// Also times the first answer after the page loads, and counts the bytes of
// the index files the browser loaded for it.
//
// Usage: node search.mjs SITE SET [--url BASE] [--max-first-ms N]
//   SITE  the built site folder (its index.html is opened from file://), or,
//         with --url, any folder (unused) and BASE the site's address
//         (http://127.0.0.1:PORT/, for norma serve)
//   SET   the name of the set in relevance.json ("example", "stress",
//         "corpus", "versioned"); each item {q, expect, within (default 3),
//         kind, every}: expect the result's address from the site root,
//         "*" for any result, null for none; kind the "Buscar en" filter (organization,
//         procedures, forms, supervision, glossary); every: true ticks
//         "incluir versiones no vigentes"
// Exit 0 when every query finds its page, 1 otherwise.

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launchChromium } from "./chromium.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : null;
};
const baseUrl = option("--url");
const maxFirst = Number(option("--max-first-ms") || 1000);
const [siteArg, setName] = args;
if (!siteArg || !setName) {
  console.error("usage: node search.mjs SITE SET [--url BASE] [--max-first-ms N]");
  process.exit(2);
}
const set = JSON.parse(readFileSync(path.join(here, "relevance.json"), "utf8"))[setName];
if (!set) {
  console.error(`no set "${setName}" in relevance.json`);
  process.exit(2);
}
const home = baseUrl
  ? new URL("index.html", baseUrl).href
  : pathToFileURL(path.join(path.resolve(siteArg), "index.html")).href;

const failures = [];
const browser = await launchChromium();
const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
page.on("pageerror", (err) => failures.push(`script error: ${err.message}`));
const loaded = [];
page.on("requestfinished", async (req) => {
  if (req.url().includes("/static/search/")) {
    const sizes = await req.sizes().catch(() => null);
    loaded.push({ url: req.url(), bytes: sizes ? sizes.responseBodySize : 0 });
  }
});

// Types `query` and waits for its results; returns the result addresses
// (relative to the site root) in order.
async function ask(query, filters = {}) {
  // The filters as a reader leaves them: kind of manual, every version.
  await page.evaluate(({ kind, every }) => {
    const box = document.getElementById("search-results");
    const select = box.querySelector(".filters select");
    const check = box.querySelector(".filters input[type=checkbox]");
    if (select) select.value = kind || "";
    if (check) check.checked = Boolean(every);
    box.removeAttribute("data-query");
  }, filters);
  await page.fill("#q", query);
  await page.press("#q", "Enter");
  await page.waitForFunction(
    (q) => {
      const box = document.getElementById("search-results");
      return box && box.getAttribute("data-query") === q;
    },
    query,
    { timeout: 10000 },
  );
  return page.$$eval("#search-results ol > li > a", (links) => links.map((a) => a.getAttribute("href")));
}

// The first answer, from a fresh load of the home page.
await page.goto(home);
const first = set[0];
const started = Date.now();
const firstHits = await ask(first.q);
const firstMs = Date.now() - started;
const firstBytes = loaded.reduce((sum, f) => sum + f.bytes, 0);
console.log(
  `first answer ("${first.q}"): ${firstMs} ms after load, ${loaded.length} index files, ${(firstBytes / 1024).toFixed(0)} kB`,
);
if (firstMs > maxFirst) failures.push(`first answer took ${firstMs} ms (limit ${maxFirst} ms)`);
if (firstHits.length === 0) failures.push(`first query "${first.q}" found nothing`);

let passed = 0;
for (const item of set) {
  const hits = await ask(item.q, item);
  const within = item.within || 3;
  if (item.expect === null) {
    // Nothing may be found (a phrase whose words are all there, apart).
    if (hits.length === 0) {
      passed += 1;
      console.log(`ok none  ${JSON.stringify(item.q)} finds nothing`);
    } else {
      failures.push(`${JSON.stringify(item.q)} should find nothing; first: ${hits.slice(0, 3).join(", ")}`);
    }
    continue;
  }
  // "*": any result will do (a query of common words, timed on a corpus).
  const at = item.expect === "*" ? (hits.length > 0 ? 0 : -1) : hits.findIndex((h) => h === item.expect);
  if (at >= 0 && at < within) {
    passed += 1;
    console.log(`ok ${at + 1}/${within}  ${JSON.stringify(item.q)} → ${item.expect}`);
  } else {
    const top = hits.slice(0, 3).join(", ") || "nothing";
    const where = at >= 0 ? `at ${at + 1}` : "not in the first page";
    failures.push(`${JSON.stringify(item.q)}: ${item.expect} ${where} (within ${within} wanted); first: ${top}`);
  }
}
console.log(`${passed} of ${set.length} queries find their page`);
await browser.close();
for (const f of failures) console.log(`FAIL: ${f}`);
process.exit(failures.length === 0 ? 0 : 1);
