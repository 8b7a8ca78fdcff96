/**
 * What an answer costs on Postgres, read from the server's own plans (not
 * timings): once the tables are known, an answer reads only the rows of the
 * periods it asks about, through the index on the time field, and a field
 * every engine lower-cases is lower-cased once per row, not at each place a
 * statement uses it (issue 18: `csat last-week by channel` had become ten
 * times slower on a table of a million answers). The figures stay those of
 * the in-memory reference.
 */
import pg from "pg";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import { createPostgresConnector } from "../../src/connectors/postgres/index.ts";
import { lowerCasedFields, type Row } from "../../src/measures/datasets.ts";
import type { MetricReport } from "../../src/report.ts";
import { askMetric, engineOver, NOW } from "../helpers.ts";
import { describePostgres, dropSchema, uniqueSchemaName } from "../support/postgres.ts";
import { createPgTables, loadPgRows } from "./support.ts";

const DAY = 86_400_000;
const CHANNELS = ["email", "Email", "chat", "PHONE", "web"];
const KINDS = ["csat", "CSAT", "nps", "ces"];

/** Three years of answers, oldest first (as a table filled over time is laid out), a few of them unusable. */
function surveys(count: number): Row[] {
  const span = 3 * 365 * DAY;
  return Array.from({ length: count }, (_, i) => ({
    id: `s${i}`,
    kind: KINDS[i % KINDS.length]!,
    score: i % 97 === 0 ? 9 : 1 + (i % 5),
    scale_min: 1,
    scale_max: 5,
    submitted_at: i % 211 === 0 ? null : NOW.getTime() - span + Math.floor((i * span) / count),
    channel: CHANNELS[(i * 7) % CHANNELS.length]!,
    agent: `Agent ${i % 13}`,
    team: null,
    ticket_id: null,
    customer_id: null,
  }));
}

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Index Cond"?: string;
  Plans?: PlanNode[];
}
const nodesOf = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodesOf)];

await describePostgres("an answer on a Postgres table", (url) => {
  const schema = uniqueSchemaName("conn_pg_plans");
  const rows = surveys(30_000);
  let admin: pg.Client;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await createPgTables(admin, schema, ["surveys"]);
    await loadPgRows(admin, schema, "surveys", rows);
    await admin.query(`CREATE INDEX "surveys_submitted_at" ON "${schema}"."surveys" ("submitted_at")`);
    await admin.query(`ANALYZE "${schema}"."surveys"`);
  });
  afterAll(async () => {
    await admin?.end();
    await dropSchema(url, schema);
  });

  it("reads only the asked periods' rows through the index on the time field, lower-cases each field once per row, and answers as the reference does", async () => {
    const connector = createPostgresConnector({ url, statementTimeoutMs: 10_000, tables: { surveys: `${schema}.surveys` } });
    const sent: Array<{ text: string; values: unknown[] }> = [];
    const query = vi.spyOn(pg.Pool.prototype, "query");
    try {
      const clock = fixedClock(NOW);
      const engine = engineOver({}, { connector, clock });
      const question = "csat last-week by channel";
      // The first answer also looks the table up and reads what it holds (describe: every row, then kept).
      const first = await askMetric(engine, question);
      query.mockClear();
      const second = await askMetric(engine, question);
      for (const [arg] of query.mock.calls) {
        const q = arg as unknown as { text: string; values?: unknown[] };
        sent.push({ text: q.text, values: q.values ?? [] });
      }

      expect(second).toEqual(first);
      // The reference over the rows Postgres can use (the memory engine skips none): the same figures.
      const usable = rows.filter((r) => r.submitted_at !== null && (r.score as number) <= 5);
      const reference = await askMetric(engineOver({ surveys: usable }, { clock }), question);
      const figures = (r: MetricReport) => ({ result: r.result, comparison: r.comparison, trend: r.trend, breakdown: r.breakdown });
      expect(figures(second)).toEqual(figures(reference));
      expect(second).toMatchObject({ skipped: { count: 2, reason: "score out of range", undated: 143 } });
      // Two statements: the periods (all nine in one) and last week's rows the source could not use.
      expect(sent).toHaveLength(2);
      for (const s of sent) {
        const explained = await admin.query<{ "QUERY PLAN": Array<{ Plan: PlanNode }> }>({ text: `EXPLAIN (FORMAT JSON) ${s.text}`, values: s.values });
        const nodes = nodesOf(explained.rows[0]!["QUERY PLAN"][0]!.Plan);
        expect(nodes.filter((n) => n["Relation Name"] === "surveys" && n["Node Type"].includes("Seq Scan")), s.text).toEqual([]);
        const ranged = nodes.filter((n) => n["Index Name"] === "surveys_submitted_at" && /submitted_at >=/.test(n["Index Cond"] ?? ""));
        expect(ranged.length, s.text).toBeGreaterThan(0);
        expect(s.text.match(/lower\(/g)?.length ?? 0, s.text).toBeLessThanOrEqual(lowerCasedFields("surveys").length);
      }
    } finally {
      query.mockRestore();
      await connector.close?.();
    }
  });
});
