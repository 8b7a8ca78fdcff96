/**
 * The console as a person uses it: `npm run ask` as a real process with its
 * exit codes, and the interactive prompt fed line by line on stdin.
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ensureSampleData } from "../../src/connectors/duckdb/sample.ts";
import { ran, type Run } from "../support/process.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Runs the app as a process on a fresh, empty DATA_DIR of its own (the sample data is written there), removed afterwards. */
async function run(script: string, args: string[], input?: string, env: Record<string, string> = {}): Promise<Run> {
  const dataDir = await mkdtemp(join(tmpdir(), "cs-console-"));
  try {
    return await runIn(dataDir, script, args, input, env);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** tsx's loader, so that a process started in another folder still runs TypeScript. */
const TSX = pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href;

function runIn(dataDir: string, script: string, args: string[], input?: string, env: Record<string, string> = {}, cwd = ROOT): Promise<Run> {
  const child = spawn(process.execPath, ["--import", TSX, join(ROOT, script), ...args], {
    cwd,
    env: { ...process.env, LOG_LEVEL: "error", DATA_DIR: dataDir, DATA_URL: "", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const done = ran(child);
  if (input !== undefined) child.stdin.end(input);
  else child.stdin.end();
  return done;
}

const ask = (...args: string[]) => run("adapters/console/ask.ts", args);

// Each run writes the sample data into its own fresh DATA_DIR first (a few seconds).
describe("npm run ask", { timeout: 60_000 }, () => {
  it("answers `csat last-month` at a given instant and exits 0, on sample data it keeps out of DATA_DIR", async () => {
    const r = await withDataDir({}, async (dir) => {
      const answered = await runIn(dir, "adapters/console/ask.ts", ["--now", "2026-11-22T14:05:00Z", "csat last-month"]);
      expect(await readdir(dir)).toEqual([]);
      return answered;
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Customer satisfaction (CSAT) — last-month");
    expect(r.stdout).toContain("1 Oct – 31 Oct 2026 (UTC)");
    expect(r.stdout).toMatch(/\d+\.\d%   n = [\d,]+ · 95% interval/);
  });

  it("gives the same answer twice for the same --now", async () => {
    const [a, b] = await Promise.all([ask("--now", "2026-11-22T14:05:00Z", "nps last-week by channel"), ask("--now", "2026-11-22T14:05:00Z", "nps last-week by channel")]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it("resolves periods in BOT_TIMEZONE", async () => {
    const r = await run("adapters/console/ask.ts", ["--now", "2026-11-22T14:05:00Z", "ticket_volume yesterday"], undefined, { BOT_TIMEZONE: "Pacific/Auckland" });
    expect(r.code).toBe(0);
    // 14:05 UTC on 22 November is 03:05 on 23 November in Auckland, so yesterday is the 22nd there.
    expect(r.stdout).toContain("Sun 22 Nov 2026 (Pacific/Auckland)");
  });

  it("answers a typo with a did-you-mean and exits 2", async () => {
    const r = await ask("--now", "2026-11-22T14:05:00Z", "csat lst-week");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("`lst-week` is not a period — did you mean `last-week`?");
    expect(r.stdout).toBe("");
  });

  it("exits 2 with the fix for a bad --now or a bad setting", async () => {
    const badNow = await ask("--now", "yesterday-ish", "csat last-week");
    expect(badNow.code).toBe(2);
    expect(badNow.stderr).toContain("is not an instant");
    const badZone = await run("adapters/console/ask.ts", ["csat last-week"], undefined, { BOT_TIMEZONE: "Mars/Olympus" });
    expect(badZone.code).toBe(2);
    expect(badZone.stderr).toContain("BOT_TIMEZONE (got `Mars/Olympus`) is not an IANA time zone");
  });
});

describe("npm run ask -- --format", { timeout: 120_000 }, () => {
  const NOW = "2026-11-24T09:00:00Z";

  it("prints the Slack message { text, blocks } and the Teams activity of a digest preview, writing nothing to DATA_DIR", async () => {
    await withDataDir({}, async (dir) => {
      const [slack, teams] = await Promise.all([
        runIn(dir, "adapters/console/ask.ts", ["--now", NOW, "--format", "slack", "digest preview daily 09:00 csat nps frt"]),
        runIn(dir, "adapters/console/ask.ts", ["--now", NOW, "--format", "teams", "digest preview daily 09:00 csat nps frt"]),
      ]);
      expect(slack.code).toBe(0);
      const message = JSON.parse(slack.stdout) as { text: string; blocks: Array<{ type: string }> };
      expect(Object.keys(message)).toEqual(["text", "blocks"]);
      expect(message.text).toMatch(/^Digest preview — yesterday/);
      expect(message.blocks.length).toBeGreaterThan(0);
      // A daily digest compares Monday 23 November with the Monday before.
      expect(JSON.stringify(message.blocks)).toContain("Mon 23 Nov 2026 (UTC) · vs Mon 16 Nov 2026");
      expect(teams.code).toBe(0);
      const activity = JSON.parse(teams.stdout) as { type: string; attachments: Array<{ contentType: string; content: { type: string } }> };
      expect(activity.type).toBe("message");
      expect(activity.attachments[0]).toMatchObject({ contentType: "application/vnd.microsoft.card.adaptive", content: { type: "AdaptiveCard" } });
      expect(JSON.stringify(activity)).toContain("Customer satisfaction (CSAT)");
      expect(await readdir(dir)).toEqual([]);
    });
  });

  it("previews a digest saved in the bot's store by its id, in text by default", async () => {
    await withDataDir({}, async (dir) => {
      const added = await runIn(dir, "adapters/console/ask.ts", ["digest add weekly mon 09:00 csat nps vs same-weekday"]);
      expect(added.code).toBe(0);
      const id = /Digest (d-[a-z0-9]+) added/.exec(added.stdout)?.[1];
      expect(id).toBeDefined();
      const shown = await runIn(dir, "adapters/console/ask.ts", ["--now", NOW, `digest preview ${id}`]);
      expect(shown.code).toBe(0);
      expect(shown.stdout).toContain(`Digest ${id} — last-week: Mon 16 Nov – Sun 22 Nov 2026 (UTC) · vs Mon 9 Nov – Sun 15 Nov 2026`);
      const missing = await runIn(dir, "adapters/console/ask.ts", ["--now", NOW, "digest preview d-zzz"]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain("There is no digest `d-zzz` here.\n`digest list` shows them all with their ids.");
    });
  });

  it("refuses an unknown format, naming the ones it takes", async () => {
    const r = await ask("--format", "html", "digest preview");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("`--format html` is not a format: use text, slack or teams.");
  });
});

describe("the interactive console", { timeout: 60_000 }, () => {
  it("greets with what to try, answers each line, keeps going after a mistake, and leaves on quit", async () => {
    const r = await run("src/main.ts", [], "csat last-week\ncsta last-week\n\nhelp\nfrt yesterday by channel\nquit\n");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Try:  csat last-week");
    expect(r.stdout).toContain("Customer satisfaction (CSAT) — last-week");
    expect(r.stdout).toContain("`csta` is not a metric — did you mean `csat`?");
    expect(r.stdout).toContain("Metrics:");
    expect(r.stdout).toContain("By channel:");
    expect(r.stdout.trimEnd().endsWith("Bye.")).toBe(true);
  });

  it("leaves cleanly when the input ends (Ctrl-D)", async () => {
    const r = await run("src/main.ts", [], "nps last-month\n");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Net Promoter Score — last-month");
  });
});

/** A DATA_DIR of its own holding `files`, removed afterwards. */
async function withDataDir<T>(files: Record<string, string>, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "cs-console-"));
  try {
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Nine usable CSAT answers in November 2026 (eight of them 4 or 5 on 1–5) and one with no scale_max. */
const SURVEYS = [
  "id,kind,score,scale_min,scale_max,submitted_at,channel",
  ...[5, 5, 4, 5, 4, 5, 5, 4, 2].map((score, i) => `s${i + 1},csat,${score},1,5,2026-11-${String(i + 2).padStart(2, "0")}T10:00:00Z,email`),
  "s10,csat,1,1,,2026-11-11T10:00:00Z,email",
].join("\n");

describe("one bad file, one bad row", { timeout: 60_000 }, () => {
  it("answers csat 88.9 % beside an empty tickets.csv, skipping and counting the answer without a scale", async () => {
    await withDataDir({ "tickets.csv": "", "surveys.csv": SURVEYS }, async (dir) => {
      const csat = await runIn(dir, "adapters/console/ask.ts", ["--now", "2026-11-22T14:05:00Z", "csat 2026-11"]);
      expect(csat.code).toBe(0);
      // 8 positive of the 9 usable answers; counting the tenth would give 8 of 10 = 80.0 %.
      expect(csat.stdout).toContain("88.9%   n = 9");
      const sources = await runIn(dir, "adapters/console/ask.ts", ["--now", "2026-11-22T14:05:00Z", "sources"]);
      expect(sources.code).toBe(0);
      expect(sources.stdout).toContain("surveys — one survey answer\n  from surveys.csv\n  9 rows used; 1 skipped: missing scale_max 1");
      expect(sources.stdout).toContain("tickets — a support request\n  from tickets.csv\n  ⚠ tickets.csv could not be read: the file is empty (0 bytes).");
      const tickets = await runIn(dir, "adapters/console/ask.ts", ["--now", "2026-11-22T14:05:00Z", "ticket_volume 2026-11"]);
      expect(tickets.code).toBe(1);
      expect(tickets.stderr).toContain("tickets.csv could not be read: the file is empty (0 bytes).");
    });
  });

  it("starts the bot with the bad file, says what is wrong at start, and keeps bot.sqlite to its owner (mode 600)", async () => {
    await withDataDir({ "tickets.csv": "", "surveys.csv": SURVEYS }, async (dir) => {
      const r = await runIn(dir, "src/main.ts", [], "csat 2026-11\nquit\n", { LOG_LEVEL: "warn" });
      expect(r.code).toBe(0);
      const warnings = r.stderr
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as { level: string; message: string; dataset?: string });
      expect(warnings).toContainEqual(expect.objectContaining({ level: "warn", message: "tickets.csv could not be read: the file is empty (0 bytes).", dataset: "tickets" }));
      expect(r.stdout).toContain("Customer-service metrics, on your data");
      expect(r.stdout).toContain("Customer satisfaction (CSAT) — 2026-11");
      expect((await stat(join(dir, "bot.sqlite"))).mode & 0o777).toBe(0o600);
    });
  });

  it("never writes into DATA_DIR for a question with --now when it holds sample data of another instant", { timeout: 120_000 }, async () => {
    await withDataDir({}, async (dir) => {
      // Sample data written for another instant (as `npm start` does at its now), then a question about an earlier one.
      await ensureSampleData(dir, new Date("2026-11-24T12:00:00Z"));
      const before = await Promise.all((await readdir(dir)).sort().map(async (n) => [n, (await stat(join(dir, n))).mtimeMs]));
      expect(before.map(([n]) => n)).toContain("surveys.parquet");
      const past = await runIn(dir, "adapters/console/ask.ts", ["--now", "2026-06-01T09:00:00Z", "csat last-month"]);
      expect(past.code).toBe(0);
      expect(past.stdout).toContain("1 May – 31 May 2026 (UTC)");
      const after = await Promise.all((await readdir(dir)).sort().map(async (n) => [n, (await stat(join(dir, n))).mtimeMs]));
      expect(after).toEqual(before);
    });
  });
});

describe("start-up problems", { timeout: 60_000 }, () => {
  const noStack = (r: Run) => expect(r.stderr).not.toMatch(/^\s+at /m);

  it("says in one line that DATABASE_URL cannot be reached, without its password", async () => {
    const r = await run("src/main.ts", [], "quit\n", { DATABASE_URL: "postgres://bot:s3cretPassw0rd@127.0.0.1:1/state" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Cannot open the bot's database at 127.0.0.1:1/state (DATABASE_URL): connect ECONNREFUSED 127.0.0.1:1.");
    expect(r.stderr).not.toContain("s3cretPassw0rd");
    noStack(r);
  });

  it("refuses a DATA_URL that cannot be parsed, without repeating it", async () => {
    const r = await run("adapters/console/ask.ts", ["csat last-week"], undefined, { DATA_URL: "postgres://bot:p@ss/w0rd@db/x" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("DATA_URL is not a URL that can be read: percent-encode special characters");
    expect(r.stderr).not.toContain("w0rd");
    noStack(r);
  });

  it("says that .env is a folder instead of failing with a stack trace", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "cs-dotenv-"));
    try {
      await mkdir(join(cwd, ".env"));
      const r = await withDataDir({}, (dir) => runIn(dir, "adapters/console/ask.ts", ["csat last-week"], undefined, {}, cwd));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(".env is a folder, not a file of settings.");
      noStack(r);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
