import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DatasetId, Row } from "../../src/measures/datasets.ts";
import { CHUNK, evaluateCond, evaluateExpr, localDate } from "../../src/connectors/evaluate.ts";
import {
  and,
  field,
  num,
  openAt,
  seconds,
  within,
  type Cond,
  type Measure,
  type MeasureQuery,
  type MeasureResult,
} from "../../src/measures/measures.ts";
import { computeMeasures, createMemoryConnector, percentileCont } from "../../src/connectors/memory.ts";

const at = (iso: string) => new Date(iso).getTime();
const RANGE = { start: new Date("2026-11-01T00:00:00Z"), end: new Date("2026-12-01T00:00:00Z") };
const ENV = { start: RANGE.start.getTime(), end: RANGE.end.getTime(), timeZone: "UTC" };

function query(dataset: DatasetId, measures: Record<string, Measure>, extra: Partial<MeasureQuery> = {}): MeasureQuery {
  return { dataset, measures, range: RANGE, filters: [], timeZone: "UTC", ...extra };
}

async function measure(
  dataset: DatasetId,
  rows: Row[],
  measures: Record<string, Measure>,
  extra: Partial<MeasureQuery> = {},
): Promise<MeasureResult> {
  return createMemoryConnector({ [dataset]: rows }).measure(query(dataset, measures, extra));
}

const order = (id: string, amount: number | null, margin: number | null, customer = "c1"): Row => ({
  id,
  customer_id: customer,
  ordered_at: at("2026-11-10T12:00:00Z"),
  amount,
  gross_margin: margin,
});

describe("three-valued logic", () => {
  // amount > 0.5 and gross_margin > 0.5 give TRUE (0.9), FALSE (0.1) or UNKNOWN (null).
  const truths = [
    [0.9, true],
    [0.1, false],
    [null, null],
  ] as const;
  const rows: Row[] = [];
  const expected: Array<[boolean | null, boolean | null]> = [];
  for (const [a, ta] of truths) {
    for (const [b, tb] of truths) {
      rows.push(order(`o${rows.length}`, a, b));
      expected.push([ta, tb]);
    }
  }
  const A: Cond = { cmp: ">", a: field("amount"), b: num(0.5) };
  const B: Cond = { cmp: ">", a: field("gross_margin"), b: num(0.5) };
  const kleeneAnd = (x: boolean | null, y: boolean | null) =>
    x === false || y === false ? false : x === null || y === null ? null : true;
  const kleeneOr = (x: boolean | null, y: boolean | null) =>
    x === true || y === true ? true : x === null || y === null ? null : false;

  it("follows SQL's truth table for AND over true, false and unknown", () => {
    expect(evaluateCond("orders", rows, { and: [A, B] }, ENV)).toEqual(expected.map(([x, y]) => kleeneAnd(x, y)));
  });

  it("follows SQL's truth table for OR over true, false and unknown", () => {
    expect(evaluateCond("orders", rows, { or: [A, B] }, ENV)).toEqual(expected.map(([x, y]) => kleeneOr(x, y)));
  });

  it("keeps NOT unknown unknown", () => {
    expect(evaluateCond("orders", rows, { not: A }, ENV)).toEqual(expected.map(([x]) => (x === null ? null : !x)));
  });

  it("treats AND, OR of three operands like nested pairs", () => {
    const C: Cond = { cmp: "<", a: field("amount"), b: num(0.5) };
    expect(evaluateCond("orders", rows, { and: [A, B, C] }, ENV)).toEqual(
      evaluateCond("orders", rows, { and: [{ and: [A, B] }, C] }, ENV),
    );
    expect(evaluateCond("orders", rows, { or: [A, B, C] }, ENV)).toEqual(
      evaluateCond("orders", rows, { or: [{ or: [A, B] }, C] }, ENV),
    );
  });

  it("does not count NOT of a comparison with a null operand", async () => {
    const r = await measure("orders", [order("o1", 10, 0.2), order("o2", 10, null), order("o3", 10, 0.6)], {
      n: { agg: "count", where: { not: { cmp: ">", a: field("gross_margin"), b: num(0.4) } } },
    });
    expect(r.total.n).toBe(1);
  });

  it("counts a row when OR has one true operand and one unknown", async () => {
    const r = await measure("orders", [order("o1", 200, null)], {
      n: { agg: "count", where: { or: [{ cmp: ">", a: field("amount"), b: num(100) }, B] } },
    });
    expect(r.total.n).toBe(1);
  });

  it("counts NOT (false AND unknown), because false AND unknown is false", async () => {
    const r = await measure("orders", [order("o1", 200, null)], {
      n: { agg: "count", where: { not: { and: [{ cmp: ">", a: field("amount"), b: num(1000) }, B] } } },
    });
    expect(r.total.n).toBe(1);
  });

  it("never makes isNull and notNull unknown", () => {
    const r = [order("o1", 1, null), order("o2", 1, 0.5)];
    expect(evaluateCond("orders", r, { isNull: "gross_margin" }, ENV)).toEqual([true, false]);
    expect(evaluateCond("orders", r, { notNull: "gross_margin" }, ENV)).toEqual([false, true]);
  });

  it("compares a field to a literal with eq, unknown when the field is null", () => {
    const r: Row[] = [
      { id: "t1", channel: "email", is_complaint: true, agent: "Aino" },
      { id: "t2", channel: "Email", is_complaint: false, agent: null },
    ];
    expect(evaluateCond("tickets", r, { eq: "channel", value: "email" }, ENV)).toEqual([true, false]);
    expect(evaluateCond("tickets", r, { eq: "is_complaint", value: true }, ENV)).toEqual([true, false]);
    expect(evaluateCond("tickets", r, { eq: "agent", value: "Aino" }, ENV)).toEqual([true, null]);
  });
});

