/**
 * Several periods of one question in one pass per dataset, with results
 * exactly equal to one `measure()` per period.
 *
 * A measure whose condition holds `start ≤ f < end` on a time field `f` (as
 * `within(f)` writes it, as a conjunct of its top-level AND) counts a row in
 * a period only when `f` lies in it. So the periods' bounds cut the time
 * line into segments; each row is put in the one segment its `f` falls in
 * (one CASE in SQL, one lookup in memory), and a segment's rows are paired
 * with each period that contains the segment — once, or more when periods
 * overlap — and the measures run per period over those pairs, with `bound`
 * the period's own bounds. Every measure, quantiles and distinct counts
 * included, sees exactly the rows a separate query would count.
 *
 * A measure without such a window (no condition, "open at the end" of the
 * backlog, "before the end") can count rows of any time: those are measured
 * one period at a time. Measures windowed on different fields are bucketed
 * per field. The parts are then merged; that is exact because a group is
 * there when some measure counts one of its rows (measures.ts): a group
 * missing from one part has nothing counted by that part's measures there.
 *
 * @example
 * const results = await measurePeriods(query, {
 *   bucketed: (q, timeField) => runOneStatement(q, timeField),
 *   single: (q) => connector.measure(q),
 * });
 * results[i] // the MeasureResult of query.ranges[i]
 */
import { DATASETS } from "../measures/datasets.ts";
import type { Cond, Measure, MeasureQuery, MeasureResult, MeasureValue, MeasureValues } from "../measures/measures.ts";

export interface Range {
  start: Date;
  end: Date;
}

/** One question over several periods: a MeasureQuery with `ranges` instead of one `range`. */
export interface PeriodsQuery extends Omit<MeasureQuery, "range"> {
  ranges: Range[];
  /**
   * Measures asked for the first range alone (and any range equal to it):
   * every other range reads them as over no rows, and a group only they
   * would count is not there. A report's current-period detail (a median
   * the trend does not show) then costs no work per trend period, in the
   * same pass as the rest.
   */
  firstOnly?: string[];
}

/** How an engine answers the two shapes of the question. */
export interface PeriodEngine {
  /** Every measure of `query` is windowed on `timeField` (windowOf): one result per range, in one pass. */
  bucketed(query: PeriodsQuery, timeField: string): Promise<MeasureResult[]>;
  /** One period of one question, as `Connector.measure`. */
  single(query: MeasureQuery): Promise<MeasureResult>;
}

/**
 * The time field a measure's condition windows it on (`start ≤ f < end` among
 * the conjuncts of its top-level AND), or null when it has none.
 *
 * @example
 * windowOf("surveys", { agg: "count", where: and(kindIs("csat"), within("submitted_at")) }) // "submitted_at"
 */
export function windowOf(dataset: MeasureQuery["dataset"], m: Measure): string | null {
  if (typeof m !== "object" || m === null || m.where === undefined) return null;
  const conjuncts = conjunctsOf(m.where);
  const from = new Set<string>();
  const to = new Set<string>();
  for (const c of conjuncts) {
    if (typeof c !== "object" || c === null || !("cmp" in c)) continue;
    const fieldOf = (e: unknown) => (typeof e === "object" && e !== null && "field" in e && typeof e.field === "string" ? e.field : null);
    const boundOf = (e: unknown) => (typeof e === "object" && e !== null && "bound" in e ? e.bound : null);
    const [fa, fb, ba, bb] = [fieldOf(c.a), fieldOf(c.b), boundOf(c.a), boundOf(c.b)];
    // f ≥ start, start ≤ f; f < end, end > f.
    if ((c.cmp === ">=" && fa !== null && bb === "start") || (c.cmp === "<=" && ba === "start" && fb !== null)) from.add((fa ?? fb)!);
    if ((c.cmp === "<" && fa !== null && bb === "end") || (c.cmp === ">" && ba === "end" && fb !== null)) to.add((fa ?? fb)!);
  }
  const fields = DATASETS[dataset]?.fields ?? {};
  for (const f of from) if (to.has(f) && Object.hasOwn(fields, f) && fields[f]!.type === "time") return f;
  return null;
}

/** The conditions a top-level AND (nested ANDs flattened) requires together. */
function conjunctsOf(c: Cond): Cond[] {
  return typeof c === "object" && c !== null && "and" in c && Array.isArray(c.and) ? c.and.flatMap(conjunctsOf) : [c];
}

/**
 * `m` without the conjuncts that window it on `timeField` (`start ≤ f < end`).
 * Over a row paired with a period its time falls in they are true, so a
 * bucketed engine may drop them: the rest of the condition then no longer
 * depends on the period and the engine can filter rows before pairing them.
 *
 * @example
 * withoutWindow({ agg: "count", where: and(kindIs("csat"), within("submitted_at")) }, "submitted_at")
 * // → { agg: "count", where: { and: [kindIs("csat")] } }
 */
