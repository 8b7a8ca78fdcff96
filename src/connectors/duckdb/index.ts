/**
 * The DuckDB connector, the embedded default: the team's CSV, Parquet and
 * JSON files in DATA_DIR, read by an in-process DuckDB. Every measure is one
 * SQL statement (sql/compile.ts) run by DuckDB; no row is pulled into
 * JavaScript to be counted.
 *
 * At start (and whenever the files change, checked at most every few seconds):
 * - an empty DATA_DIR gets the sample data as Parquet (sample.ts);
 * - mapping.json is read and checked (mapping.ts), each source planned
 *   (ingest.ts): files named in the mapping, and files named after a dataset;
 * - CSV and JSON files are read once into in-memory tables, parsed per the
 *   mapping (malformed CSV lines are recorded, not fatal); Parquet files are
 *   read in place through views, so filters reach the Parquet row groups;
 * - each dataset becomes a view of its sources' usable rows, and the rows
 *   skipped are counted per reason for `sources`.
 * A file that is missing, empty, unreadable or malformed (a CSV line over
 * the reader's 2,000,000-byte maximum), or lacks a column its dataset needs,
 * is a problem of the datasets it feeds alone: they answer with it
 * (DataProblemError: "tickets.csv could not be read: the file is empty"),
 * `sources` lists it, the log says it at start, and every other dataset keeps
 * answering. Only a broken mapping.json stops the bot at start.
 * Rows are checked against the rules (sql/rules.ts) with the engine's clock
 * at load as "now" — the folder is read again when it changes, and at least
 * every 12 hours so that "a day after now" moves on.
 *
 * @example
 * const c = await openDuckDbConnector({ dataDir: "./data", clock: systemClock });
 * await c.measure(query); // one SQL statement
 * await c.describe();     // datasets, rows used and skipped, coverage, freshness
 */
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Clock } from "../../clock.ts";
import { DataProblemError, SourceError, UserError } from "../../errors.ts";
import type { Logger } from "../../log.ts";
import type { Connector, DatasetInfo } from "../connector.ts";
import { DATASETS, DATASET_IDS, lowerCasedFields, type DatasetId } from "../../measures/datasets.ts";
import { DUPLICATE_ID, uniqueKeyOf } from "../duplicates.ts";
import { MAPPING_FILE, loadMapping, type Mapping } from "../../ingest/mapping.ts";
import { computeMeasures, computePeriods } from "../memory.ts";
import { SAMPLE_SOURCE } from "../../ingest/sample/source.ts";
import { compileMeasureQuery, compilePeriodsQuery, type Relation } from "../sql/compile.ts";
import { measurePeriods } from "../periods.ts";
import { DUCKDB } from "../sql/dialect.ts";
import { quoteIdent, sqlString } from "../sql/identifiers.ts";
import { latestPlausible } from "../sql/rules.ts";
import { HELPDESK_FILE, attachHelpdeskStore, type HelpdeskStore } from "../../ingest/helpdesk/store.ts";
import { SYNCED_DATASETS } from "../../ingest/helpdesk/types.ts";
import { openDuckDb, type DuckDb } from "./database.ts";
import { openLoadCache, type LoadCache } from "./loadCache.ts";
import { rollupPlan, Rollups, type RollupOptions } from "./rollup.ts";
import { DatasetSelect, planSources, type SourcePlan } from "./ingest.ts";
import { SAMPLE_MARKER, ensureSampleData, isDataFile, readSampleMarker, wouldWriteSample } from "./sample.ts";
import { PendingViews } from "./views.ts";

export interface DuckDbConnectorOptions {
  dataDir: string;
  /** "Now" for the sample data written on first start. */
  clock: Clock;
  /** Zone of local date-times without an offset in files, unless the mapping says otherwise (default UTC). */
  timeZone?: string;
  log?: Logger;
  /**
   * Write the sample data into an empty DATA_DIR (default true). "temporary":
   * never write into DATA_DIR — when it would need the sample (empty, or only
   * sample data ending at another instant, as with `npm run ask -- --now`),
   * the sample for the clock's "now" is written to a temporary folder, read
   * from there, and removed on close().
   */
  sample?: boolean | "temporary";
  /** Look for changed files at most this often, in ms (default 5000; 0 = on every call). */
  refreshMs?: number;
  /**
   * A help desk is configured: keep its synced copy (DATA_DIR/helpdesk.duckdb)
   * attached, creating it, and never mix the sample into it. The file is
   * also read, without this, when it exists (left by `npm run sync`).
   */
  helpdesk?: boolean;
  /** Names of help-desk sources by id, for `sources` ("zendesk" → "Zendesk (acme.zendesk.com)"). */
  sourceLabels?: Record<string, string>;
  /** Day rollups of large datasets (rollup.ts); `false`: always read the rows. */
  rollups?: RollupOptions | false;
}

