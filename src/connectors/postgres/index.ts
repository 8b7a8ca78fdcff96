/**
 * The Postgres connector (DATA_URL=postgres://…): a table per dataset, named
 * after the dataset unless mapping.json says otherwise
 * (`"tables": { "tickets": "helpdesk.tickets" }` or
 * `{ "table": "helpdesk.tickets", "columns": { "created_at": "opened_at" } }`).
 *
 * Every measure is one parameterized statement (sql/compile.ts) on a `pg`
 * Pool whose sessions run in UTC (a `timestamp without time zone` column is
 * read as UTC), without parallel workers, with a statement timeout. Slow is not unavailable: statements
 * beyond the pool's size wait their turn in line (first come, first served,
 * so one question's many statements cannot starve another's) for as long as
 * the statement timeout; only a failure or that timeout says "unavailable". Rows breaking a dataset rule
 * (rules.ts: no time, a score off its scale) are excluded in the statement
 * and counted per reason by `describe()`. A field every engine lower-cases
 * (channels, survey kinds) is lower-cased once per row, in a LATERAL
 * subquery beside the table, not at each place a statement uses it.
 *
 * The tables are looked up on first use, not at start, so an unreachable
 * database answers "data source unavailable" (SourceError) instead of
 * stopping the bot; a table that lacks a needed column is a config UserError
 * naming the table and the column.
 *
 * @example
 * const c = createPostgresConnector({ url: process.env.DATA_URL!, statementTimeoutMs: 15_000 });
 * await c.measure(query);
 */
import pg from "pg";
import { systemClock, type Clock } from "../../clock.ts";
import { createGate } from "../../concurrency.ts";
import { SourceError, UserError } from "../../errors.ts";
import type { Logger } from "../../log.ts";
import type { Connector, DatasetInfo } from "../connector.ts";
import { DATASETS, DATASET_IDS, type DatasetId } from "../../measures/datasets.ts";
import { MAPPING_FILE, keyPath, type Mapping } from "../../ingest/mapping.ts";
import { computeMeasures, computePeriods } from "../memory.ts";
import { compileMeasureQuery, compilePeriodsQuery, type Relation } from "../sql/compile.ts";
import { measurePeriods } from "../periods.ts";
import { POSTGRES } from "../sql/dialect.ts";
import { quoteIdent, quoteQualified } from "../sql/identifiers.ts";
import { firstBroken, latestPlausible, meetsRules, rowRules } from "../sql/rules.ts";

export interface PostgresConnectorOptions {
  url: string;
  /** Per statement, in ms (DATA_STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs: number;
  /** Table names and column renames (mapping.json `tables`). */
  tables?: Mapping["tables"];
  log?: Logger;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** Giving up on opening a connection, in ms (default: the statement timeout). */
  connectTimeoutMs?: number;
  /** How long `describe()` answers from its last reading, in ms (default 30 000). */
  describeTtlMs?: number;
  /**
   * After that, how much longer the last reading is still answered while a new
   * one is read in the background (default 600 000; 0: wait for the new one).
   * Reading counts every row of every table, seconds on a large one: a question
   * after a pause does not wait for it.
   */
  describeStaleMs?: number;
  /**
   * The engine's clock: a row timed more than a day after its "now" is skipped
   * (rules.ts). Read when the tables are looked up, and again every 12 hours.
   */
  clock?: Clock;
}

/** The tables are looked up again after this long, so "a day after now" moves on. */
const RULES_TTL_MS = 12 * 3_600_000;

interface Table {
  dataset: DatasetId;
  name: string;
  /** Optional fields the table has no column for, with how to provide them. */
  absent: Array<{ field: string; fix: string }>;
  relation: Relation;
  rules: ReturnType<typeof rowRules>;
}

