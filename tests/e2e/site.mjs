// End-to-end browser check of a built norma site, run from file:// in headless
// Chromium (the system's, never a downloaded one):
//   a. search from the home page without accents ("afiliacion") and follow the
//      first result to its anchor (or page) that really talks about afiliación
//      (the relevance set is search.mjs);
//   b. axe-core (WCAG 2.0/2.1 A and AA, plus best practices), at 1280 and at
//      390 px wide, on the home page, a
//      unit page, the glossary, the manual page and the org chart page;
//   c. keyboard: the first Tab lands on the skip link, which is then visible;
//   d. a full-page PNG of every page visited;
//   e. with --versions (a site with mo-dir 3.1 and 3.2, see versioned.sh): axe
//      on cambios.html and on a superseded page, and the version switcher
//      following a renumbered function (3.1's f11a is 3.2's f12a) and leaving
//      a new one (3.2's f4) for the top of the page in 3.1;
//   f. no page scrolls sideways: every page of the site (and of each
//      --also-site, such as the stress project's) at 1280 and 390 px wide has
//      document.documentElement.scrollWidth <= innerWidth (a wide table or
//      chart scrolls inside its own box, never the page).
// Also fails on script errors, files that fail to load and any request that
// leaves the site (the site must work offline).
//
// Usage: node site.mjs [site folder, default public] [screenshot folder, default target/e2e-shots] [--versions] [--also-site DIR]...
// Environment: CHROMIUM=/path/to/chromium (default /usr/bin/chromium).
// Exit 0 when everything passes, 1 otherwise (one message per failure).

import { createRequire } from "node:module";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { executablePath, launchChromium } from "./chromium.mjs";

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve("axe-core/axe.min.js");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
const BLOCKING = new Set(["serious", "critical"]);

const site = path.resolve(process.argv[2] || "public");
const shots = path.resolve(process.argv[3] || "target/e2e-shots");
const versions = process.argv.includes("--versions");
// Other built sites whose every page is checked for sideways scrolling (f).
const alsoSites = process.argv
  .map((arg, i) => (arg === "--also-site" ? process.argv[i + 1] : null))
  .filter(Boolean)
  .map((dir) => path.resolve(dir));
// The widths of f: a laptop and a phone.
const WIDTHS = [1280, 390];

// Pages run through axe-core, relative to the site folder.
const PAGES = [
  { name: "home", file: "index.html" },
  { name: "unit", file: "mo-dir/3.1/7.3.1.1.html" },
  { name: "glossary", file: "glosario.html" },
  { name: "manual", file: "mo-dir/3.1/index.html" },
  { name: "orgchart", file: "mo-dir/3.1/organigrama.html" },
  { name: "procedure", file: "mp-afil/1.0/9210-003-202.html" },
  { name: "form", file: "cf-afil/1.0/9210-009-001.html" },
  { name: "guide", file: "gs-afil/1.0/9210-011-001.html" },
];

if (versions) {
  PAGES.push(
    { name: "changes", file: "mo-dir/3.2/cambios.html" },
    { name: "superseded", file: "mo-dir/3.1/7.3.1.1.html" },
  );
}

const failures = [];
function fail(message) {
  failures.push(message);
  console.log(`FAIL: ${message}`);
}
function ok(message) {
  console.log(`ok: ${message}`);
}

// Lower case, no accents: the same folding as the site's search.
function fold(text) {
  return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}

function urlOf(file) {
  return pathToFileURL(path.join(site, file)).href;
}