export interface DuckDbConnector extends Connector {
  readonly dataDir: string;
  /** Reads DATA_DIR again now. */
  reload(): Promise<void>;
  /** Data files in DATA_DIR that feed no dataset (not named after one, not in the mapping). */
  unused(): string[];
  /** The synced copy of the help desks, when one is attached (the sync engine writes through it). */
  readonly helpdesk: HelpdeskStore | undefined;
  /** Resolves when no day rollup is being built (rollup.ts). */
  settled(): Promise<void>;
}

interface Loaded {
  signature: string;
  /** Files the mapping names (they may sit in sub-folders). */
  mapped: string[];
  relations: Map<DatasetId, Relation>;
  infos: DatasetInfo[];
  unused: string[];
  objects: string[];
  /** Files that could not be used, per dataset they feed. */
  problems: Map<DatasetId, string[]>;
  /** The engine's "now" when this was read: rows more than a day after it are skipped (rules.ts). */
  loadedAt: number;
  /** Which reading of the folder this is (dataVersion). */
  generation: number;
  /** Per dataset, the parsed tables of its files with the reason each `_skip` code stands for (skippedIn). */
  parsed: Map<DatasetId, Array<{ table: string; reasons: string[]; view: boolean; file: string }>>;
  /** Per parsed view (a Parquet file), its skipped rows' times and reasons, kept once asked for (skippedIn). */
  skips: Map<string, Promise<string>>;
  /** The views not made yet: a dataset's are made before the first statement that reads it (`ready`). */
  views: PendingViews;
}

/** The folder is read again after this long even without changes, so "a day after now" moves on. */
const RULES_TTL_MS = 12 * 3_600_000;

const SOURCE_LABEL = "files in DATA_DIR";

/** The attached help-desk copy, as load() reads it. */
interface Helpdesk {
  store: HelpdeskStore;
  /** A help desk is configured (not just a file left behind). */
  configured: boolean;
  labels: Record<string, string>;
}

