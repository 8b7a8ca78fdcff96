/**
 * The one command path: text → Command → Report. Every adapter calls this and
 * only renders what comes back. It never throws: a person's mistake becomes a
 * user error with a hint, an unreachable source says so, and anything else is
 * logged with an id that the apology repeats.
 */
import type { Clock } from "../clock.ts";
import type { Connector } from "../connectors/connector.ts";
import { faultId, isUserError, SourceError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { MetricOptions } from "../metrics/types.ts";
import type { WeekStart } from "../periods/types.ts";
import type { ErrorReport, Report } from "../report.ts";
import { parseCommand } from "./parse.ts";
import { runCommand } from "./run.ts";

export interface Engine {
  connector: Connector;
  options: MetricOptions;
  clock: Clock;
  timeZone: string;
  weekStartsOn: WeekStart;
  defaultPeriod: string;
  log: Logger;
}

export async function answer(text: string, engine: Engine): Promise<Report> {
  const now = engine.clock.now();
  try {
    const command = parseCommand(text, {
      periods: { now, timeZone: engine.timeZone, weekStartsOn: engine.weekStartsOn },
      defaultPeriod: engine.defaultPeriod,
    });
    return await runCommand(command, engine, now);
  } catch (error) {
    return errorReport(error, text, engine.log);
  }
}

export function errorReport(error: unknown, text: string, log: Logger): ErrorReport {
  if (isUserError(error)) {
    return { kind: "error", cause: "user", message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  }
  if (error instanceof SourceError) {
    log.warn("data source unavailable", { source: error.source, error });
    return {
      kind: "error",
      cause: "source",
      message: `The data source (${error.source}) is unavailable right now, so there is no answer yet.`,
      hint: "This is not \"no data\": try again in a minute; if it persists, an admin can check `sources`.",
    };
  }
  const id = faultId();
  log.error("command failed", { faultId: id, command: text, error });
  return {
    kind: "error",
    cause: "fault",
    faultId: id,
    message: `Sorry — something went wrong on our side (error ${id}). It has been logged.`,
  };
}
