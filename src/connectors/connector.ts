/**
 * The Connector port: measures over one dataset, and a description of what
 * data there is. Implementations: memory (the reference), duckdb, postgres.
 */
import type { DatasetId } from "../measures/datasets.ts";
import type { MeasureQuery, MeasureResult } from "../measures/measures.ts";
import { checkPeriodsQuery, oneRange, type PeriodsQuery } from "./periods.ts";

export interface DatasetInfo {
  dataset: DatasetId;
  /** Where the rows come from: a file, a table, "sample data". */
  source: string;
  /** Rows used. */
  rows: number;
  /** Rows excluded, per reason. */
  skipped: Array<{ reason: string; count: number }>;
  /** Earliest and latest value of the dataset's time field; null when empty. */
  firstAt: Date | null;
  latestAt: Date | null;
  /**
   * Files that feed this dataset and could not be used, each saying why
   * ("tickets.csv could not be read: the file is empty (0 bytes)"). While
   * there is one, questions about the dataset answer with it, not a figure.
   */
  problems?: string[];
  /**
   * Fields the source does not provide at all (not mapped, no column of that
   * name), each with how to provide it. Metrics that need one answer "not
   * available from your data" instead of a figure.
   */
  absent?: Array<{ field: string; fix: string }>;
}

export interface SkippedIn {
  reasons: Array<{ reason: string; count: number }>;
  undated: number;
}

export interface Connector {
  readonly name: string;
  /** Where the data comes from, for people: "DuckDB over the files in /srv/data", "Postgres at db:5432/support". */
  readonly description?: string;
  measure(query: MeasureQuery): Promise<MeasureResult>;
  /**
   * One question over several periods (the current one, the comparison, the
   * trend): one result per range, each equal to `measure` over that range,
   * in one pass over the data where the measures allow (periods.ts).
   * Optional: `measureRanges` asks `measure` once per range without it.
   */
  measurePeriods?(query: PeriodsQuery): Promise<MeasureResult[]>;
  describe(): Promise<DatasetInfo[]>;
  /**
   * What version of a dataset's data the next answer reads: equal versions,
   * equal figures for a period that has ended (cache.ts keys on it). Optional:
   * a connector that cannot tell when its data changes has none.
   */
  dataVersion?(dataset: DatasetId): Promise<string>;
  /**
   * Rows the source could not use (DatasetInfo.skipped) whose time lies in
   * [start, end), per reason, most first; and how many skipped rows have no
   * readable time at all (their period is unknown). Optional: a connector
   * that never skips rows (memory) has none.
   */
  skippedIn?(dataset: DatasetId, range: { start: Date; end: Date }): Promise<SkippedIn>;
  close?(): Promise<void>;
}

/**
 * A question over several periods from any connector: its `measurePeriods`
 * when it has one, else one `measure` per range.
 *
 * @example
 * const [now, before] = await measureRanges(connector, { ...query, ranges: [thisWeek, lastWeek] });
 */
export function measureRanges(connector: Connector, query: PeriodsQuery): Promise<MeasureResult[]> {
  if (connector.measurePeriods) return connector.measurePeriods(query);
  checkPeriodsQuery(query);
  // A range after the first is asked only the measures it reads (periods.ts `firstOnly`).
  return Promise.all(
    query.ranges.map(async (_range, i) => {
      const { asked, finish } = oneRange(query, i);
      return finish(asked && (await connector.measure(asked)));
    }),
  );
}