export async function openDuckDbConnector(opts: DuckDbConnectorOptions): Promise<DuckDbConnector> {
  let dataDir = resolve(opts.dataDir);
  const log = opts.log;
  const refreshMs = opts.refreshMs ?? 5000;
  let temporary: string | undefined;
  if (opts.sample === "temporary" && !opts.helpdesk && !existsSync(join(dataDir, HELPDESK_FILE)) && (await wouldWriteSample(dataDir, opts.clock.now()))) {
    temporary = await mkdtemp(join(tmpdir(), "cs-metrics-sample-"));
    dataDir = temporary;
  }
  const removeTemporary = async () => {
    if (temporary !== undefined) await rm(temporary, { recursive: true, force: true });
  };
  try {
    if (opts.sample !== false && !opts.helpdesk) await ensureSampleData(dataDir, opts.clock.now(), log);
  } catch (e) {
    await removeTemporary();
    throw e;
  }
  const db = await openDuckDb();
  const rollups = new Rollups(db, { ...(opts.rollups === false ? { minRows: Infinity } : opts.rollups), ...(log ? { log } : {}) });
  let helpdesk: Helpdesk | undefined;
  let generation = 0;
  let retired: string[] = [];
  let state: Loaded;
  try {
    const file = join(dataDir, HELPDESK_FILE);
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
  let reloading: Promise<void> | null = null;

  const reload = async (): Promise<void> => {
    reloading ??= (async () => {
      try {
        const next = await load(db, dataDir, opts.timeZone ?? "UTC", ++generation, opts.clock.now(), log, helpdesk);
        const old = state.objects;
        state = next;
        // The generation before the previous one is surely no longer read by a query.
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

  const refresh = async (): Promise<void> => {
    if (reloading) return reloading;
    if (Date.now() - checkedAt < refreshMs) return;
    checkedAt = Date.now();
    let signature: string;
    try {
      signature = await signatureOf(dataDir, state.mapped);
    } catch (e) {
      throw new SourceError(`Cannot list ${dataDir}: ${(e as Error).message}`, SOURCE_LABEL, { cause: e });
    }
    if (signature !== state.signature || Math.abs(opts.clock.now().getTime() - state.loadedAt) > RULES_TTL_MS) await reload();
  };

  /**
   * Makes the views of `dataset` a question is about to read, if not made yet (views.ts). One that
   * cannot be made (its file changed under the same size and time) fails its dataset alone, as at load.
   */
  const ready = async (loaded: Loaded, dataset: DatasetId): Promise<void> => {
    try {
      await loaded.views.create(dataset);
    } catch (e) {
      const files = (loaded.parsed.get(dataset) ?? []).map((t) => t.file).join(", ");
      const message = problemOf({ file: files || dataset, format: "parquet" }, e);
      if (!loaded.problems.has(dataset)) {
        loaded.problems.set(dataset, [message]);
        const info = loaded.infos.find((i) => i.dataset === dataset);
        if (info) info.problems = [...(info.problems ?? []), message];
        log?.warn(message, { dataset, hint: "the other datasets keep answering; fix or replace the file (it is read again when it changes)" });
      }
      throw new DataProblemError(loaded.problems.get(dataset)!, SOURCE_LABEL);
    }
  };

  const run = async (compiled: { text: string; values: unknown[] }): Promise<Array<Record<string, unknown>>> => {
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
      if (problems !== undefined) throw new DataProblemError(problems, SOURCE_LABEL);
      const relation = state.relations.get(query.dataset);
      // A dataset with no file has no rows: the reference semantics over nothing.
      if (relation === undefined) return computeMeasures([], query);
      await ready(state, query.dataset);
      const compiled = compileMeasureQuery(query, relation, DUCKDB);
      return compiled.decode(await run(compiled));
    },
    async measurePeriods(query) {
      await refresh();
      const problems = state.problems.get(query.dataset);
      if (problems !== undefined) throw new DataProblemError(problems, SOURCE_LABEL);
      const relation = state.relations.get(query.dataset);
      if (relation === undefined) return computePeriods([], query);
      await ready(state, query.dataset);
      return measurePeriods(query, {
        bucketed: async (q, timeField) => {
          // Whole days of a large dataset: from its day rollup when there is one (rollup.ts).
          // A rollup first built now waits for this question to have read the rows.
          let answered!: () => void;
          const done = new Promise<void>((resolve) => (answered = resolve));
          try {
            const plan = rollupPlan(q, timeField);
            const info = plan && state.infos.find((i) => i.dataset === q.dataset);
            const target = plan && info ? { dataset: q.dataset, generation: state.generation, rows: info.rows, firstAt: info.firstAt, latestAt: info.latestAt } : null;
            const rolled = target ? await rollups.relation({ ...target, relation, columns: plan!.columns, zone: q.timeZone }, done) : null;
            const compiled = rolled ? compilePeriodsQuery({ ...q, ranges: plan!.ranges }, timeField, rolled, DUCKDB) : compilePeriodsQuery(q, timeField, relation, DUCKDB);
            return compiled.decode(await run(compiled));
          } finally {
            answered();
          }
        },
        single: async (q) => {
          const compiled = compileMeasureQuery(q, relation, DUCKDB);
          return compiled.decode(await run(compiled));
        },
      });
    },
    async dataVersion() {
      // The files are looked at now (not every few seconds, as for answers): a changed file is read again
      // before the version is given, so a figure is never kept under the version of data it was not computed from.
      let signature: string;
      try {
        signature = await signatureOf(dataDir, state.mapped);
      } catch (e) {
        throw new SourceError(`Cannot list ${dataDir}: ${(e as Error).message}`, SOURCE_LABEL, { cause: e });
      }
      if (signature !== state.signature) await reload();
      else await refresh();
      // A new reading of the folder (changed files, a help-desk sync run, the rules' "now" moving on) is a new generation.
      return `duckdb:${state.generation}`;
    },
    async skippedIn(dataset, range) {
      await refresh();
      const loaded = state;
      const tables = loaded.parsed.get(dataset) ?? [];
      if (tables.length === 0) return { reasons: [], undated: 0 };
      await ready(loaded, dataset);
      const tf = quoteIdent(DATASETS[dataset].timeField);
      // A Parquet file is read through its view, its rules applied to every row: its skipped rows
      // (usually few) are kept in a table the first time they are asked for, not read again per answer.
      const skipped = (t: { table: string; view: boolean }): Promise<string> => {
        if (!t.view) return Promise.resolve(quoteIdent(t.table));
        let table = loaded.skips.get(t.table);
        if (table === undefined) {
          const name = `${t.table}_skips`;
          table = db.exec(`CREATE OR REPLACE TABLE ${quoteIdent(name)} AS SELECT ${tf}, "_skip" FROM ${quoteIdent(t.table)} WHERE "_skip" <> 0`).then(() => {
            loaded.objects.push(`TABLE ${name}`);
            return quoteIdent(name);
          });
          table.catch(() => loaded.skips.delete(t.table));
          loaded.skips.set(t.table, table);
        }
        return table;
      };
      let sources: string[];
      try {
        sources = await Promise.all(tables.map(skipped));
      } catch (e) {
        throw asSourceError(e);
      }
      const [start, end] = [range.start, range.end].map((d) => `CAST(${sqlString(d.toISOString())} AS TIMESTAMPTZ)`);
      const sql = sources
        .map(
          (source, i) =>
            `SELECT ${i} AS t, "_skip" AS k, count(*) FILTER (WHERE ${tf} >= ${start} AND ${tf} < ${end}) AS inside, count(*) FILTER (WHERE ${tf} IS NULL) AS undated ` +
            `FROM ${source} WHERE "_skip" <> 0 GROUP BY 1, 2`,
        )
        .join(" UNION ALL ");
      let rows: Array<Record<string, unknown>>;
      try {
        rows = await db.query(sql);
      } catch (e) {
        throw asSourceError(e);
      }
      const counts = new Map<string, number>();
      let undated = 0;
      for (const r of rows) {
        const reason = tables[Number(r.t)]!.reasons[Number(r.k) - 1] ?? "unknown";
        if (Number(r.inside) > 0) counts.set(reason, (counts.get(reason) ?? 0) + Number(r.inside));
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
        ...(i.problems ? { problems: [...i.problems] } : {}),
        ...(i.absent ? { absent: i.absent.map((a) => ({ ...a })) } : {}),
      }));
    },
    settled: () => rollups.settled(),
    async close() {
      await rollups.settled();
      await db.close();
      await removeTemporary();
    },
  };
}

/** An I/O failure while answering (a file removed or unreadable since start) is the source being unavailable. */
function asSourceError(e: unknown): unknown {
  const message = e instanceof Error ? e.message : String(e);
  if (/^(IO|Invalid Input) Error/i.test(message)) return new SourceError(message.split("\n")[0]!, SOURCE_LABEL, { cause: e });
  return e;
}

async function dropAll(db: DuckDb, objects: readonly string[]): Promise<void> {
  for (const o of [...objects].reverse()) {
    const [kind, name] = o.split(" ") as [string, string];
    await db.exec(`DROP ${kind} IF EXISTS ${quoteIdent(name)}`).catch(() => undefined);
  }
}

/** Names, sizes and modification times of everything the connector reads (`extra`: mapped files in sub-folders). */
async function signatureOf(dataDir: string, extra: readonly string[] = []): Promise<string> {
  const parts: string[] = [];
  let names: string[] = [];
  try {
    names = await readdir(dataDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  for (const name of [...new Set([...names, ...extra])].sort()) {
    if (!(isDataFile(name) || name === MAPPING_FILE || name === SAMPLE_MARKER || extra.includes(name))) continue;
    try {
      const s = await stat(join(dataDir, name));
      parts.push(`${name}:${s.size}:${s.mtimeMs}`);
    } catch {
      // removed meanwhile
    }
  }
  return parts.join("|");
}

/** DuckDB's reading error, in a line: the line-size limit and a failed sniff said plainly. */
function readError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const size = /Maximum line size of (\d+) bytes exceeded/.exec(message);
  if (size) return `a line is longer than ${Number(size[1]).toLocaleString("en-US")} bytes, the most the CSV reader takes in one line.`;
  if (/Error when sniffing file/.test(message)) {
    return "its delimiter and quoting could not be detected (a line may be longer than the CSV reader's 2,000,000-byte maximum, or the file is not CSV).";
  }
  return firstLine(e);
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0]!.replace(/^[A-Za-z ]+ Error: /, "");
}

async function load(db: DuckDb, dataDir: string, timeZone: string, gen: number, now: Date, log?: Logger, helpdesk?: Helpdesk): Promise<Loaded> {
  let names: string[];
  try {
    names = await readdir(dataDir);
  } catch (e) {
    throw new UserError("config", `Cannot read DATA_DIR ${dataDir}: ${(e as Error).message}`, "Set DATA_DIR to a folder the bot can read.");
  }
  const mapping: Mapping | undefined = await loadMapping(dataDir);
  // Files the mapping names may sit in sub-folders.
  for (const file of Object.keys(mapping?.files ?? {})) {
    if (names.includes(file)) continue;
    try {
      if ((await stat(join(dataDir, file))).isFile()) names.push(file);
    } catch {
      // reported as missing by planSources
    }
  }
  const mapped = Object.keys(mapping?.files ?? {});
  const signature = await signatureOf(dataDir, mapped);
  const marker = await readSampleMarker(dataDir);
  const synced = helpdesk ? await helpdesk.store.counts() : [];
  if (marker !== undefined) {
    // Once the team's own data is here, the fictional sample is not mixed into it.
    const own = names.filter((n) => (isDataFile(n) || mapped.includes(n)) && !Object.hasOwn(marker.files, n));
    if (own.length > 0 || mapping !== undefined || synced.length > 0 || helpdesk?.configured) {
      names = names.filter((n) => !Object.hasOwn(marker.files, n) || mapped.includes(n));
      log?.warn("sample data files ignored: DATA_DIR now holds the team's own data", { files: Object.keys(marker.files), hint: `delete them and ${SAMPLE_MARKER}` });
    }
  }
  const { sources, unused, problems: planned } = planSources(dataDir, names, mapping, timeZone);
  if (unused.length > 0) log?.warn("files in DATA_DIR that feed no dataset", { files: unused, hint: `name a file after a dataset (tickets.csv) or map it in ${MAPPING_FILE}` });

  const objects: string[] = [];
  const perDataset = new Map<DatasetId, Array<{ select: string; file: string }>>();
  const skipped = new Map<DatasetId, Map<string, number>>();
  // Files that could not be used, per dataset they feed: those datasets answer with the problem, the others as usual.
  const problems = new Map<DatasetId, string[]>();
  const files = new Map<DatasetId, string[]>();
  const addProblem = (dataset: DatasetId, file: string, message: string) => {
    problems.set(dataset, [...(problems.get(dataset) ?? []), message]);
    files.set(dataset, [...(files.get(dataset) ?? []), file]);
    log?.warn(message, { dataset, hint: "the other datasets keep answering; fix or replace the file (it is read again when it changes)" });
  };
  for (const p of planned) for (const d of p.datasets) addProblem(d, p.file, p.message);
  const addSkipped = (dataset: DatasetId, reason: string, n: number) => {
    if (n <= 0) return;
    const m = skipped.get(dataset) ?? new Map<string, number>();
    m.set(reason, (m.get(reason) ?? 0) + n);
    skipped.set(dataset, m);
  };
  // Fields no source of a dataset provides (not mapped, no column of that name), with how to provide them.
  const parsed = new Map<DatasetId, Array<{ table: string; reasons: string[]; view: boolean; file: string }>>();
  const provided = new Map<DatasetId, Set<string>>();
  const absent = new Map<DatasetId, Map<string, string>>();
  const noteAbsent = (entry: SourcePlan["datasets"][number], columns: ReadonlyMap<string, string>, file: string) => {
    const mine = provided.get(entry.dataset) ?? new Set<string>();
    provided.set(entry.dataset, mine);
    const missing = absent.get(entry.dataset) ?? new Map<string, string>();
    absent.set(entry.dataset, missing);
    const fields = entry.mapping?.fields ?? {};
    const score = fields.score;
    const scaled = typeof score === "object" && score.scale !== undefined;
    for (const field of Object.keys(DATASETS[entry.dataset].fields)) {
      if (fields[field] !== undefined || columns.has(field) || (scaled && (field === "scale_min" || field === "scale_max"))) {
        mine.add(field);
        continue;
      }
      const fix = entry.key !== null
        ? `\`${field}\` is not mapped, and ${file} has no column of that name: map it in ${MAPPING_FILE} under ${entry.key}.fields, e.g. "${field}": "<the column of ${file} that holds it>" (docs/data.md lists every field and format).`
        : `${file} has no column \`${field}\`: add one, or map another column to it in ${MAPPING_FILE} (files["${file}"].datasets.${entry.dataset}.fields; docs/data.md shows how).`;
      if (!missing.has(field)) missing.set(field, fix);
    }
  };
  const prefix = `g${gen}`;
  // What an earlier load of this very folder counted (skipped rows, duplicates, spans), under that load's "now".
  const cache = await openLoadCache(dataDir, `${signature}|${timeZone}|${helpdesk ? "helpdesk" : ""}`, now, RULES_TTL_MS);
  const loadedAt = cache.loadedAt;
  const ruleOptions = { latest: latestPlausible(loadedAt) };
  // A statement as the cache knows it: without this load's generation prefix, with the definitions it reads.
  const cacheKey = (definitions: readonly string[], sql: string) => [...definitions, sql].join("\n;\n").replaceAll(`${prefix}_`, "g_");
  const definitions = new Map<DatasetId, string[]>();
  // An earlier load of this folder counted everything `sources` reports: views are made when a question reads their dataset (views.ts).
  const views = new PendingViews(db);
  const lazy = cache.warm;
  const view = async (dataset: DatasetId, name: string, sql: string) => {
    if (lazy) views.define(dataset, name, sql);
    else await db.exec(`CREATE OR REPLACE VIEW ${quoteIdent(name)} AS ${sql}`);
  };
  // What a statement the cache did not answer reads must exist first.
  const query = (dataset: DatasetId, sql: string) => views.create(dataset).then(() => db.query(sql));

  try {
    for (const [i, source] of sources.entries()) {
      // One file's tables and views: dropped again when the file cannot be used.
      const mine: string[] = [];
      let read: Awaited<ReturnType<typeof readSource>>;
      try {
        read = await readSource(db, source, prefix, i, mine, cache);
      } catch (e) {
        await dropAll(db, mine);
        for (const entry of source.datasets) addProblem(entry.dataset, source.file, problemOf(source, e));
        continue;
      }
      for (const entry of source.datasets) {
        const table = `${prefix}_src_${i}_${entry.dataset}`;
        const kind = source.format === "parquet" ? "VIEW" : "TABLE";
        let select: ReturnType<DatasetSelect["build"]>;
        let counts: Array<Record<string, unknown>>;
        try {
          const builder = new DatasetSelect(source, entry.dataset, entry.mapping, entry.key, read.columns, ruleOptions);
          select = builder.build(read.from, read.row);
          if (kind === "VIEW") await view(entry.dataset, table, select.sql);
          else await db.exec(`CREATE OR REPLACE TABLE ${quoteIdent(table)} AS ${select.sql}`);
          mine.push(`${kind} ${table}`);
          const countSql = `SELECT "_skip" AS k, count(*) AS n FROM ${quoteIdent(table)} WHERE "_skip" <> 0 GROUP BY 1`;
          counts = await cache.rows(cacheKey([select.sql], countSql), () => query(entry.dataset, countSql));
          definitions.set(entry.dataset, [...(definitions.get(entry.dataset) ?? []), select.sql]);
          if (kind === "VIEW") {
            // Every query reads a Parquet file through its view: check only the reasons some row of it has
            // (the file is read again when it changes), so a rule no row breaks costs nothing — "missing id"
            // would otherwise read and trim every id on every question. The rows used are the same.
            const keep = new Set(counts.map((r) => Number(r.k)));
            await view(entry.dataset, table, builder.build(read.from, read.row, keep).sql);
          }
        } catch (e) {
          addProblem(entry.dataset, source.file, problemOf(source, e));
          continue;
        }
        for (const r of counts) addSkipped(entry.dataset, select.reasons[Number(r.k) - 1] ?? "unknown", Number(r.n));
        noteAbsent(entry, read.columns, source.file);
        parsed.set(entry.dataset, [...(parsed.get(entry.dataset) ?? []), { table, reasons: select.reasons, view: kind === "VIEW", file: source.file }]);
        for (const r of read.rejects) addSkipped(entry.dataset, `malformed CSV line (${r.type})`, r.n);
        const fields = Object.keys(DATASETS[entry.dataset].fields).map(quoteIdent).join(", ");
        perDataset.set(entry.dataset, [...(perDataset.get(entry.dataset) ?? []), { select: `SELECT ${fields}, ${i} AS "_src", "_row" FROM ${quoteIdent(table)} WHERE "_skip" = 0`, file: source.file }]);
      }
      objects.push(...mine);
      if (source.format !== "parquet") {
        await db.exec(`DROP TABLE IF EXISTS ${quoteIdent(`${prefix}_raw_${i}`)}`);
      }
    }

    // Help-desk copies (sync/): one more part of each dataset they feed, its skips reported with the source's.
    if (helpdesk) {
      const fileCount = sources.length;
      for (const dataset of SYNCED_DATASETS) {
        const sources = synced.filter((c) => c.dataset === dataset).map((c) => helpdesk.labels[c.source] ?? c.source);
        // After every file (their "_src" is their index), with ids of its own.
        const select = `SELECT *, ${fileCount} AS "_src", 0 AS "_row" FROM (${helpdesk.store.select(dataset)})`;
        if (sources.length > 0) {
          perDataset.set(dataset, [...(perDataset.get(dataset) ?? []), { select, file: `synced from ${sources.join(" and ")}` }]);
          provided.set(dataset, new Set(Object.keys(DATASETS[dataset].fields)));
        }
      }
      for (const s of await helpdesk.store.skipped()) addSkipped(s.dataset, `${s.reason} (${helpdesk.labels[s.source] ?? s.source})`, s.count);
    }

    const relations = new Map<DatasetId, Relation>();
    const infos: DatasetInfo[] = [];
    for (const dataset of DATASET_IDS) {
      const parts = perDataset.get(dataset) ?? [];
      const broken = problems.get(dataset);
      if (parts.length === 0 && broken === undefined) continue;
      // The dataset's fields, ids (channels …) lower-cased at ingestion so filters and breakdowns agree with every other engine.
      const lower = lowerCasedFields(dataset);
      const fields = Object.keys(DATASETS[dataset].fields).map((f) => (lower.includes(f) ? `lower(${quoteIdent(f)}) AS ${quoteIdent(f)}` : quoteIdent(f))).join(", ");
      const union = parts.map((p) => p.select).join(" UNION ALL ");
      // Rows replaced by a later row with the same id (duplicates.ts): counted, and only then the view keeps the last.
      const key = uniqueKeyOf(dataset);
      let duplicates = 0;
      // A help desk's copy changes without any file changing: its datasets are counted afresh.
      const cached = (sql: string) =>
        synced.some((c) => c.dataset === dataset) ? query(dataset, sql) : cache.rows(cacheKey(definitions.get(dataset) ?? [], sql), () => query(dataset, sql));
      if (parts.length > 0 && key !== undefined) {
        const k = quoteIdent(key);
        try {
          duplicates = Number((await cached(`SELECT count(${k}) - count(DISTINCT ${k}) AS n FROM (${union})`))[0]?.n ?? 0);
        } catch {
          // A broken Parquet file: reported below, when the dataset's rows are counted.
        }
        addSkipped(dataset, DUPLICATE_ID, duplicates);
      }
      const sourceFiles = [...new Set([...parts.map((p) => p.file), ...(files.get(dataset) ?? [])])];
      const isSample = marker !== undefined && sourceFiles.every((f) => Object.hasOwn(marker.files, f));
      const info: DatasetInfo = {
        dataset,
        source: `${sourceFiles.join(", ")}${isSample ? ` — ${SAMPLE_SOURCE}` : ""}`,
        rows: 0,
        skipped: [...(skipped.get(dataset) ?? new Map<string, number>())]
          .map(([reason, count]) => ({ reason, count }))
          .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1)),
        firstAt: null,
        latestAt: null,
        ...(broken ? { problems: broken } : {}),
      };
      const missing = [...(absent.get(dataset) ?? new Map<string, string>())].filter(([field]) => !provided.get(dataset)?.has(field));
      if (missing.length > 0) info.absent = missing.map(([field, fix]) => ({ field, fix }));
      if (parts.length > 0) {
        const name = `${prefix}_ds_${dataset}`;
        const last = duplicates > 0 ? ` QUALIFY row_number() OVER (PARTITION BY ${quoteIdent(key!)} ORDER BY "_src" DESC, "_row" DESC) = 1` : "";
        await view(dataset, name, `SELECT ${fields} FROM (${union})${last}`);
        objects.push(`VIEW ${name}`);
        relations.set(dataset, { from: quoteIdent(name), column: (f) => quoteIdent(f) });
        const tf = quoteIdent(DATASETS[dataset].timeField);
        try {
          const summary = (await cached(`SELECT count(*) AS n, min(${tf}) AS first, max(${tf}) AS latest FROM ${quoteIdent(name)}`))[0];
          info.rows = Number(summary?.n ?? 0);
          info.firstAt = summary?.first instanceof Date ? summary.first : null;
          info.latestAt = summary?.latest instanceof Date ? summary.latest : null;
        } catch (e) {
          // A Parquet file is read only here (through its view): a broken one fails its dataset alone.
          relations.delete(dataset);
          const names = parts.map((p) => p.file).join(", ");
          const message = problemOf({ file: names, format: "parquet" }, e);
          info.problems = [...(info.problems ?? []), message];
          addProblem(dataset, names, message);
        }
      }
      infos.push(info);
    }
    await cache.save();
    return { signature, mapped, relations, infos, unused, objects, problems, loadedAt: loadedAt.getTime(), parsed, skips: new Map(), generation: gen, views };
  } catch (e) {
    await dropAll(db, objects);
    throw e;
  }
}

