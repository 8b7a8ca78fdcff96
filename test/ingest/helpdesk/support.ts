/**
 * Test support for help-desk sync end to end: cleanup after each test, a
 * synced engine over a temp DATA_DIR (DuckDB with the help-desk store →
 * SyncEngine → Engine), asking it for a metric, `npm run sync` with its
 * output captured, and how busy the busiest window of requests was.
 */
import { afterEach } from "vitest";
import { main as syncCli } from "../../../adapters/console/sync.ts";
import { answer, type Engine } from "../../../src/commands/answer.ts";
import { fixedClock } from "../../../src/clock.ts";
import { openDuckDbConnector, type DuckDbConnector } from "../../../src/connectors/duckdb/index.ts";
import { SyncEngine, type ConfiguredSource } from "../../../src/ingest/helpdesk/engine.ts";
import { silentLogger, type Logger } from "../../../src/log.ts";
import { DEFAULT_METRIC_OPTIONS } from "../../../src/metrics/types.ts";
import { renderText } from "../../../src/render/text.ts";
import type { MetricReport } from "../../../src/report.ts";
import { tempDir } from "../../connectors/support.ts";

/** The moment every sync test runs at: 1 Apr 2025, 00:00 UTC. */
export const NOW = new Date("2025-04-01T00:00:00Z");
/** How far back a first sync reaches: 1 Jan 2024. */
export const SINCE = new Date("2024-01-01T00:00:00Z");

/** Things to close after the test, last opened first. */
export type Cleanup = { push(...fns: Array<() => Promise<unknown>>): void };

/**
 * Registers an afterEach that runs what the test pushed, in reverse order.
 * @example const cleanup = cleanupAfterEach(); cleanup.push(() => fake.close());
 */
export function cleanupAfterEach(): Cleanup {
  let fns: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const c of fns.reverse()) await c();
    fns = [];
  });
  return { push: (...more) => void fns.push(...more) };
}

/**
 * A DuckDB connector with the help-desk store in a fresh temp DATA_DIR, a SyncEngine over `sources` that
 * reloads it after each run, and an Engine answering from it, all at NOW.
 * @example const { sync, engine } = await synced(cleanup, { dirPrefix: "x-sync-", sourceLabels: { freshdesk: "Freshdesk (test)" }, sources });
 */
export async function synced(
  cleanup: Cleanup,
  opts: { dirPrefix: string; sourceLabels: Record<string, string>; sources: ConfiguredSource[]; log?: Logger },
): Promise<{ connector: DuckDbConnector; sync: SyncEngine; engine: Engine }> {
  const dir = await tempDir(opts.dirPrefix);
  const connector = await openDuckDbConnector({ dataDir: dir.path, clock: fixedClock(NOW), helpdesk: true, sourceLabels: opts.sourceLabels, refreshMs: 0 });
  cleanup.push(dir.dispose, () => connector.close?.() ?? Promise.resolve());
  const sync = new SyncEngine({
    store: connector.helpdesk!,
    sources: opts.sources,
    clock: fixedClock(NOW),
    since: SINCE,
    onSynced: () => connector.reload(),
    ...(opts.log ? { log: opts.log } : {}),
  });
  const engine: Engine = { connector, options: DEFAULT_METRIC_OPTIONS, clock: fixedClock(NOW), timeZone: "UTC", weekStartsOn: 1, defaultPeriod: "last-7-days", log: silentLogger, sync };
  return { connector, sync, engine };
}

/**
 * The metric report `engine` gives for `text`; throws with the rendered answer when it is anything else.
 * @example expect((await metric(engine, "ticket_volume 2025-03")).result?.value).toBe(42);
 */
export async function metric(engine: Engine, text: string): Promise<MetricReport> {
  const r = await answer(text, engine);
  if (r.kind !== "metric") throw new Error(`${text}: ${renderText(r)}`);
  return r;
}

/**
 * `npm run sync` against a fresh temp DATA_DIR: `run(env)` calls the CLI at NOW with `env` and gives its
 * exit code and what it wrote to stdout and stderr.
 * @example const cli = await syncCliHarness(cleanup, "x-cli-"); const { code, out } = await cli.run({ DATA_DIR: cli.dataDir, ... });
 */
export async function syncCliHarness(
  cleanup: Cleanup,
  dirPrefix: string,
): Promise<{ dataDir: string; run(env: Record<string, string>): Promise<{ code: number; out: string[]; err: string[] }> }> {
  const dir = await tempDir(dirPrefix);
  cleanup.push(dir.dispose);
  return {
    dataDir: dir.path,
    run: async (env) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await syncCli((s) => out.push(s), (s) => err.push(s), { env, clock: fixedClock(NOW) });
      return { code, out, err };
    },
  };
}

/** The most arrivals (epoch ms, in order) that fall inside any window of `ms`. */
export function busiestWindow(times: readonly number[], ms: number): number {
  let most = 0;
  for (let i = 0; i < times.length; i++) {
    let n = 0;
    for (let j = i; j < times.length && times[j]! - times[i]! < ms; j++) n++;
    most = Math.max(most, n);
  }
  return most;
}
