/**
 * Day rollups (src/connectors/duckdb/rollup.ts) give exactly the figures the
 * rows give. On random survey and ticket rows (nulls, NaN-free numbers,
 * instants around daylight-saving changes) and random count/moments questions
 * over whole local days in several zones, DuckDB answering from a rollup
 * returns what the memory reference computes from the rows; a question a
 * rollup cannot answer (not whole days, a quantile, a time in a condition)
 * reads the rows; and new data is never answered from an old rollup.
 */
import { TZDate } from "@date-fns/tz";
import fc from "fast-check";
import { appendFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import { openDuckDb } from "../../src/connectors/duckdb/database.ts";
import { openDuckDbConnector, type DuckDbConnector } from "../../src/connectors/duckdb/index.ts";
import { localDay, offsetsOver, rollupPlan } from "../../src/connectors/duckdb/rollup.ts";
import { keepLast } from "../../src/connectors/duplicates.ts";
import { computePeriods } from "../../src/connectors/memory.ts";
import type { PeriodsQuery } from "../../src/connectors/periods.ts";
import { DATASETS, normalizeRow, type DatasetId, type Row } from "../../src/measures/datasets.ts";
import { and, within, type Cond, type Expr, type Measure, type MeasureResult, type MeasureValue } from "../../src/measures/measures.ts";
import { tempDir, writeParquet } from "./support.ts";

const ZONES = ["UTC", "Europe/Vilnius", "America/New_York", "Pacific/Auckland", "Australia/Lord_Howe", "Asia/Kolkata"];
/** Days around daylight-saving changes of those zones, and a plain one. */
const DAYS = ["2026-03-29", "2026-10-25", "2026-03-08", "2026-11-01", "2026-04-05", "2026-06-15"].map((d) => Date.parse(`${d}T00:00:00Z`));
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Mostly within a day and a half of `base`, so that many rows share a day (and a rollup row stands for several). */
const instantNear = (base: number) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: -36 * HOUR, max: 36 * HOUR }).map((ms) => base + ms) },
    { weight: 1, arbitrary: fc.integer({ min: -5 * DAY, max: 5 * DAY }).map((ms) => base + ms) },
  );
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { freq: 4, nil: null });
const word = fc.constantFrom("email", "Email", "chat", "ärger");
const number = fc.oneof(fc.constantFrom(0, 1, 2, 3, 4, 5, 9, 10, 0.5, -2.5), fc.integer({ min: -100_000, max: 100_000 }).map((x) => x / 1000));

function rowArb(dataset: DatasetId, base: number): fc.Arbitrary<Row> {
  const spec = DATASETS[dataset];
  const parts: Record<string, fc.Arbitrary<Row[string]>> = {};
  for (const [name, f] of Object.entries(spec.fields)) {
    const arb: fc.Arbitrary<Row[string]> = f.type === "string" ? word : f.type === "boolean" ? fc.boolean() : f.type === "time" ? instantNear(base) : number;
    parts[name] = name === spec.timeField || name === "id" || name === "ticket_id" ? arb : maybe(arb);
  }
  if (dataset === "surveys") {
    Object.assign(parts, { kind: fc.constantFrom("csat", "nps", "CSAT"), scale_min: fc.constantFrom(0, 1), scale_max: fc.constantFrom(5, 10), score: fc.integer({ min: 1, max: 3 }) });
  }
  return fc.record(parts) as fc.Arbitrary<Row>;
}