/**
 * Reads one file: CSV and JSON once into a table (malformed CSV lines set
 * aside and counted), Parquet in place. Its columns, where its rows are, and
 * the rejected lines. Throws when the file cannot be used at all.
 */
async function readSource(
  db: DuckDb,
  source: SourcePlan,
  prefix: string,
  i: number,
  objects: string[],
  cache: LoadCache,
): Promise<{ columns: Map<string, string>; from: string; row: string; rejects: Array<{ type: string; n: number; example: string }> }> {
  let size: number;
  try {
    size = (await stat(source.path)).size;
  } catch (e) {
    throw new UserError("config", `${source.file} could not be read: ${(e as Error).message}`);
  }
  if (size === 0) throw new UserError("config", `${source.file} could not be read: the file is empty (0 bytes).`);
  const columns = await describeColumns(db, source, cache);
  if (source.format === "parquet") return { columns, from: source.numbered ?? source.reader, row: '"_raw".file_row_number', rejects: [] };
  // Read the file once; every dataset it feeds is parsed from this table.
  const raw = `${prefix}_raw_${i}`;
  const rej = `${prefix}_rej_${i}`;
  const scan = `${prefix}_scan_${i}`;
  const reader = source.csvRejects ? source.csvRejects(rej, scan) : source.reader;
  objects.push(`TABLE ${raw}`);
  const from = quoteIdent(raw);
  // The rejects tables are temporary, so on the connection that read the file.
  const rejects = await db.session(async (query) => {
    try {
      await query(`CREATE OR REPLACE TABLE ${quoteIdent(raw)} AS SELECT * FROM ${reader}`);
    } catch (e) {
      throw unreadable(source, e);
    }
    if (!source.csvRejects) return [];
    const found = (
      await query(
        `SELECT lower(t) AS type, count(*) AS n, min(line) AS example FROM (SELECT line, min(error_type) AS t FROM ${quoteIdent(rej)} GROUP BY line) GROUP BY 1 ORDER BY 2 DESC`,
      )
    ).map((r) => ({ type: String(r.type), n: Number(r.n), example: String(r.example) }));
    await query(`DROP TABLE IF EXISTS ${quoteIdent(rej)}`);
    await query(`DROP TABLE IF EXISTS ${quoteIdent(scan)}`);
    return found;
  });
  if (source.csvRejects) {
    const read = Number((await db.query(`SELECT count(*) AS n FROM ${from}`))[0]?.n ?? 0);
    const bad = rejects.reduce((a, r) => a + r.n, 0);
    if (read === 0 && bad > 0) {
      throw new UserError(
        "config",
        `${source.file} could not be read as CSV: every line is malformed (${rejects[0]!.type}, e.g. line ${rejects[0]!.example}).`,
        `Check the delimiter, quoting and encoding; set them under ${MAPPING_FILE} files["${source.file}"].csv.`,
      );
    }
  }
  return { columns, from, row: '"_raw".rowid', rejects };
}

