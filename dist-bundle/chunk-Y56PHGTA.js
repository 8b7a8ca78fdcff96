import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  SYNCED_DATASETS
} from "./chunk-SGRIXTUX.js";
import {
  DUCKDB,
  DUPLICATE_ID,
  compileMeasureQuery,
  compilePeriodsQuery,
  computeMeasures,
  computePeriods,
  latestPlausible,
  measurePeriods,
  rowRules,
  uniqueKeyOf
} from "./chunk-J4GUSURJ.js";
import {
  EPOCH_FORMATS,
  MAPPING_FILE,
  SURVEY_KINDS,
  hasOffset,
  keyPath,
  loadMapping,
  quoteColumn,
  quoteIdent,
  sqlNumber,
  sqlString,
  toStrptime
} from "./chunk-OEDVJTH3.js";
import {
  DataProblemError,
  SourceError,
  UserError
} from "./chunk-LJ4WEFEH.js";
import {
  DATASETS,
  DATASET_IDS,
  lowerCasedFields
} from "./chunk-56SDGBO4.js";

// dist/src/connectors/duckdb/index.js
import { existsSync } from "node:fs";
import { mkdtemp, readdir as readdir2, rm as rm2, stat as stat2 } from "node:fs/promises";
import { tmpdir as tmpdir2 } from "node:os";
import { join as join4, resolve } from "node:path";

// dist/src/ingest/sample/source.js
var SAMPLE_SOURCE = "sample data (fictional team)";

// dist/src/ingest/helpdesk/store.js
var HELPDESK_FILE = "helpdesk.duckdb";
var HELPDESK = "helpdesk";
var SQL_TYPE = { string: "VARCHAR", number: "DOUBLE", boolean: "BOOLEAN", time: "TIMESTAMPTZ" };
function syncedColumns(dataset) {
  const fields = Object.entries(DATASETS[dataset].fields).map(([name, f]) => ({ name, type: f.type }));
  return fields.some((f) => f.name === "id") ? fields : [{ name: "id", type: "string" }, ...fields];
}
var table = (name) => `${HELPDESK}.main.${quoteIdent(name)}`;
async function attachHelpdeskStore(db, file) {
  const attached = await db.query("SELECT database_name FROM duckdb_databases() WHERE database_name = ?", [HELPDESK]);
  if (attached.length === 0) {
    try {
      await db.exec(`ATTACH ${sqlString(file)} AS ${HELPDESK}`);
    } catch (e) {
      const message = e instanceof Error ? e.message.split("\n")[0] : String(e);
      if (/lock/i.test(message)) {
        throw new Error(`${file} is in use by another process (a running bot syncs on its own schedule; stop it or let it sync): ${message}`, { cause: e });
      }
      throw e;
    }
  }
  for (const dataset of SYNCED_DATASETS) {
    const cols = syncedColumns(dataset).map((c) => `${quoteIdent(c.name)} ${SQL_TYPE[c.type]}${c.name === "id" ? " PRIMARY KEY" : ""}`);
    await db.exec(`CREATE TABLE IF NOT EXISTS ${table(dataset)} (${cols.join(", ")}, "source" VARCHAR NOT NULL, "synced_at" TIMESTAMPTZ NOT NULL)`);
  }
  await db.exec(`CREATE TABLE IF NOT EXISTS ${table("skipped")} ("dataset" VARCHAR NOT NULL, "id" VARCHAR NOT NULL, "source" VARCHAR NOT NULL, "reason" VARCHAR NOT NULL, "at" TIMESTAMPTZ NOT NULL, PRIMARY KEY ("dataset", "id"))`);
  await db.exec(`CREATE TABLE IF NOT EXISTS ${table("cursors")} ("stream" VARCHAR PRIMARY KEY, "cursor" VARCHAR NOT NULL, "at" TIMESTAMPTZ NOT NULL)`);
  await db.exec(`CREATE TABLE IF NOT EXISTS ${table("runs")} ("source" VARCHAR PRIMARY KEY, "label" VARCHAR NOT NULL, "last_success_at" TIMESTAMPTZ, "last_attempt_at" TIMESTAMPTZ, "last_error" VARCHAR, "last_error_at" TIMESTAMPTZ)`);
  return {
    file,
    select(dataset) {
      const cols = Object.keys(DATASETS[dataset].fields).map(quoteIdent).join(", ");
      return `SELECT ${cols} FROM ${table(dataset)}`;
    },
    async apply(source, stream, batch, at) {
      const stamp = at.toISOString();
      return db.session(async (query) => {
        await query("BEGIN TRANSACTION");
        try {
          let upserted = 0;
          let deleted = 0;
          const owners = [...new Set(batch.replacesResponsesOf ?? [])];
          if (owners.length > 0) {
            const keep = new Set((batch.upserts.responses ?? []).map((r) => r.id));
            for (const part of chunks(owners, 500)) {
              const stale = await query(`SELECT "id" FROM ${table("responses")} WHERE "ticket_id" IN (${part.map(() => "?").join(", ")})`, part);
              const gone = stale.map((r) => String(r.id)).filter((id) => !keep.has(id));
              if (gone.length > 0)
                deleted += await deleteIds(query, "responses", gone);
            }
          }
          for (const dataset of SYNCED_DATASETS) {
            const rows = dedupe(batch.upserts[dataset] ?? []);
            if (rows.length > 0) {
              upserted += await upsert(query, dataset, rows, source, stamp);
              await deleteIds(query, "skipped", rows.map((r) => r.id), dataset);
            }
            const gone = [...new Set(batch.deletes?.[dataset] ?? [])];
            if (gone.length > 0) {
              deleted += await deleteIds(query, dataset, gone);
              await deleteIds(query, "skipped", gone, dataset);
            }
          }
          const skips = [...new Map((batch.skipped ?? []).map((s) => [`${s.dataset}\0${s.id}`, s])).values()];
          for (const part of chunks(skips, 200)) {
            await query(`INSERT OR REPLACE INTO ${table("skipped")} ("dataset", "id", "source", "reason", "at") VALUES ${part.map(() => "(?, ?, ?, ?, CAST(? AS TIMESTAMPTZ))").join(", ")}`, part.flatMap((s) => [s.dataset, s.id, source, s.reason, stamp]));
            for (const dataset of SYNCED_DATASETS) {
              const ids = part.filter((s) => s.dataset === dataset).map((s) => s.id);
              if (ids.length > 0)
                await deleteIds(query, dataset, ids);
            }
          }
          await query(`INSERT OR REPLACE INTO ${table("cursors")} ("stream", "cursor", "at") VALUES (?, ?, CAST(? AS TIMESTAMPTZ))`, [stream, batch.cursor, stamp]);
          await query("COMMIT");
          return { upserted, deleted, skipped: skips.length };
        } catch (e) {
          await query("ROLLBACK").catch(() => void 0);
          throw e;
        }
      });
    },
    async cursor(stream) {
      const rows = await db.query(`SELECT "cursor" FROM ${table("cursors")} WHERE "stream" = ?`, [stream]);
      return rows.length > 0 ? String(rows[0].cursor) : null;
    },
    async finishRun(source, label, at, error) {
      const stamp = at.toISOString();
      await db.query(`INSERT INTO ${table("runs")} ("source", "label", "last_success_at", "last_attempt_at", "last_error", "last_error_at")
         VALUES (?, ?, ${error === null ? "CAST(? AS TIMESTAMPTZ)" : "NULL"}, CAST(? AS TIMESTAMPTZ), ?, ${error === null ? "NULL" : "CAST(? AS TIMESTAMPTZ)"})
         ON CONFLICT ("source") DO UPDATE SET
           "label" = excluded."label",
           "last_attempt_at" = excluded."last_attempt_at",
           "last_success_at" = COALESCE(excluded."last_success_at", ${table("runs")}."last_success_at"),
           "last_error" = excluded."last_error",
           "last_error_at" = COALESCE(excluded."last_error_at", ${table("runs")}."last_error_at")`, error === null ? [source, label, stamp, stamp, null] : [source, label, stamp, error, stamp]);
    },
    async runs() {
      const rows = await db.query(`SELECT * FROM ${table("runs")} ORDER BY "source"`);
      return rows.map((r) => ({
        source: String(r.source),
        label: String(r.label),
        lastSuccessAt: asDate(r.last_success_at),
        lastAttemptAt: asDate(r.last_attempt_at),
        lastError: r.last_error === null || r.last_error === void 0 ? null : String(r.last_error),
        lastErrorAt: asDate(r.last_error_at)
      }));
    },
    async counts() {
      const parts = SYNCED_DATASETS.map((d) => `SELECT '${d}' AS dataset, "source", count(*) AS n FROM ${table(d)} GROUP BY "source"`);
      const rows = await db.query(`${parts.join(" UNION ALL ")} ORDER BY 1, 2`);
      return rows.map((r) => ({ dataset: String(r.dataset), source: String(r.source), rows: Number(r.n) }));
    },
    async skipped() {
      const rows = await db.query(`SELECT "dataset", "source", "reason", count(*) AS n FROM ${table("skipped")} GROUP BY 1, 2, 3 ORDER BY 4 DESC, 3`);
      return rows.map((r) => ({ dataset: String(r.dataset), source: String(r.source), reason: String(r.reason), count: Number(r.n) }));
    }
  };
}
async function upsert(query, dataset, rows, source, stamp) {
  const cols = syncedColumns(dataset);
  const names = [...cols.map((c) => quoteIdent(c.name)), `"source"`, `"synced_at"`].join(", ");
  const one = `(${[...cols.map((c) => `CAST(? AS ${SQL_TYPE[c.type]})`), "?", "CAST(? AS TIMESTAMPTZ)"].join(", ")})`;
  for (const part of chunks(rows, 200)) {
    const values = part.flatMap((r) => [...cols.map((c) => sqlValue(r[c.name], c.type, dataset, c.name, r.id)), source, stamp]);
    await query(`INSERT OR REPLACE INTO ${table(dataset)} (${names}) VALUES ${part.map(() => one).join(", ")}`, values);
  }
  return rows.length;
}
async function deleteIds(query, name, ids, dataset) {
  let n = 0;
  for (const part of chunks(ids, 500)) {
    const rows = await query(`DELETE FROM ${table(name)} WHERE "id" IN (${part.map(() => "?").join(", ")})${dataset ? ` AND "dataset" = ?` : ""} RETURNING 1 AS x`, dataset ? [...part, dataset] : [...part]);
    n += rows.length;
  }
  return n;
}
function sqlValue(v, type, dataset, field, id) {
  if (v === void 0 || v === null)
    return null;
  if (type === "time") {
    const ms = v instanceof Date ? v.getTime() : typeof v === "number" ? v : Number.NaN;
    if (!Number.isFinite(ms))
      throw new Error(`sync adapter bug: ${dataset}.${field} of ${id} is not an instant (${String(v)})`);
    return new Date(ms).toISOString();
  }
  if (type === "number")
    return typeof v === "number" && Number.isFinite(v) ? v : null;
  if (type === "boolean")
    return Boolean(v);
  return String(v);
}
function dedupe(rows) {
  return [...new Map(rows.map((r) => [r.id, r])).values()];
}
function chunks(items, size) {
  const out = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}
