// `norma serve` in headless Chromium: a page served while a unit file is
// broken shows the overlay naming the file and line; fixing the file removes
// the overlay and the page reloads with the new wording, without the reader
// touching it; then the search finds the new wording. Screenshots of both
// states.
//
// Usage: node serve.mjs URL UNIT_FILE SHOTS
//   URL        a unit's page on a running `norma serve`
//   UNIT_FILE  that unit's YAML file (it is broken, then fixed, then restored)
//   SHOTS      where the PNGs go
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { launchChromium } from "./chromium.mjs";

const [url, unitFile, shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const original = readFileSync(unitFile, "utf8");
let failures = 0;
const fail = (m) => { failures += 1; console.log(`FAIL: ${m}`); };
const ok = (m) => console.log(`ok: ${m}`);

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  page.on("pageerror", (e) => fail(`script error: ${e.message}`));
  await page.goto(url);
  await page.waitForFunction(() => typeof EventSource !== "undefined");
  await page.waitForTimeout(300);

  // A broken save: an unknown field.
  writeFileSync(unitFile, original.replace(/^name:/m, "responsable: X\nname:"));
  const overlay = await page.waitForSelector("#norma-overlay", { timeout: 10000 }).catch(() => null);
  if (!overlay) {
    fail("no overlay after a broken save");
  } else {
    const text = await overlay.innerText();
    const where = path.basename(unitFile);
    if (text.includes(where) && /:\d+:\d+/.test(text) && text.includes("responsable")) {
      ok(`overlay names ${where}, its line and the field`);
    } else {
      fail(`the overlay does not name the file, line and field:\n${text}`);
    }
    await page.screenshot({ path: path.join(shots, "serve-overlay.png") });
  }

  // The fix, with new wording: the overlay goes and the page reloads by itself.
  const fixed = original.replace(/^name: (.*)$/m, "name: $1 (vista previa)");
  const reloaded = page.waitForEvent("load", { timeout: 10000 }).catch(() => null);
  writeFileSync(unitFile, fixed);
  await reloaded;
  await page.waitForTimeout(300);
  const gone = (await page.$("#norma-overlay")) === null;
  const heading = await page.innerText("h1");
  if (gone && heading.includes("(vista previa)")) {
    ok(`fixed: no overlay, the page reloaded with "${heading.trim()}"`);
  } else {
    fail(`after the fix: overlay ${gone ? "gone" : "still there"}, heading "${heading}"`);
  }
  await page.screenshot({ path: path.join(shots, "serve-fixed.png") });

  // The search index, rebuilt after the pages, finds the new wording without
  // a reload: the page is told and the next query loads the new files.
  let found = false;
  for (let round = 0; round < 20 && !found; round++) {
    await page.fill("#q", "vista previa");
    await page.press("#q", "Enter");
    await page.waitForFunction(
      () => document.getElementById("search-results")?.getAttribute("data-query") === "vista previa",
      null,
      { timeout: 10000 },
    ).catch(() => null);
    const titles = await page.$$eval("#search-results ol > li > a", (as) => as.map((a) => a.textContent));
    found = titles.some((t) => t.includes("(vista previa)"));
    if (!found) await page.waitForTimeout(500);
  }
  if (found) ok('search finds the new wording "(vista previa)" without a reload');
  else fail('search did not find the new wording "(vista previa)" within 10 s');
} finally {
  writeFileSync(unitFile, original);
  await browser.close();
}
process.exitCode = failures ? 1 : 0;
