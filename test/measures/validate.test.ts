/**
 * The one type checker (src/measures/validate.ts): it gives the type of every
 * expression and field of a query, what it refuses no engine compiles, and
 * both engines (the memory reference and the SQL compiler) compile from the
 * types it gives rather than deciding their own.
 */
import { describe, expect, it } from "vitest";
import { Program, Table } from "../../src/connectors/evaluate.ts";
import { computeMeasures, computePeriods } from "../../src/connectors/memory.ts";
import type { PeriodsQuery } from "../../src/connectors/periods.ts";
import { compileMeasureQuery, compilePeriodsQuery, Params, SqlBuilder, type Relation } from "../../src/connectors/sql/compile.ts";
import { DUCKDB, POSTGRES } from "../../src/connectors/sql/dialect.ts";
import { quoteIdent } from "../../src/connectors/sql/identifiers.ts";
import { validateQuery } from "../../src/measures/validate.ts";
import { and, field, num, seconds, within, type Cond, type Expr, type Measure, type MeasureQuery } from "../../src/measures/measures.ts";

const NOVEMBER = { start: new Date("2026-11-01T00:00:00Z"), end: new Date("2026-12-01T00:00:00Z") };
const OCTOBER = { start: new Date("2026-10-01T00:00:00Z"), end: new Date("2026-11-01T00:00:00Z") };
const relation: Relation = { from: '"tickets"', column: (f) => quoteIdent(f) };

function query(measures: Record<string, Measure>, extra: Partial<MeasureQuery> = {}): MeasureQuery {
  return { dataset: "tickets", measures, range: NOVEMBER, filters: [], timeZone: "Europe/Vilnius", ...extra };
}

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected the validator to refuse the query");
}

describe("validateQuery", () => {
  const created = field("created_at");
  const frt = seconds(created, field("first_response_at"));
  const sixty = num(60);
  const minutes: Expr = { op: "/", a: frt, b: sixty };
  const touched: Expr = { coalesce: [field("first_response_at"), field("resolved_at")] };
  const end: Expr = { bound: "end" };
  const q = query(
    {
      late: { agg: "moments", of: minutes, where: and(within("created_at"), { cmp: "<", a: touched, b: end }, { eq: "is_complaint", value: true }, { notNull: "priority" }) },
      days: { agg: "distinct", keys: [{ localDay: "resolved_at" }, "agent"] },
    },
    { groupBy: "channel", filters: [{ field: "team", values: ["Billing"] }] },
  );

  it("gives the type of every expression of the query and of every field it names", () => {
    const typed = validateQuery(q);
    expect(typed.query).toBe(q);
    expect([minutes, frt, created, sixty, touched, end].map((e) => typed.typeOf(e))).toEqual(["number", "number", "time", "number", "time", "time"]);
    expect(["channel", "team", "is_complaint", "priority", "resolved_at", "agent", "created_at"].map((f) => typed.fieldType(f))).toEqual([
      "string",
      "string",
      "boolean",
      "string",
      "time",
      "string",
      "time",
    ]);
  });

  it("answers only about what it checked: not an equal copy of an expression, not a field the query does not name", () => {
    const typed = validateQuery(q);
    expect(() => typed.typeOf(seconds(field("created_at"), field("first_response_at")))).toThrow("Not a validated measure query");
    expect(() => typed.fieldType("escalated_at")).toThrow('Not a validated measure query: "escalated_at"');
  });
});

describe("both engines compile from the validator's types", () => {
  const rejected: Array<[string, MeasureQuery]> = [
    ["a raw time in arithmetic", query({ x: { agg: "moments", of: { op: "-", a: field("resolved_at"), b: field("created_at") } } })],
    ["a time compared with a number", query({ x: { agg: "count", where: { cmp: "<", a: field("created_at"), b: num(5) } } })],
    ["a coalesce of a string and a time", query({ x: { agg: "count", where: { cmp: "=", a: { coalesce: [field("agent"), field("created_at")] }, b: field("team") } } })],
    ["an unknown field", query({ x: { agg: "count", where: and(within("created_at"), { isNull: "colour" }) } })],
    ["a boolean field equal to a string", query({ x: { agg: "count", where: { eq: "is_complaint", value: "yes" } } })],
    ["a group-by on a time", query({ x: { agg: "count" } }, { groupBy: "created_at" })],
    ["a filter on a time", query({ x: { agg: "count" } }, { filters: [{ field: "resolved_at", values: ["today"] }] })],
    ["the local day of a string", query({ x: { agg: "distinct", keys: [{ localDay: "agent" }] } })],
  ];

  it.each(rejected)("refuses %s in every engine, in the validator's words", (_what, q) => {
    const message = messageOf(() => validateQuery(q));
    const { range, ...rest } = q;
    const periods: PeriodsQuery = { ...rest, ranges: [range, OCTOBER] };
    expect(() => computeMeasures([], q)).toThrow(message);
    expect(() => computePeriods([], periods)).toThrow(message);
    for (const dialect of [DUCKDB, POSTGRES]) {
      expect(() => compileMeasureQuery(q, relation, dialect)).toThrow(message);
      expect(() => compilePeriodsQuery(periods, "created_at", relation, dialect)).toThrow(message);
    }
  });

  it("compiles no node whose type the validator did not decide, in SQL or in memory", () => {
    const agents: Cond = { cmp: "<", a: field("agent"), b: field("team") };
    const typed = validateQuery(query({ n: { agg: "count", where: agents } }));
    const sql = () => new SqlBuilder(typed, relation, POSTGRES, new Params(POSTGRES), { ...NOVEMBER, timeZone: "UTC" });
    const program = () => new Program(new Table("tickets", []), typed, { start: NOVEMBER.start.getTime(), end: NOVEMBER.end.getTime(), timeZone: "UTC" });
    // The validator typed both sides as strings: compared by code point.
    expect(sql().cond(agents)).toBe('(("agent" COLLATE "C") < ("team" COLLATE "C"))');
    expect(program().cond(agents).kind).toBe("truth");
    // An equal comparison built anew was never typed: neither engine works its type out for itself.
    const copy: Cond = { cmp: "<", a: field("agent"), b: field("team") };
    expect(() => sql().cond(copy)).toThrow("Not a validated measure query");
    expect(() => program().cond(copy)).toThrow("Not a validated measure query");
    expect(() => sql().field("escalated_at")).toThrow('Not a validated measure query: "escalated_at"');
  });
});
