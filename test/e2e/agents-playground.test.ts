/**
 * End to end in Microsoft 365 Agents Playground, Microsoft's local Teams
 * client (npm `@microsoft/m365agentsplayground`), in headless Chromium: the
 * bot runs as `src/main.ts serve` (Teams unauthenticated, local use), the
 * Playground sends it activities with its own mock connector as serviceUrl,
 * and shows in its chat page whatever the bot posts there — answers and
 * proactive digests and alerts alike.
 *
 * The bug this guards against: the Playground's connector accepts a post
 * without naming an activity id, which the outbox once took for a failure,
 * so every digest and alert was shown again on each retry.
 *
 * Each bot message carries a one-line `text` and an Adaptive Card; the
 * Playground draws them as two bubbles (the text, then the card). So "shown
 * once" is checked three ways: one card, one text bubble, and one activity
 * in the Playground's own log panel — after watching the page through
 * several dispatches and a sweep (with the old behaviour, each came twice
 * within 25 s). Then the store: each post delivered on its first attempt,
 * nothing left to send.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { episodeFirstId } from "../../src/schedule/scheduler.ts";
import { outboxId } from "../../src/schedule/payload.ts";
import { openSqliteStore } from "../../src/store/sqlite.ts";
import type { Store } from "../../src/store/store.ts";
import { describeWithBrowser, launchChromium } from "../support/browser.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PLAYGROUND_CLI = join(ROOT, "node_modules", "@microsoft", "m365agentsplayground", "cli.js");

/** The scheduler's sweep period (catch-up tick + dispatch); posts are also dispatched every 5 s. */
const SWEEP_MS = 30_000;
/** After the posts are delivered, the page is watched this long for a second copy: several dispatches and a sweep. */
const WATCH_MS = 31_000;

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(command: string, args: string[], opts: { cwd: string; env: Record<string, string> }): Started {
  const child = spawn(command, args, { cwd: opts.cwd, env: { PATH: process.env.PATH ?? "", ...opts.env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  return { child, output: () => output, exited };
}

/** Polls `probe` until it gives a value (not undefined), or fails after `timeoutMs` saying what it waited for. */
async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, everyMs = 250): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Stops a child: SIGTERM, then SIGKILL if it is still there after `graceMs`. */
async function stop(proc: Started | undefined, graceMs: number): Promise<number | null | undefined> {
  if (!proc || proc.child.exitCode !== null || proc.child.signalCode !== null) return proc?.child.exitCode;
  proc.child.kill("SIGTERM");
  const timer = setTimeout(() => proc.child.kill("SIGKILL"), graceMs);
  try {
    return await proc.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** What the Playground's page shows: the cards and plain-text bubbles in the chat, and the lines of its log panel. */
interface ChatView {
  cards: string[];
  texts: string[];
  log: string[];
}

interface PageElement {
  textContent: string | null;
  parentElement: PageElement | null;
  querySelector(selector: string): PageElement | null;
}

function view(page: Page): Promise<ChatView> {
  return page.evaluate(() => {
    // Runs in the page; typed by hand, so the Node test code is not compiled against the DOM library.
    const document = (globalThis as unknown as { document: { querySelectorAll(selector: string): Iterable<PageElement> } }).document;
    const squash = (s: string | null) => (s ?? "").replace(/\s+/g, " ").trim();
    // Adaptive Cards (the SDK's root class); the plain-text bubbles are the Playground's output cards without one.
    const cards = [...document.querySelectorAll(".ac-adaptiveCard")].map((c) => squash(c.textContent));
    const texts = [...document.querySelectorAll(".fai-OutputCard")].filter((c) => !c.querySelector(".ac-adaptiveCard")).map((c) => squash(c.textContent));
    // Log panel lines name the activity ("message 202") in a span of their own.
    const log = [...document.querySelectorAll("span")].filter((s) => /^[a-zA-Z]+ \d{3}$/.test(squash(s.textContent))).map((s) => squash(s.parentElement?.textContent ?? ""));
    return { cards, texts, log };
  });
}

const count = (items: string[], pattern: RegExp) => items.filter((item) => pattern.test(item)).length;

describeWithBrowser("the bot in Microsoft 365 Agents Playground", () => {
  let dir: string;
  let bot: Started | undefined;
  let playground: Started | undefined;
  let browser: Browser | undefined;
  let launching: Promise<Browser> | undefined;
  let store: Store | undefined;
  let openPage: Page | undefined;
  let failed = true;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "agents-playground-"));
  });

  afterAll(async () => {
    const page = openPage;
    if (page && failed) {
      // What the page showed when the test failed, for whoever reads the log.
      const shot = join(process.env.PLAYGROUND_SCREENSHOT_DIR ?? tmpdir(), "agents-playground-failed.png");
      await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
      console.error(`Agents Playground test failed; screenshot ${shot}; page ${JSON.stringify(await view(page).catch(() => null))}\nbot: ${bot?.output().slice(-4000)}\nplayground: ${playground?.output().slice(-2000)}`);
    }
    // A launch still under way when the test failed is waited for, so that its Chromium is closed too.
    browser ??= await launching?.catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await store?.close().catch(() => undefined);
    await Promise.all([stop(playground, 3_000), stop(bot, 12_000)]);
    await rm(dir, { recursive: true, force: true });
  });

  it(
    "answers a question with one card, and shows a digest and an alert that fall due exactly once each",
    async () => {
      const dataDir = join(dir, "data");
      const startedAt = Date.now();
      // Chromium starts while the bot writes its sample data.
      launching = launchChromium();
      bot = start(process.execPath, ["--import", "tsx", "src/main.ts", "serve"], { cwd: ROOT, env: { LOG_LEVEL: "info", PORT: "0", DATA_DIR: dataDir, TEAMS_AUTH: "off" } });
      const botPort = await waitFor(
        "the bot's \"serving\" log line",
        () => {
          if (bot!.child.exitCode !== null) throw new Error(`the bot exited with ${bot!.child.exitCode}: ${bot!.output()}`);
          const serving = bot!.output().split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { message?: string; port?: number }).find((l) => l.message === "serving");
          return serving?.port;
        },
        60_000,
      );
      browser = await launching;

      // The Playground on a free port of its own, pointed at the bot; no browser of its own, no telemetry, its files in the temp folder.
      playground = start(process.execPath, [PLAYGROUND_CLI, "start", "-e", `http://127.0.0.1:${botPort}/api/messages`, "-c", "msteams", "-p", "0", "--disable-telemetry"], {
        cwd: dir,
        env: { HOME: dir, TEAMSAPPTESTER_BROWSER: "none", M365_AGENTS_PLAYGROUND_LOGFILE: join(dir, "playground.log") },
      });
      const playgroundPort = await waitFor(
        "the Playground's \"Listening on\" line",
        () => {
          if (playground!.child.exitCode !== null) throw new Error(`the Playground exited with ${playground!.child.exitCode}: ${playground!.output()}`);
          const port = /Listening on (\d+)/.exec(playground!.output())?.[1];
          return port ? Number(port) : undefined;
        },
        30_000,
      );

      const page = await browser.newPage({ viewport: { width: 1280, height: 1800 } });
      openPage = page;
      await page.goto(`http://127.0.0.1:${playgroundPort}/`);
      // Opening the chat installs the bot there: it introduces itself with the help card.
      await waitFor("the help card", async () => (count((await view(page)).cards, /^Customer-service metrics/) > 0 ? true : undefined), 30_000);

      // A question, typed as a person would.
      const box = page.getByRole("textbox");
      await box.click();
      await page.keyboard.type("csat last-week");
      await page.keyboard.press("Enter");
      const answerCard = /^Customer satisfaction \(CSAT\) · last-week/;
      await waitFor("the answer's card", async () => (count((await view(page)).cards, answerCard) > 0 ? true : undefined), 30_000);

      // The conversation reference the bot saved, from the Playground's mock connector.
      store = await openSqliteStore(join(dataDir, "bot.sqlite"));
      const saved = await waitFor(
        "the Playground chat's conversation reference",
        async () => (await store!.listConversationReferences()).find((r) => (r.reference as { serviceUrl?: string }).serviceUrl?.includes(`:${playgroundPort}/`)),
        10_000,
      );
      const reference = saved.reference as { conversation: { tenantId?: string }; user: { id: string } };

      // A digest and an alert rule for this chat, daily at a minute that passed after they were created: the next sweep catches
      // that run up, once; the one after is tomorrow, so any second copy today is a duplicate.
      const now = Date.now();
      const dueAt = new Date(Math.floor((now - 2 * 60_000) / 60_000) * 60_000);
      const schedule = { cron: `${dueAt.getUTCMinutes()} ${dueAt.getUTCHours()} * * *`, timeZone: "UTC" };
      const destination = { platform: "teams" as const, workspace: reference.conversation.tenantId ?? "", channel: saved.conversationId };
      const createdAt = new Date(now - 10 * 60_000);
      await store.saveDigest({ id: "d-e2e", destination, schedule, metrics: ["csat", "ticket_volume"], period: "yesterday", paused: false, createdBy: reference.user.id, createdAt });
      await store.saveAlertRule({
        id: "a-e2e",
        destination,
        metric: "csat",
        condition: { kind: "threshold", op: "<", value: 100 },
        period: "last-30-days",
        filters: "",
        schedule,
        minN: 30,
        forChecks: 1,
        cooldownMs: 24 * 3_600_000,
        muted: false,
        createdBy: reference.user.id,
        createdAt,
      });

      const digestCard = /^Digest d-e2e — yesterday: .*Largest mover/;
      const alertCard = /^FIRING · alert a-e2e: Customer satisfaction \(CSAT\) is [\d.]+%, below 100\.0%/;
      await waitFor(
        "the digest's and the alert's cards",
        async () => {
          const { cards } = await view(page);
          return count(cards, digestCard) > 0 && count(cards, alertCard) > 0 ? true : undefined;
        },
        SWEEP_MS + 45_000,
        500,
      );
      const shownAfterMs = Date.now() - now;

      // Watch the chat through several dispatches and a sweep: no second copy comes.
      await page.waitForTimeout(WATCH_MS);
      const seen = await view(page);
      await page.screenshot({ path: join(process.env.PLAYGROUND_SCREENSHOT_DIR ?? dir, "agents-playground.png"), fullPage: true });

      const counts = {
        answer: {
          cards: count(seen.cards, answerCard),
          texts: count(seen.texts, /^Customer satisfaction \(CSAT\) last-week: [\d.]+%/),
          asked: count(seen.log, /-> User Application message 200 csat last-week$/),
          answered: count(seen.log, /User Application -> .* message 202 Customer satisfaction \(CSAT\) last-week:/),
        },
        digest: {
          cards: count(seen.cards, digestCard),
          texts: count(seen.texts, /^Digest d-e2e — yesterday: [^·]*\(UTC\)$/),
          posted: count(seen.log, /User Application -> .* message 202 Digest d-e2e — /),
        },
        alert: {
          cards: count(seen.cards, alertCard),
          texts: count(seen.texts, /^FIRING · alert a-e2e: Customer satisfaction \(CSAT\) is [\d.]+%, below 100\.0%$/),
          posted: count(seen.log, /User Application -> .* message 202 FIRING · alert a-e2e: /),
        },
      };
      console.info(`Agents Playground: shown ${Math.round(shownAfterMs / 1000)} s after the digest and alert were saved, watched ${WATCH_MS / 1000} s more; whole test ${Math.round((Date.now() - startedAt) / 1000)} s; ${JSON.stringify(counts)}`);
      expect(counts).toEqual({
        answer: { cards: 1, texts: 1, asked: 1, answered: 1 },
        digest: { cards: 1, texts: 1, posted: 1 },
        alert: { cards: 1, texts: 1, posted: 1 },
      });

      // Delivered on the first attempt, and nothing left to send, now or later.
      const digestPost = await store.getOutbox(outboxId({ scheduleId: "d-e2e", scheduledAt: dueAt }, "post"));
      const firedAt = (await store.getAlertState("a-e2e"))?.firedAt;
      const alertPost = firedAt ? await store.getOutbox(episodeFirstId("a-e2e", firedAt)) : null;
      expect(digestPost).toMatchObject({ status: "delivered", attempts: 1, lastError: null, delivered: { platform: "teams", channel: saved.conversationId } });
      expect(alertPost).toMatchObject({ status: "delivered", attempts: 1, lastError: null, delivered: { platform: "teams", channel: saved.conversationId } });
      expect(await store.dueOutbox(new Date(now + 7 * 24 * 3_600_000), 100)).toEqual([]);
      failed = false;
    },
    180_000,
  );
});
