/**
 * The console as a person uses it: `npm run ask` as a real process with its
 * exit codes, and the interactive prompt fed line by line on stdin.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the app as a process on a fresh, empty DATA_DIR of its own (the sample data is written there), removed afterwards. */
async function run(script: string, args: string[], input?: string, env: Record<string, string> = {}): Promise<Run> {
  const dataDir = await mkdtemp(join(tmpdir(), "cs-console-"));
  try {
    return await runIn(dataDir, script, args, input, env);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

function runIn(dataDir: string, script: string, args: string[], input?: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: "error", DATA_DIR: dataDir, DATA_URL: "", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

const ask = (...args: string[]) => run("adapters/console/ask.ts", args);

// Each run writes the sample data into its own fresh DATA_DIR first (a few seconds).
describe("npm run ask", { timeout: 60_000 }, () => {
  it("answers `csat last-month` at a given instant and exits 0", async () => {
    const r = await ask("--now", "2026-11-22T14:05:00Z", "csat last-month");
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
