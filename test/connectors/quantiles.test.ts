/**
 * Quantiles of the same values over the same rows (first response time's
 * median and 90th percentile) are computed from one sort, as one list, on
 * DuckDB and Postgres, and give what the memory reference gives for each.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import { openDuckDb } from "../../src/connectors/duckdb/database.ts";
import { openDuckDbConnector } from "../../src/connectors/duckdb/index.ts";
import { computeMeasures } from "../../src/connectors/memory.ts";
import { createPostgresConnector } from "../../src/connectors/postgres/index.ts";
import { compileMeasureQuery } from "../../src/connectors/sql/compile.ts";
import { DUCKDB, POSTGRES } from "../../src/connectors/sql/dialect.ts";
import { normalizeRow, type Row } from "../../src/measures/datasets.ts";
import { and, field, seconds, within, type MeasureQuery } from "../../src/measures/measures.ts";
import { describePostgres, dropSchema, uniqueSchemaName } from "../support/postgres.ts";
import { createPgTables, loadPgRows, tempDir, writeParquet } from "./support.ts";

const at = (iso: string) => Date.parse(iso);
const MINUTE = 60_000;
/** 23 resolved tickets with first responses 1–23 minutes after creation (one without), and one resolved in December. */
const TICKETS: Row[] = [
  ...Array.from({ length: 23 }, (_, i): Row => ({
    id: `t${i}`, created_at: at("2026-11-02T09:00:00Z") + i * 3_600_000, first_response_at: at("2026-11-02T09:00:00Z") + i * 3_600_000 + (1 + ((i * 7) % 23)) * MINUTE,
    resolved_at: at("2026-11-10T09:00:00Z"), escalated_at: null, channel: i % 2 ? "email" : "chat", agent: null, team: null, priority: null, is_complaint: false,
  })),
  { id: "t23", created_at: at("2026-11-03T09:00:00Z"), first_response_at: null, resolved_at: at("2026-11-10T09:00:00Z"), escalated_at: null, channel: "email", agent: null, team: null, priority: null, is_complaint: false },
  { id: "t24", created_at: at("2026-11-03T09:00:00Z"), first_response_at: at("2026-11-03T12:00:00Z"), resolved_at: at("2026-12-02T09:00:00Z"), escalated_at: null, channel: "chat", agent: null, team: null, priority: null, is_complaint: false },
];
const firstResponse = seconds(field("created_at"), field("first_response_at"));
const where = and(within("resolved_at"), { notNull: "first_response_at" });
const QUERY: MeasureQuery = {
  dataset: "tickets",
  measures: {
    median: { agg: "quantile", of: firstResponse, q: 0.5, where },
    p90: { agg: "quantile", of: firstResponse, q: 0.9, where },
    // The same fractions over other rows are another sort.
    all90: { agg: "quantile", of: firstResponse, q: 0.9 },
  },
  range: { start: new Date("2026-11-01T00:00:00Z"), end: new Date("2026-12-01T00:00:00Z") },
  filters: [],
  groupBy: "channel",
  timeZone: "UTC",
};
const want = computeMeasures(TICKETS.map((r) => normalizeRow("tickets", r)), QUERY);

describe("quantiles of the same values over the same rows", () => {
  it("are one aggregate with a list of fractions, in both dialects", () => {
    const relation = { from: '"tickets"', column: (f: string) => `"${f}"` };
    expect(compileMeasureQuery(QUERY, relation, DUCKDB).text.match(/quantile_cont\(/g)).toHaveLength(2);
    expect(compileMeasureQuery(QUERY, relation, POSTGRES).text.match(/percentile_cont\(ARRAY\[/g)).toHaveLength(2);
  });

  it("and the mean beside them, all over the rows the statement already keeps, carry no filter of their own", () => {
    const relation = { from: '"tickets"', column: (f: string) => `"${f}"` };
    const frt: MeasureQuery = { ...QUERY, measures: { frt: { agg: "moments", of: firstResponse, where }, median: QUERY.measures.median!, p90: QUERY.measures.p90! } };
    for (const dialect of [DUCKDB, POSTGRES]) {
      const text = compileMeasureQuery(frt, relation, dialect).text;
      expect(text).not.toContain("FILTER (WHERE");
      expect(text).toContain('("first_response_at" IS NOT NULL)');
    }
  });

  it("give the memory reference's figures on DuckDB", async () => {
    const dir = await tempDir("cs-quantiles-");
    const writer = await openDuckDb({ connections: 1 });
    try {
      await writeParquet(writer, `${dir.path}/tickets.parquet`, "tickets", TICKETS);
      const connector = await openDuckDbConnector({ dataDir: dir.path, clock: fixedClock(new Date("2026-12-05T00:00:00Z")), sample: false });
      try {
        expect(await connector.measure(QUERY)).toEqual(want);
        // Without the unfiltered 90th percentile, every measure has the statement's own condition.
        const { all90: _all, ...same } = QUERY.measures;
        const only = { ...QUERY, measures: same };
        expect(await connector.measure(only)).toEqual(computeMeasures(TICKETS.map((r) => normalizeRow("tickets", r)), only));
      } finally {
        await connector.close?.();
      }
    } finally {
      await writer.close();
      await dir.dispose();
    }
    // 22 first responses in November's resolved tickets: a median of 12 minutes, by the reference.
    expect(want.total.median).toBe(12 * 60);
  });
});

await describePostgres("quantiles of the same values over the same rows, on Postgres", (url) => {
  const schema = uniqueSchemaName("conn_quantiles");
  let admin: pg.Client;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await createPgTables(admin, schema, ["tickets"]);
    await loadPgRows(admin, schema, "tickets", TICKETS);
  });
  afterAll(async () => {
    await admin?.end();
    await dropSchema(url, schema);
  });

  it("give the memory reference's figures", async () => {
    // The clock after the December ticket: it is not in the future.
    const connector = createPostgresConnector({ url, statementTimeoutMs: 10_000, tables: { tickets: `${schema}.tickets` }, clock: fixedClock(new Date("2026-12-05T00:00:00Z")) });
    try {
      expect(await connector.measure(QUERY)).toEqual(want);
    } finally {
      await connector.close?.();
    }
  });
});