/** Where the data is, for people and logs: never the password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname}`;
  } catch {
    return "the configured database";
  }
}

const UNAVAILABLE_CODES = /^(08|53|57|58|3D|28|XX)/;
const NETWORK_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "ECONNRESET", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);

export function createPostgresConnector(opts: PostgresConnectorOptions): Connector {
  const where = describeUrl(opts.url);
  const source = `postgres ${where}`;
  const size = opts.poolSize ?? 10;
  // The gate keeps the pool's own queue empty: a statement asks for a connection only when one is free.
  const gate = createGate(size);
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: size,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? opts.statementTimeoutMs,
    idleTimeoutMillis: 30_000,
    statement_timeout: opts.statementTimeoutMs,
    // No parallel workers: an answer's statement groups by period (and dimension) with GROUPING SETS,
    // which Postgres cannot aggregate in workers, so a parallel plan only splits the scan and funnels
    // every row of the periods through one queue into one process that sorts and aggregates them —
    // half as fast as one process doing it all (1 M and 10 M survey rows, issue 18). The planner picks it
    // anyway because it expects a few dozen rows where there are a million (the rules' conditions).
    options: "-c TimeZone=UTC -c max_parallel_workers_per_gather=0",
    application_name: "cs-metrics-bot",
  });
  pool.on("error", (error) => opts.log?.warn("idle Postgres connection failed", { source, error }));

  const unavailable = (e: unknown): unknown => {
    if (e instanceof UserError || e instanceof SourceError) return e;
    const err = e as { code?: unknown; message?: unknown };
    const code = typeof err.code === "string" ? err.code : "";
    const message = typeof err.message === "string" ? err.message : String(e);
    if (code === "57014") {
      return new SourceError(`a query ran longer than the statement timeout (${opts.statementTimeoutMs} ms)`, source, { cause: e });
    }
    if (UNAVAILABLE_CODES.test(code) || NETWORK_CODES.has(code) || /timeout|terminated|connect/i.test(message)) {
      return new SourceError(message, source, { cause: e });
    }
    return e;
  };

  const run = async (text: string, values: readonly unknown[]): Promise<Array<Record<string, unknown>>> => {
    const busy = (waitedMs: number) =>
      new SourceError(`all ${size} connections stayed busy for ${waitedMs} ms, the statement timeout: the database is overloaded`, source);
    try {
      const result = await gate.run(() => pool.query({ text, values: values as unknown[] }), opts.statementTimeoutMs, busy);
      return result.rows as Array<Record<string, unknown>>;
    } catch (e) {
      throw unavailable(e);
    }
  };

  const clock = opts.clock ?? systemClock;
  let tables: Promise<Map<DatasetId, Table>> | null = null;
  let discoveredAt = 0;
  const tablesNow = (): Promise<Map<DatasetId, Table>> => {
    const now = clock.now();
    if (tables !== null && Math.abs(now.getTime() - discoveredAt) > RULES_TTL_MS) tables = null;
    if (tables === null) discoveredAt = now.getTime();
    tables ??= discover(run, opts.tables, latestPlausible(now)).catch((e) => {
      tables = null; // try again next time (the database may be back)
      throw e;
    });
    return tables;
  };

  let described: { at: number; infos: DatasetInfo[] } | null = null;
  let reading: Promise<DatasetInfo[]> | null = null;
  const ttl = opts.describeTtlMs ?? 30_000;
  const stale = opts.describeStaleMs ?? 600_000;

  /** Counts every table's rows (used, skipped by reason) and their span. */
  const readInfos = async (): Promise<DatasetInfo[]> => {
    const found = [...(await tablesNow()).values()];
    const infos: DatasetInfo[] = [];
    if (found.length > 0) {
      const parts = found.map((t, i) => {
        const tf = t.relation.column(DATASETS[t.dataset].timeField) ?? "CAST(NULL AS TIMESTAMPTZ)";
        return `SELECT ${i} AS "d", ${firstBroken(t.rules)} AS "reason", count(*) AS "n", min(${tf}) AS "first", max(${tf}) AS "latest" FROM ${t.relation.from} GROUP BY 1, 2`;
      });
      const rows = await run(parts.join(" UNION ALL "), []);
      found.forEach((t, i) => {
        const mine = rows.filter((r) => Number(r.d) === i);
        const used = mine.find((r) => Number(r.reason) === 0);
        infos.push({
          dataset: t.dataset,
          source: `table ${t.name} (${where})`,
          rows: Number(used?.n ?? 0),
          skipped: mine
            .filter((r) => Number(r.reason) !== 0)
            .map((r) => ({ reason: t.rules[Number(r.reason) - 1]!.reason, count: Number(r.n) }))
            .sort((a, b) => b.count - a.count),
          firstAt: used?.first instanceof Date ? used.first : null,
          latestAt: used?.latest instanceof Date ? used.latest : null,
          ...(t.absent.length > 0 ? { absent: t.absent } : {}),
        });
      });
    }
    described = { at: Date.now(), infos };
    return infos;
  };
  /** One reading at a time, however many questions ask. */
  const readOnce = (): Promise<DatasetInfo[]> => {
    reading ??= readInfos().finally(() => (reading = null));
    return reading;
  };

  return {
    name: "postgres",
    description: `Postgres at ${where}`,
    async measure(query) {
      const table = (await tablesNow()).get(query.dataset);
      if (table === undefined) return computeMeasures([], query);
      const compiled = compileMeasureQuery(query, table.relation, POSTGRES);
      return compiled.decode(await run(compiled.text, compiled.values));
    },
    async measurePeriods(query) {
      const table = (await tablesNow()).get(query.dataset);
      if (table === undefined) return computePeriods([], query);
      return measurePeriods(query, {
        bucketed: async (q, timeField) => {
          const compiled = compilePeriodsQuery(q, timeField, table.relation, POSTGRES);
          return compiled.decode(await run(compiled.text, compiled.values));
        },
        single: async (q) => {
          const compiled = compileMeasureQuery(q, table.relation, POSTGRES);
          return compiled.decode(await run(compiled.text, compiled.values));
        },
      });
    },
    async skippedIn(dataset, range) {
      const t = (await tablesNow()).get(dataset);
      if (t === undefined || t.rules.length === 0) return { reasons: [], undated: 0 };
      const tf = t.relation.column(DATASETS[dataset].timeField) ?? "CAST(NULL AS TIMESTAMPTZ)";
      const rows = await run(
        `SELECT "reason", count(*) FILTER (WHERE "at" >= $1 AND "at" < $2) AS "inside", count(*) FILTER (WHERE "at" IS NULL) AS "undated" ` +
          // Only rows of the period or with no time can count: the rest is left to the index on the time field, not checked row by row.
          `FROM (SELECT ${firstBroken(t.rules)} AS "reason", ${tf} AS "at" FROM ${t.relation.from} WHERE (${tf} >= $1 AND ${tf} < $2) OR ${tf} IS NULL) AS "_rows" WHERE "reason" <> 0 GROUP BY 1`,
        [range.start, range.end],
      );
      const reasons = rows
        .filter((r) => Number(r.inside) > 0)
        .map((r) => ({ reason: t.rules[Number(r.reason) - 1]!.reason, count: Number(r.inside) }))
        .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1));
      return { reasons, undated: rows.reduce((a, r) => a + Number(r.undated), 0) };
    },
    async describe() {
      const age = described === null ? Infinity : Date.now() - described.at;
      if (described !== null && age < ttl) return described.infos;
      if (described !== null && age < ttl + stale) {
        // Answered from the last reading; the next question gets the new one.
        readOnce().catch((error: unknown) => opts.log?.warn("reading the tables' row counts failed; the last reading stays in use", { error }));
        return described.infos;
      }
      return readOnce();
    },
    async close() {
      await pool.end();
    },
  };
}

