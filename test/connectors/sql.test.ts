/**
 * The shared SQL generation: one statement per query, every value a
 * parameter, the dialect differences in one place. (That the statements
 * compute the reference's numbers is shown in equivalence.test.ts.)
 */
import { describe, expect, it } from "vitest";
import { and, field, num, seconds, within, type MeasureQuery } from "../../src/measures/measures.ts";
import { compileMeasureQuery, type Relation } from "../../src/connectors/sql/compile.ts";
import { DUCKDB, POSTGRES } from "../../src/connectors/sql/dialect.ts";
import { quoteIdent, quoteQualified } from "../../src/connectors/sql/identifiers.ts";
import { rowRules } from "../../src/connectors/sql/rules.ts";

const relation: Relation = { from: '"tickets"', column: (f) => quoteIdent(f) };
const NOVEMBER = { start: new Date("2026-11-01T00:00:00Z"), end: new Date("2026-12-01T00:00:00Z") };

function query(extra: Partial<MeasureQuery> = {}): MeasureQuery {
  return {
    dataset: "tickets",
    measures: {
      created: { agg: "count", where: within("created_at") },
      frt: { agg: "moments", of: seconds(field("created_at"), field("first_response_at")), where: within("resolved_at") },
      p90: { agg: "quantile", of: seconds(field("created_at"), field("first_response_at")), q: 0.9, where: within("resolved_at") },
    },
    range: NOVEMBER,
    filters: [],
    timeZone: "Europe/Vilnius",
    ...extra,
  };
}