export function withoutWindow(m: Measure, timeField: string): Measure {
  if (m.where === undefined) return m;
  const conjuncts = conjunctsOf(m.where);
  const isField = (e: unknown) => typeof e === "object" && e !== null && "field" in e && e.field === timeField;
  const isBound = (e: unknown, b: string) => typeof e === "object" && e !== null && "bound" in e && e.bound === b;
  const windowing = (c: Cond) =>
    typeof c === "object" &&
    c !== null &&
    "cmp" in c &&
    ((c.cmp === ">=" && isField(c.a) && isBound(c.b, "start")) ||
      (c.cmp === "<=" && isBound(c.a, "start") && isField(c.b)) ||
      (c.cmp === "<" && isField(c.a) && isBound(c.b, "end")) ||
      (c.cmp === ">" && isBound(c.a, "end") && isField(c.b)));
  return { ...m, where: { and: conjuncts.filter((c) => !windowing(c)) } };
}

/** Whether a measure's condition or value reads the period's bounds (`start`, `end`). */
export function namesBound(m: Measure): boolean {
  return JSON.stringify(m).includes('"bound"');
}

/** The value a measure has over no counted row (a group only another part's measures count). */
export function emptyValue(m: Measure): MeasureValue {
  switch (m.agg) {
    case "count":
    case "distinct":
      return 0;
    case "quantile":
      return null;
    default:
      return { n: 0, sum: 0, sumSq: 0 };
  }
}

/**
 * The segments the ranges' bounds cut the time line into, and for each the
 * ranges (indices) that contain it. Segment j is [bounds[j], bounds[j + 1]).
 *
 * @example
 * segmentsOf([{ start: 0, end: 10 }, { start: 5, end: 20 }].map(...)) // bounds [0, 5, 10, 20], members [[0], [0, 1], [1]]
 */
export function segmentsOf(ranges: readonly Range[]): { bounds: number[]; members: number[][] } {
  const bounds = [...new Set(ranges.filter((r) => r.start < r.end).flatMap((r) => [r.start.getTime(), r.end.getTime()]))].sort((a, b) => a - b);
  const members: number[][] = [];
  for (let j = 0; j + 1 < bounds.length; j++) {
    const [lo, hi] = [bounds[j]!, bounds[j + 1]!];
    members.push(ranges.flatMap((r, i) => (r.start.getTime() <= lo && hi <= r.end.getTime() ? [i] : [])));
  }
  return { bounds, members };
}

/**
 * Throws as a single query does on a range that is not two valid instants, and when `firstOnly`
 * names a measure the question does not have.
 */
export function checkPeriodsQuery(query: PeriodsQuery): void {
  for (const r of query.ranges) {
    if (!(r.start instanceof Date) || !(r.end instanceof Date) || !Number.isFinite(r.start.getTime()) || !Number.isFinite(r.end.getTime())) {
      throw new Error(`Invalid query range on dataset "${query.dataset}"`);
    }
  }
  for (const name of query.firstOnly ?? []) if (!Object.hasOwn(query.measures, name)) throw new Error(`firstOnly names "${name}", which is not a measure of the question`);
}

/**
 * `result` with `names` (measures of `measures`) read as over no rows, in its total and every group:
 * a range those measures were not asked for.
 */
export function asOverNoRows(result: MeasureResult, names: readonly string[], measures: Record<string, Measure>): MeasureResult {
  if (names.length === 0) return result;
  const empty = Object.fromEntries(names.map((n) => [n, emptyValue(measures[n]!)]));
  return { ...result, total: { ...result.total, ...empty }, ...(result.groups ? { groups: result.groups.map((g) => ({ ...g, values: { ...g.values, ...empty } })) } : {}) };
}

/** `measures` without `names`. */
export function withoutMeasures(measures: Record<string, Measure>, names: readonly string[]): Record<string, Measure> {
  return Object.fromEntries(Object.entries(measures).filter(([n]) => !names.includes(n)));
}

/**
 * Range `i` of `query` as one question: `asked` (null when it asks nothing, all its measures being
 * first-only) and `finish`, which turns its result (null: nothing asked) into the range's result,
 * the first-only measures it was not asked read as over no rows.
 *
 * @example
 * const { asked, finish } = oneRange(query, i);
 * const result = finish(asked && (await connector.measure(asked)));
 */
export function oneRange(query: PeriodsQuery, i: number): { asked: MeasureQuery | null; finish(result: MeasureResult | null): MeasureResult } {
  const { ranges, firstOnly = [], ...rest } = query;
  const measures = askedIn(query, i);
  const none = Object.keys(measures).length === 0 && Object.keys(query.measures).length > 0;
  return {
    asked: none ? null : { ...rest, measures, range: ranges[i]! },
    finish: (result) => asOverNoRows(result ?? nothingAsked(query.groupBy !== undefined), firstOnly.filter((n) => !(n in measures)), query.measures),
  };
}

