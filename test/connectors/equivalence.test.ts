/**
 * The SQL connectors are held to the reference: on random small datasets
 * (nulls, ties, instants around daylight-saving changes, mixed-case and
 * accented strings) and random measure queries (every aggregate, nested
 * conditions, filters, group-by, local-day keys in several zones), `memory`,
 * `duckdb` (real Parquet files read by the real connector) and `postgres`
 * (real tables on the real server) return the same MeasureResult, within
 * float tolerance (relative 1e-9, absolute 1e-7 for sums that cancel).
 * Ids repeat often (a handful of words): DuckDB keeps each id's last row
 * and counts the others (duplicates.ts), so the reference is computed over
 * keepLast(rows), and Postgres, whose tables have no row order to say which
 * row is last, is given those rows.
 */
import fc from "fast-check";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import type { Connector } from "../../src/connectors/connector.ts";
import { openDuckDb } from "../../src/connectors/duckdb/database.ts";
import { openDuckDbConnector, type DuckDbConnector } from "../../src/connectors/duckdb/index.ts";
import { DATASETS, normalizeRow, type DatasetId, type Row } from "../../src/measures/datasets.ts";
import { and, within, type Cond, type Expr, type Filter, type Key, type Measure, type MeasureQuery, type MeasureResult, type MeasureValue } from "../../src/measures/measures.ts";
import { computeMeasures, computePeriods, createMemoryConnector } from "../../src/connectors/memory.ts";
import type { PeriodsQuery } from "../../src/connectors/periods.ts";
import { DUPLICATE_ID, keepLast } from "../../src/connectors/duplicates.ts";
import { createPostgresConnector } from "../../src/connectors/postgres/index.ts";
import { describePostgres, dropSchema, uniqueSchemaName } from "../support/postgres.ts";
import { createPgTables, loadPgRows, tempDir, writeParquet } from "./support.ts";

// ---- data ------------------------------------------------------------------------

/** Instants around daylight-saving changes (Vilnius, New York, Auckland, Lord Howe's 30-minute one) and a plain day. */
const BASES = [
  "2026-03-29T01:00:00Z", // Europe/Vilnius springs forward
  "2026-10-25T01:00:00Z", // Europe/Vilnius falls back
  "2026-03-08T07:00:00Z", // America/New_York springs forward
  "2026-11-01T06:00:00Z", // America/New_York falls back
  "2026-04-05T02:00:00Z", // Pacific/Auckland falls back
  "2026-04-04T15:00:00Z", // Australia/Lord_Howe falls back half an hour
  "2026-06-15T12:00:00Z",
].map((iso) => Date.parse(iso));
const ZONES = ["UTC", "Europe/Vilnius", "America/New_York", "Pacific/Auckland", "Australia/Lord_Howe", "Asia/Kolkata"];

/** An instant: often one of a few (ties), else within two days of a DST change, to the millisecond. */
const instant = fc.oneof(
  fc.constantFrom(...BASES),
  fc.tuple(fc.constantFrom(...BASES), fc.integer({ min: -48, max: 48 })).map(([b, h]) => b + h * 1_800_000),
  fc.tuple(fc.constantFrom(...BASES), fc.integer({ min: -172_800_000, max: 172_800_000 })).map(([b, d]) => b + d),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { freq: 4, nil: null });
// With quotes and a backslash: a definition's text is a DuckDB literal (sqlString), a filter's a parameter.
const WORDS = ["email", "Email", "EMAIL", "chat", "Chat", "phone", "ärger", "Ärger", "zebra", "Zebra", "a", "B", "b c", "o'neil", "x'); DROP TABLE t; --", "back\\slash"];
const word = fc.constantFrom(...WORDS);
const NUMBERS = [0, 1, 2, 2, 3, 4, 5, 7, 9, 10, 0.5, 0.25, -1, -2.5, 100, 1234.5];
// Thousandths up to ±10 000: no denormals, so no overflow (Postgres raises on a float overflow, where
// JavaScript and DuckDB give ±Infinity).
const number = fc.oneof(fc.constantFrom(...NUMBERS), fc.integer({ min: -10_000_000, max: 10_000_000 }).map((x) => x / 1000 + 0));

/** Fields that identify a row: SQL sources skip a row without them ("missing id"). */
const IDENTIFIERS = ["id", "review_id", "visitor_id", "ticket_id", "customer_id"];

