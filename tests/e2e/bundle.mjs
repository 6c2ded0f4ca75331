// End-to-end check of an unpacked office bundle (norma package), opened from
// file:// in headless Chromium (the system's), as an office with no network
// would open it:
//   a. every page reachable from index.html is visited, then every other
//      page of the bundle (cambios.html, the redirects), and every link on
//      each leads to a file of the bundle and, with an anchor, to an element
//      with that id on the page it names (a link that leaves the bundle fails);
//   b. search works: a word typed on the home page gives results, and the
//      first result opens a page of the bundle;
//   c. with --expect TEXT, searching TEXT finds it; with --absent TEXT, no
//      result holds all its words (content meant for other offices; results
//      with some of them are marked partial);
//   d. the pages name the office the copy is for; a PNG of the home page and
//      of one unit page is kept.
// Also fails on script errors, files that fail to load and any request that
// is not to a local file.
//
// Usage: node bundle.mjs BUNDLE_FOLDER SHOTS [--expect TEXT] [--absent TEXT] [--office NAME]
// Environment: CHROMIUM=/path/to/chromium (default /usr/bin/chromium).

import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launchChromium } from "./chromium.mjs";

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const site = path.resolve(args[0] || ".");
const shots = path.resolve(args[1] || "target/e2e-bundle");
const expect = option("--expect");
const absent = option("--absent");
const office = option("--office");

const failures = [];
const fail = (m) => {
  failures.push(m);
  console.log(`FAIL: ${m}`);
};
const ok = (m) => console.log(`ok: ${m}`);
const urlOf = (file) => pathToFileURL(path.join(site, file)).href;

async function openPage(context, label) {
  const page = await context.newPage();
  page.on("pageerror", (err) => fail(`${label()}: script error: ${err.message}`));
  page.on("requestfailed", (req) => {
    const error = req.failure()?.errorText ?? "?";
    // A redirect page's navigation cut short by the next visit; whether its
    // target exists is checked on the files.
    if (error === "net::ERR_ABORTED" && req.isNavigationRequest()) return;
    fail(`${label()}: failed to load ${req.url()} (${error})`);
  });
  page.on("request", (req) => {
    const url = req.url();
    if (!url.startsWith("file:") && !url.startsWith("data:") && !url.startsWith("blob:")) {
      fail(`${label()}: request leaves the bundle (must work offline): ${url}`);
    }
  });
  return page;
}

