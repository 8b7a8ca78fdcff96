/**
 * Day rollups: a large dataset pre-aggregated to one row per local day and
 * combination of the columns a question reads, with the number of rows each
 * stands for. A question over whole days (last week, the trend's seven weeks
 * before it, the last 30 days) then reads a few thousand rows instead of
 * millions, and gives exactly the figures the rows give: counts and moments
 * (n, Σx, Σx²) are sums, so they are the sums of the day's weighted rows.
 *
 * When a rollup applies (rollupPlan):
 * - every measure is a count or moments (quantiles, distinct counts and keyed
 *   ratios need the rows themselves);
 * - every measure is windowed on the question's time field (periods.ts) and,
 *   without that window, names no period bound and no time field: a rollup
 *   keeps the day, not the instant;
 * - every range starts and ends at a local midnight of the question's zone.
 *
 * The day of a row is its local date in that zone, computed in SQL from the
 * zone's UTC offsets over the data's span, which are taken here, from the same
 * time-zone data the periods are cut with (so a row is on the same day for
 * both). A period [start, end) is then the days [day(start), day(end)). A
 * zone whose clocks go back over midnight within the span (the date would
 * run backwards) gets no rollup.
 *
 * A rollup is built on the first question that could use it, in the
 * background by default: that question, and any until the rollup is ready,
 * read the rows. One that would not be much smaller than the rows
 * (`maxShare`), or large in itself (`maxRows`: a breakdown by a dimension of
 * many values), is not built — a sketch of its size comes first — and not
 * tried again for that reading of the data. Rollups belong
 * to one reading of the data (its generation): new files, a sync run, a
 * reload make new ones, so a rollup never serves a figure of older data.
 *
 * @example
 * const plan = rollupPlan(query, "submitted_at"); // null: read the rows
 * const relation = plan && (await rollups.relation({ ...target, columns: plan.columns, zone: query.timeZone }));
 * compilePeriodsQuery({ ...query, ranges: plan.ranges }, "submitted_at", relation, DUCKDB);
 */
import { TZDate } from "@date-fns/tz";
import type { Logger } from "../../log.ts";
import { DATASETS, type DatasetId } from "../../measures/datasets.ts";
import type { Measure } from "../../measures/measures.ts";
import { validateQuery } from "../../measures/validate.ts";
import { namesBound, withoutWindow, type PeriodsQuery, type Range } from "../periods.ts";
import type { Relation } from "../sql/compile.ts";
import { quoteIdent } from "../sql/identifiers.ts";
import type { DuckDb } from "./database.ts";

const DAY_MS = 86_400_000;

/** The columns a rollup for this question keeps, and the question's ranges as rollup days (see dayRange). */
export interface RollupPlan {
  columns: string[];
  ranges: Range[];
}

/**
 * Whether `query` (every measure windowed on `timeField`) can be answered
 * from a day rollup, and from which columns; null when it needs the rows.
 *
 * @example
 * rollupPlan({ dataset: "surveys", measures: { n: { agg: "count", where: and(kindIs("csat"), within("submitted_at")) } }, ranges: [lastWeek], filters: [], groupBy: "channel", timeZone: "Europe/Berlin" }, "submitted_at")
 * // → { columns: ["channel", "kind"], ranges: [{ start: 2026-11-09T00:00Z, end: 2026-11-16T00:00Z }] } (local dates)
 */
export function rollupPlan(query: PeriodsQuery, timeField: string): RollupPlan | null {
  const measures: Record<string, Measure> = {};
  for (const [name, m] of Object.entries(query.measures)) {
    if (m.agg !== "count" && m.agg !== "moments") return null;
    measures[name] = withoutWindow(m, timeField);
    if (namesBound(measures[name])) return null;
  }
  // The fields it reads, without the window, as the one type checker names them: a time (the
  // window's own field included) is an instant, and the rollup keeps only its day.
  const named = validateQuery({ ...query, measures }).named();
  if ([...named.values()].includes("time")) return null;
  const ranges: Range[] = [];
  for (const r of query.ranges) {
    const start = localDay(r.start, query.timeZone);
    const end = localDay(r.end, query.timeZone);
    if (start === null || end === null) return null;
    ranges.push({ start: new Date(start * DAY_MS), end: new Date(end * DAY_MS) });
  }
  return { columns: [...named.keys()].sort(), ranges };
}

/**
 * The local date of `at` in `zone` as days since 1970-01-01, when `at` is the
 * first instant of that date (a local midnight the clocks did not repeat);
 * otherwise null.
 */
export function localDay(at: Date, zone: string): number | null {
  const d = new TZDate(at.getTime(), zone);
  if (d.getHours() !== 0 || d.getMinutes() !== 0 || d.getSeconds() !== 0 || d.getMilliseconds() !== 0) return null;
  const day = Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / DAY_MS;
  const before = new TZDate(at.getTime() - 1, zone);
  return Date.UTC(before.getFullYear(), before.getMonth(), before.getDate()) / DAY_MS < day ? day : null;
}