function rowArb(dataset: DatasetId): fc.Arbitrary<Row> {
  const spec = DATASETS[dataset];
  const parts: Record<string, fc.Arbitrary<Row[string]>> = {};
  for (const [name, f] of Object.entries(spec.fields)) {
    // The time field and the identifiers are always there: SQL sources skip rows without them ("missing …").
    const required = name === spec.timeField || IDENTIFIERS.includes(name);
    const arb: fc.Arbitrary<Row[string]> =
      f.type === "string" ? word : f.type === "boolean" ? fc.boolean() : f.type === "time" ? instant : number;
    parts[name] = required ? arb : maybe(arb);
  }
  let rows = fc.record(parts) as fc.Arbitrary<Row>;
  if (dataset === "surveys") {
    // Kinds, scores and scales are there and scores on their scale: SQL sources skip the others
    // ("missing kind", "missing score", "missing scale_min", "score out of range").
    rows = fc.record({ ...parts, kind: word, scale_min: fc.constantFrom(0, 1), scale_max: fc.constantFrom(5, 7, 10), score: fc.integer({ min: 1, max: 5 }) }) as fc.Arbitrary<Row>;
  }
  if (dataset === "quality_reviews") {
    // Criterion scores are 0–100 ("score out of range" otherwise).
    rows = fc.record({ ...parts, score: maybe(fc.oneof(fc.constantFrom(0, 50, 100), fc.integer({ min: 0, max: 100_000 }).map((x) => x / 1000))) }) as fc.Arbitrary<Row>;
  }
  return rows;
}

const DATASETS_UNDER_TEST: DatasetId[] = ["tickets", "surveys", "sessions", "quality_reviews"];

// ---- queries ---------------------------------------------------------------------

function fieldsOf(dataset: DatasetId, type: string): string[] {
  return Object.entries(DATASETS[dataset].fields)
    .filter(([, f]) => f.type === type)
    .map(([n]) => n);
}

