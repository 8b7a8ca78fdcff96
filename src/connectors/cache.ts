/**
 * Closed periods from cache. A period that has ended gets the same figures
 * until the data changes, so its results are kept, keyed by the question
 * (dataset, measures, filters, group-by, time zone, range) and the data's
 * version; a repeated or shared question (digests, trends that move on by
 * one period) asks the engine only for the periods still open and for those
 * it has not seen.
 *
 * The version comes from the connector (`dataVersion`): DuckDB's says which
 * reading of DATA_DIR answers (file names, sizes and modification times; a
 * help-desk sync run reads the folder again), so a changed file is a new
 * version and never an old figure. A connector that cannot tell (Postgres,
 * whose tables change under it) is cached for `ttlMs` at most; without a TTL
 * it is not cached. The cache holds at most `maxBytes` (results measured as
 * JSON), dropping the least recently used first.
 *
 * @example
 * const connector = cacheClosedPeriods(await openDuckDbConnector(opts), { clock, maxBytes: 32 << 20 });
 * await connector.measurePeriods!(query); // the closed periods are computed once per data version
 */
import type { Clock } from "../clock.ts";
import type { MeasureQuery, MeasureResult } from "../measures/measures.ts";
import { measureRanges, type Connector } from "./connector.ts";
import { askedIn, asOverNoRows, checkPeriodsQuery, withoutMeasures, type PeriodsQuery, type Range } from "./periods.ts";

export interface CacheOptions {
  clock: Clock;
  /** The most the cached results may hold, in bytes of their JSON (default 32 MiB). */
  maxBytes?: number;
  /** For a connector without `dataVersion`: how long a closed period's figures are kept, in ms (0 or absent: not cached). */
  ttlMs?: number;
}

interface Entry {
  result: MeasureResult;
  bytes: number;
  /** When the entry stops being served (Infinity with a data version). */
  until: number;
}

/** A least-recently-used map of results bounded by their size. */
export class ResultCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  constructor(readonly maxBytes: number) {}

  get(key: string, now: number): MeasureResult | undefined {
    const e = this.entries.get(key);
    if (e === undefined) return undefined;
    this.entries.delete(key);
    if (e.until <= now) {
      this.bytes -= e.bytes;
      return undefined;
    }
    this.entries.set(key, e); // most recently used last
    return structuredClone(e.result);
  }

  set(key: string, result: MeasureResult, until: number): void {
    const bytes = 2 * (key.length + JSON.stringify(result).length);
    if (bytes > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.entries.delete(key);
      this.bytes -= old.bytes;
    }
    this.entries.set(key, { result: structuredClone(result), bytes, until });
    this.bytes += bytes;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.bytes;
    }
  }

  /** Entries and their bytes, for tests and logs. */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}

const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

/** `result` with only the measures `names` (what a range was asked), in its total and every group. */
function onlyMeasures(result: MeasureResult, names: readonly string[]): MeasureResult {
  const pick = (v: MeasureResult["total"]) => Object.fromEntries(names.map((n) => [n, v[n] ?? null]));
  return { ...result, total: pick(result.total), ...(result.groups ? { groups: result.groups.map((g) => ({ ...g, values: pick(g.values) })) } : {}) };
}

/**
 * `inner` with its closed periods answered from a cache (see above); every
 * other property of the connector is `inner`'s own.
 */
export function cacheClosedPeriods<C extends Connector>(inner: C, opts: CacheOptions): C & { readonly cache: ResultCache } {
  const cache = new ResultCache(opts.maxBytes ?? DEFAULT_MAX_BYTES);
  const ttl = opts.ttlMs ?? 0;

  /** How to key and keep the closed periods of this question now; null when they cannot be cached. */
  const scope = async (dataset: MeasureQuery["dataset"]): Promise<{ version: string; until: number } | null> => {
    const version = await inner.dataVersion?.(dataset);
    if (version !== undefined) return { version, until: Infinity };
    if (ttl > 0) return { version: "ttl", until: opts.clock.now().getTime() + ttl };
    return null;
  };
  const keyOf = (q: Omit<PeriodsQuery, "ranges">, range: Range, version: string) =>
    JSON.stringify([version, q.dataset, q.measures, q.filters, q.groupBy ?? null, q.timeZone, range.start.getTime(), range.end.getTime()]);

  const measurePeriods = async (query: PeriodsQuery): Promise<MeasureResult[]> => {
    checkPeriodsQuery(query);
    const s = await scope(query.dataset);
    const now = opts.clock.now().getTime();
    const { ranges, firstOnly = [], ...rest } = query;
    const closed = (r: Range) => s !== null && r.end.getTime() < now && r.start.getTime() <= r.end.getTime();
    // A range is kept under the measures it was asked: a trend period's entry is the same with or without the current period's detail.
    const asked = ranges.map((_r, i) => askedIn(query, i));
    const keys = ranges.map((r, i) => (closed(r) ? keyOf({ ...rest, measures: asked[i]! }, r, s!.version) : null));
    const notAsked = (i: number) => firstOnly.filter((n) => !(n in asked[i]!));
    const out: Array<MeasureResult | undefined> = keys.map((k, i) => {
      const hit = k === null ? undefined : cache.get(k, now);
      return hit && asOverNoRows(hit, notAsked(i), query.measures);
    });
    const missing = ranges.flatMap((_r, i) => (out[i] === undefined ? [i] : []));
    if (missing.length > 0) {
      // The first-only measures are asked only when the first range (or one equal to it) is computed, and it goes first.
      const reading = missing.filter((i) => notAsked(i).length === 0);
      const order = [...reading, ...missing.filter((i) => notAsked(i).length > 0)];
      const computed = await measureRanges(inner, {
        ...rest,
        ...(reading.length > 0 ? { firstOnly } : { measures: withoutMeasures(rest.measures, firstOnly) }),
        ranges: order.map((i) => ranges[i]!),
      });
      order.forEach((i, j) => {
        out[i] = asOverNoRows(computed[j]!, notAsked(i), query.measures);
        if (keys[i] !== null) cache.set(keys[i]!, onlyMeasures(computed[j]!, Object.keys(asked[i]!)), s!.until);
      });
    }
    return out as MeasureResult[];
  };

  const wrapped = Object.create(inner) as C & { cache: ResultCache };
  Object.assign(wrapped, {
    cache,
    measurePeriods,
    async measure(query: MeasureQuery) {
      const { range, ...rest } = query;
      return (await measurePeriods({ ...rest, ranges: [range] }))[0]!;
    },
  });
  return wrapped;
}
