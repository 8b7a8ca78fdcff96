/** Shared pieces of the benchmarks: the fixed clock, engines over the generated data, statistics. */
import type { Engine } from "../src/commands/answer.ts";
import { fixedClock } from "../src/clock.ts";
import { loadConfig, type Config } from "../src/config.ts";
import type { Connector } from "../src/connectors/connector.ts";
import { openDuckDbConnector, type DuckDbConnector, type DuckDbConnectorOptions } from "../src/connectors/duckdb/index.ts";
import { createEngine } from "../src/engine.ts";
import { silentLogger, type Logger } from "../src/log.ts";
import { DATA_END } from "./generate.ts";

/** The benchmark's "now": the end of the generated data (a Sunday), so "last week" is 9–15 November 2026. */
export const NOW = DATA_END;

/** Test-only credentials (never real ones), the same as the tests'. */
export const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
export const BOT_TOKEN = "xoxb-0000000001-0000000001-fakeTestBotToken";

export function benchConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ PORT: "0", BOT_TIMEZONE: "UTC", LOG_LEVEL: "silent", ...env });
}

export async function duckConnector(dataDir: string, opts: Pick<DuckDbConnectorOptions, "rollups"> = {}): Promise<DuckDbConnector> {
  return openDuckDbConnector({ dataDir, clock: fixedClock(NOW), timeZone: "UTC", sample: false, refreshMs: 3_600_000, log: silentLogger, ...opts });
}

export async function engineOver(connector: Connector, config: Config = benchConfig(), log: Logger = silentLogger, clock = fixedClock(NOW)): Promise<Engine> {
  return createEngine(config, { clock, log, connector });
}

export interface Stat {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function stat(values: readonly number[]): Stat {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0 };
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s[s.length - 1]!, n: s.length };
}

/** Nearest-rank percentile (p in 0–100). */
export function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The commands the memory benchmark answers, round after round. */
export const MEMORY_COMMANDS = [
  "csat last-week by channel",
  "csat last-month by agent",
  "nps last-quarter by team",
  "frt last-week by channel",
  "csat last-30-days",
  "resolution time last-month by priority",
];