describe("compileMeasureQuery", () => {
  it("makes one statement for three measures and a group-by, reading the table once for them", () => {
    const q = compileMeasureQuery(query({ groupBy: "agent" }), relation, POSTGRES);
    expect(q.text).not.toContain(";");
    expect(q.text.match(/FROM "tickets"/g)).toHaveLength(1);
    expect(q.text).toContain('GROUP BY GROUPING SETS ((), ("agent"))');
    expect(q.text).toContain("count(*) FILTER (WHERE");
    expect(q.text).toContain("percentile_cont(");
  });

  it("never writes a filter value, a bound, a number, a literal or the time zone into the text", () => {
    const evil = "x' OR '1'='1";
    const drop = "email'); DROP TABLE tickets;--";
    const q = compileMeasureQuery(
      query({
        filters: [{ field: "channel", values: [evil, drop] }],
        measures: {
          n: { agg: "count", where: and(within("created_at"), { eq: "priority", value: "urgent'--" }, { cmp: ">", a: seconds(field("created_at"), field("resolved_at")), b: num(12345.678) }) },
          days: { agg: "distinct", keys: [{ localDay: "created_at" }] },
        },
      }),
      relation,
      POSTGRES,
    );
    for (const value of [evil, drop, "urgent", "12345.678", "2026-11-01", "2026-12-01", "Europe/Vilnius"]) {
      expect(q.text).not.toContain(value);
    }
    expect(q.values).toEqual(expect.arrayContaining([evil.toLowerCase(), drop.toLowerCase(), "urgent'--", 12345.678, "2026-11-01T00:00:00.000Z", "Europe/Vilnius"]));
    // The only quoted literal the compiler ever writes is its own 'NaN' (numbers read as NULL when NaN).
    expect((q.text.match(/'[^']*'/g) ?? []).filter((l) => l !== "'NaN'")).toEqual([]);
  });

  it("numbers Postgres placeholders $1…$n, each value once; DuckDB gets bounds and numbers as literals and text as positional ?", () => {
    const pg = compileMeasureQuery(query(), relation, POSTGRES);
    const dollars = [...new Set(pg.text.match(/\$\d+/g))];
    expect(dollars).toEqual(pg.values.map((_v, i) => `$${i + 1}`));
    // Postgres gets each distinct value once: both measures' windows are $1 and $2.
    expect(pg.values).toEqual(["2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z", 0.9]);
    // DuckDB plans literals faster than parameters: the period's bounds and the fraction are in the text …
    const duck = compileMeasureQuery(query({ filters: [{ field: "channel", values: ["Email', 'x"] }] }), relation, DUCKDB);
    expect(duck.text).not.toMatch(/\$\d/);
    expect(duck.text).toContain("CAST('2026-11-01T00:00:00.000Z' AS TIMESTAMPTZ)");
    expect(duck.text).toContain("CAST(0.9 AS DOUBLE)");
    // … and what a person typed (a filter's values, lower-cased) stays a parameter, one per ?.
    expect(duck.values).toEqual(["email', 'x"]);
    expect(duck.text.match(/\?/g)).toHaveLength(duck.values.length);
  });

  it("writes a definition's own text as a DuckDB literal, quoted, and a person's filter text as a parameter; Postgres keeps both parameters", () => {
    const measures = { n: { agg: "count", where: and(within("created_at"), { eq: "priority", value: "urgent'); DROP TABLE tickets;--" }) } } as const;
    const filters = [{ field: "channel", values: ["email'--"] }];
    const duck = compileMeasureQuery(query({ measures, filters }), relation, DUCKDB);
    expect(duck.text).toContain(`("priority" = CAST('urgent''); DROP TABLE tickets;--' AS VARCHAR))`);
    expect(duck.values).toEqual(["email'--"]);
    const pg = compileMeasureQuery(query({ measures, filters }), relation, POSTGRES);
    expect(pg.values).toEqual(expect.arrayContaining(["urgent'); DROP TABLE tickets;--", "email'--"]));
  });

  it("puts the OR of the measures' conditions in the WHERE when every measure has one, with or without a group-by", () => {
    const windowed = compileMeasureQuery(query(), relation, POSTGRES);
    expect(windowed.text).toMatch(/ WHERE \(\(\("created_at" >= .* OR /);
    const unwindowed = { all: { agg: "count" }, created: { agg: "count", where: within("created_at") } } as const;
    expect(compileMeasureQuery(query({ measures: unwindowed }), relation, POSTGRES).text).not.toContain(" WHERE ");
    expect(compileMeasureQuery(query({ measures: unwindowed, groupBy: "channel" }), relation, POSTGRES).text).not.toContain(" WHERE ");
  });

  it("keeps the time window in the WHERE of a grouped statement, as plain comparisons of the column an index can serve", () => {
    const csatLike = {
      positive: { agg: "count", where: and({ eq: "channel", value: "email" }, within("created_at"), { cmp: ">", a: seconds(field("created_at"), field("resolved_at")), b: num(60) }) },
      answers: { agg: "count", where: and({ eq: "channel", value: "email" }, within("created_at")) },
    } as const;
    const q = compileMeasureQuery(query({ measures: csatLike, groupBy: "agent" }), relation, POSTGRES);
    const where = q.text.slice(q.text.indexOf(' FROM "tickets" WHERE ') + 1).replace(/ GROUP BY GROUPING SETS .*$/, "");
    expect(where).toMatch(/^FROM "tickets" WHERE \(/);
    const start = `$${q.values.indexOf("2026-11-01T00:00:00.000Z") + 1}`;
    const end = `$${q.values.indexOf("2026-12-01T00:00:00.000Z") + 1}`;
    // Equal values are one parameter, so both arms of the OR carry the very same window (a planner factors it out).
    expect(where.split(`("created_at" >= CAST(${start} AS TIMESTAMPTZ)) AND ("created_at" < CAST(${end} AS TIMESTAMPTZ))`)).toHaveLength(3);
    expect(where).toContain(" OR ");
    // Measures with the same condition are one arm.
    const same = compileMeasureQuery(query({ groupBy: "agent" }), relation, POSTGRES).text;
    expect(same.match(/ OR \(\("resolved_at" >= /g)).toHaveLength(1);
  });

  it("with a group-by, counts a keyed measure's condition among those that make a group", () => {
    const measures = {
      created: { agg: "count", where: within("created_at") },
      keyed: { agg: "keyedMoments", key: "agent", num: num(1), den: num(1), where: within("resolved_at") },
    } as const;
    const grouped = compileMeasureQuery(query({ measures, groupBy: "channel" }), relation, DUCKDB).text;
    const main = grouped.slice(grouped.indexOf('FROM (SELECT GROUPING("channel")'), grouped.indexOf(") AS \"_p0\""));
    expect(main).toMatch(/ WHERE \(\(\("created_at" >= .* OR \(\("resolved_at" >= /);
    // Without a group-by the main pass is the plain measures' alone; the keyed sub-select filters on its own condition.
    const total = compileMeasureQuery(query({ measures }), relation, DUCKDB).text;
    expect(total).toMatch(/FROM "tickets" WHERE \(\("created_at" >= CAST\('[^']*' AS TIMESTAMPTZ\)\) AND \("created_at" < CAST\('[^']*' AS TIMESTAMPTZ\)\)\)\) AS "_p0"/);
    // A keyed measure without a condition counts every row: no OR.
    const { where: _w, ...unconditioned } = measures.keyed;
    const every = compileMeasureQuery(query({ measures: { ...measures, keyed: unconditioned }, groupBy: "channel" }), relation, DUCKDB).text;
    expect(every).toContain('FROM "tickets" GROUP BY GROUPING SETS ((), ("channel"))');
  });

  it("keeps the dialect differences apart: quantile, local day, seconds between two instants, string order", () => {
    const q = (d: typeof POSTGRES) =>
      compileMeasureQuery(
        query({
          measures: {
            p: { agg: "quantile", of: seconds(field("created_at"), field("resolved_at")), q: 0.5 },
            d: { agg: "distinct", keys: [{ localDay: "created_at" }] },
            s: { agg: "count", where: { cmp: "<", a: field("agent"), b: field("team") } },
          },
        }),
        relation,
        d,
      ).text;
    expect(q(POSTGRES)).toContain("percentile_cont(ARRAY[CAST($");
    expect(q(POSTGRES)).toContain("EXTRACT(EPOCH FROM");
    expect(q(POSTGRES)).toContain('("agent" COLLATE "C") < ("team" COLLATE "C")');
    expect(q(DUCKDB)).toContain("quantile_cont(");
    expect(q(DUCKDB)).toContain("epoch_us(");
    expect(q(DUCKDB)).toContain('("agent" < "team")');
    expect(q(POSTGRES)).toContain("CAST(timezone(CAST($");
  });

  it("throws, as the reference does, naming the dataset and the field", () => {
    expect(() => compileMeasureQuery(query({ measures: { x: { agg: "count", where: { isNull: "colour" } } } }), relation, POSTGRES)).toThrow(
      'Unknown field "colour" in dataset "tickets"',
    );
    expect(() => compileMeasureQuery(query({ groupBy: "created_at" }), relation, POSTGRES)).toThrow('Cannot group by time field "created_at"');
    expect(() => compileMeasureQuery(query({ measures: { x: { agg: "moments", of: field("created_at") } } }), relation, POSTGRES)).toThrow(
      'use "seconds"',
    );
  });

  it("reads a column the source lacks as NULL of the field's type", () => {
    const partial: Relation = { from: '"t"', column: (f) => (f === "agent" ? null : quoteIdent(f)) };
    const q = compileMeasureQuery(query({ groupBy: "agent" }), partial, DUCKDB);
    expect(q.text).toContain("GROUPING(CAST(NULL AS VARCHAR))");
  });
});

describe("identifiers and rules", () => {
  it("quotes plain identifiers and refuses anything else", () => {
    expect(quoteIdent("created_at")).toBe('"created_at"');
    expect(quoteQualified("helpdesk.tickets")).toBe('"helpdesk"."tickets"');
    expect(() => quoteIdent('tickets"; DROP TABLE x;--')).toThrow("Not a valid SQL identifier");
  });

  it("skips a survey answer without a kind, a score or a scale, on an inverted scale or off it, a QA score outside 0–100, a row without its time or id, and a time before 1990 or more than a day after now", () => {
    const latest = new Date("2026-11-23T14:05:00Z");
    expect(rowRules("surveys", (f) => quoteIdent(f), { latest }).map((r) => r.reason)).toEqual([
      "missing submitted_at",
      "missing id",
      "submitted_at before 1990",
      "submitted_at in the future",
      "missing kind",
      "missing score",
      "missing scale_min",
      "missing scale_max",
      "scale_min not below scale_max",
      "score out of range",
    ]);
    expect(rowRules("quality_reviews", (f) => quoteIdent(f), { latest }).map((r) => r.reason)).toEqual([
      "missing reviewed_at",
      "missing review_id",
      "reviewed_at before 1990",
      "reviewed_at in the future",
      "score out of range",
    ]);
    expect(rowRules("tickets", (f) => (f === "escalated_at" ? null : quoteIdent(f)), { latest }).map((r) => r.reason)).toEqual([
      "missing created_at",
      "missing id",
      "created_at before 1990",
      "created_at in the future",
      "first_response_at before 1990",
      "first_response_at in the future",
      "resolved_at before 1990",
      "resolved_at in the future",
    ]);
    expect(rowRules("tickets", (f) => quoteIdent(f), { latest }).find((r) => r.reason === "created_at in the future")?.breaks).toBe(
      `COALESCE("created_at" > CAST('2026-11-23T14:05:00.000Z' AS TIMESTAMPTZ), FALSE)`,
    );
  });
});
