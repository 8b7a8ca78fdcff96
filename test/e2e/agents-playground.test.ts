/**
 * End to end in Microsoft 365 Agents Playground, Microsoft's local Teams
 * client (npm `@microsoft/m365agentsplayground`), in headless Chromium: the
 * bot runs as `src/main.ts serve` (Teams unauthenticated, local use), the
 * Playground sends it activities with its own mock connector as serviceUrl,
 * and shows in its chat page whatever the bot posts there — answers and
 * proactive digests and alerts alike.
 *
 * What a person does, as a person does it: asks `csat last-week by channel`,
 * clicks *By agent* (the card is replaced in place), adds a digest and an
 * alert due in the next minute by typing the commands (as the Playground's
 * user, who is in BOT_ADMINS), waits for them, and clicks the alert's
 * Acknowledge (the card is redrawn saying who acknowledged).
 *
 * Checked on the page: every reply is one activity (one card, no text
 * bubble repeating it), each digest and alert arrives once — watched through
 * several dispatches and a sweep, since the Playground's connector accepts a
 * post without naming an activity id, which the outbox once took for a
 * failure —, each answer, digest and alert carries its chart as the
 * Playground draws it (or the fallback), the alert its buttons, and no card
 * shows a raw backtick. Then the store: each post delivered on its first
 * attempt, nothing left to send.
 *
 * Screenshots of each step are kept in test/artifacts/ (gitignored; or
 * PLAYGROUND_SCREENSHOT_DIR).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
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
const ARTIFACTS = process.env.PLAYGROUND_SCREENSHOT_DIR ?? join(ROOT, "test", "artifacts");
/** The Playground's own user (its default `currentUser`), made an admin so that it may add digests and alerts. */
const PLAYGROUND_USER = { id: "user-id-0", name: "Alex Wilber" };

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

/** One Adaptive Card on the page: its text, whether the Playground drew a chart in it, its buttons. */
interface CardView {
  text: string;
  /** Drawn charts: an <svg> (line, vertical bars) or a role="img" bar (horizontal bars). */
  charts: number;
  buttons: string[];
}

/** What the Playground's page shows: the cards and plain-text bubbles in the chat, and the lines of its log panel. */
interface ChatView {
  cards: CardView[];
  texts: string[];
  log: string[];
}

interface PageElement {
  textContent: string | null;
  parentElement: PageElement | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
}

function view(page: Page): Promise<ChatView> {
  return page.evaluate(() => {
    // Runs in the page; typed by hand, so the Node test code is not compiled against the DOM library.
    const document = (globalThis as unknown as { document: { querySelectorAll(selector: string): Iterable<PageElement> } }).document;
    const squash = (s: string | null) => (s ?? "").replace(/\s+/g, " ").trim();
    // Adaptive Cards (the SDK's root class); the plain-text bubbles are the Playground's output cards without one.
    const cards = [...document.querySelectorAll(".ac-adaptiveCard")].map((c) => ({
        text: squash(c.textContent),
        charts: [...c.querySelectorAll("svg, [role='img']")].length,
        buttons: [...c.querySelectorAll("button")].map((b) => squash(b.textContent)).filter(Boolean),
      }));
    const texts = [...document.querySelectorAll(".fai-OutputCard")].filter((c) => !c.querySelector(".ac-adaptiveCard")).map((c) => squash(c.textContent));
    // Log panel lines name the activity ("message 202") in a span of their own.
    const log = [...document.querySelectorAll("span")].filter((s) => /^[a-zA-Z]+ \d{3}$/.test(squash(s.textContent))).map((s) => squash(s.parentElement?.textContent ?? ""));
    return { cards, texts, log };
  });
}

const count = (items: string[], pattern: RegExp) => items.filter((item) => pattern.test(item)).length;
const cardsLike = (v: ChatView, pattern: RegExp) => v.cards.filter((c) => pattern.test(c.text));

/** Types a line into the Playground's compose box and sends it. */
async function say(page: Page, line: string): Promise<void> {
  const box = page.getByRole("textbox");
  await box.click();
  await page.keyboard.type(line);
  await page.keyboard.press("Enter");
}