/** The ranges' measures for range `i` of a question: all of them for the first range (and those equal to it), else all but `firstOnly`. */
export function askedIn(query: PeriodsQuery, i: number): Record<string, Measure> {
  const firstOnly = query.firstOnly ?? [];
  if (firstOnly.length === 0 || i === 0 || sameRange(query.ranges[i]!, query.ranges[0]!)) return query.measures;
  return withoutMeasures(query.measures, firstOnly);
}

/** Whether two ranges are the same period. */
export const sameRange = (a: Range, b: Range): boolean => a.start.getTime() === b.start.getTime() && a.end.getTime() === b.end.getTime();

/** One result per range of `query`, equal to one `single` query per range, in as few passes as the measures allow. */
export async function measurePeriods(query: PeriodsQuery, engine: PeriodEngine): Promise<MeasureResult[]> {
  const plan = planPeriods(query);
  return plan.assemble(await Promise.all(plan.parts.map((p) => (p.bucketed ? engine.bucketed(p.query, p.timeField!) : Promise.all(p.singles.map(async ({ asked, finish }) => finish(asked && (await engine.single(asked)))))))));
}

/** measurePeriods for an engine that answers synchronously (the memory reference). */
export function measurePeriodsSync(
  query: PeriodsQuery,
  engine: { bucketed(query: PeriodsQuery, timeField: string): MeasureResult[]; single(query: MeasureQuery): MeasureResult },
): MeasureResult[] {
  const plan = planPeriods(query);
  return plan.assemble(plan.parts.map((p) => (p.bucketed ? engine.bucketed(p.query, p.timeField!) : p.singles.map(({ asked, finish }) => finish(asked && engine.single(asked))))));
}

/** The result of asking no measure: no total, no group. */
export function nothingAsked(grouped: boolean): MeasureResult {
  return { total: {}, ...(grouped ? { groups: [] } : {}) };
}

interface Part {
  /** The part's measures over the distinct ranges. */
  query: PeriodsQuery;
  timeField: string | null;
  bucketed: boolean;
  /** One question per distinct range (when not bucketed). */
  singles: Array<ReturnType<typeof oneRange>>;
}

/** The parts a question splits into (measures per window field, or none), and how their results become one per range. */
function planPeriods(query: PeriodsQuery): { parts: Part[]; assemble(results: MeasureResult[][]): MeasureResult[] } {
  checkPeriodsQuery(query);
  // Equal ranges are one period.
  const keys = query.ranges.map((r) => `${r.start.getTime()}/${r.end.getTime()}`);
  const distinct = [...new Set(keys)];
  const ranges = distinct.map((k) => query.ranges[keys.indexOf(k)]!);
  const byWindow = new Map<string | null, string[]>();
  for (const [name, m] of Object.entries(query.measures)) {
    const w = windowOf(query.dataset, m);
    byWindow.set(w, [...(byWindow.get(w) ?? []), name]);
  }
  if (byWindow.size === 0) byWindow.set(null, []);
  const only = (names: string[]): Record<string, Measure> => Object.fromEntries(names.map((n) => [n, query.measures[n]!]));
  const { ranges: _all, firstOnly: allFirstOnly = [], ...rest } = query;
  const parts: Part[] = [...byWindow].map(([timeField, names]) => {
    const measures = only(names);
    const firstOnly = allFirstOnly.filter((n) => names.includes(n));
    const part: PeriodsQuery = { ...rest, measures, ranges, ...(firstOnly.length > 0 ? { firstOnly } : {}) };
    return {
      query: part,
      timeField,
      bucketed: timeField !== null && ranges.length > 1,
      // Ranges after the first are asked only the measures they read.
      singles: ranges.map((_range, i) => oneRange(part, i)),
    };
  });
  return {
    parts,
    assemble(results) {
      const merged = ranges.map((_, i) => mergeParts(results.map((r) => r[i]!), parts.map((p) => p.query.measures), query.groupBy !== undefined));
      return keys.map((k) => merged[distinct.indexOf(k)]!);
    },
  };
}

/** The results of disjoint sets of measures over one period, as one result (groups: the union, in key order). */
function mergeParts(results: MeasureResult[], measures: Array<Record<string, Measure>>, grouped: boolean): MeasureResult {
  if (results.length === 1) return results[0]!;
  const total: MeasureValues = Object.assign({}, ...results.map((r) => r.total));
  if (!grouped) return { total };
  const keys = [...new Set(results.flatMap((r) => (r.groups ?? []).map((g) => g.key)))].sort(compareKeys);
  const groups = keys.map((key) => ({
    key,
    values: Object.assign(
      {},
      ...results.map((r, i) => {
        const hit = r.groups?.find((g) => g.key === key);
        return hit ? hit.values : Object.fromEntries(Object.entries(measures[i]!).map(([n, m]) => [n, emptyValue(m)]));
      }),
    ) as MeasureValues,
  }));
  return { total, groups };
}

/** Code-unit order, null last (the order groups come back in). */
export function compareKeys(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