// a. Visits every page reachable from index.html, then every other page of
// the bundle; returns how many pages were visited. Links and ids are read
// from each page's HTML as written (a redirect page is left at once, so its
// links are read from the file); the visit itself catches files that fail to
// load and script errors.
async function checkLinks(page, setLabel) {
  const root = pathToFileURL(site + path.sep).href;
  const queue = ["index.html"];
  const seen = new Set(queue);
  const ids = new Map(); // file → Set of ids
  const wanted = []; // [from, file, anchor]
  let links = 0;
  const everyPage = readdirSync(site, { recursive: true })
    .filter((f) => f.endsWith(".html"))
    .sort();
  let reachable = 0;
  const attribute = /\s(?:href|src|xlink:href)="([^"]*)"/g;
  const idAttribute = /\sid="([^"]*)"/g;
  const unescape = (v) => v.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#39;/g, "'");
  for (;;) {
    if (queue.length === 0) {
      reachable = reachable || seen.size;
      const rest = everyPage.find((f) => !seen.has(f));
      if (!rest) break;
      seen.add(rest);
      queue.push(rest);
    }
    const file = queue.shift();
    setLabel(file);
    const html = readFileSync(path.join(site, file), "utf8");
    await page.goto(urlOf(file), { waitUntil: "load" }).catch(() => {});
    // A redirect page: let it land (and load) before the next visit.
    if (/http-equiv="refresh"/i.test(html)) {
      await page.waitForURL((u) => u.href !== urlOf(file)).catch(() => fail(`${file}: the redirect does not leave the page`));
    }
    await page.waitForLoadState("load").catch(() => {});
    ids.set(file, new Set([...html.matchAll(idAttribute)].map((m) => unescape(m[1]))));
    const hrefs = [...html.matchAll(attribute)]
      .map((m) => unescape(m[1]))
      .filter((v) => !v.startsWith("data:") && !v.startsWith("javascript:"))
      .map((v) => new URL(v, urlOf(file)).href);
    // A redirect page names its target in <meta http-equiv="refresh">.
    for (const m of html.matchAll(/http-equiv="refresh" content="\d+;\s*url=([^"]*)"/gi)) {
      hrefs.push(new URL(unescape(m[1]), urlOf(file)).href);
    }
    for (const href of hrefs) {
      links += 1;
      if (!href.startsWith("file:")) {
        fail(`${file}: link leaves the bundle: ${href}`);
        continue;
      }
      const [address, anchor] = href.split("#");
      if (!address.startsWith(root)) {
        fail(`${file}: link outside the bundle folder: ${href}`);
        continue;
      }
      const target = path.relative(site, fileURLToPath(address)) || "index.html";
      if (!existsSync(path.join(site, target))) {
        fail(`${file}: link to a file the bundle lacks: ${target}`);
        continue;
      }
      if (anchor) wanted.push([file, target, decodeURIComponent(anchor)]);
      if (target.endsWith(".html") && !seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  for (const [from, target, anchor] of wanted) {
    if (!ids.get(target)?.has(anchor)) {
      fail(`${from}: link to ${target}#${anchor}, which has no element with that id`);
    }
  }
  ok(`links: ${seen.size} pages visited (${reachable} reachable from index.html), ${links} links checked, ${wanted.length} anchors`);
  return seen.size;
}

// b, c. Searches `query` from the home page; returns the result links' hrefs.
async function search(page, query) {
  await page.goto(urlOf("index.html"));
  const input = page.locator("form.search.big #q");
  await input.click();
  await input.fill("");
  await input.pressSequentially(query);
  await input.press("Enter");
  await page.locator("#search-results").waitFor({ state: "visible" });
  // The results box names the query it shows once the index has answered.
  await page.waitForFunction(
    (q) => document.getElementById("search-results").getAttribute("data-query") === q,
    query,
  );
  return page.locator("#search-results ol > li > a").evaluateAll((as) => as.map((a) => a.href));
}

async function main() {
  if (!existsSync(path.join(site, "index.html")) || !existsSync(path.join(site, "manifest.json"))) {
    console.log(`FAIL: ${site} is not an unpacked bundle (index.html and manifest.json)`);
    return 1;
  }
  mkdirSync(shots, { recursive: true });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "es-MX" });
    context.setDefaultTimeout(30_000);
    let current = "links";
    const page = await openPage(context, () => current);
    console.log(`bundle: ${site}`);
    await checkLinks(page, (f) => (current = f));

    current = "search";
    const results = await search(page, "afiliacion");
    if (results.length === 0) {
      fail('search: "afiliacion" found nothing');
    } else {
      ok(`search: "afiliacion" gave ${results.length} results`);
      await page.locator("#search-results ol > li > a").first().click();
      await page.waitForLoadState("load");
      const landed = page.url();
      if (!landed.startsWith(pathToFileURL(site).href)) fail(`search: first result left the bundle: ${landed}`);
      else ok(`search: first result opened ${path.relative(site, fileURLToPath(landed.split("#")[0]))}`);
    }
    if (expect) {
      const found = await search(page, expect);
      if (found.length === 0) fail(`search: "${expect}" should be found in this bundle`);
      else ok(`search: "${expect}" found (${found.length})`);
    }
    if (absent) {
      // No result holds every word: none at all, or only results holding
      // some of them, which the results box marks as partial.
      const found = await search(page, absent);
      const partial = await page.locator("#search-results").getAttribute("data-partial");
      if (found.length > 0 && partial !== "true") fail(`search: "${absent}" should not be in this bundle, found ${found.join(", ")}`);
      else ok(`search: "${absent}" is not in this bundle (${found.length} results with some of its words)`);
    }

    current = "office";
    await page.goto(urlOf("index.html"));
    const footer = (await page.locator("footer").textContent()) ?? "";
    if (office && !footer.includes(office)) fail(`the home page does not name the office "${office}": ${footer.trim()}`);
    else if (office) ok(`the home page names the office: ${office}`);
    await page.screenshot({ path: path.join(shots, "bundle-home.png"), fullPage: true });
    await page.goto(urlOf("mo-dir/3.1/7.2.1.2.html"));
    await page.screenshot({ path: path.join(shots, "bundle-unit.png"), fullPage: true });
    await context.close();
  } catch (err) {
    fail(`unexpected error: ${err?.stack ?? err}`);
  } finally {
    await browser.close();
  }
  console.log(failures.length ? `bundle e2e: ${failures.length} failure(s): FAILED` : "bundle e2e: passed");
  return failures.length ? 1 : 0;
}

process.exitCode = await main();