/** Conditions and numbers over the fields a rollup keeps (no time). */
function measureArb(dataset: DatasetId): fc.Arbitrary<Measure> {
  const fields = Object.entries(DATASETS[dataset].fields).filter(([, f]) => f.type !== "time");
  const of = (type: string) => fields.filter(([, f]) => f.type === type).map(([n]) => n);
  const nums = of("number");
  const strs = of("string");
  // A dataset without numbers (tickets) still has moments of constants: n counts its rows.
  const numField = nums.length > 0 ? fc.constantFrom(...nums).map((f): Expr => ({ field: f })) : fc.constantFrom<Expr>({ num: 1 }, { num: 2.5 });
  const numExpr: fc.Arbitrary<Expr> = fc.oneof(
    numField,
    fc.tuple(fc.constantFrom("+", "-", "*" as const), numField, fc.constantFrom(1, 2, 0.5)).map(([op, a, n]): Expr => ({ op, a, b: { num: n } })),
  );
  const { cond } = fc.letrec<{ cond: Cond }>((tie) => ({
    cond: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.tuple(fc.constantFrom("<", "<=", ">", ">=", "=", "!=" as const), numExpr, numExpr).map(([cmp, a, b]): Cond => ({ cmp, a, b })),
      fc.tuple(fc.constantFrom(...strs), word).map(([f, v]): Cond => ({ eq: f, value: v })),
      fc.constantFrom(...fields.map(([n]) => n)).map((f): Cond => ({ notNull: f })),
      fc.constantFrom(...fields.map(([n]) => n)).map((f): Cond => ({ isNull: f })),
      fc.array(tie("cond"), { maxLength: 3 }).map((cs): Cond => ({ or: cs })),
      tie("cond").map((c): Cond => ({ not: c })),
    ),
  }));
  const windowed = (c: Cond | null) => (c === null ? within(DATASETS[dataset].timeField) : and(within(DATASETS[dataset].timeField), c));
  return fc.oneof(
    maybe(cond).map((c): Measure => ({ agg: "count", where: windowed(c) })),
    fc.tuple(numExpr, maybe(cond)).map(([x, c]): Measure => ({ agg: "moments", of: x, where: windowed(c) })),
  );
}

/** Whole local days of `zone`: a trend of n periods of `days` days, or any spans, overlapping and repeated. */
function rangesArb(zone: string, base: number): fc.Arbitrary<Array<{ start: Date; end: Date }>> {
  const midnight = (base: number, days: number) => {
    const d = new Date(base + days * DAY);
    return new Date(new TZDate(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), zone).getTime());
  };
  const trend = fc.tuple(fc.integer({ min: -6, max: 2 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 5 })).map(([from, days, n]) =>
    Array.from({ length: n }, (_, i) => ({ start: midnight(base, from + i * days), end: midnight(base, from + (i + 1) * days) })),
  );
  const span = fc.tuple(fc.integer({ min: -6, max: 5 }), fc.integer({ min: 0, max: 6 })).map(([from, days]) => ({ start: midnight(base, from), end: midnight(base, from + days) }));
  return fc.oneof(trend, fc.array(span, { minLength: 2, maxLength: 4 }), fc.tuple(trend, span).map(([t, s]) => [...t, s, t[0]!]));
}

const DATASETS_UNDER_TEST: DatasetId[] = ["surveys", "tickets"];

const caseArb = fc.tuple(fc.constantFrom(...DATASETS_UNDER_TEST), fc.constantFrom(...DAYS)).chain(([dataset, base]) =>
  fc.record({
    dataset: fc.constant(dataset),
    // Ids of their own: the rows are all kept (duplicates.ts), so days share many.
    rows: fc.array(rowArb(dataset, base), { minLength: 10, maxLength: 60 }).map((rows) => rows.map((r, i) => ({ ...r, id: `r${i}` }))),
    query: fc.constantFrom(...ZONES).chain((timeZone) =>
      fc.record({
        measures: fc.array(measureArb(dataset), { minLength: 1, maxLength: 3 }).map((ms) => Object.fromEntries(ms.map((m, i) => [`m${i}`, m]))),
        ranges: rangesArb(timeZone, base),
        filters: fc.array(
          fc.record({ field: fc.constantFrom("channel", "agent", "team"), values: fc.array(word, { minLength: 1, maxLength: 2 }) }),
          { maxLength: 1 },
        ),
        groupBy: fc.option(fc.constantFrom("channel", "agent", "team"), { nil: undefined }),
        timeZone: fc.constant(timeZone),
      }),
    ),
  }),
);

function close(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) + 1e-7;
}