/** "HH:MM" (UTC, the bot's zone here) of the first whole minute at least `leadMs` from now, and that instant. */
function nextMinute(leadMs: number): { hhmm: string; at: Date } {
  const at = new Date(Math.ceil((Date.now() + leadMs) / 60_000) * 60_000);
  return { hhmm: `${String(at.getUTCHours()).padStart(2, "0")}:${String(at.getUTCMinutes()).padStart(2, "0")}`, at };
}

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
    await mkdir(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    const page = openPage;
    if (page && failed) {
      // What the page showed when the test failed, for whoever reads the log.
      const shot = join(ARTIFACTS, "agents-playground-failed.png");
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
    "answers with one card a button replaces in place, shows a typed digest and alert once each with their charts, and redraws the alert on Acknowledge",
    async () => {
      const dataDir = join(dir, "data");
      const startedAt = Date.now();
      // Chromium starts while the bot writes its sample data.
      launching = launchChromium();
      bot = start(process.execPath, ["--import", "tsx", "src/main.ts", "serve"], {
        cwd: ROOT,
        env: { LOG_LEVEL: "info", PORT: "0", DATA_DIR: dataDir, TEAMS_AUTH: "off", BOT_ADMINS: PLAYGROUND_USER.id },
      });
      const botPort = await waitFor(
        "the bot's \"serving\" log line",
        () => {
          if (bot!.child.exitCode !== null) throw new Error(`the bot exited with ${bot!.child.exitCode}: ${bot!.output()}`);
          const serving = bot!.output().split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { message?: string; port?: number }).find((l) => l.message === "serving");
          return serving?.port;
        },
        // Writing the sample data takes a while on a busy machine.
        180_000,
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

      const page = await browser.newPage({ viewport: { width: 1280, height: 2400 } });
      openPage = page;
      await page.goto(`http://127.0.0.1:${playgroundPort}/`);
      // Opening the chat installs the bot there: it introduces itself with the help card.
      await waitFor("the help card", async () => (cardsLike(await view(page), /^Customer-service metrics/).length > 0 ? true : undefined), 30_000);

      // A question, typed as a person would; its card draws the trend and the breakdown.
      await say(page, "csat last-week by channel");
      const answerCard = /^Customer satisfaction \(CSAT\) · last-week/;
      const byChannel = await waitFor("the answer's card", async () => cardsLike(await view(page), answerCard).find((c) => c.text.includes("By channel")), 30_000);
      expect(byChannel.charts).toBeGreaterThanOrEqual(2);
      expect(byChannel.buttons).toEqual(expect.arrayContaining(["By agent", "Vs last year"]));
      await page.screenshot({ path: join(ARTIFACTS, "1-answer-by-channel.png"), fullPage: true });

      // By agent: the same card, replaced in place by the answer by agent.
      await page.getByRole("button", { name: "By agent" }).first().click();
      const byAgent = await waitFor("the card redrawn by agent", async () => cardsLike(await view(page), answerCard).find((c) => c.text.includes("By agent") && c.buttons.includes("By channel") && !c.buttons.includes("By agent")), 30_000);
      expect(byAgent.charts).toBeGreaterThanOrEqual(2);
      expect(cardsLike(await view(page), answerCard)).toHaveLength(1);
      await page.screenshot({ path: join(ARTIFACTS, "2-answer-by-agent.png"), fullPage: true });

      // A digest and an alert due in the next minute, typed as an admin would.
      const due = nextMinute(45_000);
      await say(page, `digest add daily ${due.hhmm} metrics csat,ticket_volume`);
      await waitFor("the digest's confirmation", async () => (cardsLike(await view(page), /^Digest d-\w+ added/).length > 0 ? true : undefined), 30_000);
      await say(page, `alert add csat < 100% over last-30-days check daily ${due.hhmm}`);
      await waitFor("the alert's confirmation", async () => (cardsLike(await view(page), /^Alert a-\w+ added/).length > 0 ? true : undefined), 30_000);

      store = await openSqliteStore(join(dataDir, "bot.sqlite"));
      const [digest] = await store.listDigests();
      const [rule] = await store.listAlertRules();
      expect(digest).toMatchObject({ schedule: { cron: `${due.at.getUTCMinutes()} ${due.at.getUTCHours()} * * *` }, metrics: ["csat", "ticket_volume"], createdBy: PLAYGROUND_USER.id });
      expect(rule).toMatchObject({ metric: "csat", condition: { kind: "threshold", op: "<", value: 100 } });

      const digestCard = new RegExp(`^Digest ${digest!.id} · yesterday`);
      const alertCard = new RegExp(`^FIRING · Customer satisfaction \\(CSAT\\) below 100\\.0%Alert ${rule!.id}`);
      await waitFor(
        "the digest's and the alert's cards",
        async () => {
          const v = await view(page);
          return cardsLike(v, digestCard).length > 0 && cardsLike(v, alertCard).length > 0 ? true : undefined;
        },
        due.at.getTime() - Date.now() + SWEEP_MS + 30_000,
        500,
      );
      const shownAfterMs = Date.now() - due.at.getTime();

      // Watch the chat through several dispatches and a sweep: no second copy comes.
      await page.waitForTimeout(WATCH_MS);
      const seen = await view(page);
      await page.screenshot({ path: join(ARTIFACTS, "3-digest-and-alert.png"), fullPage: true });

      const [digestShown] = cardsLike(seen, digestCard);
      const [alertShown] = cardsLike(seen, alertCard);
      const counts = {
        answer: { cards: cardsLike(seen, answerCard).length, asked: count(seen.log, /-> User Application message 200 csat last-week by channel$/) },
        digest: { cards: cardsLike(seen, digestCard).length },
        alert: { cards: cardsLike(seen, alertCard).length },
        // The bot's messages in the Playground's log: the help card, the answer, the two confirmations, the digest and the alert — one activity each.
        sent: count(seen.log, /User Application -> Microsoft 365 Agents Playground message 20\d/),
        // One activity per reply: no text bubble beside any card.
        texts: seen.texts.length,
        backticks: seen.cards.filter((c) => c.text.includes("`")).length,
      };
      console.info(`Agents Playground: shown ${Math.round(shownAfterMs / 1000)} s after they fell due, watched ${WATCH_MS / 1000} s more; whole test ${Math.round((Date.now() - startedAt) / 1000)} s; ${JSON.stringify(counts)}`);
      expect(counts).toEqual({
        answer: { cards: 1, asked: 1 },
        digest: { cards: 1 },
        alert: { cards: 1 },
        sent: 6,
        texts: 0,
        backticks: 0,
      });
      // The digest: a row per metric and the largest mover's trend drawn; the alert: its evidence drawn, and its buttons.
      expect(digestShown!.charts).toBeGreaterThanOrEqual(1);
      expect(digestShown!.buttons.filter((b) => b === "Details")).toHaveLength(2);
      expect(alertShown!.charts).toBeGreaterThanOrEqual(1);
      expect(alertShown!.buttons).toEqual(expect.arrayContaining(["Acknowledge", "Snooze 24h", "Mute rule"]));

      // Acknowledge: the alert's card is redrawn in place, saying who acknowledged it.
      await page.getByRole("button", { name: "Acknowledge" }).first().click();
      const acknowledged = await waitFor(
        "the alert redrawn as acknowledged",
        async () => cardsLike(await view(page), alertCard).find((c) => c.text.includes(`Acknowledged by ${PLAYGROUND_USER.name}`)),
        30_000,
      );
      expect(acknowledged.buttons).toEqual(expect.arrayContaining(["Acknowledge"]));
      expect(cardsLike(await view(page), alertCard)).toHaveLength(1);
      expect((await store.getAlertState(rule!.id))?.acknowledgedBy).toBe(PLAYGROUND_USER.id);
      await page.screenshot({ path: join(ARTIFACTS, "4-alert-acknowledged.png"), fullPage: true });

      // Delivered on the first attempt, and nothing left to send, now or later.
      const digestPost = await store.getOutbox(outboxId({ scheduleId: digest!.id, scheduledAt: due.at }, "post"));
      const firedAt = (await store.getAlertState(rule!.id))?.firedAt;
      const alertPost = firedAt ? await store.getOutbox(episodeFirstId(rule!.id, firedAt)) : null;
      const chat = digest!.destination.channel;
      expect(digestPost).toMatchObject({ status: "delivered", attempts: 1, lastError: null, delivered: { platform: "teams", channel: chat } });
      expect(alertPost).toMatchObject({ status: "delivered", attempts: 1, lastError: null, delivered: { platform: "teams", channel: chat } });
      expect(await store.dueOutbox(new Date(Date.now() + 7 * 24 * 3_600_000), 100)).toEqual([]);
      failed = false;
    },
    540_000,
  );
});