function queryArb(dataset: DatasetId): fc.Arbitrary<MeasureQuery> {
  const nums = fieldsOf(dataset, "number");
  const times = fieldsOf(dataset, "time");
  const strs = fieldsOf(dataset, "string");
  const bools = fieldsOf(dataset, "boolean");
  const pick = (xs: string[]) => fc.constantFrom(...xs);

  const timeExpr: fc.Arbitrary<Expr> = fc.oneof(
    { weight: 3, arbitrary: pick(times).map((f) => ({ field: f })) },
    { weight: 2, arbitrary: fc.constantFrom<Expr>({ bound: "start" }, { bound: "end" }) },
    { weight: 1, arbitrary: fc.array(pick(times), { minLength: 1, maxLength: 3 }).map((fs) => ({ coalesce: fs.map((f) => ({ field: f })) })) },
  );
  const { numExpr } = fc.letrec<{ numExpr: Expr }>((tie) => ({
    numExpr: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      ...(nums.length > 0 ? [pick(nums).map((f): Expr => ({ field: f }))] : []),
      fc.constantFrom(...NUMBERS).map((n): Expr => ({ num: n })),
      fc.tuple(timeExpr, timeExpr).map(([from, to]): Expr => ({ seconds: { from, to } })),
      fc.tuple(fc.constantFrom("+", "-", "*", "/" as const), tie("numExpr"), tie("numExpr")).map(([op, a, b]): Expr => ({ op, a, b })),
      fc.array(tie("numExpr"), { minLength: 1, maxLength: 3 }).map((xs): Expr => ({ coalesce: xs })),
    ),
  }));
  const strExpr: fc.Arbitrary<Expr> = fc.oneof(
    pick(strs).map((f) => ({ field: f })),
    fc.array(pick(strs), { minLength: 2, maxLength: 3 }).map((fs) => ({ coalesce: fs.map((f) => ({ field: f })) })),
  );
  const cmp = fc.constantFrom("<", "<=", ">", ">=", "=", "!=" as const);
  const all = Object.keys(DATASETS[dataset].fields);
  const { cond } = fc.letrec<{ cond: Cond }>((tie) => ({
    cond: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.tuple(cmp, numExpr, numExpr).map(([c, a, b]): Cond => ({ cmp: c, a, b })),
      fc.tuple(cmp, timeExpr, timeExpr).map(([c, a, b]): Cond => ({ cmp: c, a, b })),
      fc.tuple(cmp, strExpr, strExpr).map(([c, a, b]): Cond => ({ cmp: c, a, b })),
      ...(bools.length > 0 ? [fc.tuple(cmp, pick(bools), pick(bools)).map(([c, a, b]): Cond => ({ cmp: c, a: { field: a }, b: { field: b } }))] : []),
      pick(all).map((f): Cond => ({ isNull: f })),
      pick(all).map((f): Cond => ({ notNull: f })),
      fc.tuple(pick(strs), word).map(([f, v]): Cond => ({ eq: f, value: v })),
      ...(nums.length > 0 ? [fc.tuple(pick(nums), fc.constantFrom(...NUMBERS)).map(([f, v]): Cond => ({ eq: f, value: v }))] : []),
      ...(bools.length > 0 ? [fc.tuple(pick(bools), fc.boolean()).map(([f, v]): Cond => ({ eq: f, value: v }))] : []),
      fc.array(tie("cond"), { maxLength: 3 }).map((cs): Cond => ({ and: cs })),
      fc.array(tie("cond"), { maxLength: 3 }).map((cs): Cond => ({ or: cs })),
      tie("cond").map((c): Cond => ({ not: c })),
    ),
  }));
  const where = fc.option(cond, { freq: 4, nil: undefined });
  const keyArb: fc.Arbitrary<Key> = fc.oneof(pick([...strs, ...nums, ...bools, ...times]), pick(times).map((t) => ({ localDay: t })));
  const measure: fc.Arbitrary<Measure> = fc.oneof(
    where.map((w): Measure => ({ agg: "count", ...(w ? { where: w } : {}) })),
    fc.tuple(numExpr, where).map(([of, w]): Measure => ({ agg: "moments", of, ...(w ? { where: w } : {}) })),
    fc.tuple(numExpr, fc.constantFrom(0, 0.25, 0.5, 0.9, 1, 0.37), where).map(([of, q, w]): Measure => ({ agg: "quantile", of, q, ...(w ? { where: w } : {}) })),
    fc.tuple(fc.array(keyArb, { minLength: 1, maxLength: 2 }), where).map(([keys, w]): Measure => ({ agg: "distinct", keys, ...(w ? { where: w } : {}) })),
    fc.tuple(pick(strs), numExpr, numExpr, where).map(([key, num, den, w]): Measure => ({ agg: "keyedMoments", key, num, den, ...(w ? { where: w } : {}) })),
  );
  const dims = [...strs, ...bools];
  const filter: fc.Arbitrary<Filter> = pick(dims).chain((f) =>
    fc
      .array(bools.includes(f) ? fc.constantFrom("true", "TRUE", "false", "x") : word, { minLength: 1, maxLength: 2 })
      .map((values) => ({ field: f, values })),
  );
  return fc
    .record({
      measures: fc.array(measure, { minLength: 1, maxLength: 4 }),
      range: fc.tuple(instant, instant).map(([a, b]) => ({ start: new Date(Math.min(a, b)), end: new Date(Math.max(a, b) + 1) })),
      filters: fc.array(filter, { maxLength: 2 }),
      groupBy: fc.option(pick(dims), { nil: undefined }),
      timeZone: fc.constantFrom(...ZONES),
    })
    .map(({ measures, groupBy, ...rest }) => ({
      dataset,
      measures: Object.fromEntries(measures.map((m, i) => [`m${i}`, m])),
      ...rest,
      ...(groupBy !== undefined ? { groupBy } : {}),
    }));
}

const caseArb = fc.constantFrom(...DATASETS_UNDER_TEST).chain((dataset) =>
  fc.record({
    dataset: fc.constant(dataset),
    rows: fc.array(rowArb(dataset), { maxLength: 25 }),
    queries: fc.array(queryArb(dataset), { minLength: 1, maxLength: 3 }),
  }),
);

/**
 * A question over several periods: a random query whose measures are mostly
 * windowed (`within` a time field, the dataset's own or another, ANDed with
 * their random condition), some not; two to five ranges that repeat, overlap,
 * touch, nest or are empty; some measures asked of the first range alone
 * (`firstOnly`, as a report's current-period median).
 */