/** What is wrong with a file, for `sources`, answers and the log: one line naming the file. */
function problemOf(source: Pick<SourcePlan, "file" | "format">, e: unknown): string {
  const u = unreadable(source, e);
  if (u instanceof UserError) return u.hint ? `${u.message} ${u.hint}` : u.message;
  return `${source.file} could not be read: ${firstLine(e)}`;
}

/** The file's columns and types, or a config error naming the file. */
/** The file's columns and their types; kept with what reading the folder counted (the same file has the same columns). */
async function describeColumns(db: DuckDb, source: SourcePlan, cache: LoadCache): Promise<Map<string, string>> {
  let rows: Array<Record<string, unknown>>;
  try {
    const sql = `DESCRIBE SELECT * FROM ${source.reader}`;
    rows = await cache.rows(sql, () => db.query(sql));
  } catch (e) {
    throw unreadable(source, e);
  }
  return new Map(rows.map((r) => [String(r.column_name), String(r.column_type)]));
}

function unreadable(source: Pick<SourcePlan, "file" | "format">, e: unknown): unknown {
  if (e instanceof UserError) return e;
  return new UserError(
    "config",
    `${source.file} could not be read as ${source.format === "csv" ? "CSV" : source.format === "json" ? "JSON" : "Parquet"}: ${readError(e)}`,
    source.format === "csv"
      ? `Check the file; its delimiter, quote and encoding can be set under ${MAPPING_FILE} files["${source.file}"].csv.`
      : "Check that the file is complete and in the format its extension says.",
  );
}