/** UTC offset (ms) of `zone` at `ms`. */
function offsetAt(ms: number, zone: string): number {
  return -new TZDate(ms, zone).getTimezoneOffset() * 60_000;
}

/**
 * The zone's offsets over [from, to]: the offset before the first change and
 * each change (instant, new offset), to the millisecond; null when one of them
 * moves the local date backwards (clocks going back over midnight).
 *
 * @example
 * offsetsOver(Date.parse("2026-01-01"), Date.parse("2026-12-31"), "Europe/Berlin")
 * // → { initial: 3600000, changes: [{ at: 2026-03-29T01:00Z, offset: 7200000 }, { at: 2026-10-25T01:00Z, offset: 3600000 }] }
 */
export function offsetsOver(from: number, to: number, zone: string): { initial: number; changes: Array<{ at: number; offset: number }> } | null {
  const step = 6 * 3_600_000;
  const initial = offsetAt(from, zone);
  const changes: Array<{ at: number; offset: number }> = [];
  let last = initial;
  for (let t = from; t < to + step; t += step) {
    const here = offsetAt(Math.min(t, to), zone);
    if (here === last) continue;
    // The change lies in (t − step, t]: find its first millisecond.
    let lo = Math.max(from, t - step);
    let hi = Math.min(t, to);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetAt(mid, zone) === last) lo = mid;
      else hi = mid;
    }
    const offset = offsetAt(hi, zone);
    if (Math.floor((hi + offset) / DAY_MS) < Math.floor((hi - 1 + last) / DAY_MS)) return null;
    changes.push({ at: hi, offset });
    last = offset;
  }
  return { initial, changes };
}

/** What a rollup is built from: one dataset of one reading of the data. */
export interface RollupTarget {
  dataset: DatasetId;
  /** The reading of the data (a rollup never outlives it). */
  generation: number;
  /** The dataset's rows (a rollup is only worth it for many). */
  rows: number;
  /** Its earliest and latest time, for the zone's offsets over the span. */
  firstAt: Date | null;
  latestAt: Date | null;
  /** The dataset's rows, as the answers read them. */
  relation: Relation;
  columns: string[];
  zone: string;
}

export interface RollupOptions {
  /** Datasets with fewer rows are read as they are (default 100,000). */
  minRows?: number;
  /** A rollup with more rows than this share of the dataset's is dropped (default 1/8). */
  maxShare?: number;
  /** Nor is one of more rows than this (default 250,000): building it would hold a hash table of that many groups. */
  maxRows?: number;
  /** Build when first asked and wait for it ("inline"), or let that question read the rows ("background", the default). */
  build?: "background" | "inline";
  /** Rollups kept at most (least recently used dropped; default 16). */
  keep?: number;
}

interface Entry {
  generation: number;
  /** The rollup's table once built; null when it is not worth it or failed. */
  table?: string | null;
  building?: Promise<void>;
  usedAt: number;
}

/** The rollups of one DuckDB connector. */
export class Rollups {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Set<Promise<void>>();
  /** The last build started in the background: the next waits for it. */
  private queue: Promise<void> = Promise.resolve();
  private next = 0;
  private clock = 0;

  constructor(
    private readonly db: DuckDb,
    private readonly opts: RollupOptions & { log?: Logger } = {},
  ) {}