function periodsArb(dataset: DatasetId): fc.Arbitrary<PeriodsQuery> {
  const times = fieldsOf(dataset, "time");
  const window = fc.oneof(
    { weight: 3, arbitrary: fc.constant<string | null>(DATASETS[dataset].timeField) },
    { weight: 1, arbitrary: fc.constantFrom<string | null>(...times) },
    { weight: 1, arbitrary: fc.constant<string | null>(null) },
  );
  const range = fc.tuple(instant, instant).map(([a, b]) => ({ start: new Date(Math.min(a, b)), end: new Date(Math.max(a, b) + 1) }));
  // Contiguous equal steps, as a trend's periods are.
  const trend = fc.tuple(instant, fc.integer({ min: 1, max: 48 }), fc.integer({ min: 2, max: 5 })).map(([at, hours, n]) =>
    Array.from({ length: n }, (_, i) => ({ start: new Date(at + i * hours * 1_800_000), end: new Date(at + (i + 1) * hours * 1_800_000) })),
  );
  const ranges = fc.oneof(
    fc.array(range, { minLength: 2, maxLength: 5 }),
    trend,
    fc.tuple(trend, fc.array(range, { maxLength: 2 })).map(([t, more]) => [...t, ...more, t[0]!]),
    range.map((r) => [r, { start: r.end, end: r.start }, r]),
  );
  return fc.tuple(queryArb(dataset), fc.array(window, { minLength: 4, maxLength: 4 }), ranges, fc.array(fc.boolean(), { minLength: 4, maxLength: 4 })).map(([q, windows, rs, first]) => {
    const { range: _r, ...rest } = q;
    const firstOnly = Object.keys(q.measures).filter((_n, i) => first[i]);
    const measures = Object.fromEntries(
      Object.entries(q.measures).map(([name, m], i): [string, Measure] => {
        const w = windows[i]!;
        return [name, w === null ? m : { ...m, where: m.where === undefined ? within(w) : and(within(w), m.where) }];
      }),
    );
    return { ...rest, measures, ranges: rs, ...(firstOnly.length > 0 ? { firstOnly } : {}) };
  });
}

const periodsCaseArb = fc.constantFrom(...DATASETS_UNDER_TEST).chain((dataset) =>
  fc.record({
    dataset: fc.constant(dataset),
    rows: fc.array(rowArb(dataset), { maxLength: 25 }),
    queries: fc.array(periodsArb(dataset), { minLength: 1, maxLength: 2 }),
  }),
);

/** Each engine's answer over several periods equals the reference's (and its own) one query per period. */
async function checkPeriods(
  sample: { dataset: DatasetId; rows: Row[]; queries: PeriodsQuery[] },
  others: Array<{ name: string; connector: Connector }>,
): Promise<void> {
  const rows = keepLast(sample.dataset, sample.rows).rows.map((r) => normalizeRow(sample.dataset, r));
  for (const query of sample.queries) {
    const { ranges, firstOnly = [], ...rest } = query;
    // A range other than the first (and those equal to it) is asked all but the first-only measures, which read as over no rows.
    const isFirst = (r: { start: Date; end: Date }) => r.start.getTime() === ranges[0]!.start.getTime() && r.end.getTime() === ranges[0]!.end.getTime();
    const singles = ranges.map((range) => ({ ...rest, measures: Object.fromEntries(Object.entries(rest.measures).filter(([n]) => isFirst(range) || !firstOnly.includes(n))), range }));
    const empty = (m: Measure): MeasureValue => (m.agg === "count" || m.agg === "distinct" ? 0 : m.agg === "quantile" ? null : { n: 0, sum: 0, sumSq: 0 });
    const want = singles.map((q): MeasureResult => {
      const r = Object.keys(q.measures).length > 0 || Object.keys(rest.measures).length === 0 ? computeMeasures(rows, q) : { total: {}, ...(q.groupBy !== undefined ? { groups: [] } : {}) };
      const none = Object.fromEntries(Object.entries(rest.measures).filter(([n]) => !(n in q.measures)).map(([n, m]) => [n, empty(m)]));
      return { total: { ...r.total, ...none }, ...(r.groups ? { groups: r.groups.map((g) => ({ ...g, values: { ...g.values, ...none } })) } : {}) };
    });
    const together = computePeriods(rows, query);
    singles.forEach((q, i) => expectSame("memory over several periods", together[i]!, want[i]!, q));
    for (const o of others) {
      const got = await o.connector.measurePeriods!(query);
      expect(got).toHaveLength(ranges.length);
      for (const [i, q] of singles.entries()) {
        expectSame(`${o.name} over several periods`, got[i]!, want[i]!, q);
        if (Object.keys(q.measures).length > 0) expectSame(`${o.name} over several periods (against its own single query)`, got[i]!, await o.connector.measure(q), q);
      }
    }
  }
}

