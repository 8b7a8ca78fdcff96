/**
 * The browser gate for end-to-end tests. Suites that drive a web page use
 * `describeWithBrowser`: it registers them when Debian's Chromium is
 * installed at /usr/bin/chromium, and otherwise skips them with a message
 * saying how to install it — unless REQUIRE_BROWSER=1, which turns the skip
 * into a failure (CI, which installs Chromium first).
 *
 * Playwright's own browser downloads are not used: `launchChromium` starts
 * the system Chromium through playwright-core.
 *
 * @example
 * describeWithBrowser("the Agents Playground", () => {
 *   it("…", async () => { const browser = await launchChromium(); … });
 * });
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { describeWhen } from "./gate.ts";

export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Headless Chromium on a shared machine: no sandbox (root in CI), no GPU, nothing fetched in the background. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/** `describe(name, …)` when Chromium is installed; a clear skip (or, with REQUIRE_BROWSER=1, a failure) when not. */
export function describeWithBrowser(name: string, suite: () => void): void {
  describeWhen(
    name,
    {
      what: "Chromium",
      missing: existsSync(CHROMIUM_PATH) ? undefined : `Chromium is not installed at ${CHROMIUM_PATH}`,
      require: "REQUIRE_BROWSER",
      fix: "Install it (apt-get install -y --no-install-recommends chromium)",
    },
    suite,
  );
}