describe("expressions", () => {
  it("makes arithmetic with a null operand null", () => {
    const r = [order("o1", 10, null), order("o2", 10, 0.5)];
    expect(evaluateExpr("orders", r, { op: "*", a: field("amount"), b: field("gross_margin") }, ENV)).toEqual([null, 5]);
  });

  it("makes division by zero null, like a / NULLIF(b, 0)", () => {
    const r = [order("o1", 10, 0), order("o2", 10, 0.5)];
    expect(evaluateExpr("orders", r, { op: "/", a: field("amount"), b: field("gross_margin") }, ENV)).toEqual([null, 20]);
  });

  it("returns the first non-null operand of coalesce", () => {
    const r = [order("o1", 10, null), order("o2", 10, 0.5)];
    expect(evaluateExpr("orders", r, { coalesce: [field("gross_margin"), field("amount"), num(1)] }, ENV)).toEqual([
      10, 0.5,
    ]);
  });

  it("gives coalesce its operands' type: booleans stay booleans, strings strings", () => {
    const r: Row[] = [
      { id: "t1", created_at: at("2026-11-02T09:00:00Z"), is_complaint: true, agent: null, team: "Billing" },
      { id: "t2", created_at: at("2026-11-02T09:00:00Z"), is_complaint: false, agent: "Aino", team: null },
      { id: "t3", created_at: at("2026-11-02T09:00:00Z"), is_complaint: null, agent: null, team: null },
    ];
    expect(evaluateExpr("tickets", r, { coalesce: [field("is_complaint"), field("is_complaint")] }, ENV)).toEqual([true, false, null]);
    expect(evaluateExpr("tickets", r, { coalesce: [field("agent"), field("team")] }, ENV)).toEqual(["Billing", "Aino", null]);
  });

  it("turns two times into seconds, null when either is null", () => {
    const r: Row[] = [
      { id: "t1", created_at: at("2026-11-02T09:00:00Z"), first_response_at: at("2026-11-02T09:02:30Z") },
      { id: "t2", created_at: at("2026-11-02T09:00:00Z"), first_response_at: null },
    ];
    expect(evaluateExpr("tickets", r, seconds(field("created_at"), field("first_response_at")), ENV)).toEqual([150, null]);
  });

  it("reads bound as the query range's start and end", () => {
    const r: Row[] = [{ id: "t1", created_at: at("2026-11-02T09:00:00Z") }];
    expect(evaluateExpr("tickets", r, seconds({ bound: "start" }, field("created_at")), ENV)).toEqual([
      (at("2026-11-02T09:00:00Z") - at("2026-11-01T00:00:00Z")) / 1000,
    ]);
    expect(evaluateExpr("tickets", r, { bound: "end" }, ENV)).toEqual([at("2026-12-01T00:00:00Z")]);
  });

  it("refuses a raw time in arithmetic", () => {
    expect(() =>
      evaluateExpr("tickets", [], { op: "-", a: field("resolved_at"), b: field("created_at") }, ENV),
    ).toThrow(/seconds/);
  });

  it("refuses to compare a number with a time", () => {
    expect(() => evaluateCond("tickets", [], { cmp: "<", a: field("created_at"), b: num(5) }, ENV)).toThrow(
      /Cannot compare a time with a number/,
    );
  });
});

