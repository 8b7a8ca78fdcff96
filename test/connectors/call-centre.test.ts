/**
 * Somebody else's data, end to end: the public call-centre CSV (5,000 calls,
 * January–March 2021; a BOM, CRLF, junk trailing columns, ratings of 0 where
 * the call was not answered) and a mapping.json are dropped into a fresh
 * DATA_DIR; the bot answers through the whole command path, and every figure
 * is checked against an independent computation made here from the raw CSV
 * with plain code.
 */
import { spawn } from "node:child_process";
import { copyFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answer, type Engine } from "../../src/commands/answer.ts";
import { fixedClock } from "../../src/clock.ts";
import { loadConfig } from "../../src/config.ts";
import { createEngine } from "../../src/engine.ts";
import { silentLogger } from "../../src/log.ts";
import { renderSlack } from "../../src/render/slack.ts";
import { renderTeams } from "../../src/render/teams.ts";
import { renderText } from "../../src/render/text.ts";
import type { MetricReport } from "../../src/report.ts";
import { CALL_CENTRE_CSV, tempDir } from "./support.ts";

const MAPPING = fileURLToPath(new URL("../fixtures/call-centre/mapping.json", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** Thursday 15 April 2021, midnight UTC: after the quarter, so nothing is "so far". */
const NOW = new Date("2021-04-15T00:00:00Z");

// ---- the independent computation: plain parsing of the raw file ------------------------

interface Call {
  agent: string;
  month: number;
  answered: boolean;
  speed: number | null;
  talk: number | null;
  rating: number;
}

async function readCalls(): Promise<Call[]> {
  const text = (await readFile(CALL_CENTRE_CSV, "utf8")).replace(/^\uFEFF/, "");
  const [header, ...lines] = text.split(/\r?\n/).filter((l) => l !== "");
  const cols = header!.split(",");
  const at = (name: string) => cols.indexOf(name);
  return lines.map((line) => {
    const v = line.split(",");
    const [, month] = v[at("Date")]!.split("/").map(Number) as [number, number, number];
    const talk = v[at("AvgTalkDuration")]!;
    const [h, m, s] = talk.split(":").map(Number) as [number, number, number];
    return {
      agent: v[at("Agent")]!,
      month,
      answered: v[at("Answered (Y/N)")] === "Y",
      speed: v[at("Speed of answer in seconds")] === "" ? null : Number(v[at("Speed of answer in seconds")]),
      talk: talk === "" ? null : h * 3600 + m * 60 + s,
      rating: Number(v[at("Satisfaction rating")]),
    };
  });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

// ---- the bot ------------------------------------------------------------------------------

let dir: { path: string; dispose: () => Promise<void> };
let engine: Engine;
let calls: Call[];

beforeAll(async () => {
  dir = await tempDir("cs-callcentre-");
  await copyFile(CALL_CENTRE_CSV, join(dir.path, "call-centre-2021q1.csv"));
  await copyFile(MAPPING, join(dir.path, "mapping.json"));
  engine = await createEngine(loadConfig({ DATA_DIR: dir.path, BOT_TIMEZONE: "UTC" }), { clock: fixedClock(NOW), log: silentLogger });
  calls = await readCalls();
});
afterAll(async () => {
  await engine?.connector.close?.();
  await dir?.dispose();
});

async function metric(question: string): Promise<MetricReport> {
  const r = await answer(question, engine);
  if (r.kind !== "metric") throw new Error(`${question}: ${JSON.stringify(r)}`);
  return r;
}

describe("the call-centre export (January–March 2021) with its mapping", () => {
  it("reads 5,000 calls, and 4,054 survey answers after skipping the 946 ratings of 0 as out of the 1–5 scale", async () => {
    expect(calls).toHaveLength(5000);
    const zeros = calls.filter((c) => c.rating === 0).length;
    expect(zeros).toBe(946);
    const r = await answer("sources", engine);
    expect(r.kind).toBe("sources");
    if (r.kind !== "sources") return;
    const byId = Object.fromEntries(r.datasets.map((d) => [d.dataset, d]));
    expect(byId.calls).toMatchObject({ source: "call-centre-2021q1.csv", rows: 5000, skipped: [] });
    expect(byId.surveys).toMatchObject({ source: "call-centre-2021q1.csv", rows: 5000 - zeros, skipped: [{ reason: "score out of range", count: zeros }] });
    expect(byId.calls!.firstAt?.toISOString()).toBe("2021-01-01T09:12:58.000Z");
    expect(byId.tickets).toMatchObject({ source: null, rows: 0 });
    const text = renderText(r).replace(dir.path, "<DATA_DIR>");
    expect(text).toContain("4,054 rows used; 946 skipped: score out of range 946");
    await expect(text).toMatchFileSnapshot("../render/__snapshots__/sources-call-centre.txt");
  });

  it("gives the average speed of answer for 2021-Q1 as the mean wait of the answered calls", async () => {
    const waits = calls.filter((c) => c.answered).map((c) => c.speed!);
    const r = await metric("asa 2021-Q1");
    expect(r.result?.n).toBe(waits.length);
    expect(r.result?.value).toBeCloseTo(mean(waits), 9);
    expect(renderText(r)).toContain("1 Jan – 31 Mar 2021 (UTC)");
  });

  it("gives the average handle time of January 2021 per agent as the mean talk time of each agent's answered calls", async () => {
    const january = calls.filter((c) => c.month === 1 && c.answered);
    const r = await metric("aht 2021-01 by agent");
    expect(r.result?.n).toBe(january.length);
    expect(r.result?.value).toBeCloseTo(mean(january.map((c) => c.talk!)), 9);
    const agents = [...new Set(january.map((c) => c.agent))];
    expect(r.breakdown?.rows).toHaveLength(agents.length);
    for (const row of r.breakdown!.rows) {
      const mine = january.filter((c) => c.agent === row.key).map((c) => c.talk!);
      expect(row.result?.n, row.key ?? "").toBe(mine.length);
      expect(row.result?.value, row.key ?? "").toBeCloseTo(mean(mine), 9);
    }
  });

  it("gives CSAT for 2021-Q1 as the share of ratings 4–5 among ratings 1–5, and the mean rating", async () => {
    const rated = calls.filter((c) => c.rating >= 1 && c.rating <= 5).map((c) => c.rating);
    const csat = await metric("csat 2021-Q1");
    expect(csat.result?.n).toBe(rated.length);
    expect(csat.result?.value).toBeCloseTo((rated.filter((x) => x >= 4).length / rated.length) * 100, 9);
    const score = await metric("csat_score 2021-Q1");
    expect(score.result?.value).toBeCloseTo(mean(rated), 9);
    expect(score.result?.scale).toEqual({ min: 1, max: 5 });
  });

  it("shows the 2021-Q1 mean rating 3.404 as 3.40 / 5 with two decimals of its interval (3.366–3.441 → 3.37–3.44), alike in text, Slack and Teams", async () => {
    const rated = calls.filter((c) => c.rating >= 1 && c.rating <= 5).map((c) => c.rating);
    const m = mean(rated);
    const sd = Math.sqrt(rated.reduce((a, x) => a + (x - m) ** 2, 0) / (rated.length - 1));
    const half = (1.9605 * sd) / Math.sqrt(rated.length); // t(0.975, 4053)
    const interval = `${(m - half).toFixed(2)}–${(m + half).toFixed(2)}`;
    expect(interval).toBe("3.37–3.44");
    const score = await metric("csat_score 2021-Q1");
    expect(score.result?.n).toBe(4054);
    expect(renderText(score)).toContain(`3.40 / 5   n = 4,054 · 95% interval ${interval}`);
    const slack = JSON.stringify(renderSlack(score));
    expect(slack).toContain("*3.40 / 5*");
    expect(slack).toContain(interval);
    const teams = JSON.stringify(renderTeams(score));
    expect(teams).toContain('"text":"3.40 / 5"');
    expect(teams).toContain(interval);
  });

  it("gives the February 2021 figures per month, compared with January", async () => {
    const feb = calls.filter((c) => c.month === 2 && c.answered).map((c) => c.speed!);
    const jan = calls.filter((c) => c.month === 1 && c.answered).map((c) => c.speed!);
    const r = await metric("asa 2021-02");
    expect(r.result?.value).toBeCloseTo(mean(feb), 9);
    expect(r.comparison.result?.value).toBeCloseTo(mean(jan), 9);
    const blocked = await metric("blockage 2021-02");
    expect(blocked.result).toMatchObject({ value: 0, n: calls.filter((c) => c.month === 2).length });
  });

  it("answers `npm run ask` from a DATA_DIR holding the CSV and the mapping, with the same figure", async () => {
    const waits = calls.filter((c) => c.answered).map((c) => c.speed!);
    const seconds = Math.round(mean(waits));
    const out = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", "adapters/console/ask.ts", "--now", NOW.toISOString(), "asa 2021-Q1"], {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: dir.path, BOT_TIMEZONE: "UTC", LOG_LEVEL: "error", DATA_URL: "" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, stdout }));
    });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`${Math.floor(seconds / 60)} min ${seconds % 60} s   n = ${waits.length.toLocaleString("en-US")}`);
  }, 30_000);
});