function asDate(v) {
  return v instanceof Date ? v : null;
}

// dist/src/connectors/duckdb/database.js
import { DuckDBInstance } from "@duckdb/node-api";
async function openDuckDb(opts = {}) {
  const instance = await DuckDBInstance.create(opts.path ?? ":memory:");
  const size = Math.max(1, opts.connections ?? 3);
  const idle = [];
  const all = [];
  const waiting = [];
  let closed = false;
  for (let i = 0; i < size; i++) {
    const c = await instance.connect();
    all.push(c);
    idle.push(c);
  }
  await all[0].run("SET GLOBAL TimeZone = 'UTC'");
  await all[0].run("SET GLOBAL enable_external_file_cache = false");
  const acquire = () => {
    if (closed)
      return Promise.reject(new Error("DuckDB is closed"));
    const c = idle.pop();
    if (c !== void 0)
      return Promise.resolve(c);
    return new Promise((resolve2) => waiting.push(resolve2));
  };
  let drained;
  const release = (c) => {
    const next = waiting.shift();
    if (next !== void 0)
      next(c);
    else
      idle.push(c);
    if (idle.length === all.length)
      drained?.();
  };
  const withConnection = async (work) => {
    const c = await acquire();
    try {
      return await work(c);
    } finally {
      release(c);
    }
  };
  const run = async (c, sql, values = []) => {
    const reader = await c.runAndReadAll(sql, values.length > 0 ? values : void 0);
    return reader.getRowObjectsJS();
  };
  return {
    withConnection,
    session: (work) => withConnection((c) => work((sql, values) => run(c, sql, values))),
    async query(sql, values = []) {
      return withConnection((c) => run(c, sql, values));
    },
    async exec(sql) {
      await withConnection(async (c) => {
        await c.run(sql);
      });
    },
    async close() {
      if (closed)
        return;
      closed = true;
      if (idle.length < all.length)
        await new Promise((resolve2) => drained = resolve2);
      for (const c of all)
        c.closeSync();
      instance.closeSync();
    }
  };
}

// dist/src/connectors/duckdb/loadCache.js
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
var VERSION = 1;
function loadCacheFile(dataDir) {
  return join(tmpdir(), "cs-metrics-bot", `load-${createHash("sha256").update(dataDir).digest("hex").slice(0, 24)}.json`);
}
async function openLoadCache(dataDir, signature, now, ttlMs) {
  const file = loadCacheFile(dataDir);
  let found;
  try {
    const parsed = JSON.parse(await readFile(file, "utf8"));
    const fresh = Math.abs(now.getTime() - parsed.loadedAt) <= ttlMs;
    if (parsed.version === VERSION && parsed.dataDir === dataDir && parsed.signature === signature && fresh && typeof parsed.results === "object")
      found = parsed;
  } catch {
  }
  const loadedAt = found?.loadedAt ?? now.getTime();
  const results = { ...found?.results ?? {} };
  let changed = false;
  const keyOf = (sql) => createHash("sha256").update(sql).digest("base64url");
  return {
    loadedAt: new Date(loadedAt),
    async rows(sql, run) {
      const key = keyOf(sql);
      if (Object.hasOwn(results, key))
        return revive(results[key]);
      const rows = await run();
      results[key] = JSON.parse(JSON.stringify(rows, (_k, v) => typeof v === "bigint" ? { $bigint: v.toString() } : v), tagDates(rows));
      changed = true;
      return rows;
    },
    async save() {
      if (!changed)
        return;
      const body = { version: VERSION, dataDir, signature, loadedAt, results };
      try {
        await mkdir(join(tmpdir(), "cs-metrics-bot"), { recursive: true });
        const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
        await writeFile(temporary, JSON.stringify(body));
        await rename(temporary, file);
        changed = false;
      } catch {
      }
    }
  };
}
function tagDates(rows) {
  const dates = /* @__PURE__ */ new Set();
  for (const row of rows)
    for (const [k, v] of Object.entries(row))
      if (v instanceof Date)
        dates.add(k);
  return (key, value) => dates.has(key) && typeof value === "string" ? { $date: value } : value;
}
function revive(value) {
  if (Array.isArray(value))
    return value.map(revive);
  if (value !== null && typeof value === "object") {
    const o = value;
    if (typeof o.$date === "string" && Object.keys(o).length === 1)
      return new Date(o.$date);
    if (typeof o.$bigint === "string" && Object.keys(o).length === 1)
      return BigInt(o.$bigint);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, revive(v)]));
  }
  return value;
}

// dist/src/connectors/duckdb/ingest.js
import { closeSync, openSync, readSync } from "node:fs";
import { basename, extname, join as join3 } from "node:path";

// dist/src/connectors/duckdb/sample.js
import { mkdir as mkdir2, open, readdir, readFile as readFile2, rename as rename2, rm, stat, writeFile as writeFile2 } from "node:fs/promises";
import { join as join2 } from "node:path";

