import type { DatasetId } from "../measures/datasets.ts";
import type { Filter } from "../measures/measures.ts";
import type { Comparison, Period, PeriodOptions } from "../periods/types.ts";
import type { MetricOptions } from "../metrics/types.ts";

/** What a person asked for, whatever platform they asked on. */
export type Command =
  | {
      kind: "metric";
      metricId: string;
      period: Period;
      by?: string;
      vs: Comparison;
      filters: Filter[];
    }
  | { kind: "help" }
  | { kind: "define"; metricId: string }
  /** Each dataset: where it comes from, rows used and skipped, coverage and freshness. */
  | { kind: "sources" };

/** What parsing needs to know: the clock reading and zone for periods, and the team's defaults. */
export interface ParseContext {
  periods: PeriodOptions;
  /** Used when no period is given, e.g. "last-7-days". */
  defaultPeriod: string;
  /**
   * Known values of a dataset's dimensions (`{ channel: ["email", "chat"] }`), so a
   * value typed alone reads as a filter (`csat for email`). Absent: only `where` filters.
   */
  values?: (dataset: DatasetId) => Readonly<Record<string, readonly string[]>> | undefined;
  /** When given, the filler words the reading dropped are added to it (answer() asks for values only when one might be a value). */
  dropped?: string[];
}

export interface RunContext extends ParseContext {
  options: MetricOptions;
}

/**
 * The command as someone would type it to get the same answer again.
 * @example formatCommand(cmd) // "frt last-week by agent vs last-year where channel=email"
 */
export function formatCommand(command: Command): string {
  if (command.kind === "help") return "help";
  if (command.kind === "define") return `define ${command.metricId}`;
  if (command.kind === "sources") return "sources";
  const parts = [command.metricId, command.period.label];
  if (command.by) parts.push("by", command.by);
  if (command.vs !== "previous") parts.push("vs", command.vs);
  if (command.filters.length > 0) {
    parts.push("where", ...command.filters.map((f) => `${f.field}=${f.values.map(quoteIfNeeded).join(",")}`));
  }
  return parts.join(" ");
}

function quoteIfNeeded(value: string): string {
  return /[\s,"=]/.test(value) ? `"${value.replace(/"/g, "")}"` : value;
}