  /**
   * A relation over the rollup for `target`, or null: read the rows (too few,
   * not built yet, not worth it). A background build waits for `after` (the
   * question reading the rows meanwhile), so as not to slow it down.
   */
  async relation(target: RollupTarget, after: Promise<unknown> = Promise.resolve()): Promise<Relation | null> {
    if (target.rows < (this.opts.minRows ?? 100_000) || target.firstAt === null || target.latestAt === null) return null;
    await this.forget(target.generation);
    const key = JSON.stringify([target.generation, target.dataset, target.zone, target.columns]);
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = { generation: target.generation, usedAt: ++this.clock };
      this.entries.set(key, entry);
      const e = entry;
      // Built one at a time (a build's memory is a hash table over the rows), after the question that asked.
      const start = this.opts.build === "inline" ? Promise.resolve() : Promise.all([after.catch(() => undefined), this.queue]);
      const built = start.then(() => this.build(target));
      this.queue = built.then(
        () => undefined,
        () => undefined,
      );
      const building = built.then(
        (table) => void (e.table = table),
        (error: unknown) => {
          e.table = null;
          this.opts.log?.warn("a day rollup could not be built; answers read the rows", { dataset: target.dataset, error });
        },
      );
      entry.building = building;
      this.pending.add(building);
      void building.finally(() => {
        this.pending.delete(building);
        e.building = undefined;
      });
      await this.evict();
    }
    entry.usedAt = ++this.clock;
    if (entry.table === undefined && this.opts.build === "inline") await entry.building;
    if (!entry.table) return null;
    const ts = DATASETS[target.dataset].timeField;
    return { from: quoteIdent(entry.table), column: (f) => (f === ts || target.columns.includes(f) ? quoteIdent(f) : null), weight: '"_n"' };
  }

  /** Resolves when no rollup is being built. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Drops every rollup (the connector is closing, or the data was read again). */
  async clear(): Promise<void> {
    await this.settled();
    for (const [key, e] of this.entries) {
      this.entries.delete(key);
      if (e.table) await this.db.exec(`DROP TABLE IF EXISTS ${quoteIdent(e.table)}`).catch(() => undefined);
    }
  }

  private async build(t: RollupTarget): Promise<string | null> {
    const offsets = offsetsOver(t.firstAt!.getTime(), t.latestAt!.getTime(), t.zone);
    if (offsets === null) return null;
    const ts = DATASETS[t.dataset].timeField;
    const time = t.relation.column(ts);
    if (time === null) return null;
    const offset =
      offsets.changes.length === 0
        ? String(offsets.initial)
        : `CASE ${offsets.changes.map((c, i) => `WHEN epoch_ms(${time}) < ${c.at} THEN ${i === 0 ? offsets.initial : offsets.changes[i - 1]!.offset}`).join(" ")} ELSE ${offsets.changes.at(-1)!.offset} END`;
    const day = `CAST(floor((epoch_ms(${time}) + ${offset}) / ${DAY_MS}.0) AS BIGINT)`;
    const values = t.columns.map((c) => t.relation.column(c) ?? "NULL");
    const cols = values.map((v, i) => `${v} AS ${quoteIdent(t.columns[i]!)}`);
    const keys = ['"_day"', ...t.columns.map(quoteIdent)];
    const table = `rollup_${t.generation}_${++this.next}`;
    const where = [`${time} IS NOT NULL`, ...(t.relation.where !== undefined ? [t.relation.where] : [])].join(" AND ");
    // How many rows it would have, first (a sketch, little memory): one not much smaller than the rows is not built,
    // so a breakdown by a dimension of many values (200 agents) never holds a hash table of millions of groups.
    const most = Math.min(t.rows * (this.opts.maxShare ?? 1 / 8), this.opts.maxRows ?? 250_000);
    if (Number.isFinite(most)) {
      const estimate = Number((await this.db.query(`SELECT approx_count_distinct(hash(${[day, ...values].join(", ")})) AS n FROM ${t.relation.from} WHERE ${where}`))[0]?.n ?? 0);
      // The sketch is within a few per cent.
      if (estimate > most * 1.1) {
        this.opts.log?.info("day rollup not built: too many rows", { dataset: t.dataset, columns: t.columns, estimate, most: Math.round(most) });
        return null;
      }
    }
    await this.db.exec(
      `CREATE TABLE ${quoteIdent(table)} AS SELECT to_timestamp(CAST("_day" AS DOUBLE) * 86400) AS ${quoteIdent(ts)}, ${t.columns.map(quoteIdent).concat('"_n"').join(", ")} ` +
        `FROM (SELECT ${day} AS "_day", ${[...cols, 'count(*) AS "_n"'].join(", ")} FROM ${t.relation.from} WHERE ${where} GROUP BY ${keys.join(", ")}) ORDER BY 1`,
    );
    const rows = Number((await this.db.query(`SELECT count(*) AS n FROM ${quoteIdent(table)}`))[0]?.n ?? 0);
    if (rows > most) {
      await this.db.exec(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
      this.opts.log?.info("day rollup dropped: too many rows", { dataset: t.dataset, columns: t.columns, rows, most: Math.round(most) });
      return null;
    }
    this.opts.log?.info("day rollup built", { dataset: t.dataset, columns: t.columns, rows });
    return table;
  }

  /** Drops the rollups of readings older than the one before `generation` (a question may still read the previous). */
  private async forget(generation: number): Promise<void> {
    for (const [key, e] of this.entries) {
      if (e.generation >= generation - 1 || e.building) continue;
      this.entries.delete(key);
      if (e.table) await this.db.exec(`DROP TABLE IF EXISTS ${quoteIdent(e.table)}`).catch(() => undefined);
    }
  }

  private async evict(): Promise<void> {
    const keep = this.opts.keep ?? 16;
    const done = [...this.entries].filter(([, e]) => !e.building).sort((a, b) => a[1].usedAt - b[1].usedAt);
    while (this.entries.size > keep && done.length > 0) {
      const [key, e] = done.shift()!;
      this.entries.delete(key);
      if (e.table) await this.db.exec(`DROP TABLE IF EXISTS ${quoteIdent(e.table)}`).catch(() => undefined);
    }
  }
}
