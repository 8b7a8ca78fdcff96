/** createEngine picks the connector the configuration asks for. */
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { answer } from "../src/commands/answer.ts";
import { fixedClock } from "../src/clock.ts";
import { loadConfig } from "../src/config.ts";
import { createEngine } from "../src/engine.ts";
import { createLogger, silentLogger } from "../src/log.ts";
import { renderText } from "../src/render/text.ts";
import { startFakeZendesk } from "./fakes/zendesk.ts";
import { tempDir } from "./connectors/support.ts";
import { NOW } from "./helpers.ts";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  // Every cleanup runs (last registered first), even when one fails.
  const failures: unknown[] = [];
  while (cleanups.length > 0) await cleanups.pop()!().catch((e: unknown) => failures.push(e));
  if (failures.length > 0) throw failures[0];
});

async function dataDir(files: Record<string, string>): Promise<string> {
  const dir = await tempDir("cs-engine-");
  cleanups.push(dir.dispose);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir.path, name), text);
  return dir.path;
}

const deps = { clock: fixedClock(NOW), log: silentLogger };

describe("createEngine", () => {
  it("reads DATA_DIR with DuckDB when DATA_URL is not set", async () => {
    const dir = await dataDir({ "tickets.csv": "id,created_at,channel,is_complaint\nt1,2026-11-10T09:00:00Z,email,false\n" });
    const engine = await createEngine(loadConfig({ DATA_DIR: dir }), deps);
    cleanups.push(async () => engine.connector.close?.());
    expect(engine.connector.name).toBe("duckdb");
    const r = await answer("ticket_volume last-week", engine);
    expect(r).toMatchObject({ kind: "metric", result: { value: 1 } });
  });

  it("reads Postgres when DATA_URL is set, and an unreachable one answers that the source is unavailable", async () => {
    const dir = await dataDir({ "mapping.json": JSON.stringify({ tables: { tickets: "helpdesk.tickets" } }) });
    const engine = await createEngine(loadConfig({ DATA_DIR: dir, DATA_URL: "postgres://bot:secret@127.0.0.1:1/support", DATA_STATEMENT_TIMEOUT_MS: "2500" }), deps);
    cleanups.push(async () => engine.connector.close?.());
    expect(engine.connector).toMatchObject({ name: "postgres", description: "Postgres at 127.0.0.1:1/support" });
    const r = await answer("ticket_volume last-week", engine);
    expect(r).toMatchObject({ kind: "error", cause: "source" });
    expect(JSON.stringify(r)).not.toContain("secret");
  });

  it("with a help desk configured: no sample data, the synced store attached, syncing now and on SYNC_CRON until stopped", async () => {
    const zd = await startFakeZendesk({ auth: { email: "lead@acme.com", token: "t" } });
    cleanups.push(() => zd.close());
    const dir = await dataDir({});
    const engine = await createEngine(loadConfig({ DATA_DIR: dir, ZENDESK_URL: zd.url, ZENDESK_EMAIL: "lead@acme.com", ZENDESK_API_TOKEN: "t", SYNC_HISTORY_DAYS: "100000" }), deps);
    cleanups.push(async () => engine.connector.close?.());
    expect(engine.sync).toBeDefined();
    const before = renderText(await answer("sources", engine));
    expect(before).toMatch(/Zendesk \(127\.0\.0\.1:\d+, legacy CSAT ratings only\): not synced yet \(every 15 min\) — stale/);
    expect(before).toContain("No data: tickets, responses, surveys");
    expect(await readdir(dir)).not.toContain(".sample.json");

    engine.sync!.start();
    cleanups.push(() => engine.sync!.stop());
    // start() syncs at once (the 15-minute schedule is node-cron's).
    const deadline = Date.now() + 10_000;
    while (!(await engine.sync!.status())[0]!.lastSuccessAt && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const after = renderText(await answer("sources", engine));
    expect(after).toMatch(/tickets — a support request\n {2}from synced from Zendesk \(127\.0\.0\.1:\d+, legacy CSAT ratings only\)/);
    expect(after).toMatch(/Zendesk \(127\.0\.0\.1:\d+, legacy CSAT ratings only\): last synced just now \(every 15 min\)$/m);
    await engine.sync!.stop();
    const requests = zd.requests.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(zd.requests.length).toBe(requests);
  });

  it("starts when the mapping names a file that is not there, logs it, and answers questions about its dataset with it", async () => {
    const dir = await dataDir({
      "mapping.json": JSON.stringify({ files: { "march.csv": { datasets: { calls: {} } } } }),
      "tickets.csv": "id,created_at,channel,is_complaint\nt1,2026-11-10T09:00:00Z,email,false\n",
    });
    const logged: string[] = [];
    const engine = await createEngine(loadConfig({ DATA_DIR: dir }), { ...deps, log: createLogger("info", (l) => logged.push(l)) });
    cleanups.push(async () => engine.connector.close?.());
    expect(logged.map((l) => JSON.parse(l) as { level: string; message: string }).filter((l) => l.level === "warn").map((l) => l.message)).toEqual([
      expect.stringContaining('mapping.json: files["march.csv"]: the file march.csv is not in'),
    ]);
    expect(renderText(await answer("asa last-week", engine))).toContain("the file march.csv is not in");
    expect(await answer("ticket_volume last-week", engine)).toMatchObject({ kind: "metric", result: { value: 1 } });
  });
});

describe("DATA_STATEMENT_TIMEOUT_MS", () => {
  it("defaults to 15 000 ms and must be a positive whole number of milliseconds", () => {
    expect(loadConfig({}).dataStatementTimeoutMs).toBe(15_000);
    expect(loadConfig({ DATA_STATEMENT_TIMEOUT_MS: "2500" }).dataStatementTimeoutMs).toBe(2500);
    expect(() => loadConfig({ DATA_STATEMENT_TIMEOUT_MS: "soon" })).toThrow("DATA_STATEMENT_TIMEOUT_MS (got `soon`) must be a number of milliseconds such as 15000");
  });
});

describe("DATA_CACHE_TTL_SECONDS", () => {
  it("defaults to 300 s, takes 0 for no cache, and refuses a negative or non-numeric value saying what works", () => {
    expect(loadConfig({}).dataCacheTtlMs).toBe(300_000);
    expect(loadConfig({ DATA_CACHE_TTL_SECONDS: "0" }).dataCacheTtlMs).toBe(0);
    expect(() => loadConfig({ DATA_CACHE_TTL_SECONDS: "-5" })).toThrow("must be 0 or more seconds, such as 300 (0: ask DATA_URL every time)");
    expect(() => loadConfig({ DATA_CACHE_TTL_SECONDS: "a while" })).toThrow("DATA_CACHE_TTL_SECONDS (got `a while`) must be a number of seconds such as 300");
  });
});