let shotCount = 0;
async function screenshot(page, name, fullPage = true) {
  shotCount += 1;
  const file = path.join(shots, `${String(shotCount).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file, fullPage });
  console.log(`   screenshot ${file}`);
}

// Opens a page and watches it for script errors, console errors, resources
// that fail to load and any request that is not to a local file.
async function openPage(context, label) {
  const page = await context.newPage();
  page.on("pageerror", (err) => fail(`${label()}: script error: ${err.message}`));
  page.on("console", (msg) => {
    // "Failed to load resource" repeats a requestfailed event, without the URL.
    if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource")) {
      fail(`${label()}: console error: ${msg.text()}`);
    }
  });
  page.on("requestfailed", (req) =>
    fail(`${label()}: failed to load ${req.url()} (${req.failure()?.errorText ?? "unknown error"})`),
  );
  page.on("request", (req) => {
    const url = req.url();
    if (!url.startsWith("file:") && !url.startsWith("data:") && !url.startsWith("blob:")) {
      fail(`${label()}: request leaves the site (must work offline): ${url}`);
    }
  });
  return page;
}

// e. The version switcher: open `from` at its anchor, open the switcher, follow
// the link to the other version, and land on `expected` (a file and hash).
async function checkSwitcher(page, from, expected) {
  const [file, hash] = from.split("#");
  await page.goto(urlOf(file) + (hash ? `#${hash}` : ""));
  await page.click("nav.versions summary");
  await Promise.all([page.waitForNavigation(), page.click("nav.versions a[data-keep-hash]")]);
  const landed = decodeURI(page.url());
  if (landed.endsWith(expected)) {
    ok(`switcher: ${from} → ${expected}`);
  } else {
    fail(`switcher: ${from} should lead to ${expected}, but opened ${landed}`);
  }
}

// a. Search without accents, follow the first result to its function anchor.
// Returns the number of serious or critical axe violations on the results.
async function checkSearch(page) {
  console.log("\n== search: \"afiliacion\" from the home page");
  await page.goto(urlOf("index.html"));
  const input = page.locator("form.search.big #q");
  await input.click();
  await input.pressSequentially("afiliacion");
  await input.press("Enter");
  const links = page.locator("#search-results ol > li > a");
  try {
    await page.locator("#search-results").waitFor({ state: "visible" });
    await links.first().waitFor({ state: "visible" });
  } catch {
    const text = (await page.locator("#search-results").textContent().catch(() => "")) ?? "";
    fail(`search: no result link appeared in #search-results for "afiliacion" (section text: ${JSON.stringify(text.trim().slice(0, 200))})`);
    await screenshot(page, "home-search");
    return 0;
  }
  const count = await links.count();
  ok(`search: ${count} result link(s) for "afiliacion"`);
  await screenshot(page, "home-search");
  // The results list is built by script: check it too while it is shown.
  const blocking = await runAxe(page, "home with search results (index.html)");

  const first = links.first();
  const label = (await first.textContent())?.trim();
  const href = await first.getAttribute("href");
  console.log(`   first result: ${JSON.stringify(label)} → ${href}`);
  const before = page.url();
  await first.click();
  await page.waitForURL((u) => u.href !== before);
  await page.waitForLoadState("load");
  const url = page.url();
  // The result opens its own place: the element of its anchor, or (an entry,
  // a unit) the page whose title names it; either talks about afiliación.
  const hash = decodeURIComponent(new URL(url).hash.slice(1));
  const target = hash ? page.locator(`[id="${hash}"]`) : page.locator("main h1");
  if ((await target.count()) !== 1) {
    fail(`search: ${url}: expected exactly one ${hash ? `element with id "${hash}"` : "h1"}, found ${await target.count()}`);
  } else {
    const text = fold((await target.textContent()) ?? "");
    const word = text.split(/[^\p{L}\p{N}]+/u).find((w) => w.startsWith("afili"));
    if (word) {
      ok(`search: first result opened ${url.slice(url.indexOf(site) + site.length)}, which mentions "${word}"`);
    } else {
      fail(`search: ${url}: ${hash ? `#${hash}` : "its h1"} has no word starting with "afili": ${JSON.stringify(text.trim().slice(0, 200))}`);
    }
  }
  await screenshot(page, "search-target");
  return blocking;
}

// b. axe-core on one page (already loaded). Returns the number of serious or
// critical violations.
async function runAxe(page, name) {
  await page.addScriptTag({ path: AXE_PATH });
  const results = await page.evaluate(
    // preload: only media. The default also fetches every stylesheet with
    // XMLHttpRequest (for the experimental css-orientation-lock rule), which
    // file:// refuses, and that would read as a load failure of the site.
    (tags) =>
      window.axe.run(document, {
        runOnly: tags,
        preload: { assets: ["media"] },
      }),
    AXE_TAGS,
  );
  let blocking = 0;
  const passed = `${results.passes.length} rules passed`;
  if (results.violations.length === 0) {
    ok(`axe: ${name}: no violations, ${passed}`);
  } else {
    console.log(`axe: ${name}: ${results.violations.length} violation(s), ${passed}`);
  }
  if (results.incomplete.length > 0) {
    console.log(`   needs a human review: ${results.incomplete.map((r) => `${r.id} (${r.nodes.length} element(s))`).join(", ")}`);
  }
  for (const v of results.violations) {
    const impact = v.impact ?? "unknown";
    const line = `axe: ${name}: [${impact}] ${v.id}: ${v.help} (${v.nodes.length} element(s)) ${v.helpUrl}`;
    if (BLOCKING.has(impact)) {
      blocking += 1;
      fail(line);
    } else {
      console.log(`warn: ${line}`);
    }
    for (const node of v.nodes) {
      console.log(`      ${node.target.join(" ")}`);
      const summary = node.failureSummary?.split("\n").slice(1).join("; ").trim();
      if (summary) console.log(`        ${summary}`);
    }
  }
  return blocking;
}

// Every HTML page of a site folder, relative to it, but the manuals' folder
// pages that only redirect to a version (meta refresh).
function sitePages(dir, sub = "") {
  const pages = [];
  for (const entry of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
    const rel = sub ? `${sub}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (entry.name !== "static") pages.push(...sitePages(dir, rel));
    } else if (entry.name.endsWith(".html")) {
      const head = readFileSync(path.join(dir, rel), "utf8").slice(0, 1000);
      if (!head.includes('http-equiv="refresh"')) pages.push(rel);
    }
  }
  return pages.sort();
}

// f. No page of the site at `dir` scrolls sideways at any of WIDTHS.
async function checkWidths(browser, dir) {
  const pages = sitePages(dir);
  console.log(`\n== no sideways scrolling: ${pages.length} pages of ${dir} at ${WIDTHS.join(" and ")} px`);
  for (const width of WIDTHS) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: "es-MX" });
    let current = "";
    const page = await openPage(context, () => `width ${width}: ${current}`);
    let wide = 0;
    for (const file of pages) {
      current = file;
      await page.goto(pathToFileURL(path.join(dir, file)).href);
      const { scroll, inner, culprit } = await page.evaluate(() => {
        const inner = window.innerWidth;
        // The outermost element that reaches past the right edge, to say why.
        let culprit = "";
        for (const el of document.body.querySelectorAll("*")) {
          if (el.getBoundingClientRect().right > inner + 0.5) {
            culprit = el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "");
            break;
          }
        }
        return { scroll: document.documentElement.scrollWidth, inner, culprit };
      });
      if (scroll > inner) {
        wide += 1;
        fail(`width ${width}: ${path.relative(site, path.join(dir, file)) || file} scrolls sideways: scrollWidth ${scroll} > innerWidth ${inner} (first element past the edge: ${culprit || "?"})`);
      }
    }
    if (wide === 0) ok(`width ${width}: none of the ${pages.length} pages scrolls sideways`);
    await context.close();
  }
}

// c. First Tab on the home page: the skip link, visible in the viewport.
async function checkSkipLink(page) {
  console.log("\n== keyboard: skip link on the home page");
  await page.goto(urlOf("index.html"));
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      cls: el.className,
      text: (el.textContent || "").trim(),
      isSkip: el.matches("a.skip"),
      box: { x: r.left, y: r.top, width: r.width, height: r.height },
      viewport: { width: window.innerWidth, height: window.innerHeight },
      hidden: style.visibility === "hidden" || style.display === "none" || Number(style.opacity) === 0,
    };
  });
  if (!focused) {
    fail("keyboard: after one Tab on the home page nothing has focus");
    return;
  }
  if (!focused.isSkip) {
    fail(`keyboard: after one Tab the focus should be on the skip link (a.skip), it is on <${focused.tag} class="${focused.cls}"> ${JSON.stringify(focused.text.slice(0, 80))}`);
    return;
  }
  const { box, viewport } = focused;
  const inside =
    box.width > 0 && box.height > 0 && box.x >= 0 && box.y >= 0 &&
    box.x + box.width <= viewport.width && box.y + box.height <= viewport.height;
  if (!inside || focused.hidden) {
    fail(`keyboard: the focused skip link is not visible: box ${JSON.stringify(box)} in a ${viewport.width}×${viewport.height} viewport${focused.hidden ? " (hidden by CSS)" : ""}`);
  } else {
    ok(`keyboard: first Tab focuses the skip link ${JSON.stringify(focused.text)}, visible at ${Math.round(box.x)},${Math.round(box.y)} (${Math.round(box.width)}×${Math.round(box.height)})`);
  }
  await screenshot(page, "home-skip-link-focused", false);
}

async function main() {
  if (!existsSync(path.join(site, "index.html"))) {
    console.log(`FAIL: no index.html in ${site}: build the site first (norma build) or pass its folder`);
    return 1;
  }
  if (!existsSync(executablePath)) {
    console.log(`FAIL: no Chromium at ${executablePath} (set CHROMIUM to its path)`);
    return 1;
  }
  mkdirSync(shots, { recursive: true });
  console.log(`site: ${site}\nscreenshots: ${shots}\nchromium: ${executablePath}\naxe-core: ${AXE_PATH}`);

  const browser = await launchChromium();
  let blocking = 0;
  let checked = 0;
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "es-MX" });
    context.setDefaultTimeout(30_000);
    context.setDefaultNavigationTimeout(30_000);
    let current = "search";
    const page = await openPage(context, () => current);

    blocking += await checkSearch(page);

    console.log("\n== axe-core: " + AXE_TAGS.join(", "));
    for (const p of PAGES) {
      current = p.name;
      const file = path.join(site, p.file);
      if (!existsSync(file)) {
        fail(`${p.name}: ${p.file} is missing from the site`);
        continue;
      }
      await page.goto(urlOf(p.file));
      blocking += await runAxe(page, `${p.name} (${p.file})`);
      checked += 1;
      await screenshot(page, p.name);
    }

    // The same pages on a phone: the layout changes there (the unit tree
    // folds, tables become cards), and what changes can fail on its own.
    console.log("\n== axe-core at 390 px: " + AXE_TAGS.join(", "));
    await page.setViewportSize({ width: 390, height: 800 });
    for (const p of PAGES) {
      current = `${p.name}@390`;
      if (!existsSync(path.join(site, p.file))) continue;
      await page.goto(urlOf(p.file));
      blocking += await runAxe(page, `${p.name} (${p.file}) at 390 px`);
      checked += 1;
      await screenshot(page, `${p.name}-390`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });

    current = "keyboard";
    await checkSkipLink(page);

    if (versions) {
      current = "switcher";
      console.log("\n== version switcher");
      await checkSwitcher(page, "mo-dir/3.1/7.3.1.1.html#f11a", "mo-dir/3.2/7.3.1.1.html#f12a");
      await checkSwitcher(page, "mo-dir/3.1/7.3.1.1.html#f2", "mo-dir/3.2/7.3.1.1.html#f2");
      await checkSwitcher(page, "mo-dir/3.2/7.3.1.1.html#f4", "mo-dir/3.1/7.3.1.1.html");
      await checkSwitcher(page, "mo-dir/3.2/7.3.1.1.html#f5", "mo-dir/3.1/7.3.1.1.html#f4");
    }
    await context.close();

    for (const dir of [site, ...alsoSites]) {
      if (!existsSync(path.join(dir, "index.html"))) {
        fail(`no index.html in ${dir}: build that site first`);
        continue;
      }
      await checkWidths(browser, dir);
    }
  } catch (err) {
    fail(`unexpected error: ${err?.stack ?? err}`);
  } finally {
    await browser.close();
  }

  console.log("");
  if (failures.length > 0) {
    console.log(`${failures.length} failure(s):`);
    for (const f of failures) console.log(`  - ${f.split("\n")[0]}`);
  }
  console.log(`e2e: ${checked} pages checked, ${blocking} serious/critical violations${failures.length ? `, ${failures.length} failure(s): FAILED` : ""}`);
  return failures.length > 0 ? 1 : 0;
}

process.exitCode = await main();