function same(a: MeasureValue | undefined, b: MeasureValue | undefined): boolean {
  if (a === null || b === null || a === undefined || b === undefined) return a === b;
  if (typeof a === "number" || typeof b === "number") return typeof a === "number" && typeof b === "number" && close(a, b);
  return a.n === b.n && close(a.sum, b.sum) && close(a.sumSq, b.sumSq);
}

function expectSame(got: MeasureResult, want: MeasureResult, context: string): void {
  const keys = (r: MeasureResult) => (r.groups ?? []).map((g) => g.key);
  const ok =
    Object.keys(want.total).every((k) => same(got.total[k], want.total[k])) &&
    JSON.stringify(keys(got)) === JSON.stringify(keys(want)) &&
    (want.groups ?? []).every((g, i) => Object.keys(g.values).every((k) => same(got.groups![i]!.values[k], g.values[k])));
  if (!ok) throw new Error(`${context}\nrollup: ${JSON.stringify(got)}\nrows:   ${JSON.stringify(want)}`);
}

const END = new Date("2026-12-01T00:00:00Z");

describe("day rollups", () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let writer: Awaited<ReturnType<typeof openDuckDb>>;
  let connector: DuckDbConnector;
  let previous: DatasetId | null = null;
  beforeAll(async () => {
    dir = await tempDir("cs-rollup-");
    writer = await openDuckDb({ connections: 1 });
    // Every dataset rolled up, however small, and the rollup waited for: the figures come from it.
    connector = await openDuckDbConnector({ dataDir: dir.path, clock: fixedClock(END), sample: false, refreshMs: 3_600_000, rollups: { minRows: 0, maxShare: Infinity, build: "inline" } });
  });
  afterAll(async () => {
    await connector?.close?.();
    await writer?.close();
    await dir?.dispose();
  });

  it("answer questions over whole local days exactly as the rows do, in every zone (60 runs)", async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ dataset, rows, query: q }) => {
        if (previous !== null && previous !== dataset) await rm(join(dir.path, `${previous}.parquet`), { force: true });
        await writeParquet(writer, join(dir.path, `${dataset}.parquet`), dataset, rows);
        previous = dataset;
        await connector.reload();
        const query: PeriodsQuery = { dataset, ...q };
        // The question is one a rollup answers (so this tests the rollup, not the rows).
        expect(rollupPlan(query, DATASETS[dataset].timeField)).not.toBeNull();
        const want = computePeriods(keepLast(dataset, rows).rows.map((r) => normalizeRow(dataset, r)), query);
        const got = await connector.measurePeriods!(query);
        got.forEach((g, i) => expectSame(g, want[i]!, `range ${i} of ${JSON.stringify(query)}`));
      }),
      { numRuns: 60 },
    );
  }, 180_000);
});

