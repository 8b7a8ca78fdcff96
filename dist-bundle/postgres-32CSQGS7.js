import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  createGate
} from "./chunk-Z3IDQLIV.js";
import {
  systemClock
} from "./chunk-4RZMS7CF.js";
import {
  POSTGRES,
  compileMeasureQuery,
  compilePeriodsQuery,
  computeMeasures,
  computePeriods,
  firstBroken,
  latestPlausible,
  measurePeriods,
  meetsRules,
  rowRules
} from "./chunk-J4GUSURJ.js";
import {
  MAPPING_FILE,
  keyPath,
  quoteIdent,
  quoteQualified
} from "./chunk-OEDVJTH3.js";
import "./chunk-WW7OP26R.js";
import "./chunk-JKOOICHZ.js";
import {
  SourceError,
  UserError
} from "./chunk-LJ4WEFEH.js";
import "./chunk-4VIX3REZ.js";
import "./chunk-IJGJCVMD.js";
import {
  DATASETS,
  DATASET_IDS
} from "./chunk-56SDGBO4.js";
import "./chunk-V4RWK56N.js";

// dist/src/connectors/postgres/index.js
import pg from "pg";
var RULES_TTL_MS = 12 * 36e5;
function describeUrl(url) {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname}`;
  } catch {
    return "the configured database";
  }
}
var UNAVAILABLE_CODES = /^(08|53|57|58|3D|28|XX)/;
var NETWORK_CODES = /* @__PURE__ */ new Set(["ECONNREFUSED", "ENOTFOUND", "ETIMEDOUT", "ECONNRESET", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);
function createPostgresConnector(opts) {
  const where = describeUrl(opts.url);
  const source = `postgres ${where}`;
  const size = opts.poolSize ?? 10;
  const gate = createGate(size);
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: size,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? opts.statementTimeoutMs,
    idleTimeoutMillis: 3e4,
    statement_timeout: opts.statementTimeoutMs,
    options: "-c TimeZone=UTC",
    application_name: "cs-metrics-bot"
  });
  pool.on("error", (error) => opts.log?.warn("idle Postgres connection failed", { source, error }));
  const unavailable = (e) => {
    if (e instanceof UserError || e instanceof SourceError)
      return e;
    const err = e;
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
  const run = async (text, values) => {
    const busy = (waitedMs) => new SourceError(`all ${size} connections stayed busy for ${waitedMs} ms, the statement timeout: the database is overloaded`, source);
    try {
      const result = await gate.run(() => pool.query({ text, values }), opts.statementTimeoutMs, busy);
      return result.rows;
    } catch (e) {
      throw unavailable(e);
    }
  };
  const clock = opts.clock ?? systemClock;
  let tables = null;
  let discoveredAt = 0;
  const tablesNow = () => {
    const now = clock.now();
    if (tables !== null && Math.abs(now.getTime() - discoveredAt) > RULES_TTL_MS)
      tables = null;
    if (tables === null)
      discoveredAt = now.getTime();
    tables ??= discover(run, opts.tables, latestPlausible(now)).catch((e) => {
      tables = null;
      throw e;
    });
    return tables;
  };
  let described = null;
  const ttl = opts.describeTtlMs ?? 3e4;
  return {
    name: "postgres",
    description: `Postgres at ${where}`,
    async measure(query) {
      const table = (await tablesNow()).get(query.dataset);
      if (table === void 0)
        return computeMeasures([], query);
      const compiled = compileMeasureQuery(query, table.relation, POSTGRES);
      return compiled.decode(await run(compiled.text, compiled.values));
    },
    async measurePeriods(query) {
      const table = (await tablesNow()).get(query.dataset);
      if (table === void 0)
        return computePeriods([], query);
      return measurePeriods(query, {
        bucketed: async (q, timeField) => {
          const compiled = compilePeriodsQuery(q, timeField, table.relation, POSTGRES);
          return compiled.decode(await run(compiled.text, compiled.values));
        },
        single: async (q) => {
          const compiled = compileMeasureQuery(q, table.relation, POSTGRES);
          return compiled.decode(await run(compiled.text, compiled.values));
        }
      });
    },
    async skippedIn(dataset, range) {
      const t = (await tablesNow()).get(dataset);
      if (t === void 0 || t.rules.length === 0)
        return { reasons: [], undated: 0 };
      const tf = t.relation.column(DATASETS[dataset].timeField) ?? "CAST(NULL AS TIMESTAMPTZ)";
      const rows = await run(`SELECT "reason", count(*) FILTER (WHERE "at" >= $1 AND "at" < $2) AS "inside", count(*) FILTER (WHERE "at" IS NULL) AS "undated" FROM (SELECT ${firstBroken(t.rules)} AS "reason", ${tf} AS "at" FROM ${t.relation.from}) AS "_rows" WHERE "reason" <> 0 GROUP BY 1`, [range.start, range.end]);
      const reasons = rows.filter((r) => Number(r.inside) > 0).map((r) => ({ reason: t.rules[Number(r.reason) - 1].reason, count: Number(r.inside) })).sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1));
      return { reasons, undated: rows.reduce((a, r) => a + Number(r.undated), 0) };
    },
    async describe() {
      if (described !== null && Date.now() - described.at < ttl)
        return described.infos;
      const found = [...(await tablesNow()).values()];
      const infos = [];
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
            skipped: mine.filter((r) => Number(r.reason) !== 0).map((r) => ({ reason: t.rules[Number(r.reason) - 1].reason, count: Number(r.n) })).sort((a, b) => b.count - a.count),
            firstAt: used?.first instanceof Date ? used.first : null,
            latestAt: used?.latest instanceof Date ? used.latest : null,
            ...t.absent.length > 0 ? { absent: t.absent } : {}
          });
        });
      }
      described = { at: Date.now(), infos };
      return infos;
    },
    async close() {
      await pool.end();
    }
  };
}
async function discover(run, mapping = {}, latest) {
  const wanted = DATASET_IDS.map((dataset) => {
    const m = mapping[dataset];
    const explicit = typeof m === "string" ? m : m?.table;
    return { dataset, name: explicit ?? dataset, explicit: explicit !== void 0, columns: typeof m === "object" ? m.columns ?? {} : {} };
  });
  const rows = await run(`SELECT n.i AS "i", to_regclass(n.name) IS NOT NULL AS "exists", a.attname AS "column", format_type(a.atttypid, a.atttypmod) AS "type", t.typcategory AS "category" FROM unnest(CAST($1 AS TEXT[])) WITH ORDINALITY AS n(name, i) LEFT JOIN pg_attribute a ON a.attrelid = to_regclass(n.name) AND a.attnum > 0 AND NOT a.attisdropped LEFT JOIN pg_type t ON t.oid = a.atttypid`, [wanted.map((w) => quoteQualified(w.name))]);
  const found = /* @__PURE__ */ new Map();
  wanted.forEach((w, index) => {
    const mine = rows.filter((r) => Number(r.i) === index + 1);
    if (!mine.some((r) => r.exists === true)) {
      if (w.explicit) {
        throw new UserError("config", `Postgres has no table ${w.name} (${MAPPING_FILE}: ${keyPath(["tables", w.dataset])}).`, "Fix the table name in mapping.json, or grant the bot's user access to it.");
      }
      return;
    }
    const columns = new Map(mine.filter((r) => typeof r.column === "string").map((r) => [String(r.column), { type: String(r.type), category: String(r.category) }]));
    const spec = DATASETS[w.dataset];
    const sql = /* @__PURE__ */ new Map();
    const absent = [];
    for (const [field, fs] of Object.entries(spec.fields)) {
      const name = w.columns[field] ?? field;
      const col = columns.get(name);
      const at = `${MAPPING_FILE}: ${keyPath(["tables", w.dataset, "columns", field])}`;
      if (col === void 0) {
        if (fs.optional) {
          sql.set(field, null);
          absent.push({ field, fix: `Postgres table ${w.name} has no column "${name}": add it, or name the column that holds ${w.dataset}.${field} under ${at}.` });
          continue;
        }
        throw new UserError("config", `Postgres table ${w.name} has no column "${name}", which ${w.dataset} needs.`, `Add the column, or name the column that holds ${w.dataset}.${field} under ${at}.`);
      }
      const q = quoteIdent(name);
      const wrong = (want) => new UserError("config", `Postgres table ${w.name}: column "${name}" is ${col.type}, but ${w.dataset}.${field} needs ${want}.`, `Map another column under ${at}, or change the column's type.`);
      switch (fs.type) {
        case "time":
          if (col.type === "timestamp with time zone")
            sql.set(field, q);
          else if (col.type === "timestamp without time zone" || col.type === "date")
            sql.set(field, `CAST(${q} AS TIMESTAMPTZ)`);
          else
            throw wrong("a timestamp");
          break;
        case "number":
          if (col.category !== "N")
            throw wrong("a number");
          sql.set(field, q);
          break;
        case "boolean":
          if (col.category !== "B")
            throw wrong("a boolean");
          sql.set(field, q);
          break;
        case "string": {
          const text = col.category === "S" ? q : `CAST(${q} AS TEXT)`;
          sql.set(field, fs.lowerCase ? `lower(${text})` : text);
          break;
        }
      }
    }
    const column = (field) => {
      const s = sql.get(field);
      if (s === void 0)
        throw new Error(`Unknown field "${field}" in dataset "${w.dataset}"`);
      return s;
    };
    const rules = rowRules(w.dataset, (field) => {
      const s = column(field);
      if (s === null || spec.fields[field]?.type !== "number")
        return s;
      return `NULLIF(CAST(${s} AS DOUBLE PRECISION), CAST('NaN' AS DOUBLE PRECISION))`;
    }, { latest });
    const condition = meetsRules(rules);
    found.set(w.dataset, {
      dataset: w.dataset,
      name: w.name,
      absent,
      rules,
      relation: { from: quoteQualified(w.name), column, ...condition !== void 0 ? { where: condition } : {} }
    });
  });
  return found;
}
export {
  createPostgresConnector,
  describeUrl
};
