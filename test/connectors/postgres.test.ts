/**
 * The Postgres connector against the real server, in a schema of its own:
 * tables named in the mapping, parameterized SQL that an injection cannot
 * escape, the statement timeout, the rows it skips, and "data source
 * unavailable" (not "no data") when the database cannot be reached.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/commands/answer.ts";
import { fixedClock } from "../../src/clock.ts";
import type { Connector } from "../../src/connectors/connector.ts";
import { DATASET_IDS, dimensionsOf, type Row } from "../../src/measures/datasets.ts";
import { createPostgresConnector, describeUrl } from "../../src/connectors/postgres/index.ts";
import { generateSampleData } from "../../src/ingest/sample/index.ts";
import { createMemoryConnector } from "../../src/connectors/memory.ts";
import { CATALOG } from "../../src/metrics/catalog/index.ts";
import { renderText } from "../../src/render/text.ts";
import { ask, askMetric, at, engineOver, NOW } from "../helpers.ts";
import { describePostgres, dropSchema, uniqueSchemaName } from "../support/postgres.ts";
import { createPgTables, loadPgRows } from "./support.ts";

const ticket = (id: string, created: string, channel: string, extra: Partial<Row> = {}): Row => ({
  id,
  created_at: at(created),
  first_response_at: null,
  resolved_at: null,
  escalated_at: null,
  channel,
  agent: "Ann",
  team: null,
  priority: null,
  is_complaint: false,
  ...extra,
});

const TICKETS: Row[] = [
  ticket("t1", "2026-11-02T09:00:00Z", "email"),
  ticket("t2", "2026-11-03T09:00:00Z", "Email"),
  ticket("t3", "2026-11-04T09:00:00Z", "chat"),
  ticket("t4", "2026-10-30T09:00:00Z", "chat"),
];

describe("an unreachable database", () => {
  it("answers that the data source is unavailable — not that there is no data — and says so in the sources command too", async () => {
    const connector = createPostgresConnector({ url: "postgres://postgres@127.0.0.1:1/nothing", statementTimeoutMs: 1000, connectTimeoutMs: 1000 });
    try {
      const engine = engineOver({}, { connector });
      for (const question of ["ticket_volume last-week", "sources"]) {
        const r = await ask(engine, question);
        expect(r).toMatchObject({ kind: "error", cause: "source" });
        expect(renderText(r)).toContain("The data source (postgres 127.0.0.1:1/nothing) is unavailable right now");
        expect(renderText(r)).not.toContain("No data");
      }
    } finally {
      await connector.close?.();
    }
  });
});

await describePostgres("the Postgres connector", (url) => {
  const schema = uniqueSchemaName("conn_pg");
  let admin: pg.Client;
  let connector: Connector;
  let engine: Engine;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await createPgTables(admin, schema, ["tickets", "surveys"]);
    await loadPgRows(admin, schema, "tickets", TICKETS);
    await loadPgRows(admin, schema, "surveys", [
      { id: "s1", kind: "csat", score: 5, scale_min: 1, scale_max: 5, submitted_at: at("2026-11-02T10:00:00Z"), channel: "email", agent: "Ann", team: null, ticket_id: "t1", customer_id: null },
      { id: "s2", kind: "csat", score: 2, scale_min: 1, scale_max: 5, submitted_at: at("2026-11-03T10:00:00Z"), channel: "chat", agent: "Ann", team: null, ticket_id: "t3", customer_id: null },
      { id: "s3", kind: "csat", score: 0, scale_min: 1, scale_max: 5, submitted_at: at("2026-11-03T11:00:00Z"), channel: "chat", agent: "Bob", team: null, ticket_id: null, customer_id: null },
      { id: "s4", kind: "csat", score: 4, scale_min: 1, scale_max: 5, submitted_at: null, channel: "chat", agent: "Bob", team: null, ticket_id: null, customer_id: null },
    ]);
    connector = createPostgresConnector({ url, statementTimeoutMs: 10_000, tables: { tickets: `${schema}.tickets`, surveys: `${schema}.surveys` }, describeTtlMs: 0, describeStaleMs: 0 });
    engine = engineOver({}, { connector });
  });
  afterAll(async () => {
    await connector?.close?.();
    await admin?.end();
    await dropSchema(url, schema);
  });

  it("answers from the tables the mapping names, filters case-insensitively, and breaks down by channel", async () => {
    const r = await askMetric(engine, "ticket_volume 2026-11 by channel where channel=EMAIL,chat");
    expect(r.result).toMatchObject({ value: 3 });
    // Channels are lower-cased as the table is read, so "Email" and "email" are one channel, as in every engine.
    expect(r.breakdown?.rows.map((row) => [row.key, row.result?.value])).toEqual([
      ["email", 2],
      ["chat", 1],
    ]);
  });

  it("treats an SQL injection in a where filter as a value that matches nothing, and the table survives it", async () => {
    // (The command language reads `=` as the start of another filter, so the first one is quoted without it.)
    for (const question of [`ticket_volume 2026-11 where channel="x' OR 'x'<>'y"`, "ticket_volume 2026-11 where channel=email'); DROP TABLE tickets;--"]) {
      const r = await askMetric(engine, question);
      expect(r.filters[0]?.values[0]).toMatch(/^x' OR 'x'<>'y$|^email'\); DROP TABLE tickets;--$/);
      expect(r.result, question).toBeNull();
      expect(renderText(r)).toContain("No data: nothing in tickets for this period with these filters.");
    }
    const direct = await connector.measure({
      dataset: "tickets",
      measures: { n: { agg: "count" } },
      range: { start: new Date("2026-10-01T00:00:00Z"), end: new Date("2026-12-01T00:00:00Z") },
      filters: [{ field: "channel", values: ["x' OR '1'='1", "email'); DROP TABLE tickets;--", "' OR 1=1 --"] }],
      timeZone: "UTC",
    });
    expect(direct.total.n).toBe(0);
    const { rows } = await admin.query(`SELECT count(*)::int AS n FROM "${schema}".tickets`);
    expect(rows[0].n).toBe(4);
    expect((await askMetric(engine, "ticket_volume 2026-11")).result).toMatchObject({ value: 3 });
  });

  it("answers a question after a pause from the last row counts while it reads them again, and uses the new ones next", async () => {
    const table = `${schema}.describe_stale`;
    await admin.query(`CREATE TABLE ${table} (LIKE "${schema}".tickets)`);
    await admin.query(`INSERT INTO ${table} SELECT * FROM "${schema}".tickets`);
    const paused = createPostgresConnector({ url, statementTimeoutMs: 10_000, tables: { tickets: table }, describeTtlMs: 0, describeStaleMs: 60_000 });
    try {
      expect((await paused.describe())[0]!.rows).toBe(4);
      await admin.query(`INSERT INTO ${table} (id, created_at, channel, is_complaint) VALUES ('t9', '2026-11-05T09:00:00Z', 'email', false)`);
      // The reading is older than its time to live: the last one answers at once, a new one starts.
      expect((await paused.describe())[0]!.rows).toBe(4);
      let rows = 4;
      for (let i = 0; i < 100 && rows === 4; i++) {
        await new Promise((r) => setTimeout(r, 20));
        rows = (await paused.describe())[0]!.rows;
      }
      expect(rows).toBe(5);
    } finally {
      await paused.close?.();
      await admin.query(`DROP TABLE ${table}`);
    }
  });

  it("skips, and counts per reason, a survey answer off its scale and one without a time", async () => {
    const infos = await connector.describe();
    expect(infos.map((i) => [i.dataset, i.source, i.rows])).toEqual([
      ["tickets", `table ${schema}.tickets (${describeUrl(url)})`, 4],
      ["surveys", `table ${schema}.surveys (${describeUrl(url)})`, 2],
    ]);
    expect(infos[1]!.skipped).toEqual([
      { reason: "missing submitted_at", count: 1 },
      { reason: "score out of range", count: 1 },
    ]);
    expect(infos[0]!.firstAt?.toISOString()).toBe("2026-10-30T09:00:00.000Z");
    expect(infos[0]!.latestAt?.toISOString()).toBe("2026-11-04T09:00:00.000Z");
    // One positive (5) of the two usable answers (5 and 2).
    const csat = await askMetric(engine, "csat 2026-11");
    expect(csat.result).toMatchObject({ value: 50, n: 2 });
    // The answer says what of November it could not use: the answer off its scale (the one without a time has no period).
    expect(csat.skipped).toEqual({ count: 1, reason: "score out of range", reasonCount: 1, undated: 1 });
    expect(renderText(csat)).toContain("1 row of surveys in this period was skipped (and 1 with no readable date, period unknown), all for score out of range; they are not in the figures.");
    expect((await askMetric(engine, "csat 2026-10")).skipped).toBeUndefined();
  });

  it("reads renamed columns, a timestamp without time zone as UTC and a missing optional column as empty", async () => {
    await admin.query(`CREATE TABLE "${schema}".helpdesk_tickets (ref text, opened timestamp, channel text, is_complaint boolean, agent text)`);
    await admin.query(`INSERT INTO "${schema}".helpdesk_tickets VALUES ('a', '2026-11-02 09:00:00', 'email', false, 'Ann'), ('b', '2026-11-20 23:30:00', 'chat', true, NULL)`);
    const renamed = createPostgresConnector({
      url,
      statementTimeoutMs: 10_000,
      tables: { tickets: { table: `${schema}.helpdesk_tickets`, columns: { id: "ref", created_at: "opened" } } },
    });
    try {
      const e = engineOver({}, { connector: renamed });
      const r = await askMetric(e, "ticket_volume 2026-11 by agent");
      expect(r.result).toMatchObject({ value: 2 });
      expect(r.breakdown?.rows.map((row) => row.key)).toEqual(["Ann", null]);
      expect((await renamed.describe())[0]!.latestAt?.toISOString()).toBe("2026-11-20T23:30:00.000Z");
    } finally {
      await renamed.close?.();
    }
  });

  it("names the table and the column when a table lacks a column its dataset needs", async () => {
    await admin.query(`CREATE TABLE "${schema}".thin_tickets (id text, created_at timestamptz)`);
    const thin = createPostgresConnector({ url, statementTimeoutMs: 10_000, tables: { tickets: `${schema}.thin_tickets` } });
    try {
      const r = await ask(engineOver({}, { connector: thin }), "ticket_volume last-week");
      expect(r).toMatchObject({ kind: "error", cause: "user" });
      expect(renderText(r)).toContain(`Postgres table ${schema}.thin_tickets has no column "channel", which tickets needs.`);
      expect(renderText(r)).toContain('mapping.json: tables.tickets.columns.channel');
    } finally {
      await thin.close?.();
    }
  });

  it("stops a query at the statement timeout and answers that the source is unavailable", async () => {
    await admin.query(`CREATE VIEW "${schema}".slow_tickets AS SELECT t.* FROM "${schema}".tickets t CROSS JOIN LATERAL pg_sleep(0.5) s`);
    const slow = createPostgresConnector({ url, statementTimeoutMs: 200, tables: { tickets: `${schema}.slow_tickets` } });
    try {
      const started = Date.now();
      const r = await ask(engineOver({}, { connector: slow }), "ticket_volume 2026-11");
      expect(r).toMatchObject({ kind: "error", cause: "source" });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await slow.close?.();
    }
  });

  it("answers 20 questions at once on a small pool of slow connections, each one right, none called unavailable", async () => {
    // Every statement takes 0.15 s; 20 questions × 9 statements on 3 connections is about 9 s of waiting in line, within the 20 s statement timeout.
    await admin.query(`CREATE VIEW "${schema}".sluggish_tickets AS SELECT t.* FROM "${schema}".tickets t CROSS JOIN LATERAL pg_sleep(0.15) s`);
    const small = createPostgresConnector({ url, statementTimeoutMs: 20_000, poolSize: 3, tables: { tickets: `${schema}.sluggish_tickets` } });
    try {
      const engine = engineOver({}, { connector: small });
      const answers = await Promise.all(Array.from({ length: 20 }, () => ask(engine, "ticket_volume 2026-11")));
      expect(answers.map((r) => (r.kind === "metric" ? r.result?.value : r.kind))).toEqual(Array.from({ length: 20 }, () => 3));
    } finally {
      await small.close?.();
    }
  }, 60_000);

  it("says the source is unavailable when the line for a connection is longer than the statement timeout", async () => {
    // Each statement sleeps 0.3 s once (a one-time filter), whatever rows it reads.
    await admin.query(`CREATE VIEW "${schema}".stuck_tickets AS SELECT t.* FROM "${schema}".tickets t WHERE (SELECT pg_sleep(0.3)) IS NOT NULL`);
    const tiny = createPostgresConnector({ url, statementTimeoutMs: 1_000, poolSize: 1, tables: { tickets: `${schema}.stuck_tickets` } });
    const count = () =>
      tiny.measure({ dataset: "tickets", measures: { n: { agg: "count" } }, range: { start: new Date("2026-11-01T00:00:00Z"), end: new Date("2026-12-01T00:00:00Z") }, filters: [], timeZone: "UTC" });
    try {
      // One statement alone is well within the timeout …
      expect((await count()).total.n).toBeGreaterThan(0);
      // … five in line on one connection are not: the first ones run, the last give up waiting after the statement timeout.
      const outcomes = await Promise.allSettled(Array.from({ length: 5 }, count));
      expect(outcomes[0]!.status).toBe("fulfilled");
      const refused = outcomes.filter((o) => o.status === "rejected").map((o) => String((o as PromiseRejectedResult).reason));
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.every((r) => /all 1 connections stayed busy/.test(r))).toBe(true);
      // A question behind five statements in that line (its periods are one statement): "unavailable", never a wrong figure.
      const [, r] = await Promise.all([Promise.allSettled(Array.from({ length: 5 }, count)), ask(engineOver({}, { connector: tiny }), "ticket_volume 2026-11")]);
      expect(r).toMatchObject({ kind: "error", cause: "source" });
      // On its own it is answered: every period of it in one statement.
      expect(await ask(engineOver({}, { connector: tiny }), "ticket_volume 2026-11")).toMatchObject({ kind: "metric" });
    } finally {
      await tiny.close?.();
    }
  });

  it("answers every metric on 100 days of the sample data exactly as the in-memory reference", async () => {
    const end = NOW;
    const data = generateSampleData({ end, days: 100 });
    const sampleSchema = uniqueSchemaName("conn_pg_sample");
    try {
      await createPgTables(admin, sampleSchema, DATASET_IDS);
      for (const id of DATASET_IDS) await loadPgRows(admin, sampleSchema, id, data[id]);
      const onPostgres = createPostgresConnector({ url, statementTimeoutMs: 10_000, tables: Object.fromEntries(DATASET_IDS.map((d) => [d, `${sampleSchema}.${d}`])) });
      try {
        const pgEngine = engineOver({}, { connector: onPostgres, clock: fixedClock(end) });
        const memEngine = engineOver({}, { connector: createMemoryConnector(data), clock: fixedClock(end) });
        for (const def of CATALOG) {
          const dimension = dimensionsOf(def.dataset)[0];
          for (const question of [`${def.id} last-month`, ...(dimension ? [`${def.id} last-week by ${dimension}`] : [])]) {
            const [fromPg, fromMemory] = await Promise.all([ask(pgEngine, question), ask(memEngine, question)]);
            expect(fromPg.kind, question).toBe("metric");
            expect(renderText(fromPg), question).toBe(renderText(fromMemory));
          }
        }
      } finally {
        await onPostgres.close?.();
      }
    } finally {
      await dropSchema(url, sampleSchema);
    }
  }, 90_000);
});
