/** createEngine picks the connector the configuration asks for. */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { answer } from "../src/commands/answer.ts";
import { fixedClock } from "../src/clock.ts";
import { loadConfig } from "../src/config.ts";
import { createEngine } from "../src/engine.ts";
import { UserError } from "../src/errors.ts";
import { silentLogger } from "../src/log.ts";
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

  it("stops with a config error naming the file when the mapping names a file that is not there", async () => {
    const dir = await dataDir({ "mapping.json": JSON.stringify({ files: { "march.csv": { datasets: { calls: {} } } } }) });
    const error = await createEngine(loadConfig({ DATA_DIR: dir }), deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain("the file march.csv is not in");
  });
});

describe("DATA_STATEMENT_TIMEOUT_MS", () => {
  it("defaults to 15 000 ms and must be a positive whole number of milliseconds", () => {
    expect(loadConfig({}).dataStatementTimeoutMs).toBe(15_000);
    expect(loadConfig({ DATA_STATEMENT_TIMEOUT_MS: "2500" }).dataStatementTimeoutMs).toBe(2500);
    expect(() => loadConfig({ DATA_STATEMENT_TIMEOUT_MS: "soon" })).toThrow("DATA_STATEMENT_TIMEOUT_MS (got `soon`) must be a number of milliseconds such as 15000");
  });
});