describe("which questions a rollup answers", () => {
  const week = (zone: string, from: string) => {
    const [y, m, d] = from.split("-").map(Number) as [number, number, number];
    return { start: new Date(new TZDate(y, m - 1, d, zone).getTime()), end: new Date(new TZDate(y, m - 1, d + 7, zone).getTime()) };
  };
  const csat: Measure = { agg: "count", where: and({ eq: "kind", value: "csat" }, within("submitted_at")) };
  const base = { dataset: "surveys" as const, filters: [], timeZone: "Europe/Berlin" };

  it("whole local days of the question's zone, counts and moments over columns without time", () => {
    const plan = rollupPlan({ ...base, measures: { csat, score: { agg: "moments", of: { field: "score" }, where: within("submitted_at") } }, ranges: [week("Europe/Berlin", "2026-10-19"), week("Europe/Berlin", "2026-10-26")], groupBy: "channel" }, "submitted_at");
    expect(plan?.columns).toEqual(["channel", "kind", "score"]);
    // The week across the change back to winter time is still seven local days.
    expect(plan?.ranges.map((r) => [r.start.toISOString().slice(0, 10), r.end.toISOString().slice(0, 10)])).toEqual([
      ["2026-10-19", "2026-10-26"],
      ["2026-10-26", "2026-11-02"],
    ]);
  });

  it("not a range that starts inside a day, a quantile, a distinct count, or a condition on a time", () => {
    const ranges = [week("Europe/Berlin", "2026-10-19")];
    const notMidnight = { start: new Date(ranges[0]!.start.getTime() + HOUR), end: ranges[0]!.end };
    expect(rollupPlan({ ...base, measures: { csat }, ranges: [notMidnight] }, "submitted_at")).toBeNull();
    // Midnight in UTC is not midnight in Berlin.
    expect(rollupPlan({ ...base, measures: { csat }, ranges: [week("UTC", "2026-10-19")] }, "submitted_at")).toBeNull();
    expect(rollupPlan({ ...base, measures: { q: { agg: "quantile", of: { field: "score" }, q: 0.5, where: within("submitted_at") } }, ranges }, "submitted_at")).toBeNull();
    expect(rollupPlan({ ...base, measures: { d: { agg: "distinct", keys: ["customer_id"], where: within("submitted_at") } }, ranges }, "submitted_at")).toBeNull();
    const frt: Measure = { agg: "moments", of: { seconds: { from: { field: "created_at" }, to: { field: "first_response_at" } } }, where: within("resolved_at") };
    expect(rollupPlan({ dataset: "tickets", filters: [], timeZone: "UTC", measures: { frt }, ranges: [week("UTC", "2026-10-19")] }, "resolved_at")).toBeNull();
    expect(rollupPlan({ ...base, measures: { open: { agg: "count", where: and(within("submitted_at"), { cmp: "<", a: { field: "score" }, b: { bound: "end" } }) } }, ranges }, "submitted_at")).toBeNull();
  });

  it("a local date is taken only at the first instant of a day", () => {
    expect(localDay(new Date("2026-10-24T22:00:00Z"), "Europe/Berlin")).toBe(Date.UTC(2026, 9, 25) / DAY);
    expect(localDay(new Date("2026-10-24T23:00:00Z"), "Europe/Berlin")).toBeNull();
    // São Paulo, 4 November 2018: clocks went from midnight to 01:00, so the day began at 01:00 — not a midnight.
    expect(localDay(new Date("2018-11-04T03:00:00Z"), "America/Sao_Paulo")).toBeNull();
  });

  it("offsets over a span: Berlin's two changes in 2026, to the millisecond; none where the date would run backwards", () => {
    const berlin = offsetsOver(Date.parse("2026-01-01T00:00:00Z"), Date.parse("2026-12-31T00:00:00Z"), "Europe/Berlin");
    expect(berlin).toEqual({
      initial: HOUR,
      changes: [
        { at: Date.parse("2026-03-29T01:00:00Z"), offset: 2 * HOUR },
        { at: Date.parse("2026-10-25T01:00:00Z"), offset: HOUR },
      ],
    });
    // Goose Bay, 1 November 2009: clocks went back from 00:01 to 23:01 of the day before.
    expect(offsetsOver(Date.parse("2009-01-01T00:00:00Z"), Date.parse("2009-12-31T00:00:00Z"), "America/Goose_Bay")).toBeNull();
    // São Paulo, 18 February 2018: clocks went back at midnight, to 23:00: the 23rd hour repeats, the date never runs back.
    expect(offsetsOver(Date.parse("2018-01-01T00:00:00Z"), Date.parse("2018-03-01T00:00:00Z"), "America/Sao_Paulo")?.changes).toEqual([{ at: Date.parse("2018-02-18T02:00:00Z"), offset: -3 * HOUR }]);
  });
});