describe("aggregates", () => {
  const amounts = (xs: Array<number | null>) => xs.map((x, i) => order(`o${i}`, x, null));

  it("counts all rows without a condition and only true rows with one", async () => {
    const r = await measure("orders", amounts([1, 2, null, 4]), {
      all: { agg: "count" },
      big: { agg: "count", where: { cmp: ">=", a: field("amount"), b: num(2) } },
    });
    expect(r.total).toEqual({ all: 4, big: 2 });
  });

  it("gives n, sum and sum of squares of 1, 2, 3, 4 as 4, 10, 30, ignoring nulls", async () => {
    const r = await measure("orders", amounts([1, 2, null, 3, 4]), { m: { agg: "moments", of: field("amount") } });
    expect(r.total.m).toEqual({ n: 4, sum: 10, sumSq: 30 });
  });

  it("gives the median of 1, 2, 3, 4 as 2.5, like percentile_cont(0.5)", async () => {
    const r = await measure("orders", amounts([4, 1, null, 3, 2]), {
      p50: { agg: "quantile", of: field("amount"), q: 0.5 },
    });
    expect(r.total.p50).toBe(2.5);
  });

  it("gives the 90th percentile of 1 … 10 as 9.1", async () => {
    const r = await measure("orders", amounts([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]), {
      p90: { agg: "quantile", of: field("amount"), q: 0.9 },
    });
    expect(r.total.p90).toBeCloseTo(9.1, 12);
  });

  it("gives the minimum at q 0, the maximum at q 1 and null without values", async () => {
    expect(percentileCont([3, 1, 2], 0)).toBe(1);
    expect(percentileCont([3, 1, 2], 1)).toBe(3);
    expect(percentileCont([7], 0.3)).toBe(7);
    const r = await measure("orders", amounts([null]), { p: { agg: "quantile", of: field("amount"), q: 0.5 } });
    expect(r.total.p).toBeNull();
  });

  it("refuses a quantile outside 0 … 1", async () => {
    await expect(measure("orders", amounts([1]), { p: { agg: "quantile", of: field("amount"), q: 1.5 } })).rejects.toThrow(
      /between 0 and 1/,
    );
  });

  it("counts distinct key tuples, skipping tuples with a null part", async () => {
    const rows: Row[] = [
      { id: "o1", customer_id: "c1", amount: 10 },
      { id: "o2", customer_id: "c1", amount: 10 },
      { id: "o3", customer_id: "c1", amount: 20 },
      { id: "o4", customer_id: "c2", amount: 10 },
      { id: "o5", customer_id: "c2", amount: null },
    ];
    const r = await measure("orders", rows, {
      customers: { agg: "distinct", keys: ["customer_id"] },
      pairs: { agg: "distinct", keys: ["customer_id", "amount"] },
      bigPairs: { agg: "distinct", keys: ["customer_id", "amount"], where: { cmp: ">", a: field("amount"), b: num(15) } },
    });
    expect(r.total).toEqual({ customers: 2, pairs: 3, bigPairs: 1 });
  });

  describe("distinct local days across the start of summer time in Vilnius (29 March 2026)", () => {
    // 28 March 23:30 and 29 March 00:30 local are 21:30 and 22:30 UTC (UTC+2);
    // 29 March 23:30 and 30 March 00:30 local are 20:30 and 21:30 UTC (UTC+3).
    const visits: Row[] = [
      "2026-03-28T21:30:00Z",
      "2026-03-28T22:30:00Z",
      "2026-03-29T20:30:00Z",
      "2026-03-29T21:30:00Z",
    ].map((iso, i) => ({ id: `s${i}`, visitor_id: "v1", started_at: at(iso), source: "direct" }));
    const dau: Record<string, Measure> = { days: { agg: "distinct", keys: ["visitor_id", { localDay: "started_at" }] } };

    it("puts visits at 23:30 and 00:30 local on different days (3 visitor-days in Europe/Vilnius)", async () => {
      const r = await measure("sessions", visits, dau, { timeZone: "Europe/Vilnius" });
      expect(r.total.days).toBe(3);
      expect(visits.map((v) => localDate(v.started_at as number, "Europe/Vilnius"))).toEqual([
        "2026-03-28",
        "2026-03-29",
        "2026-03-29",
        "2026-03-30",
      ]);
    });

    it("counts the same visits as 2 visitor-days in UTC", async () => {
      const r = await measure("sessions", visits, dau, { timeZone: "UTC" });
      expect(r.total.days).toBe(2);
    });

    it("resolves an instant in the hour of the change (01:00–02:00 UTC) exactly", () => {
      expect(localDate(at("2026-03-29T00:59:59Z"), "Europe/Vilnius")).toBe("2026-03-29");
      expect(localDate(at("2026-03-29T01:00:00Z"), "Europe/Vilnius")).toBe("2026-03-29");
      expect(localDate(at("2026-10-24T20:59:59Z"), "Europe/Vilnius")).toBe("2026-10-24");
      expect(localDate(at("2026-10-24T21:00:00Z"), "Europe/Vilnius")).toBe("2026-10-25");
      // St. John's changes at 02:00 local = 05:30 UTC, inside a UTC hour.
      expect(localDate(at("2026-03-08T05:29:00Z"), "America/St_Johns")).toBe("2026-03-08");
      expect(localDate(at("2026-03-08T02:29:00Z"), "America/St_Johns")).toBe("2026-03-07");
    });
  });

  it("computes IQS per review: criteria 90 (weight 2) and 60 (weight 1) → 80", async () => {
    const qa = (review: string, score: number, weight: number): Row => ({
      review_id: review,
      reviewed_at: at("2026-11-03T10:00:00Z"),
      agent: "Aino",
      criterion: "x",
      weight,
      score,
    });
    const r = await measure("quality_reviews", [qa("r1", 90, 2), qa("r1", 60, 1), qa("r2", 70, 1), qa("r3", 50, 0)], {
      iqs: {
        agg: "keyedMoments",
        key: "review_id",
        num: { op: "*", a: field("weight"), b: field("score") },
        den: field("weight"),
      },
    });
    // r1 → 80, r2 → 70, r3 dropped (Σ weight 0)
    expect(r.total.iqs).toEqual({ n: 2, sum: 150, sumSq: 80 * 80 + 70 * 70 });
  });

  it("ignores rows of keyedMoments with a null numerator or denominator and keys without rows", async () => {
    const r = await measure(
      "orders",
      [order("o1", 10, 0.5, "c1"), order("o2", 30, 0.5, "c1"), order("o3", 10, null, "c2"), order("o4", null, 0.5, "c1")],
      { m: { agg: "keyedMoments", key: "customer_id", num: field("amount"), den: field("gross_margin") } },
    );
    expect(r.total.m).toEqual({ n: 1, sum: 40, sumSq: 1600 });
  });
});