// ---- comparing ----------------------------------------------------------------------

function close(a: number, b: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) + 1e-7;
}

function sameValue(a: MeasureValue | undefined, b: MeasureValue | undefined): boolean {
  if (a === null || b === null || a === undefined || b === undefined) return a === b;
  if (typeof a === "number" || typeof b === "number") return typeof a === "number" && typeof b === "number" && close(a, b);
  return a.n === b.n && close(a.sum, b.sum) && close(a.sumSq, b.sumSq);
}

/** Throws, showing both results, unless they agree within tolerance. */
function expectSame(name: string, got: MeasureResult, want: MeasureResult, query: MeasureQuery): void {
  const problem = (() => {
    for (const k of Object.keys(want.total)) if (!sameValue(got.total[k], want.total[k])) return `total ${k}`;
    if ((got.groups === undefined) !== (want.groups === undefined)) return "groups present";
    if (want.groups && got.groups) {
      if (got.groups.map((g) => g.key).join("\u0001") !== want.groups.map((g) => g.key).join("\u0001")) return "group keys";
      for (const [i, g] of want.groups.entries()) {
        for (const k of Object.keys(g.values)) if (!sameValue(got.groups[i]!.values[k], g.values[k])) return `group ${g.key} ${k}`;
      }
    }
    return null;
  })();
  if (problem !== null) {
    throw new Error(`${name} differs from memory (${problem})\nquery: ${JSON.stringify(query)}\n${name}: ${JSON.stringify(got)}\nmemory: ${JSON.stringify(want)}`);
  }
}

// ---- the connectors ------------------------------------------------------------------

const END = new Date("2026-12-01T00:00:00Z");

async function duckdbHarness() {
  const dir = await tempDir("cs-equiv-");
  const writer = await openDuckDb({ connections: 1 });
  const connector: DuckDbConnector = await openDuckDbConnector({ dataDir: dir.path, clock: fixedClock(END), sample: false, refreshMs: 3_600_000 });
  let previous: DatasetId | null = null;
  return {
    connector,
    async load(dataset: DatasetId, rows: Row[]) {
      if (previous !== null) await rm(join(dir.path, `${previous}.parquet`), { force: true });
      await writeParquet(writer, join(dir.path, `${dataset}.parquet`), dataset, rows);
      previous = dataset;
      await connector.reload();
    },
    async dispose() {
      await connector.close?.();
      await writer.close();
      await dir.dispose();
    },
  };
}

async function check(
  sample: { dataset: DatasetId; rows: Row[]; queries: MeasureQuery[] },
  others: Array<{ name: string; connector: Connector }>,
): Promise<void> {
  const rows = keepLast(sample.dataset, sample.rows).rows;
  for (const query of sample.queries) {
    // The reference over the rows as every engine ingests them (the last row per id; channels and other ids lower-cased).
    const want = computeMeasures(rows.map((r) => normalizeRow(sample.dataset, r)), query);
    for (const o of others) expectSame(o.name, await o.connector.measure(query), want, query);
  }
}

describe("memory and DuckDB over Parquet", () => {
  let duck: Awaited<ReturnType<typeof duckdbHarness>>;
  beforeAll(async () => {
    duck = await duckdbHarness();
  });
  afterAll(async () => {
    await duck?.dispose();
  });

  it("return the same measures for random datasets and queries (80 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (sample) => {
        await duck.load(sample.dataset, sample.rows);
        await check(sample, [{ name: "duckdb", connector: duck.connector }]);
        // The rows replaced by a later one with the same id are counted, as the memory connector counts them.
        const counted = (infos: Awaited<ReturnType<Connector["describe"]>>) => infos.find((i) => i.dataset === sample.dataset)?.skipped.find((x) => x.reason === DUPLICATE_ID)?.count ?? 0;
        const memory = createMemoryConnector({ [sample.dataset]: sample.rows });
        expect(counted(await duck.connector.describe())).toBe(counted(await memory.describe()));
        expect(counted(await memory.describe())).toBe(keepLast(sample.dataset, sample.rows).duplicates);
      }),
      { numRuns: 80 },
    );
  }, 120_000);

  it("answer several periods at once as one query per period: windowed measures bucketed, the others per period (50 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(periodsCaseArb, async (sample) => {
        await duck.load(sample.dataset, sample.rows);
        await checkPeriods(sample, [
          { name: "duckdb", connector: duck.connector },
          { name: "memory connector", connector: createMemoryConnector({ [sample.dataset]: sample.rows }) },
        ]);
      }),
      { numRuns: 50 },
    );
  }, 180_000);
});

