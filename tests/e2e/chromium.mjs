// The one way the end-to-end scripts start Chromium: the system's (never a
// downloaded one), headless, with no background network (this machine and
// CI have none, and the pages must not need it).
// Environment: CHROMIUM=/path/to/chromium (default /usr/bin/chromium).

import { chromium } from "playwright-core";

export const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

export function launchChromium() {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