describe("a rollup and new data", () => {
  it("is built in the background after the question that asked first, and never answers for data it was not built from", async () => {
    const dir = await tempDir("cs-rollup-fresh-");
    const connector = await openDuckDbConnector({ dataDir: dir.path, clock: fixedClock(END), sample: false, refreshMs: 0, rollups: { minRows: 0, maxShare: Infinity } });
    try {
      const line = (i: number, day: number, score: number) => `s${i},csat,${score},1,5,2026-11-${String(day).padStart(2, "0")}T10:00:00Z,chat\n`;
      await writeFile(join(dir.path, "surveys.csv"), "id,kind,score,scale_min,scale_max,submitted_at,channel\n" + line(1, 10, 5) + line(2, 11, 1) + line(3, 17, 4));
      const query: PeriodsQuery = {
        dataset: "surveys",
        measures: { positive: { agg: "count", where: and(within("submitted_at"), { cmp: ">=", a: { field: "score" }, b: { num: 4 } }) }, n: { agg: "count", where: within("submitted_at") } },
        ranges: [
          { start: new Date("2026-11-16T00:00:00Z"), end: new Date("2026-11-23T00:00:00Z") },
          { start: new Date("2026-11-09T00:00:00Z"), end: new Date("2026-11-16T00:00:00Z") },
        ],
        filters: [],
        timeZone: "UTC",
      };
      const figures = (rs: MeasureResult[]) => rs.map((r) => [r.total.positive, r.total.n]);
      expect(figures(await connector.measurePeriods!(query))).toEqual([[1, 1], [1, 2]]);
      await connector.settled();
      expect(figures(await connector.measurePeriods!(query))).toEqual([[1, 1], [1, 2]]);
      // A new answer in last week: the next question sees it (a new reading of the folder, a new rollup).
      await appendFile(join(dir.path, "surveys.csv"), line(4, 12, 5));
      expect(figures(await connector.measurePeriods!(query))).toEqual([[1, 1], [2, 3]]);
      await connector.settled();
      expect(figures(await connector.measurePeriods!(query))).toEqual([[1, 1], [2, 3]]);
    } finally {
      await connector.close?.();
      await dir.dispose();
    }
  });
});

describe("a rollup not worth building", () => {
  it("is not built when it would be about as large as the rows (a sketch says so first), and the rows answer exactly", async () => {
    const dir = await tempDir("cs-rollup-large-");
    const said: Array<{ message: string; fields?: Record<string, unknown> }> = [];
    const log = { info: (message: string, fields?: Record<string, unknown>) => void said.push({ message, ...(fields ? { fields } : {}) }), warn() {}, error() {} };
    const connector = await openDuckDbConnector({ dataDir: dir.path, clock: fixedClock(END), sample: false, refreshMs: 0, log, rollups: { minRows: 0, maxShare: 1 / 2, build: "inline" } });
    try {
      // 400 answers, each by its own agent: a rollup by agent has a row per answer.
      const lines = Array.from({ length: 400 }, (_, i) => `s${i},csat,${1 + (i % 5)},1,5,2026-11-${String(10 + (i % 5)).padStart(2, "0")}T10:00:00Z,agent${i}`);
      await writeFile(join(dir.path, "surveys.csv"), ["id,kind,score,scale_min,scale_max,submitted_at,agent", ...lines].join("\n") + "\n");
      const query: PeriodsQuery = {
        dataset: "surveys",
        measures: { positive: { agg: "count", where: and(within("submitted_at"), { cmp: ">=", a: { field: "score" }, b: { num: 4 } }) } },
        ranges: [
          { start: new Date("2026-11-09T00:00:00Z"), end: new Date("2026-11-16T00:00:00Z") },
          { start: new Date("2026-11-02T00:00:00Z"), end: new Date("2026-11-09T00:00:00Z") },
        ],
        filters: [],
        groupBy: "agent",
        timeZone: "UTC",
      };
      const [week, before] = await connector.measurePeriods!(query);
      expect(week!.total.positive).toBe(160);
      // A group is an agent with a counted answer: the 160 with a 4 or a 5.
      expect(week!.groups).toHaveLength(160);
      expect(before!.total.positive).toBe(0);
      expect(said.map((s) => s.message)).toContain("day rollup not built: too many rows");
      // A question by a dimension of few values is rolled up as usual.
      const { groupBy: _by, ...overall } = query;
      expect((await connector.measurePeriods!(overall))[0]!.total.positive).toBe(160);
      expect(said.map((s) => s.message)).toContain("day rollup built");
    } finally {
      await connector.close?.();
      await dir.dispose();
    }
  });
});