/** Finds each dataset's table and columns; builds its Relation. */
async function discover(
  run: (text: string, values: readonly unknown[]) => Promise<Array<Record<string, unknown>>>,
  mapping: Mapping["tables"] = {},
  latest: Date,
): Promise<Map<DatasetId, Table>> {
  const wanted = DATASET_IDS.map((dataset) => {
    const m = mapping[dataset];
    const explicit = typeof m === "string" ? m : m?.table;
    return { dataset, name: explicit ?? dataset, explicit: explicit !== undefined, columns: typeof m === "object" ? (m.columns ?? {}) : {} };
  });
  // to_regclass resolves a quoted name along the search_path; names travel as a parameter.
  const rows = await run(
    `SELECT n.i AS "i", to_regclass(n.name) IS NOT NULL AS "exists", a.attname AS "column", ` +
      `format_type(a.atttypid, a.atttypmod) AS "type", t.typcategory AS "category" ` +
      `FROM unnest(CAST($1 AS TEXT[])) WITH ORDINALITY AS n(name, i) ` +
      `LEFT JOIN pg_attribute a ON a.attrelid = to_regclass(n.name) AND a.attnum > 0 AND NOT a.attisdropped ` +
      `LEFT JOIN pg_type t ON t.oid = a.atttypid`,
    [wanted.map((w) => quoteQualified(w.name))],
  );
  const found = new Map<DatasetId, Table>();
  wanted.forEach((w, index) => {
    const mine = rows.filter((r) => Number(r.i) === index + 1);
    if (!mine.some((r) => r.exists === true)) {
      if (w.explicit) {
        throw new UserError(
          "config",
          `Postgres has no table ${w.name} (${MAPPING_FILE}: ${keyPath(["tables", w.dataset])}).`,
          "Fix the table name in mapping.json, or grant the bot's user access to it.",
        );
      }
      return;
    }
    const columns = new Map(mine.filter((r) => typeof r.column === "string").map((r) => [String(r.column), { type: String(r.type), category: String(r.category) }]));
    const spec = DATASETS[w.dataset];
    const sql = new Map<string, string | null>();
    const absent: Table["absent"] = [];
    // Lower-cased fields, computed once per row beside the table (below), as `"_lower_<field>"`.
    const lowered: string[] = [];
    for (const [field, fs] of Object.entries(spec.fields)) {
      const name = (w.columns as Record<string, string>)[field] ?? field;
      const col = columns.get(name);
      const at = `${MAPPING_FILE}: ${keyPath(["tables", w.dataset, "columns", field])}`;
      if (col === undefined) {
        if (fs.optional) {
          sql.set(field, null);
          absent.push({ field, fix: `Postgres table ${w.name} has no column "${name}": add it, or name the column that holds ${w.dataset}.${field} under ${at}.` });
          continue;
        }
        throw new UserError(
          "config",
          `Postgres table ${w.name} has no column "${name}", which ${w.dataset} needs.`,
          `Add the column, or name the column that holds ${w.dataset}.${field} under ${at}.`,
        );
      }
      const q = quoteIdent(name);
      const wrong = (want: string) =>
        new UserError("config", `Postgres table ${w.name}: column "${name}" is ${col.type}, but ${w.dataset}.${field} needs ${want}.`, `Map another column under ${at}, or change the column's type.`);
      switch (fs.type) {
        case "time":
          if (col.type === "timestamp with time zone") sql.set(field, q);
          else if (col.type === "timestamp without time zone" || col.type === "date") sql.set(field, `CAST(${q} AS TIMESTAMPTZ)`);
          else throw wrong("a timestamp");
          break;
        case "number":
          if (col.category !== "N") throw wrong("a number");
          sql.set(field, q);
          break;
        case "boolean":
          if (col.category !== "B") throw wrong("a boolean");
          sql.set(field, q);
          break;
        case "string": {
          const text = col.category === "S" ? q : `CAST(${q} AS TEXT)`;
          // Ids (channels …) lower-cased, as every engine ingests them.
          if (fs.lowerCase) {
            let alias = `_lower_${field}`;
            while (columns.has(alias)) alias = `_${alias}`;
            lowered.push(`lower(${text}) AS ${quoteIdent(alias)}`);
            sql.set(field, quoteIdent(alias));
          } else sql.set(field, text);
          break;
        }
      }
    }
    const column = (field: string): string | null => {
      const s = sql.get(field);
      if (s === undefined) throw new Error(`Unknown field "${field}" in dataset "${w.dataset}"`);
      return s;
    };
    const rules = rowRules(
      w.dataset,
      (field) => {
        const s = column(field);
        if (s === null || spec.fields[field]?.type !== "number") return s;
        return `NULLIF(CAST(${s} AS DOUBLE PRECISION), CAST('NaN' AS DOUBLE PRECISION))`;
      },
      { latest },
    );
    const condition = meetsRules(rules);
    // Postgres evaluates lower() again at every place a statement names it (a rule, each measure's
    // condition, the group key): several calls per row. A LATERAL subquery computes each once per row
    // (OFFSET 0 keeps the planner from inlining it back), and Postgres may memoize it per distinct value;
    // conditions on the table's own columns (the time range) still reach its index.
    const from = lowered.length === 0 ? quoteQualified(w.name) : `${quoteQualified(w.name)} CROSS JOIN LATERAL (SELECT ${lowered.join(", ")} OFFSET 0) AS "_lower"`;
    found.set(w.dataset, {
      dataset: w.dataset,
      name: w.name,
      absent,
      rules,
      relation: { from, column, ...(condition !== undefined ? { where: condition } : {}) },
    });
  });
  return found;
}