await describePostgres("memory, DuckDB and Postgres", (url) => {
  const schema = uniqueSchemaName("conn_equiv");
  let duck: Awaited<ReturnType<typeof duckdbHarness>>;
  let client: pg.Client;
  let postgres: Connector;
  beforeAll(async () => {
    duck = await duckdbHarness();
    client = new pg.Client({ connectionString: url });
    await client.connect();
    await createPgTables(client, schema, DATASETS_UNDER_TEST);
    postgres = createPostgresConnector({
      url,
      statementTimeoutMs: 10_000,
      tables: Object.fromEntries(DATASETS_UNDER_TEST.map((d) => [d, `${schema}.${d}`])),
      poolSize: 2,
    });
  });
  afterAll(async () => {
    await postgres?.close?.();
    await client?.end();
    await dropSchema(url, schema);
    await duck?.dispose();
  });

  it("return the same measures for random datasets and queries (150 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (sample) => {
        await Promise.all([duck.load(sample.dataset, sample.rows), loadPgRows(client, schema, sample.dataset, keepLast(sample.dataset, sample.rows).rows)]);
        await check(sample, [
          { name: "duckdb", connector: duck.connector },
          { name: "postgres", connector: postgres },
        ]);
      }),
      { numRuns: 150 },
    );
  }, 180_000);

  it("answer several periods at once as one query per period on all three (60 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(periodsCaseArb, async (sample) => {
        await Promise.all([duck.load(sample.dataset, sample.rows), loadPgRows(client, schema, sample.dataset, keepLast(sample.dataset, sample.rows).rows)]);
        await checkPeriods(sample, [
          { name: "duckdb", connector: duck.connector },
          { name: "postgres", connector: postgres },
        ]);
      }),
      { numRuns: 60 },
    );
  }, 240_000);

  it("agree on a hand-made case: a boolean group key, a null group, a localDay key across the Vilnius spring-forward on 29 March 2026", async () => {
    const at = (iso: string) => Date.parse(iso);
    const rows: Row[] = [
      { id: "1", visitor_id: "v1", started_at: at("2026-03-28T21:59:59.999Z"), duration_seconds: 10, pages: 1, converted: true, source: "Organic", is_new_visitor: true },
      { id: "2", visitor_id: "v1", started_at: at("2026-03-28T22:00:00.000Z"), duration_seconds: 20, pages: 2, converted: false, source: "organic", is_new_visitor: false },
      { id: "3", visitor_id: "v2", started_at: at("2026-03-29T01:30:00.000Z"), duration_seconds: null, pages: 3, converted: true, source: null, is_new_visitor: false },
      { id: "4", visitor_id: "v2", started_at: at("2026-03-29T21:00:00.000Z"), duration_seconds: 40, pages: 4, converted: true, source: "paid", is_new_visitor: false },
    ];
    const query: MeasureQuery = {
      dataset: "sessions",
      measures: {
        days: { agg: "distinct", keys: ["visitor_id", { localDay: "started_at" }] },
        duration: { agg: "moments", of: { field: "duration_seconds" } },
        median: { agg: "quantile", of: { field: "pages" }, q: 0.5 },
      },
      range: { start: new Date("2026-03-28T00:00:00Z"), end: new Date("2026-03-31T00:00:00Z") },
      filters: [],
      groupBy: "converted",
      timeZone: "Europe/Vilnius",
    };
    await Promise.all([duck.load("sessions", rows), loadPgRows(client, schema, "sessions", rows)]);
    const want = computeMeasures(rows, query);
    // 28 March 23:59:59.999 and 29 March 00:00 in Vilnius are two days for v1; v2's visits are on 29 and 30 March (local).
    expect(want.total.days).toBe(4);
    expect(want.groups?.map((g) => g.key)).toEqual(["false", "true"]);
    expect(await duck.connector.measure(query)).toEqual(want);
    expect(await postgres.measure(query)).toEqual(want);
  });

  it("agree that a group is there only when some measure counts one of its rows: none in the window, none at all", async () => {
    const at = (iso: string) => Date.parse(iso);
    // On its scale (1–5, NPS 0–10): SQL sources skip an answer off its scale.
    const answer = (id: string, kind: string, score: number, submitted: string, channel: string | null, customer: string): Row => ({
      id, kind, score, scale_min: kind === "nps" ? 0 : 1, scale_max: kind === "nps" ? 10 : 5, submitted_at: at(submitted), channel, agent: null, team: null, ticket_id: null, customer_id: customer,
    });
    const rows: Row[] = [
      answer("1", "csat", 5, "2026-11-16T00:00:00.000Z", "email", "c1"),
      answer("2", "csat", 2, "2026-11-22T23:59:59.999Z", "email", "c2"),
      answer("3", "csat", 4, "2026-11-15T23:59:59.999Z", "email", "c3"), // the day before: email's other rows count
      answer("4", "csat", 5, "2026-11-10T12:00:00.000Z", "chat", "c4"), // chat: only the week before
      answer("5", "csat", 1, "2026-11-23T00:00:00.000Z", "chat", "c5"), // and the instant the window ends
      answer("6", "nps", 9, "2026-11-18T12:00:00.000Z", "phone", "c6"), // phone: an NPS answer, only the keyed measure counts it
      answer("7", "csat", 3, "2026-11-19T08:00:00.000Z", null, "c7"),
      answer("8", "ces", 3, "2026-11-19T08:00:00.000Z", "web", "c8"), // web: in the window, but no measure counts a CES answer
    ];
    const week = { start: new Date("2026-11-16T00:00:00Z"), end: new Date("2026-11-23T00:00:00Z") };
    const answered = (kind: string): Cond => ({ and: [{ eq: "kind", value: kind }, { cmp: ">=", a: { field: "submitted_at" }, b: { bound: "start" } }, { cmp: "<", a: { field: "submitted_at" }, b: { bound: "end" } }] });
    const query: MeasureQuery = {
      dataset: "surveys",
      measures: {
        positive: { agg: "count", where: { and: [answered("csat"), { cmp: ">=", a: { field: "score" }, b: { num: 4 } }] } },
        answers: { agg: "count", where: answered("csat") },
        score: { agg: "moments", of: { field: "score" }, where: answered("csat") },
        median: { agg: "quantile", of: { field: "score" }, q: 0.5, where: answered("csat") },
        customers: { agg: "distinct", keys: ["customer_id"], where: answered("csat") },
        promoters: { agg: "keyedMoments", key: "customer_id", num: { field: "score" }, den: { num: 1 }, where: answered("nps") },
      },
      range: week,
      filters: [],
      groupBy: "channel",
      timeZone: "Europe/Vilnius",
    };
    await Promise.all([duck.load("surveys", rows), loadPgRows(client, schema, "surveys", rows)]);
    const want = computeMeasures(rows, query);
    expect(want.total).toMatchObject({ positive: 1, answers: 3, customers: 3, promoters: { n: 1, sum: 9, sumSq: 81 } });
    expect(want.groups?.map((g) => g.key)).toEqual(["email", "phone", null]);
    expect(want.groups?.[1]).toEqual({
      key: "phone",
      values: { positive: 0, answers: 0, score: { n: 0, sum: 0, sumSq: 0 }, median: null, customers: 0, promoters: { n: 1, sum: 9, sumSq: 81 } },
    });
    expect(await duck.connector.measure(query)).toEqual(want);
    expect(await postgres.measure(query)).toEqual(want);
    // With a measure that counts every row, every channel is a group again, in all three.
    const every: MeasureQuery = { ...query, measures: { ...query.measures, rows: { agg: "count" } } };
    const all = computeMeasures(rows, every);
    expect(all.groups?.map((g) => g.key)).toEqual(["chat", "email", "phone", "web", null]);
    expect(await duck.connector.measure(every)).toEqual(all);
    expect(await postgres.measure(every)).toEqual(all);
  });
});