// dist/src/connectors/duckdb/rows.js
import { BOOLEAN, DOUBLE, DuckDBDataChunk, VARCHAR } from "@duckdb/node-api";
var CHUNK = 2048;
async function stageRows(db, table2, dataset, rows) {
  const fields = Object.entries(DATASETS[dataset].fields);
  const columns = fields.map(([name, f]) => `${quoteIdent(name)} ${f.type === "string" ? "VARCHAR" : f.type === "boolean" ? "BOOLEAN" : "DOUBLE"}`);
  await db.exec(`CREATE OR REPLACE TABLE ${quoteIdent(table2)} (${columns.join(", ")})`);
  if (rows.length === 0)
    return;
  await db.withConnection(async (c) => {
    const appender = await c.createAppender(table2);
    const types = fields.map(([, f]) => f.type === "string" ? VARCHAR : f.type === "boolean" ? BOOLEAN : DOUBLE);
    const chunk = DuckDBDataChunk.create(types);
    try {
      for (let from = 0; from < rows.length; from += CHUNK) {
        const n = Math.min(CHUNK, rows.length - from);
        chunk.reset();
        chunk.rowCount = n;
        fields.forEach(([name, f], k) => {
          const values = new Array(n);
          for (let j = 0; j < n; j++) {
            const v = rows[from + j][name];
            values[j] = v === void 0 || v === null || typeof v === "number" && Number.isNaN(v) ? null : v;
            if (values[j] !== null && typeof values[j] !== (f.type === "time" ? "number" : f.type)) {
              throw new Error(`Dataset "${dataset}", row ${from + j}: field "${name}" should be a ${f.type}, got ${JSON.stringify(v)}`);
            }
          }
          chunk.setColumnValues(k, values);
        });
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  });
}
function typedSelect(dataset, table2) {
  const cols = Object.entries(DATASETS[dataset].fields).map(([name, f]) => {
    const c = quoteIdent(name);
    return f.type === "time" ? `timezone('UTC', make_timestamp(CAST(${c} * 1000 AS BIGINT))) AS ${c}` : c;
  });
  return `SELECT ${cols.join(", ")} FROM ${quoteIdent(table2)}`;
}

// dist/src/connectors/duckdb/sample.js
var SAMPLE_MARKER = ".sample.json";
var LOCK = ".sample.lock";
var SAMPLE_MAX_AGE_MS = 24 * 36e5;
var DATA_EXTENSIONS = [".csv", ".tsv", ".parquet", ".json", ".jsonl", ".ndjson"];
function isDataFile(name) {
  const lower = name.toLowerCase();
  if (name.startsWith(".") || lower === "mapping.json")
    return false;
  if (lower.endsWith(".txt"))
    return DATASET_IDS.includes(name.slice(0, -4));
  return DATA_EXTENSIONS.some((e) => lower.endsWith(e));
}
async function readSampleMarker(dataDir) {
  let marker;
  try {
    marker = JSON.parse(await readFile2(join2(dataDir, SAMPLE_MARKER), "utf8"));
  } catch {
    return void 0;
  }
  if (typeof marker?.end !== "string" || typeof marker.files !== "object" || marker.files === null)
    return void 0;
  for (const [name, size] of Object.entries(marker.files)) {
    try {
      if ((await stat(join2(dataDir, name))).size !== size)
        return void 0;
    } catch {
      return void 0;
    }
  }
  return marker;
}
async function ensureSampleData(dataDir, now, log) {
  const started = performance.now();
  await mkdir2(dataDir, { recursive: true });
  for (let attempt = 0; ; attempt++) {
    const decision = await decide(dataDir, now);
    if (decision.kind === "keep")
      return { wrote: false, end: decision.end, ms: performance.now() - started };
    const lock = await takeLock(dataDir);
    if (lock === null) {
      if (attempt > 600)
        throw new Error(`Another process has been writing the sample data into ${dataDir} for a minute (remove ${join2(dataDir, LOCK)} if it crashed)`);
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    try {
      const again = await decide(dataDir, now);
      if (again.kind === "keep")
        return { wrote: false, end: again.end, ms: performance.now() - started };
      await writeSample(dataDir, now);
      const ms = performance.now() - started;
      log?.info("sample data written", { dataDir, end: now.toISOString(), ms: Math.round(ms), refreshed: again.kind === "refresh" });
      return { wrote: true, end: now, ms };
    } finally {
      await lock();
    }
  }
}
async function wouldWriteSample(dataDir, now) {
  try {
    return (await decide(dataDir, now)).kind !== "keep";
  } catch (e) {
    if (e.code === "ENOENT")
      return true;
    throw e;
  }
}
async function decide(dataDir, now) {
  const names = (await readdir(dataDir)).filter((n) => isDataFile(n) || n === "mapping.json");
  const marker = await readSampleMarker(dataDir);
  if (names.length === 0)
    return { kind: "write" };
  if (marker === void 0)
    return { kind: "keep", end: null };
  const end = new Date(marker.end);
  const onlySample = names.every((n) => Object.hasOwn(marker.files, n));
  const stale = !(end.getTime() <= now.getTime()) || now.getTime() - end.getTime() > SAMPLE_MAX_AGE_MS;
  return onlySample && stale ? { kind: "refresh" } : { kind: "keep", end };
}
async function takeLock(dataDir) {
  const path = join2(dataDir, LOCK);
  try {
    const handle = await open(path, "wx");
    await handle.writeFile(String(process.pid));
    await handle.close();
    return () => rm(path, { force: true });
  } catch (e) {
    if (e.code !== "EEXIST")
      throw e;
    try {
      if (Date.now() - (await stat(path)).mtimeMs > 12e4)
        await rm(path, { force: true });
    } catch {
    }
    return null;
  }
}
async function writeSample(dataDir, now) {
  const { generateSampleData } = await import("./generate-QRWDHQAH.js");
  const data = generateSampleData({ end: now });
  const db = await openDuckDb({ connections: 1 });
  const files = {};
  const suffix = `.tmp-${process.pid}`;
  try {
    await rm(join2(dataDir, SAMPLE_MARKER), { force: true });
    for (const id of DATASET_IDS) {
      const name = `${id}.parquet`;
      const tmp2 = join2(dataDir, `.${name}${suffix}`);
      await stageRows(db, `stage_${id}`, id, data[id]);
      await db.exec(`COPY (${typedSelect(id, `stage_${id}`)}) TO ${sqlString(tmp2)} (FORMAT parquet, COMPRESSION zstd)`);
      await db.exec(`DROP TABLE stage_${id}`);
      await rename2(tmp2, join2(dataDir, name));
      files[name] = (await stat(join2(dataDir, name))).size;
    }
  } finally {
    await db.close();
  }
  const marker = { end: now.toISOString(), files };
  const tmp = join2(dataDir, `${SAMPLE_MARKER}${suffix}`);
  await writeFile2(tmp, `${JSON.stringify(marker, null, 2)}
`);
  await rename2(tmp, join2(dataDir, SAMPLE_MARKER));
}

// dist/src/connectors/duckdb/ingest.js
function formatOf(file, path, declared, csv = {}) {
  const ext = extname(file).toLowerCase();
  const format = declared ?? (ext === ".csv" || ext === ".txt" ? "csv" : ext === ".tsv" ? "tsv" : ext === ".parquet" ? "parquet" : [".json", ".jsonl", ".ndjson"].includes(ext) ? "json" : void 0);
  if (format === void 0)
    return void 0;
  if (format !== "tsv" && format !== "csv")
    return { format };
  const tabs = format === "tsv" || ext === ".tsv" || ext === ".txt" && headLine(path, csv.skip ?? 0).includes("	");
  return tabs ? { format: "csv", delimiter: "	" } : { format: "csv" };
}
function headLine(path, skip) {
  let fd;
  try {
    fd = openSync(path, "r");
    const buf = Buffer.alloc(65536);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString("utf8").replace(/^\uFEFF/, "").split(/\r?\n/)[skip] ?? "";
  } catch {
    return "";
  } finally {
    if (fd !== void 0)
      closeSync(fd);
  }
}
function readerOf(path, file, format, csv = {}, sniffed) {
  if (format === "parquet")
    return { reader: `read_parquet(${sqlString(path)})`, numbered: `read_parquet(${sqlString(path)}, file_row_number = true)` };
  if (format === "json") {
    const lines = /\.(jsonl|ndjson)$/i.test(file);
    return { reader: `read_json(${sqlString(path)}${lines ? ", format = 'newline_delimited'" : ""})` };
  }
  const options = [`header = ${csv.header === false ? "false" : "true"}`, "all_varchar = true"];
  const delimiter = csv.delimiter ?? sniffed;
  if (delimiter !== void 0)
    options.push(`delim = ${sqlString(delimiter)}`);
  if (csv.quote !== void 0)
    options.push(`quote = ${sqlString(csv.quote)}`);
  if (csv.skip !== void 0)
    options.push(`skip = ${sqlNumber(csv.skip)}`);
  if (csv.encoding !== void 0)
    options.push(`encoding = ${sqlString(csv.encoding)}`);
  const base = `read_csv(${sqlString(path)}, ${options.join(", ")}, ignore_errors = true`;
  return {
    reader: `${base})`,
    csvRejects: (table2, scan) => `${base}, store_rejects = true, rejects_table = ${sqlString(table2)}, rejects_scan = ${sqlString(scan)})`
  };
}
function planSources(dataDir, names, mapping, defaultTimeZone) {
  const sources = [];
  const problems = [];
  const mapped = /* @__PURE__ */ new Set();
  for (const [file, fm] of Object.entries(mapping?.files ?? {})) {
    const key = keyPath(["files", file]);
    const datasets = Object.keys(fm.datasets);
    mapped.add(file);
    if (!names.includes(file)) {
      problems.push({
        file,
        datasets,
        message: `${MAPPING_FILE}: ${key}: the file ${file} is not in ${dataDir}. Put it in DATA_DIR or fix its name in ${MAPPING_FILE}; names are case-sensitive.`
      });
      continue;
    }
    const path = join3(dataDir, file);
    const read = formatOf(file, path, fm.format, fm.csv);
    if (read === void 0) {
      problems.push({
        file,
        datasets,
        message: `${MAPPING_FILE}: ${key}: cannot tell the format of ${file} from its extension. Add "format": "csv", "tsv" (tab-separated), "parquet" or "json".`
      });
      continue;
    }
    const { format } = read;
    sources.push({
      file,
      path,
      format,
      ...readerOf(path, file, format, fm.csv, read.delimiter),
      timeZone: fm.timeZone ?? mapping?.timeZone ?? defaultTimeZone,
      datasets: Object.entries(fm.datasets).map(([dataset, m]) => ({
        dataset,
        mapping: m,
        key: keyPath(["files", file, "datasets", dataset])
      }))
    });
  }
  const unused = [];
  for (const file of [...names].sort()) {
    if (mapped.has(file) || !isDataFile(file))
      continue;
    const stem = basename(file, extname(file));
    const dataset = DATASET_IDS.includes(stem) ? stem : void 0;
    const path = join3(dataDir, file);
    const read = formatOf(file, path);
    if (dataset === void 0 || read === void 0) {
      unused.push(file);
      continue;
    }
    sources.push({
      file,
      path,
      format: read.format,
      ...readerOf(path, file, read.format, {}, read.delimiter),
      timeZone: mapping?.timeZone ?? defaultTimeZone,
      datasets: [{ dataset, mapping: null, key: null }]
    });
  }
  return { sources, unused, problems };
}
var NUMERIC = /^(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|FLOAT|DOUBLE|REAL|DECIMAL.*|NUMERIC.*)$/;
var isNumeric = (t) => NUMERIC.test(t);
var isVarchar = (t) => t === "VARCHAR";
var isTimestampTz = (t) => t === "TIMESTAMP WITH TIME ZONE";
var isNaiveTime = (t) => /^TIMESTAMP(_S|_MS|_NS)?$/.test(t) || t === "DATE";
var CLOCK = {
  "h:mm:ss": { pattern: "^(\\d+):([0-5]?\\d):([0-5]?\\d(\\.\\d+)?)$", weights: [3600, 60, 1] },
  "h:mm": { pattern: "^(\\d+):([0-5]?\\d)$", weights: [3600, 60] },
  "mm:ss": { pattern: "^(\\d+):([0-5]?\\d(\\.\\d+)?)$", weights: [60, 1] }
};
var FACTOR = { seconds: 1, milliseconds: 1e-3, minutes: 60, hours: 3600 };
var ISO_OFFSET = ":\\d\\d(\\.\\d+)?\\s*(Z|z|[+-]\\d\\d(:?\\d\\d)?)$";
var NUMERIC_OFFSET = ":\\d\\d(\\.\\d+)?\\s*[+-](\\d\\d):?(\\d\\d)?$";
var AM_PM = "(?i)\\d\\s*[ap]\\.?m\\.?(\\s|$)";
function twelveHour(pattern) {
  const hours = pattern.replace(/H/g, "h");
  return /h/.test(hours) ? `${hours} a` : `${pattern} h:mm:ss a`;
}
var DOUBLE_NAN = "CAST('NaN' AS DOUBLE)";
var typedNull = (spec) => `CAST(NULL AS ${spec.type === "string" ? "VARCHAR" : spec.type === "number" ? "DOUBLE" : spec.type === "boolean" ? "BOOLEAN" : "TIMESTAMPTZ"})`;
var DatasetSelect = class {
  source;
  dataset;
  mapping;
  key;
  columns;
  ruleOptions;
  compiled = /* @__PURE__ */ new Map();
  resolving = /* @__PURE__ */ new Set();
  spec;
  fields;
  constructor(source, dataset, mapping, key, columns, ruleOptions) {
    this.source = source;
    this.dataset = dataset;
    this.mapping = mapping;
    this.key = key;
    this.columns = columns;
    this.ruleOptions = ruleOptions;
    this.spec = DATASETS[dataset];
    this.fields = { ...mapping?.fields ?? {} };
    const score = this.fields.score;
    if (dataset === "surveys" && typeof score === "object" && score.scale !== void 0) {
      this.fields.scale_min = { value: score.scale[0] };
      this.fields.scale_max = { value: score.scale[1] };
    }
  }
  /**
   * The SELECT and the reasons its `_skip` codes stand for (code i + 1 is
   * reasons[i]). `row`: the SQL of a row's place in the file (its `_row`,
   * which orders rows with the same id: duplicates.ts). `keep`: only these
   * codes are checked (the others are known to break no row of this file:
   * see load(), which rebuilds a Parquet view so, since every query reads
   * through it). Codes and reasons stay the same.
   */
  build(from, row, keep) {
    const names = Object.keys(this.spec.fields);
    const values = names.map((name) => this.field(name));
    const reasons = [];
    const checks = [];
    values.forEach((c) => {
      for (const check of c.checks) {
        checks.push(`COALESCE(${check.fails}, FALSE)`);
        reasons.push(check.reason);
      }
    });
    const kept = (code) => keep === void 0 || keep.has(code);
    const inner = [
      ...names.map((name, i) => `${values[i].value} AS ${quoteIdent(name)}`),
      `${row} AS "_row"`,
      ...checks.flatMap((c, i) => kept(i + 1) ? [`${c} AS ${quoteIdent(`_c${i}`)}`] : [])
    ];
    const when = this.mapping?.when ? ` WHERE ${this.condition(this.mapping.when, `${MAPPING_FILE}: ${this.key}.when.column`)}` : "";
    const rules = rowRules(this.dataset, (f) => quoteIdent(f), this.ruleOptions);
    const cases = [
      ...checks.flatMap((_c, i) => kept(i + 1) ? [`WHEN ${quoteIdent(`_c${i}`)} THEN ${i + 1}`] : []),
      ...rules.flatMap((r, i) => kept(checks.length + i + 1) ? [`WHEN ${r.breaks} THEN ${checks.length + i + 1}`] : [])
    ];
    reasons.push(...rules.map((r) => r.reason));
    const skip = cases.length > 0 ? `CASE ${cases.join(" ")} ELSE 0 END` : "0";
    const sql = `SELECT ${names.map(quoteIdent).join(", ")}, "_row", ${skip} AS "_skip" FROM (SELECT ${inner.join(", ")} FROM ${from} AS "_raw"${when}) AS "_parsed"`;
    return { sql, reasons };
  }
  /** Where in the mapping a field is (for messages). */
  where(field, extra) {
    const base = this.key !== null ? `${MAPPING_FILE}: ${this.key}.fields.${field}` : `${this.source.file}, ${this.dataset}.${field}`;
    return extra ? `${base}.${extra}` : base;
  }
  columnList() {
    const names = [...this.columns.keys()];
    const shown = names.slice(0, 20).map((c) => JSON.stringify(c)).join(", ");
    return names.length > 20 ? `${shown}, \u2026 (${names.length} in all)` : shown;
  }
  /** A column of the file, quoted, with its type; a config error naming the file and column when it is not there. */
  column(name, at) {
    const type = this.columns.get(name);
    if (type !== void 0)
      return { sql: quoteColumn(name), type };
    const similar = [...this.columns.keys()].find((c) => c.trim().toLowerCase() === name.trim().toLowerCase());
    throw new UserError("config", `${this.source.file} has no column ${JSON.stringify(name)} (${at}).${similar ? ` Did you mean ${JSON.stringify(similar)}?` : ""}`, `Its columns are: ${this.columnList()}.`);
  }
  /** A column's text, trimmed, empty as NULL. */
  text(col) {
    return isVarchar(col.type) ? `NULLIF(trim(${col.sql}), '')` : `NULLIF(trim(CAST(${col.sql} AS VARCHAR)), '')`;
  }
  /** SQL that is TRUE when a `when` holds (never NULL): `is` one of the values, `not` (empty or none of them), `matches` a pattern. */
  condition(cond, at) {
    const t = this.text(this.column(cond.column, at));
    if (cond.matches !== void 0)
      return `COALESCE(regexp_matches(${t}, ${sqlString(cond.matches)}), FALSE)`;
    const listed = cond.is ?? cond.not;
    const wanted = (Array.isArray(listed) ? listed : [listed]).map((v) => sqlString(String(v).trim()));
    return cond.is !== void 0 ? `COALESCE(${t} IN (${wanted.join(", ")}), FALSE)` : `COALESCE(${t} NOT IN (${wanted.join(", ")}), TRUE)`;
  }
  field(name) {
    const hit = this.compiled.get(name);
    if (hit)
      return hit;
    if (this.resolving.has(name))
      throw new UserError("config", `${this.where(name)}: the time fields refer to each other in a circle.`);
    this.resolving.add(name);
    const result = this.compileField(name);
    this.resolving.delete(name);
    this.compiled.set(name, result);
    return result;
  }
  compileField(name) {
    const spec = this.spec.fields[name];
    let m = this.fields[name];
    if (m === void 0) {
      if (this.columns.has(name))
        m = name;
      else if (spec.optional)
        return { value: typedNull(spec), checks: [] };
      else {
        throw new UserError("config", this.key !== null ? `${MAPPING_FILE}: ${this.key}.fields: ${this.dataset} needs "${name}", and ${this.source.file} has no column of that name.` : `${this.source.file} has no column "${name}", which ${this.dataset} needs.`, `${this.missingFieldFix(name, spec)} in ${MAPPING_FILE} under ${this.key ?? keyPath(["files", this.source.file, "datasets", this.dataset])}.fields. Columns: ${this.columnList()}.`);
      }
    }
    const f = typeof m === "string" ? { column: m } : m;
    let out = this.compileValue(name, spec, f, typeof m === "string");
    if (spec.type === "number")
      out = { ...out, value: `NULLIF(${out.value}, ${DOUBLE_NAN})` };
    const bounds = f.scale ?? f.range;
    if (bounds !== void 0) {
      out.checks.push({
        fails: `(${out.value} < ${sqlNumber(bounds[0])} OR ${out.value} > ${sqlNumber(bounds[1])})`,
        reason: f.scale !== void 0 ? "score out of range" : `${name} out of range`
      });
    }
    if (f.when !== void 0) {
      const cond = this.condition(f.when, this.where(name, "when.column"));
      out = {
        value: `CASE WHEN ${cond} THEN ${out.value} END`,
        checks: out.checks.map((c) => ({ fails: `(${cond} AND ${c.fails})`, reason: c.reason }))
      };
    }
    return out;
  }
  /** What would give a required field that is not there a value. */
  missingFieldFix(name, spec) {
    if (this.dataset === "surveys" && (name === "scale_min" || name === "scale_max")) {
      return 'Give the score its scale: "score": { "column": "\u2026", "scale": [1, 5] } ([0, 10] for NPS), or map scale_min and scale_max to columns';
    }
    if (this.dataset === "surveys" && name === "kind") {
      return `Say which survey it is: "kind": { "value": "csat" } (one of ${SURVEY_KINDS.join(", ")}), or a column holding them (with "values" to translate its words)`;
    }
    const example = spec.type === "number" ? "0" : spec.type === "boolean" ? "false" : spec.type === "time" ? '"Created"' : '"\u2026"';
    return spec.type === "time" ? `Map "${name}" to the column holding it (e.g. { "column": ${example}, "format": "dd/MM/yyyy HH:mm" })` : `Map "${name}" to a column or a constant (e.g. { "value": ${example} })`;
  }
  compileValue(name, spec, f, plain) {
    if (f.value !== void 0)
      return { value: this.constant(spec, f.value), checks: [] };
    if (f.date !== void 0)
      return this.dateTime(name, f);
    if (f.concat !== void 0)
      return this.concat(name, f.concat, f.separator ?? "|");
    if (f.field !== void 0)
      return this.derivedTime(name, f);
    const col = this.column(f.column, this.where(name, plain ? void 0 : "column"));
    if (f.values !== void 0)
      return this.valueMap(name, spec, col, f.values);
    switch (spec.type) {
      case "string":
        return { value: isVarchar(col.type) ? this.text(col) : `CAST(${col.sql} AS VARCHAR)`, checks: [] };
      case "number":
        return this.number(name, col, f.duration);
      case "boolean":
        return this.boolean(name, col);
      case "time":
        return this.time(name, col, f.format);
    }
  }
  /** Text of several columns joined by `separator`; empty when one of them is (a part of an id is missing). */
  concat(name, columns, separator) {
    const parts = columns.map((c, i) => this.text(this.column(c, this.where(name, `concat[${i}]`))));
    return { value: parts.join(` || ${sqlString(separator)} || `), checks: [] };
  }
  /** A constant; null and "" are empty. */
  constant(spec, v) {
    if (v === null || v === "")
      return typedNull(spec);
    if (typeof v === "boolean")
      return v ? "TRUE" : "FALSE";
    if (typeof v === "number")
      return `CAST(${sqlNumber(v)} AS DOUBLE)`;
    if (spec.type === "time")
      return `CAST(${sqlString(new Date(v).toISOString())} AS TIMESTAMPTZ)`;
    return `CAST(${sqlString(v)} AS VARCHAR)`;
  }
  valueMap(name, spec, col, map) {
    const t = this.text(col);
    const entries = Object.entries(map).map(([k, v]) => [k.trim(), v]);
    const cases = entries.map(([k, v]) => `WHEN ${sqlString(k)} THEN ${this.constant(spec, v)}`);
    return {
      value: `CASE ${t} ${cases.join(" ")} END`,
      checks: [{ fails: `(${t} IS NOT NULL AND ${t} NOT IN (${entries.map(([k]) => sqlString(k)).join(", ")}))`, reason: `${name}: value not in the value map` }]
    };
  }
  number(name, col, duration) {
    const clock = duration !== void 0 ? CLOCK[duration] : void 0;
    if (clock === void 0) {
      const factor = FACTOR[duration ?? "seconds"] ?? 1;
      const scaled = (x) => factor === 1 ? x : `(${x} * ${sqlNumber(factor)})`;
      if (isNumeric(col.type))
        return { value: scaled(`CAST(${col.sql} AS DOUBLE)`), checks: [] };
      if (col.type === "BOOLEAN")
        return { value: `CAST(${col.sql} AS DOUBLE)`, checks: [] };
      const t2 = this.text(col);
      const parsed = `TRY_CAST(${t2} AS DOUBLE)`;
      return {
        value: scaled(parsed),
        checks: [{ fails: `(${t2} IS NOT NULL AND (${parsed} IS NULL OR isnan(${parsed})))`, reason: `${name}: not a number` }]
      };
    }
    const t = this.text(col);
    const pattern = sqlString(clock.pattern);
    const sum = clock.weights.map((w, i) => `CAST(regexp_extract(${t}, ${pattern}, ${i + 1}) AS DOUBLE) * ${w}`).join(" + ");
    return {
      value: `CASE WHEN regexp_full_match(${t}, ${pattern}) THEN ${sum} END`,
      checks: [{ fails: `(${t} IS NOT NULL AND NOT regexp_full_match(${t}, ${pattern}))`, reason: `${name}: not a duration (${duration})` }]
    };
  }
  boolean(name, col) {
    if (col.type === "BOOLEAN")
      return { value: col.sql, checks: [] };
    if (isNumeric(col.type))
      return { value: `(CAST(${col.sql} AS DOUBLE) <> 0)`, checks: [] };
    const t = this.text(col);
    const value = `CASE lower(${t}) WHEN 'true' THEN TRUE WHEN 't' THEN TRUE WHEN 'yes' THEN TRUE WHEN 'y' THEN TRUE WHEN '1' THEN TRUE WHEN 'false' THEN FALSE WHEN 'f' THEN FALSE WHEN 'no' THEN FALSE WHEN 'n' THEN FALSE WHEN '0' THEN FALSE END`;
    return { value, checks: [{ fails: `(${t} IS NOT NULL AND (${value}) IS NULL)`, reason: `${name}: not yes/no (use a value map)` }] };
  }
  /** A naive local date-time (TIMESTAMP) read in the source's zone. */
  local(ts) {
    return `timezone(${sqlString(this.source.timeZone)}, ${ts})`;
  }
  fromEpoch(x, format) {
    const micros = format === "epoch-ms" ? 1e3 : 1e6;
    return `timezone('UTC', make_timestamp(CAST(round(${x} * ${micros}) AS BIGINT)))`;
  }
  time(name, col, format) {
    if (isTimestampTz(col.type))
      return { value: col.sql, checks: [] };
    if (isNaiveTime(col.type))
      return { value: this.local(`CAST(${col.sql} AS TIMESTAMP)`), checks: [] };
    const epoch = format !== void 0 && EPOCH_FORMATS.includes(format);
    if (isNumeric(col.type)) {
      if (!epoch) {
        throw new UserError("config", `${this.source.file}: column ${JSON.stringify(this.columnName(col))} holds numbers, so ${this.where(name)} needs "format": "epoch-seconds" or "epoch-ms".`);
      }
      return { value: this.fromEpoch(`CAST(${col.sql} AS DOUBLE)`, format), checks: [] };
    }
    const t = this.text(col);
    let value;
    let described;
    if (epoch) {
      value = this.fromEpoch(`TRY_CAST(${t} AS DOUBLE)`, format);
      described = format;
    } else if (format !== void 0) {
      const parsed = `try_strptime(${t}, ${sqlString(toStrptime(format))})`;
      value = hasOffset(format) ? parsed : this.local(parsed);
      described = format;
      const amPm = this.amPm(name, t, value, described, `"format": ${JSON.stringify(twelveHour(format))}`);
      if (amPm)
        return { value, checks: [amPm, { fails: `(${t} IS NOT NULL AND ${value} IS NULL)`, reason: `${name}: not a date-time (${described})` }] };
    } else {
      value = `CASE WHEN regexp_matches(${t}, ${sqlString(ISO_OFFSET)}) THEN TRY_CAST(${t} AS TIMESTAMPTZ) ELSE ${this.local(`TRY_CAST(${t} AS TIMESTAMP)`)} END`;
      described = "ISO 8601";
      const p = sqlString(NUMERIC_OFFSET);
      const hours = `TRY_CAST(regexp_extract(${t}, ${p}, 2) AS INTEGER)`;
      const minutes = `COALESCE(TRY_CAST(NULLIF(regexp_extract(${t}, ${p}, 3), '') AS INTEGER), 0)`;
      return {
        value,
        checks: [
          this.amPm(name, t, value, described, 'a "format" with "a", e.g. "M/d/yyyy h:mm:ss a"'),
          { fails: `(${t} IS NOT NULL AND ${value} IS NULL)`, reason: `${name}: not a date-time (${described})` },
          { fails: `(regexp_matches(${t}, ${p}) AND (${hours} * 60 + ${minutes} > 14 * 60 OR ${minutes} >= 60))`, reason: `${name}: impossible UTC offset (beyond \xB114:00)` }
        ]
      };
    }
    return { value, checks: [{ fails: `(${t} IS NOT NULL AND ${value} IS NULL)`, reason: `${name}: not a date-time (${described})` }] };
  }
  columnName(col) {
    return col.sql.slice(1, -1).replace(/""/g, '"');
  }
  dateTime(name, f) {
    const date = this.column(f.date, this.where(name, "date"));
    const time = f.time !== void 0 ? this.column(f.time, this.where(name, "time")) : void 0;
    const dateFormat = isVarchar(date.type) ? f.format ?? "yyyy-MM-dd" : "yyyy-MM-dd";
    const timeFormat = time === void 0 ? void 0 : isVarchar(time.type) ? f.timeFormat ?? "H:mm:ss" : "H:mm:ss";
    const dt = this.text(date);
    const tt = time !== void 0 ? this.text(time) : void 0;
    const textSql = tt !== void 0 ? `(${dt} || ' ' || ${tt})` : dt;
    const pattern = timeFormat !== void 0 ? `${dateFormat} ${timeFormat}` : dateFormat;
    const parsed = `try_strptime(${textSql}, ${sqlString(toStrptime(pattern))})`;
    const value = hasOffset(pattern) ? parsed : this.local(parsed);
    const present = tt !== void 0 ? `(${dt} IS NOT NULL OR ${tt} IS NOT NULL)` : `${dt} IS NOT NULL`;
    const amPm = timeFormat !== void 0 ? this.amPm(name, textSql, value, pattern, `"timeFormat": ${JSON.stringify(twelveHour(timeFormat))}`) : this.amPm(name, textSql, value, pattern, `"format": ${JSON.stringify(twelveHour(dateFormat))}`);
    return { value, checks: [...amPm ? [amPm] : [], { fails: `(${present} AND ${value} IS NULL)`, reason: `${name}: not a date-time (${pattern})` }] };
  }
  /**
   * A value that did not parse and carries AM/PM, when the pattern reads no
   * AM/PM: its own reason, naming the pattern that would read it. Undefined
   * when the pattern already has "a".
   */
  amPm(name, text, value, pattern, fix) {
    if (pattern !== "ISO 8601" && toStrptime(pattern).includes("%p"))
      return void 0;
    return {
      fails: `(${text} IS NOT NULL AND ${value} IS NULL AND regexp_matches(${text}, ${sqlString(AM_PM)}))`,
      reason: `${name}: not a date-time (${pattern}): the values carry AM/PM, use ${fix}`
    };
  }
  derivedTime(name, f) {
    const base = this.field(f.field);
    const plus = typeof f.plus === "string" ? { column: f.plus } : f.plus;
    const col = this.column(plus.column, this.where(name, "plus"));
    const amount = this.number(name, col, plus.duration ?? "seconds");
    const value = `(${base.value} + to_microseconds(CAST(round(${amount.value} * 1000000) AS BIGINT)))`;
    return { value, checks: amount.checks };
  }
};

// dist/src/connectors/duckdb/index.js
var RULES_TTL_MS = 12 * 36e5;
var SOURCE_LABEL = "files in DATA_DIR";
async function openDuckDbConnector(opts) {
  let dataDir = resolve(opts.dataDir);
  const log = opts.log;
  const refreshMs = opts.refreshMs ?? 5e3;
  let temporary;
  if (opts.sample === "temporary" && !opts.helpdesk && !existsSync(join4(dataDir, HELPDESK_FILE)) && await wouldWriteSample(dataDir, opts.clock.now())) {
    temporary = await mkdtemp(join4(tmpdir2(), "cs-metrics-sample-"));
    dataDir = temporary;
  }
  const removeTemporary = async () => {
    if (temporary !== void 0)
      await rm2(temporary, { recursive: true, force: true });
  };
  try {
    if (opts.sample !== false && !opts.helpdesk)
      await ensureSampleData(dataDir, opts.clock.now(), log);
  } catch (e) {
    await removeTemporary();
    throw e;
  }
  const db = await openDuckDb();
  let helpdesk;
  let generation = 0;
  let retired = [];
  let state;
  try {
    const file = join4(dataDir, HELPDESK_FILE);
    if (opts.helpdesk || existsSync(file)) {
      helpdesk = { store: await attachHelpdeskStore(db, file), configured: opts.helpdesk === true, labels: opts.sourceLabels ?? {} };
    }
    state = await load(db, dataDir, opts.timeZone ?? "UTC", ++generation, opts.clock.now(), log, helpdesk);
  } catch (e) {
    await db.close();
    await removeTemporary();
    throw e;
  }
  let checkedAt = Date.now();
  let reloading = null;
  const reload = async () => {
    reloading ??= (async () => {
      try {
        const next = await load(db, dataDir, opts.timeZone ?? "UTC", ++generation, opts.clock.now(), log, helpdesk);
        const old = state.objects;
        state = next;
        await dropAll(db, retired);
        retired = old;
        log?.info("data reloaded", { dataDir, datasets: next.infos.map((i) => i.dataset) });
      } finally {
        checkedAt = Date.now();
        reloading = null;
      }
    })();
    return reloading;
  };
  const refresh = async () => {
    if (reloading)
      return reloading;
    if (Date.now() - checkedAt < refreshMs)
      return;
    checkedAt = Date.now();
    let signature;
    try {
      signature = await signatureOf(dataDir, state.mapped);
    } catch (e) {
      throw new SourceError(`Cannot list ${dataDir}: ${e.message}`, SOURCE_LABEL, { cause: e });
    }
    if (signature !== state.signature || Math.abs(opts.clock.now().getTime() - state.loadedAt) > RULES_TTL_MS)
      await reload();
  };
  const run = async (compiled) => {
    try {
      return await db.query(compiled.text, compiled.values);
    } catch (e) {
      throw asSourceError(e);
    }
  };
  return {
    name: "duckdb",
    description: `DuckDB over the files in ${dataDir}`,
    dataDir,
    reload,
    helpdesk: helpdesk?.store,
    unused: () => state.unused,
    async measure(query) {
      await refresh();
      const problems = state.problems.get(query.dataset);
      if (problems !== void 0)
        throw new DataProblemError(problems, SOURCE_LABEL);
      const relation = state.relations.get(query.dataset);
      if (relation === void 0)
        return computeMeasures([], query);
      const compiled = compileMeasureQuery(query, relation, DUCKDB);
      return compiled.decode(await run(compiled));
    },
    async measurePeriods(query) {
      await refresh();
      const problems = state.problems.get(query.dataset);
      if (problems !== void 0)
        throw new DataProblemError(problems, SOURCE_LABEL);
      const relation = state.relations.get(query.dataset);
      if (relation === void 0)
        return computePeriods([], query);
      return measurePeriods(query, {
        bucketed: async (q, timeField) => {
          const compiled = compilePeriodsQuery(q, timeField, relation, DUCKDB);
          return compiled.decode(await run(compiled));
        },
        single: async (q) => {
          const compiled = compileMeasureQuery(q, relation, DUCKDB);
          return compiled.decode(await run(compiled));
        }
      });
    },
    async dataVersion() {
      let signature;
      try {
        signature = await signatureOf(dataDir, state.mapped);
      } catch (e) {
        throw new SourceError(`Cannot list ${dataDir}: ${e.message}`, SOURCE_LABEL, { cause: e });
      }
      if (signature !== state.signature)
        await reload();
      else
        await refresh();
      return `duckdb:${state.generation}`;
    },
    async skippedIn(dataset, range) {
      await refresh();
      const tables = state.parsed.get(dataset) ?? [];
      if (tables.length === 0)
        return { reasons: [], undated: 0 };
      const tf = quoteIdent(DATASETS[dataset].timeField);
      const [start, end] = [range.start, range.end].map((d) => `CAST(${sqlString(d.toISOString())} AS TIMESTAMPTZ)`);
      const sql = tables.map((t, i) => `SELECT ${i} AS t, "_skip" AS k, count(*) FILTER (WHERE ${tf} >= ${start} AND ${tf} < ${end}) AS inside, count(*) FILTER (WHERE ${tf} IS NULL) AS undated FROM ${quoteIdent(t.table)} WHERE "_skip" <> 0 GROUP BY 1, 2`).join(" UNION ALL ");
      let rows;
      try {
        rows = await db.query(sql);
      } catch (e) {
        throw asSourceError(e);
      }
      const counts = /* @__PURE__ */ new Map();
      let undated = 0;
      for (const r of rows) {
        const reason = tables[Number(r.t)].reasons[Number(r.k) - 1] ?? "unknown";
        if (Number(r.inside) > 0)
          counts.set(reason, (counts.get(reason) ?? 0) + Number(r.inside));
        undated += Number(r.undated);
      }
      const reasons = [...counts].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1));
      return { reasons, undated };
    },
    async describe() {
      await refresh();
      return state.infos.map((i) => ({
        ...i,
        skipped: i.skipped.map((s) => ({ ...s })),
        ...i.problems ? { problems: [...i.problems] } : {},
        ...i.absent ? { absent: i.absent.map((a) => ({ ...a })) } : {}
      }));
    },
    async close() {
      await db.close();
      await removeTemporary();
    }
  };
}
function asSourceError(e) {
  const message = e instanceof Error ? e.message : String(e);
  if (/^(IO|Invalid Input) Error/i.test(message))
    return new SourceError(message.split("\n")[0], SOURCE_LABEL, { cause: e });
  return e;
}
async function dropAll(db, objects) {
  for (const o of [...objects].reverse()) {
    const [kind, name] = o.split(" ");
    await db.exec(`DROP ${kind} IF EXISTS ${quoteIdent(name)}`).catch(() => void 0);
  }
}
async function signatureOf(dataDir, extra = []) {
  const parts = [];
  let names = [];
  try {
    names = await readdir2(dataDir);
  } catch (e) {
    if (e.code !== "ENOENT")
      throw e;
  }
  for (const name of [.../* @__PURE__ */ new Set([...names, ...extra])].sort()) {
    if (!(isDataFile(name) || name === MAPPING_FILE || name === SAMPLE_MARKER || extra.includes(name)))
      continue;
    try {
      const s = await stat2(join4(dataDir, name));
      parts.push(`${name}:${s.size}:${s.mtimeMs}`);
    } catch {
    }
  }
  return parts.join("|");
}
function readError(e) {
  const message = e instanceof Error ? e.message : String(e);
  const size = /Maximum line size of (\d+) bytes exceeded/.exec(message);
  if (size)
    return `a line is longer than ${Number(size[1]).toLocaleString("en-US")} bytes, the most the CSV reader takes in one line.`;
  if (/Error when sniffing file/.test(message)) {
    return "its delimiter and quoting could not be detected (a line may be longer than the CSV reader's 2,000,000-byte maximum, or the file is not CSV).";
  }
  return firstLine(e);
}
function firstLine(e) {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0].replace(/^[A-Za-z ]+ Error: /, "");
}
async function load(db, dataDir, timeZone, gen, now, log, helpdesk) {
  let names;
  try {
    names = await readdir2(dataDir);
  } catch (e) {
    throw new UserError("config", `Cannot read DATA_DIR ${dataDir}: ${e.message}`, "Set DATA_DIR to a folder the bot can read.");
  }
  const mapping = await loadMapping(dataDir);
  for (const file of Object.keys(mapping?.files ?? {})) {
    if (names.includes(file))
      continue;
    try {
      if ((await stat2(join4(dataDir, file))).isFile())
        names.push(file);
    } catch {
    }
  }
  const mapped = Object.keys(mapping?.files ?? {});
  const signature = await signatureOf(dataDir, mapped);
  const marker = await readSampleMarker(dataDir);
  const synced = helpdesk ? await helpdesk.store.counts() : [];
  if (marker !== void 0) {
    const own = names.filter((n) => (isDataFile(n) || mapped.includes(n)) && !Object.hasOwn(marker.files, n));
    if (own.length > 0 || mapping !== void 0 || synced.length > 0 || helpdesk?.configured) {
      names = names.filter((n) => !Object.hasOwn(marker.files, n) || mapped.includes(n));
      log?.warn("sample data files ignored: DATA_DIR now holds the team's own data", { files: Object.keys(marker.files), hint: `delete them and ${SAMPLE_MARKER}` });
    }
  }
  const { sources, unused, problems: planned } = planSources(dataDir, names, mapping, timeZone);
  if (unused.length > 0)
    log?.warn("files in DATA_DIR that feed no dataset", { files: unused, hint: `name a file after a dataset (tickets.csv) or map it in ${MAPPING_FILE}` });
  const objects = [];
  const perDataset = /* @__PURE__ */ new Map();
  const skipped = /* @__PURE__ */ new Map();
  const problems = /* @__PURE__ */ new Map();
  const files = /* @__PURE__ */ new Map();
  const addProblem = (dataset, file, message) => {
    problems.set(dataset, [...problems.get(dataset) ?? [], message]);
    files.set(dataset, [...files.get(dataset) ?? [], file]);
    log?.warn(message, { dataset, hint: "the other datasets keep answering; fix or replace the file (it is read again when it changes)" });
  };
  for (const p of planned)
    for (const d of p.datasets)
      addProblem(d, p.file, p.message);
  const addSkipped = (dataset, reason, n) => {
    if (n <= 0)
      return;
    const m = skipped.get(dataset) ?? /* @__PURE__ */ new Map();
    m.set(reason, (m.get(reason) ?? 0) + n);
    skipped.set(dataset, m);
  };
  const parsed = /* @__PURE__ */ new Map();
  const provided = /* @__PURE__ */ new Map();
  const absent = /* @__PURE__ */ new Map();
  const noteAbsent = (entry, columns, file) => {
    const mine = provided.get(entry.dataset) ?? /* @__PURE__ */ new Set();
    provided.set(entry.dataset, mine);
    const missing = absent.get(entry.dataset) ?? /* @__PURE__ */ new Map();
    absent.set(entry.dataset, missing);
    const fields = entry.mapping?.fields ?? {};
    const score = fields.score;
    const scaled = typeof score === "object" && score.scale !== void 0;
    for (const field of Object.keys(DATASETS[entry.dataset].fields)) {
      if (fields[field] !== void 0 || columns.has(field) || scaled && (field === "scale_min" || field === "scale_max")) {
        mine.add(field);
        continue;
      }
      const fix = entry.key !== null ? `\`${field}\` is not mapped, and ${file} has no column of that name: map it in ${MAPPING_FILE} under ${entry.key}.fields, e.g. "${field}": "<the column of ${file} that holds it>" (docs/data.md lists every field and format).` : `${file} has no column \`${field}\`: add one, or map another column to it in ${MAPPING_FILE} (files["${file}"].datasets.${entry.dataset}.fields; docs/data.md shows how).`;
      if (!missing.has(field))
        missing.set(field, fix);
    }
  };
  const prefix = `g${gen}`;
  const cache = await openLoadCache(dataDir, `${signature}|${timeZone}|${helpdesk ? "helpdesk" : ""}`, now, RULES_TTL_MS);
  const loadedAt = cache.loadedAt;
  const ruleOptions = { latest: latestPlausible(loadedAt) };
  const cacheKey = (definitions2, sql) => [...definitions2, sql].join("\n;\n").replaceAll(`${prefix}_`, "g_");
  const definitions = /* @__PURE__ */ new Map();
  try {
    for (const [i, source] of sources.entries()) {
      const mine = [];
      let read;
      try {
        read = await readSource(db, source, prefix, i, mine);
      } catch (e) {
        await dropAll(db, mine);
        for (const entry of source.datasets)
          addProblem(entry.dataset, source.file, problemOf(source, e));
        continue;
      }
      for (const entry of source.datasets) {
        const table2 = `${prefix}_src_${i}_${entry.dataset}`;
        const kind = source.format === "parquet" ? "VIEW" : "TABLE";
        let select;
        let counts;
        try {
          const builder = new DatasetSelect(source, entry.dataset, entry.mapping, entry.key, read.columns, ruleOptions);
          select = builder.build(read.from, read.row);
          await db.exec(`CREATE OR REPLACE ${kind} ${quoteIdent(table2)} AS ${select.sql}`);
          mine.push(`${kind} ${table2}`);
          const countSql = `SELECT "_skip" AS k, count(*) AS n FROM ${quoteIdent(table2)} WHERE "_skip" <> 0 GROUP BY 1`;
          counts = await cache.rows(cacheKey([select.sql], countSql), () => db.query(countSql));
          definitions.set(entry.dataset, [...definitions.get(entry.dataset) ?? [], select.sql]);
          if (kind === "VIEW") {
            const keep = new Set(counts.map((r) => Number(r.k)));
            await db.exec(`CREATE OR REPLACE VIEW ${quoteIdent(table2)} AS ${builder.build(read.from, read.row, keep).sql}`);
          }
        } catch (e) {
          addProblem(entry.dataset, source.file, problemOf(source, e));
          continue;
        }
        for (const r of counts)
          addSkipped(entry.dataset, select.reasons[Number(r.k) - 1] ?? "unknown", Number(r.n));
        noteAbsent(entry, read.columns, source.file);
        parsed.set(entry.dataset, [...parsed.get(entry.dataset) ?? [], { table: table2, reasons: select.reasons }]);
        for (const r of read.rejects)
          addSkipped(entry.dataset, `malformed CSV line (${r.type})`, r.n);
        const fields = Object.keys(DATASETS[entry.dataset].fields).map(quoteIdent).join(", ");
        perDataset.set(entry.dataset, [...perDataset.get(entry.dataset) ?? [], { select: `SELECT ${fields}, ${i} AS "_src", "_row" FROM ${quoteIdent(table2)} WHERE "_skip" = 0`, file: source.file }]);
      }
      objects.push(...mine);
      if (source.format !== "parquet") {
        await db.exec(`DROP TABLE IF EXISTS ${quoteIdent(`${prefix}_raw_${i}`)}`);
      }
    }
    if (helpdesk) {
      const fileCount = sources.length;
      for (const dataset of SYNCED_DATASETS) {
        const sources2 = synced.filter((c) => c.dataset === dataset).map((c) => helpdesk.labels[c.source] ?? c.source);
        const select = `SELECT *, ${fileCount} AS "_src", 0 AS "_row" FROM (${helpdesk.store.select(dataset)})`;
        if (sources2.length > 0) {
          perDataset.set(dataset, [...perDataset.get(dataset) ?? [], { select, file: `synced from ${sources2.join(" and ")}` }]);
          provided.set(dataset, new Set(Object.keys(DATASETS[dataset].fields)));
        }
      }
      for (const s of await helpdesk.store.skipped())
        addSkipped(s.dataset, `${s.reason} (${helpdesk.labels[s.source] ?? s.source})`, s.count);
    }
    const relations = /* @__PURE__ */ new Map();
    const infos = [];
    for (const dataset of DATASET_IDS) {
      const parts = perDataset.get(dataset) ?? [];
      const broken = problems.get(dataset);
      if (parts.length === 0 && broken === void 0)
        continue;
      const lower = lowerCasedFields(dataset);
      const fields = Object.keys(DATASETS[dataset].fields).map((f) => lower.includes(f) ? `lower(${quoteIdent(f)}) AS ${quoteIdent(f)}` : quoteIdent(f)).join(", ");
      const union = parts.map((p) => p.select).join(" UNION ALL ");
      const key = uniqueKeyOf(dataset);
      let duplicates = 0;
      const cached = (sql) => synced.some((c) => c.dataset === dataset) ? db.query(sql) : cache.rows(cacheKey(definitions.get(dataset) ?? [], sql), () => db.query(sql));
      if (parts.length > 0 && key !== void 0) {
        const k = quoteIdent(key);
        try {
          duplicates = Number((await cached(`SELECT count(${k}) - count(DISTINCT ${k}) AS n FROM (${union})`))[0]?.n ?? 0);
        } catch {
        }
        addSkipped(dataset, DUPLICATE_ID, duplicates);
      }
      const sourceFiles = [.../* @__PURE__ */ new Set([...parts.map((p) => p.file), ...files.get(dataset) ?? []])];
      const isSample = marker !== void 0 && sourceFiles.every((f) => Object.hasOwn(marker.files, f));
      const info = {
        dataset,
        source: `${sourceFiles.join(", ")}${isSample ? ` \u2014 ${SAMPLE_SOURCE}` : ""}`,
        rows: 0,
        skipped: [...skipped.get(dataset) ?? /* @__PURE__ */ new Map()].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1)),
        firstAt: null,
        latestAt: null,
        ...broken ? { problems: broken } : {}
      };
      const missing = [...absent.get(dataset) ?? /* @__PURE__ */ new Map()].filter(([field]) => !provided.get(dataset)?.has(field));
      if (missing.length > 0)
        info.absent = missing.map(([field, fix]) => ({ field, fix }));
      if (parts.length > 0) {
        const view = `${prefix}_ds_${dataset}`;
        const last = duplicates > 0 ? ` QUALIFY row_number() OVER (PARTITION BY ${quoteIdent(key)} ORDER BY "_src" DESC, "_row" DESC) = 1` : "";
        await db.exec(`CREATE OR REPLACE VIEW ${quoteIdent(view)} AS SELECT ${fields} FROM (${union})${last}`);
        objects.push(`VIEW ${view}`);
        relations.set(dataset, { from: quoteIdent(view), column: (f) => quoteIdent(f) });
        const tf = quoteIdent(DATASETS[dataset].timeField);
        try {
          const summary = (await cached(`SELECT count(*) AS n, min(${tf}) AS first, max(${tf}) AS latest FROM ${quoteIdent(view)}`))[0];
          info.rows = Number(summary?.n ?? 0);
          info.firstAt = summary?.first instanceof Date ? summary.first : null;
          info.latestAt = summary?.latest instanceof Date ? summary.latest : null;
        } catch (e) {
          relations.delete(dataset);
          const names2 = parts.map((p) => p.file).join(", ");
          const message = problemOf({ file: names2, format: "parquet" }, e);
          info.problems = [...info.problems ?? [], message];
          addProblem(dataset, names2, message);
        }
      }
      infos.push(info);
    }
    await cache.save();
    return { signature, mapped, relations, infos, unused, objects, problems, loadedAt: loadedAt.getTime(), parsed, generation: gen };
  } catch (e) {
    await dropAll(db, objects);
    throw e;
  }
}
async function readSource(db, source, prefix, i, objects) {
  let size;
  try {
    size = (await stat2(source.path)).size;
  } catch (e) {
    throw new UserError("config", `${source.file} could not be read: ${e.message}`);
  }
  if (size === 0)
    throw new UserError("config", `${source.file} could not be read: the file is empty (0 bytes).`);
  const columns = await describeColumns(db, source);
  if (source.format === "parquet")
    return { columns, from: source.numbered ?? source.reader, row: '"_raw".file_row_number', rejects: [] };
  const raw = `${prefix}_raw_${i}`;
  const rej = `${prefix}_rej_${i}`;
  const scan = `${prefix}_scan_${i}`;
  const reader = source.csvRejects ? source.csvRejects(rej, scan) : source.reader;
  objects.push(`TABLE ${raw}`);
  const from = quoteIdent(raw);
  const rejects = await db.session(async (query) => {
    try {
      await query(`CREATE OR REPLACE TABLE ${quoteIdent(raw)} AS SELECT * FROM ${reader}`);
    } catch (e) {
      throw unreadable(source, e);
    }
    if (!source.csvRejects)
      return [];
    const found = (await query(`SELECT lower(t) AS type, count(*) AS n, min(line) AS example FROM (SELECT line, min(error_type) AS t FROM ${quoteIdent(rej)} GROUP BY line) GROUP BY 1 ORDER BY 2 DESC`)).map((r) => ({ type: String(r.type), n: Number(r.n), example: String(r.example) }));
    await query(`DROP TABLE IF EXISTS ${quoteIdent(rej)}`);
    await query(`DROP TABLE IF EXISTS ${quoteIdent(scan)}`);
    return found;
  });
  if (source.csvRejects) {
    const read = Number((await db.query(`SELECT count(*) AS n FROM ${from}`))[0]?.n ?? 0);
    const bad = rejects.reduce((a, r) => a + r.n, 0);
    if (read === 0 && bad > 0) {
      throw new UserError("config", `${source.file} could not be read as CSV: every line is malformed (${rejects[0].type}, e.g. line ${rejects[0].example}).`, `Check the delimiter, quoting and encoding; set them under ${MAPPING_FILE} files["${source.file}"].csv.`);
    }
  }
  return { columns, from, row: '"_raw".rowid', rejects };
}
function problemOf(source, e) {
  const u = unreadable(source, e);
  if (u instanceof UserError)
    return u.hint ? `${u.message} ${u.hint}` : u.message;
  return `${source.file} could not be read: ${firstLine(e)}`;
}
async function describeColumns(db, source) {
  let rows;
  try {
    rows = await db.query(`DESCRIBE SELECT * FROM ${source.reader}`);
  } catch (e) {
    throw unreadable(source, e);
  }
  return new Map(rows.map((r) => [String(r.column_name), String(r.column_type)]));
}
function unreadable(source, e) {
  if (e instanceof UserError)
    return e;
  return new UserError("config", `${source.file} could not be read as ${source.format === "csv" ? "CSV" : source.format === "json" ? "JSON" : "Parquet"}: ${readError(e)}`, source.format === "csv" ? `Check the file; its delimiter, quote and encoding can be set under ${MAPPING_FILE} files["${source.file}"].csv.` : "Check that the file is complete and in the format its extension says.");
}

export {
  openDuckDbConnector
};