describe("filters and groups", () => {
  const tickets: Row[] = [
    { id: "t1", created_at: at("2026-11-02T09:00:00Z"), channel: "email", agent: "Aino", is_complaint: false },
    { id: "t2", created_at: at("2026-11-02T10:00:00Z"), channel: "Email", agent: null, is_complaint: true },
    { id: "t3", created_at: at("2026-11-02T11:00:00Z"), channel: "CHAT", agent: "Marta", is_complaint: false },
    { id: "t4", created_at: at("2026-11-02T12:00:00Z"), channel: "phone", agent: "Aino", is_complaint: false },
    { id: "t5", created_at: at("2026-11-02T13:00:00Z"), channel: "chat", agent: null, is_complaint: false },
  ];
  const count = { n: { agg: "count" } } as const;

  it("matches filter values case-insensitively (EMAIL matches email and Email)", async () => {
    const r = await measure("tickets", tickets, count, { filters: [{ field: "channel", values: ["EMAIL"] }] });
    expect(r.total.n).toBe(2);
  });

  it("ORs the values of one filter and ANDs separate filters", async () => {
    const r = await measure("tickets", tickets, count, {
      filters: [
        { field: "channel", values: ["email", "Chat"] },
        { field: "agent", values: ["aino", "marta"] },
      ],
    });
    expect(r.total.n).toBe(2);
  });

  it("never matches null with a filter", async () => {
    const r = await measure("tickets", tickets, count, { filters: [{ field: "agent", values: ["null", ""] }] });
    expect(r.total.n).toBe(0);
  });

  it("filters a boolean field by true / false", async () => {
    const r = await measure("tickets", tickets, count, { filters: [{ field: "is_complaint", values: ["TRUE"] }] });
    expect(r.total.n).toBe(1);
  });

  it("returns one group per value as stored, ordered by key with the null group last", async () => {
    const r = await measure(
      "tickets",
      tickets,
      { n: { agg: "count" }, complaints: { agg: "count", where: { eq: "is_complaint", value: true } } },
      { groupBy: "agent" },
    );
    expect(r.total).toEqual({ n: 5, complaints: 1 });
    expect(r.groups).toEqual([
      { key: "Aino", values: { n: 2, complaints: 0 } },
      { key: "Marta", values: { n: 1, complaints: 0 } },
      { key: null, values: { n: 2, complaints: 1 } },
    ]);
  });

  it("lower-cases channels as it takes the rows in, so chat and CHAT are one group; names keep their case", async () => {
    const r = await measure("tickets", tickets, count, { groupBy: "channel" });
    expect(r.groups?.map((g) => g.key)).toEqual(["chat", "email", "phone"]);
    const byAgent = await measure("tickets", tickets, count, { groupBy: "agent" });
    expect(byAgent.groups?.map((g) => g.key)).toContain("Aino");
  });

  it("leaves out groups without a row that passes the filters", async () => {
    const r = await measure("tickets", tickets, count, {
      groupBy: "agent",
      filters: [{ field: "channel", values: ["phone"] }],
    });
    expect(r.total.n).toBe(1);
    expect(r.groups).toEqual([{ key: "Aino", values: { n: 1 } }]);
  });

  it("returns an empty group list and zero totals for a dataset without rows", async () => {
    const r = await createMemoryConnector({}).measure(
      query("tickets", { n: { agg: "count" }, p: { agg: "quantile", of: num(1), q: 0.5 } }, { groupBy: "agent" }),
    );
    expect(r).toEqual({ total: { n: 0, p: null }, groups: [] });
  });

  it("makes a group only of rows some measure counts, when every measure has a condition", async () => {
    const rows: Row[] = [
      ...tickets,
      // Marta's other ticket and Kaisa's only one are before the window; Liis's has no created_at (unknown, not counted).
      { id: "t6", created_at: at("2026-10-31T23:59:59.999Z"), channel: "email", agent: "Marta", is_complaint: true },
      { id: "t7", created_at: at("2026-10-15T10:00:00Z"), channel: "email", agent: "Kaisa", is_complaint: true },
      { id: "t8", created_at: null, channel: "email", agent: "Liis", is_complaint: true },
    ];
    const inNovember = within("created_at");
    const r = await measure(
      "tickets",
      rows,
      {
        created: { agg: "count", where: inNovember },
        complaints: { agg: "count", where: and(inNovember, { eq: "is_complaint", value: true }) },
      },
      { groupBy: "agent" },
    );
    expect(r.total).toEqual({ created: 5, complaints: 1 });
    expect(r.groups).toEqual([
      { key: "Aino", values: { created: 2, complaints: 0 } },
      { key: "Marta", values: { created: 1, complaints: 0 } },
      { key: null, values: { created: 2, complaints: 1 } },
    ]);
    // A row one measure counts is enough: Kaisa's complaint, for a measure of complaints at any time.
    const any = await measure("tickets", rows, { created: { agg: "count", where: inNovember }, ever: { agg: "count", where: { eq: "is_complaint", value: true } } }, { groupBy: "agent" });
    expect(any.groups?.map((g) => g.key)).toEqual(["Aino", "Kaisa", "Liis", "Marta", null]);
    expect(any.groups?.find((g) => g.key === "Kaisa")?.values).toEqual({ created: 0, ever: 1 });
    // A measure without a condition counts every row: every agent is a group again.
    const all = await measure("tickets", rows, { created: { agg: "count", where: inNovember }, n: { agg: "count" } }, { groupBy: "agent" });
    expect(all.groups?.map((g) => g.key)).toEqual(["Aino", "Kaisa", "Liis", "Marta", null]);
    expect(all.groups?.find((g) => g.key === "Kaisa")?.values).toEqual({ created: 0, n: 1 });
  });

  it("groups by a boolean field with keys true and false", async () => {
    const r = await measure("tickets", tickets, count, { groupBy: "is_complaint" });
    expect(r.groups).toEqual([
      { key: "false", values: { n: 4 } },
      { key: "true", values: { n: 1 } },
    ]);
  });
});

