/** Shared test helpers: an engine over hand-made rows, with a fixed clock. */
import { answer, type Engine } from "../src/commands/answer.ts";
import { fixedClock } from "../src/clock.ts";
import type { DatasetId, Row } from "../src/measures/datasets.ts";
import { loadConfig } from "../src/config.ts";
import type { Connector } from "../src/connectors/connector.ts";
import { createMemoryConnector } from "../src/connectors/memory.ts";
import { isUserError } from "../src/errors.ts";
import { silentLogger } from "../src/log.ts";
import { DEFAULT_METRIC_OPTIONS, type MetricOptions } from "../src/metrics/types.ts";
import type { MetricReport, Report } from "../src/report.ts";

/** Sunday 22 November 2026, 14:05 UTC: the "now" of most tests. */
export const NOW = new Date("2026-11-22T14:05:00Z");

export function engineOver(
  data: Partial<Record<DatasetId, Row[]>>,
  overrides: Partial<Omit<Engine, "options">> & { options?: Partial<MetricOptions> } = {},
): Engine {
  const { options, ...rest } = overrides;
  return {
    connector: createMemoryConnector(data, { name: "test" }),
    options: { ...DEFAULT_METRIC_OPTIONS, ...options },
    clock: fixedClock(NOW),
    timeZone: "UTC",
    weekStartsOn: 1,
    defaultPeriod: "last-7-days",
    log: silentLogger,
    ...rest,
  };
}

export async function ask(engine: Engine, text: string): Promise<Report> {
  return answer(text, engine);
}

export async function askMetric(engine: Engine, text: string): Promise<MetricReport> {
  const report = await answer(text, engine);
  if (report.kind !== "metric") throw new Error(`expected a metric report for "${text}", got ${JSON.stringify(report)}`);
  return report;
}

/** Epoch ms of an ISO instant. */
export const at = (iso: string): number => new Date(iso).getTime();

/** `count` copies of a row made by `make(i)`. */
export function rows(count: number, make: (i: number) => Row): Row[] {
  return Array.from({ length: count }, (_, i) => make(i));
}

/** `inner`, counting the questions asked of it (measures and describes): to prove that no data was read. */
export function countingConnector(inner: Connector): Connector & { calls: number } {
  const counting = {
    name: inner.name,
    calls: 0,
    measure: (q: Parameters<Connector["measure"]>[0]) => {
      counting.calls += 1;
      return inner.measure(q);
    },
    describe: () => {
      counting.calls += 1;
      return inner.describe();
    },
    ...(inner.skippedIn
      ? {
          skippedIn: (...args: Parameters<NonNullable<Connector["skippedIn"]>>) => {
            counting.calls += 1;
            return inner.skippedIn!(...args);
          },
        }
      : {}),
  };
  return counting;
}

/**
 * The message of the configuration error `env` gives, or "" when `env` loads.
 * @example expect(configProblem({ ZENDESK_SUBDOMAIN: "acme" })).toContain("ZENDESK_CLIENT_ID is missing");
 */
export function configProblem(env: Record<string, string>): string {
  try {
    loadConfig(env);
    return "";
  } catch (e) {
    if (isUserError(e)) return e.message;
    throw e;
  }
}

/** The message of the configuration error `env` gives; fails when it gives none. */
export function configError(env: Record<string, string>): string {
  const message = configProblem(env);
  if (message === "") throw new Error("expected a configuration error");
  return message;
}