describe("range builders", () => {
  // Range: 1 November 2026 00:00 UTC to 1 December 2026 00:00 UTC.
  const tickets: Row[] = [
    { id: "before", created_at: at("2026-10-31T23:59:59Z"), resolved_at: null },
    { id: "at-start", created_at: at("2026-11-01T00:00:00Z"), resolved_at: at("2026-11-02T00:00:00Z") },
    { id: "inside", created_at: at("2026-11-15T12:00:00Z"), resolved_at: at("2026-12-01T00:00:00Z") },
    { id: "at-end", created_at: at("2026-12-01T00:00:00Z"), resolved_at: null },
    { id: "old-closed", created_at: at("2026-10-01T00:00:00Z"), resolved_at: at("2026-11-30T23:59:59Z") },
  ];

  it("within counts a time equal to the start and not one equal to the end", async () => {
    const r = await measure("tickets", tickets, { created: { agg: "count", where: within("created_at") } });
    expect(r.total.created).toBe(2);
  });

  it("openAt end counts tickets created before 1 December and unresolved then (resolved at the end counts)", async () => {
    const r = await measure("tickets", tickets, {
      backlog: { agg: "count", where: openAt("created_at", "resolved_at", "end") },
      atStart: { agg: "count", where: openAt("created_at", "resolved_at", "start") },
    });
    // end: before (never resolved), inside (resolved exactly at the end) → 2
    // start: before, old-closed → 2
    expect(r.total).toEqual({ backlog: 2, atStart: 2 });
  });

  it("and() of one condition is that condition, and drops undefined", () => {
    const c = within("created_at");
    expect(and(c, undefined)).toBe(c);
  });
});

describe("programming errors", () => {
  const rows: Row[] = [{ id: "t1", created_at: at("2026-11-02T09:00:00Z"), channel: "email" }];
  const cases: Array<[string, Partial<MeasureQuery> & { measures?: Record<string, Measure> }]> = [
    ["a condition", { measures: { n: { agg: "count", where: { isNull: "nope" } } } }],
    ["an expression", { measures: { m: { agg: "moments", of: field("nope") } } }],
    ["a filter", { filters: [{ field: "nope", values: ["x"] }] }],
    ["a group-by", { groupBy: "nope" }],
    ["a distinct key", { measures: { d: { agg: "distinct", keys: [{ localDay: "nope" }] } } }],
  ];
  for (const [where, extra] of cases) {
    it(`throws naming the dataset and field for an unknown field in ${where}`, async () => {
      const c = createMemoryConnector({ tickets: rows });
      await expect(
        c.measure(query("tickets", extra.measures ?? { n: { agg: "count" } }, extra)),
      ).rejects.toThrow(/Unknown field "nope" in dataset "tickets"/);
    });
  }

  it("throws for an unknown field even when the dataset has no rows", () => {
    expect(() => computeMeasures([], query("calls", { n: { agg: "count", where: { notNull: "nope" } } }))).toThrow(
      /Unknown field "nope" in dataset "calls"/,
    );
  });
});

describe("describe", () => {
  it("lists datasets with rows, their count and the first and latest time", async () => {
    const c = createMemoryConnector(
      {
        calls: [
          { id: "c1", queued_at: at("2026-11-02T09:00:00Z") },
          { id: "c2", queued_at: at("2026-11-01T08:00:00Z") },
          { id: "c3", queued_at: at("2026-11-03T07:00:00Z") },
        ],
        orders: [],
      },
      { source: "test rows" },
    );
    expect(await c.describe()).toEqual([
      {
        dataset: "calls",
        source: "test rows",
        rows: 3,
        skipped: [],
        firstAt: new Date("2026-11-01T08:00:00Z"),
        latestAt: new Date("2026-11-03T07:00:00Z"),
      },
    ]);
    expect(c.name).toBe("memory");
  });

  it("defaults the source to sample data", async () => {
    const c = createMemoryConnector({ feedback: [{ id: "f1", received_at: at("2026-11-02T09:00:00Z") }] });
    expect((await c.describe())[0]?.source).toBe("sample data");
  });
});

// ---- a naive row-by-row interpreter, to check the vectorized one ------------

type T = boolean | null;
function naiveCond(c: Cond, row: Row): T {
  if ("cmp" in c) {
    const ex = (e: (typeof c)["a"]): number | null =>
      "field" in e ? (row[e.field] as number | null) : "num" in e ? e.num : null;
    const x = ex(c.a);
    const y = ex(c.b);
    if (x === null || y === null) return null;
    switch (c.cmp) {
      case "<":
        return x < y;
      case "<=":
        return x <= y;
      case ">":
        return x > y;
      case ">=":
        return x >= y;
      case "=":
        return x === y;
      case "!=":
        return x !== y;
    }
  }
  if ("isNull" in c) return row[c.isNull] === null;
  if ("notNull" in c) return row[c.notNull] !== null;
  if ("eq" in c) return row[c.eq] === null ? null : row[c.eq] === c.value;
  if ("and" in c) {
    const vs = c.and.map((x) => naiveCond(x, row));
    return vs.includes(false) ? false : vs.includes(null) ? null : true;
  }
  if ("or" in c) {
    const vs = c.or.map((x) => naiveCond(x, row));
    return vs.includes(true) ? true : vs.includes(null) ? null : false;
  }
  const v = naiveCond(c.not, row);
  return v === null ? null : !v;
}

describe("agreement with a row-by-row interpreter", () => {
  const value = fc.option(fc.integer({ min: 0, max: 5 }), { nil: null });
  const rowArb = fc.record({ amount: value, gross_margin: value, customer_id: fc.constantFrom("a", "b", null) });
  const leaf: fc.Arbitrary<Cond> = fc.oneof(
    fc.record({
      cmp: fc.constantFrom("<", "<=", ">", ">=", "=", "!=" as const),
      a: fc.constantFrom(field("amount"), field("gross_margin")),
      b: fc.oneof(fc.constantFrom(field("amount"), field("gross_margin")), fc.integer({ min: 0, max: 5 }).map(num)),
    }) as fc.Arbitrary<Cond>,
    fc.constantFrom<Cond>({ isNull: "gross_margin" }, { notNull: "amount" }, { eq: "customer_id", value: "a" }),
  );
  const condArb = fc.letrec<{ cond: Cond }>((tie) => ({
    cond: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      fc.array(tie("cond"), { minLength: 0, maxLength: 3 }).map((xs): Cond => ({ and: xs })),
      fc.array(tie("cond"), { minLength: 0, maxLength: 3 }).map((xs): Cond => ({ or: xs })),
      tie("cond").map((x): Cond => ({ not: x })),
    ),
  })).cond;

  it("gives the same truth values and counts for random conditions and rows", () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 30 }), condArb, (partial, cond) => {
        const rows: Row[] = partial.map((r, i) => ({ id: `o${i}`, ordered_at: 0, ...r }));
        const expected = rows.map((r) => naiveCond(cond, r));
        expect(evaluateCond("orders", rows, cond, ENV)).toEqual(expected);
        const r = computeMeasures(rows, query("orders", { n: { agg: "count", where: cond } }));
        expect(r.total.n).toBe(expected.filter((v) => v === true).length);
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same results across chunk boundaries, per group", () => {
    const n = CHUNK * 2 + 123;
    const rows: Row[] = [];
    for (let i = 0; i < n; i++) {
      rows.push({
        id: `o${i}`,
        customer_id: i % 7 === 0 ? null : `c${i % 5}`,
        ordered_at: at("2026-11-01T00:00:00Z") + i * 60_000,
        amount: i % 11 === 0 ? null : (i * 37) % 101,
        gross_margin: 0.5,
      });
    }
    const where: Cond = { cmp: ">", a: field("amount"), b: num(20) };
    const r = computeMeasures(rows, {
      ...query("orders", {
        n: { agg: "count", where },
        m: { agg: "moments", of: field("amount"), where },
        d: { agg: "distinct", keys: ["amount"], where },
      }),
      groupBy: "customer_id",
    });
    const expectFor = (subset: Row[]) => {
      const xs = subset.map((x) => x.amount).filter((a): a is number => typeof a === "number" && a > 20);
      return {
        n: xs.length,
        m: { n: xs.length, sum: xs.reduce((a, b) => a + b, 0), sumSq: xs.reduce((a, b) => a + b * b, 0) },
        d: new Set(xs).size,
      };
    };
    expect(r.total).toEqual(expectFor(rows));
    expect(r.groups?.map((g) => g.key)).toEqual(["c0", "c1", "c2", "c3", "c4", null]);
    for (const g of r.groups ?? []) {
      expect(g.values).toEqual(expectFor(rows.filter((x) => x.customer_id === g.key)));
    }
  });
});
