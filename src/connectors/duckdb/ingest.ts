/**
 * From files and the mapping to DuckDB SQL: which file feeds which dataset,
 * and the SELECT that turns a file's columns into the dataset's fields, with
 * a reason for every row it cannot use.
 *
 * Each (file, dataset) pair becomes
 *
 *   SELECT <fields>, CASE WHEN <check 1> THEN 1 … ELSE 0 END AS "_skip"
 *   FROM (SELECT <parsed values>, <checks> FROM <the file's rows> [WHERE <when>])
 *
 * where a check is TRUE when a present value cannot be parsed (a bad date, a
 * duration that is not h:mm:ss, a value missing from a value map), is out of
 * range (a score outside its scale), or breaks a dataset rule (rules.ts). The
 * first failing check is the row's reason; rows with `_skip` 0 are used.
 *
 * All of it is SQL run by DuckDB: no row passes through JavaScript.
 * Literals (a date pattern, a value map, a time zone) come from the mapping
 * file, not from people asking questions; they are escaped (sqlString), as
 * views over files cannot take parameters.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { UserError } from "../../errors.ts";
import { DATASETS, DATASET_IDS, type DatasetId, type FieldSpec } from "../../measures/datasets.ts";
import {
  EPOCH_FORMATS,
  MAPPING_FILE,
  SURVEY_KINDS,
  hasOffset,
  keyPath,
  toStrptime,
  type DatasetMapping,
  type Duration,
  type FieldMapping,
  type FieldObject,
  type Mapping,
  type MappingCondition,
} from "../../ingest/mapping.ts";
import { quoteColumn, quoteIdent, sqlNumber, sqlString } from "../sql/identifiers.ts";
import { rowRules, type RuleOptions } from "../sql/rules.ts";
import { isDataFile } from "./sample.ts";

export type FileFormat = "csv" | "parquet" | "json";

/** One file and the datasets it feeds. */
export interface SourcePlan {
  /** The name as in DATA_DIR (and in mapping.json). */
  file: string;
  path: string;
  format: FileFormat;
  /** The DuckDB table function call that reads it (malformed CSV lines left out). */
  reader: string;
  /** Parquet, read in place: the reader with each row's place in the file (`file_row_number`). */
  numbered?: string;
  /** Extra read_csv options that record malformed lines instead of failing. */
  csvRejects?: (table: string, scan: string) => string;
  timeZone: string;
  datasets: Array<{ dataset: DatasetId; mapping: DatasetMapping | null; key: string | null }>;
}

type CsvOptions = NonNullable<Mapping["files"][string]["csv"]>;

/**
 * How a file is read, from its declared format or its extension: `.tsv` and
 * `"format": "tsv"` are CSV with tabs; a `.txt` is CSV whose first line
 * (after `csv.skip` lines) says the delimiter: a tab makes it TSV, otherwise
 * DuckDB detects it.
 */
function formatOf(file: string, path: string, declared?: FileFormat | "tsv", csv: CsvOptions = {}): { format: FileFormat; delimiter?: string } | undefined {
  const ext = extname(file).toLowerCase();
  const format = declared ?? (ext === ".csv" || ext === ".txt" ? "csv" : ext === ".tsv" ? "tsv" : ext === ".parquet" ? "parquet" : [".json", ".jsonl", ".ndjson"].includes(ext) ? "json" : undefined);
  if (format === undefined) return undefined;
  if (format !== "tsv" && format !== "csv") return { format };
  const tabs = format === "tsv" || ext === ".tsv" || (ext === ".txt" && headLine(path, csv.skip ?? 0).includes("\t"));
  return tabs ? { format: "csv", delimiter: "\t" } : { format: "csv" };
}

/** The first line of a text file after `skip` lines (from its first 64 KB); "" when it cannot be read. */
function headLine(path: string, skip: number): string {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const buf = Buffer.alloc(65536);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString("utf8").replace(/^\uFEFF/, "").split(/\r?\n/)[skip] ?? "";
  } catch {
    return "";
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function readerOf(path: string, file: string, format: FileFormat, csv: CsvOptions = {}, sniffed?: string): Pick<SourcePlan, "reader" | "csvRejects" | "numbered"> {
  if (format === "parquet") return { reader: `read_parquet(${sqlString(path)})`, numbered: `read_parquet(${sqlString(path)}, file_row_number = true)` };
  if (format === "json") {
    const lines = /\.(jsonl|ndjson)$/i.test(file);
    return { reader: `read_json(${sqlString(path)}${lines ? ", format = 'newline_delimited'" : ""})` };
  }
  const options = [`header = ${csv.header === false ? "false" : "true"}`, "all_varchar = true"];
  const delimiter = csv.delimiter ?? sniffed;
  if (delimiter !== undefined) options.push(`delim = ${sqlString(delimiter)}`);
  if (csv.quote !== undefined) options.push(`quote = ${sqlString(csv.quote)}`);
  if (csv.skip !== undefined) options.push(`skip = ${sqlNumber(csv.skip)}`);
  if (csv.encoding !== undefined) options.push(`encoding = ${sqlString(csv.encoding)}`);
  // Malformed lines are set aside (and counted, see csvRejects), not fatal.
  const base = `read_csv(${sqlString(path)}, ${options.join(", ")}, ignore_errors = true`;
  return {
    reader: `${base})`,
    csvRejects: (table, scan) => `${base}, store_rejects = true, rejects_table = ${sqlString(table)}, rejects_scan = ${sqlString(scan)})`,
  };
}

/** A file that cannot feed its datasets, and why (the other files still do). */
export interface SourceProblem {
  file: string;
  datasets: DatasetId[];
  /** Names the file: "mapping.json: files["a.csv"]: the file a.csv is not in /srv/data." */
  message: string;
}

/**
 * The sources in DATA_DIR: files named in the mapping, and files named after
 * a dataset (tickets.csv, surveys.parquet …) used as they are. A mapped file
 * that is missing, or whose format cannot be told, is a problem of the
 * datasets it feeds, not of the others.
 */
export function planSources(
  dataDir: string,
  names: readonly string[],
  mapping: Mapping | undefined,
  defaultTimeZone: string,
): { sources: SourcePlan[]; unused: string[]; problems: SourceProblem[] } {
  const sources: SourcePlan[] = [];
  const problems: SourceProblem[] = [];
  const mapped = new Set<string>();
  for (const [file, fm] of Object.entries(mapping?.files ?? {})) {
    const key = keyPath(["files", file]);
    const datasets = Object.keys(fm.datasets) as DatasetId[];
    mapped.add(file);
    if (!names.includes(file)) {
      problems.push({
        file,
        datasets,
        message: `${MAPPING_FILE}: ${key}: the file ${file} is not in ${dataDir}. Put it in DATA_DIR or fix its name in ${MAPPING_FILE}; names are case-sensitive.`,
      });
      continue;
    }
    const path = join(dataDir, file);
    const read = formatOf(file, path, fm.format, fm.csv);
    if (read === undefined) {
      problems.push({
        file,
        datasets,
        message: `${MAPPING_FILE}: ${key}: cannot tell the format of ${file} from its extension. Add "format": "csv", "tsv" (tab-separated), "parquet" or "json".`,
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
      datasets: (Object.entries(fm.datasets) as Array<[DatasetId, DatasetMapping]>).map(([dataset, m]) => ({
        dataset,
        mapping: m,
        key: keyPath(["files", file, "datasets", dataset]),
      })),
    });
  }
  const unused: string[] = [];
  for (const file of [...names].sort()) {
    if (mapped.has(file) || !isDataFile(file)) continue;
    const stem = basename(file, extname(file));
    const dataset = (DATASET_IDS as readonly string[]).includes(stem) ? (stem as DatasetId) : undefined;
    const path = join(dataDir, file);
    const read = formatOf(file, path);
    if (dataset === undefined || read === undefined) {
      unused.push(file);
      continue;
    }
    sources.push({
      file,
      path,
      format: read.format,
      ...readerOf(path, file, read.format, {}, read.delimiter),
      timeZone: mapping?.timeZone ?? defaultTimeZone,
      datasets: [{ dataset, mapping: null, key: null }],
    });
  }
  return { sources, unused, problems };
}

// ---- column types ---------------------------------------------------------------

const NUMERIC = /^(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|FLOAT|DOUBLE|REAL|DECIMAL.*|NUMERIC.*)$/;
const isNumeric = (t: string) => NUMERIC.test(t);
const isVarchar = (t: string) => t === "VARCHAR";
const isTimestampTz = (t: string) => t === "TIMESTAMP WITH TIME ZONE";
const isNaiveTime = (t: string) => /^TIMESTAMP(_S|_MS|_NS)?$/.test(t) || t === "DATE";

/** Patterns for durations written as clock time. */
const CLOCK: Partial<Record<Duration, { pattern: string; weights: number[] }>> = {
  "h:mm:ss": { pattern: "^(\\d+):([0-5]?\\d):([0-5]?\\d(\\.\\d+)?)$", weights: [3600, 60, 1] },
  "h:mm": { pattern: "^(\\d+):([0-5]?\\d)$", weights: [3600, 60] },
  "mm:ss": { pattern: "^(\\d+):([0-5]?\\d(\\.\\d+)?)$", weights: [60, 1] },
};
const FACTOR: Partial<Record<Duration, number>> = { seconds: 1, milliseconds: 0.001, minutes: 60, hours: 3600 };
/** An offset at the end of an ISO date-time: Z, +02, +0200, +02:00. */
const ISO_OFFSET = ":\\d\\d(\\.\\d+)?\\s*(Z|z|[+-]\\d\\d(:?\\d\\d)?)$";
/** A numeric offset at the end of an ISO date-time; group 2 its hours, group 3 its minutes. */
const NUMERIC_OFFSET = ":\\d\\d(\\.\\d+)?\\s*[+-](\\d\\d):?(\\d\\d)?$";

/** AM or PM after a time (9:12:58 PM, 9:12 a.m.). */
const AM_PM = "(?i)\\d\\s*[ap]\\.?m\\.?(\\s|$)";

/** A pattern read on a 12-hour clock: H → h, and " a" (AM/PM) at the end. */
function twelveHour(pattern: string): string {
  const hours = pattern.replace(/H/g, "h");
  return /h/.test(hours) ? `${hours} a` : `${pattern} h:mm:ss a`;
}

interface Compiled {
  value: string;
  checks: Array<{ fails: string; reason: string }>;
}

const DOUBLE_NAN = "CAST('NaN' AS DOUBLE)";
const typedNull = (spec: FieldSpec) =>
  `CAST(NULL AS ${spec.type === "string" ? "VARCHAR" : spec.type === "number" ? "DOUBLE" : spec.type === "boolean" ? "BOOLEAN" : "TIMESTAMPTZ"})`;

/** Builds the SELECT of one (file, dataset) pair. */
export class DatasetSelect {
  private readonly compiled = new Map<string, Compiled>();
  private readonly resolving = new Set<string>();
  private readonly spec;
  private readonly fields: Record<string, FieldMapping>;

  constructor(
    private readonly source: SourcePlan,
    private readonly dataset: DatasetId,
    private readonly mapping: DatasetMapping | null,
    private readonly key: string | null,
    /** The file's columns and their DuckDB types. */
    private readonly columns: ReadonlyMap<string, string>,
    /** The latest plausible time (rules.ts), from the engine's clock at load. */
    private readonly ruleOptions: RuleOptions,
  ) {
    this.spec = DATASETS[dataset];
    this.fields = { ...(mapping?.fields ?? {}) };
    const score = this.fields.score;
    if (dataset === "surveys" && typeof score === "object" && score.scale !== undefined) {
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
  build(from: string, row: string, keep?: ReadonlySet<number>): { sql: string; reasons: string[] } {
    const names = Object.keys(this.spec.fields);
    const values = names.map((name) => this.field(name));
    const reasons: string[] = [];
    const checks: string[] = [];
    values.forEach((c) => {
      for (const check of c.checks) {
        checks.push(`COALESCE(${check.fails}, FALSE)`);
        reasons.push(check.reason);
      }
    });
    const kept = (code: number) => keep === undefined || keep.has(code);
    const inner = [
      ...names.map((name, i) => `${values[i]!.value} AS ${quoteIdent(name)}`),
      `${row} AS "_row"`,
      ...checks.flatMap((c, i) => (kept(i + 1) ? [`${c} AS ${quoteIdent(`_c${i}`)}`] : [])),
    ];
    const when = this.mapping?.when ? ` WHERE ${this.condition(this.mapping.when, `${MAPPING_FILE}: ${this.key}.when.column`)}` : "";
    const rules = rowRules(this.dataset, (f) => quoteIdent(f), this.ruleOptions);
    const cases = [
      ...checks.flatMap((_c, i) => (kept(i + 1) ? [`WHEN ${quoteIdent(`_c${i}`)} THEN ${i + 1}`] : [])),
      ...rules.flatMap((r, i) => (kept(checks.length + i + 1) ? [`WHEN ${r.breaks} THEN ${checks.length + i + 1}`] : [])),
    ];
    reasons.push(...rules.map((r) => r.reason));
    const skip = cases.length > 0 ? `CASE ${cases.join(" ")} ELSE 0 END` : "0";
    const sql =
      `SELECT ${names.map(quoteIdent).join(", ")}, "_row", ${skip} AS "_skip" ` +
      `FROM (SELECT ${inner.join(", ")} FROM ${from} AS "_raw"${when}) AS "_parsed"`;
    return { sql, reasons };
  }

  /** Where in the mapping a field is (for messages). */
  private where(field: string, extra?: string): string {
    const base = this.key !== null ? `${MAPPING_FILE}: ${this.key}.fields.${field}` : `${this.source.file}, ${this.dataset}.${field}`;
    return extra ? `${base}.${extra}` : base;
  }

  private columnList(): string {
    const names = [...this.columns.keys()];
    const shown = names.slice(0, 20).map((c) => JSON.stringify(c)).join(", ");
    return names.length > 20 ? `${shown}, … (${names.length} in all)` : shown;
  }

  /** A column of the file, quoted, with its type; a config error naming the file and column when it is not there. */
  private column(name: string, at: string): { sql: string; type: string } {
    const type = this.columns.get(name);
    if (type !== undefined) return { sql: quoteColumn(name), type };
    const similar = [...this.columns.keys()].find((c) => c.trim().toLowerCase() === name.trim().toLowerCase());
    throw new UserError(
      "config",
      `${this.source.file} has no column ${JSON.stringify(name)} (${at}).${similar ? ` Did you mean ${JSON.stringify(similar)}?` : ""}`,
      `Its columns are: ${this.columnList()}.`,
    );
  }

  /** A column's text, trimmed, empty as NULL. */
  private text(col: { sql: string; type: string }): string {
    return isVarchar(col.type) ? `NULLIF(trim(${col.sql}), '')` : `NULLIF(trim(CAST(${col.sql} AS VARCHAR)), '')`;
  }

  /** SQL that is TRUE when a `when` holds (never NULL): `is` one of the values, `not` (empty or none of them), `matches` a pattern. */
  private condition(cond: MappingCondition, at: string): string {
    const t = this.text(this.column(cond.column, at));
    if (cond.matches !== undefined) return `COALESCE(regexp_matches(${t}, ${sqlString(cond.matches)}), FALSE)`;
    const listed = cond.is ?? cond.not!;
    const wanted = (Array.isArray(listed) ? listed : [listed]).map((v) => sqlString(String(v).trim()));
    return cond.is !== undefined ? `COALESCE(${t} IN (${wanted.join(", ")}), FALSE)` : `COALESCE(${t} NOT IN (${wanted.join(", ")}), TRUE)`;
  }

  field(name: string): Compiled {
    const hit = this.compiled.get(name);
    if (hit) return hit;
    if (this.resolving.has(name)) throw new UserError("config", `${this.where(name)}: the time fields refer to each other in a circle.`);
    this.resolving.add(name);
    const result = this.compileField(name);
    this.resolving.delete(name);
    this.compiled.set(name, result);
    return result;
  }

  private compileField(name: string): Compiled {
    const spec = this.spec.fields[name]!;
    let m = this.fields[name];
    if (m === undefined) {
      // Not mapped: a column of the same name, else empty (optional) or an error (required).
      if (this.columns.has(name)) m = name;
      else if (spec.optional) return { value: typedNull(spec), checks: [] };
      else {
        throw new UserError(
          "config",
          this.key !== null
            ? `${MAPPING_FILE}: ${this.key}.fields: ${this.dataset} needs "${name}", and ${this.source.file} has no column of that name.`
            : `${this.source.file} has no column "${name}", which ${this.dataset} needs.`,
          `${this.missingFieldFix(name, spec)} in ${MAPPING_FILE} under ${this.key ?? keyPath(["files", this.source.file, "datasets", this.dataset])}.fields. Columns: ${this.columnList()}.`,
        );
      }
    }
    const f: FieldObject = typeof m === "string" ? { column: m } : m;
    let out = this.compileValue(name, spec, f, typeof m === "string");
    if (spec.type === "number") out = { ...out, value: `NULLIF(${out.value}, ${DOUBLE_NAN})` };
    const bounds = f.scale ?? f.range;
    if (bounds !== undefined) {
      out.checks.push({
        fails: `(${out.value} < ${sqlNumber(bounds[0])} OR ${out.value} > ${sqlNumber(bounds[1])})`,
        reason: f.scale !== undefined ? "score out of range" : `${name} out of range`,
      });
    }
    if (f.when !== undefined) {
      const cond = this.condition(f.when, this.where(name, "when.column"));
      out = {
        value: `CASE WHEN ${cond} THEN ${out.value} END`,
        checks: out.checks.map((c) => ({ fails: `(${cond} AND ${c.fails})`, reason: c.reason })),
      };
    }
    return out;
  }

  /** What would give a required field that is not there a value. */
  private missingFieldFix(name: string, spec: FieldSpec): string {
    if (this.dataset === "surveys" && (name === "scale_min" || name === "scale_max")) {
      return 'Give the score its scale: "score": { "column": "…", "scale": [1, 5] } ([0, 10] for NPS), or map scale_min and scale_max to columns';
    }
    if (this.dataset === "surveys" && name === "kind") {
      return `Say which survey it is: "kind": { "value": "csat" } (one of ${SURVEY_KINDS.join(", ")}), or a column holding them (with "values" to translate its words)`;
    }
    const example = spec.type === "number" ? "0" : spec.type === "boolean" ? "false" : spec.type === "time" ? '"Created"' : '"…"';
    return spec.type === "time"
      ? `Map "${name}" to the column holding it (e.g. { "column": ${example}, "format": "dd/MM/yyyy HH:mm" })`
      : `Map "${name}" to a column or a constant (e.g. { "value": ${example} })`;
  }

  private compileValue(name: string, spec: FieldSpec, f: FieldObject, plain: boolean): Compiled {
    if (f.value !== undefined) return { value: this.constant(spec, f.value), checks: [] };
    if (f.date !== undefined) return this.dateTime(name, f);
    if (f.concat !== undefined) return this.concat(name, f.concat, f.separator ?? "|");
    if (f.field !== undefined) return this.derivedTime(name, f);
    const col = this.column(f.column!, this.where(name, plain ? undefined : "column"));
    if (f.values !== undefined) return this.valueMap(name, spec, col, f.values);
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
  private concat(name: string, columns: readonly string[], separator: string): Compiled {
    const parts = columns.map((c, i) => this.text(this.column(c, this.where(name, `concat[${i}]`))));
    return { value: parts.join(` || ${sqlString(separator)} || `), checks: [] };
  }

  /** A constant; null and "" are empty. */
  private constant(spec: FieldSpec, v: string | number | boolean | null): string {
    if (v === null || v === "") return typedNull(spec);
    if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
    if (typeof v === "number") return `CAST(${sqlNumber(v)} AS DOUBLE)`;
    if (spec.type === "time") return `CAST(${sqlString(new Date(v).toISOString())} AS TIMESTAMPTZ)`;
    return `CAST(${sqlString(v)} AS VARCHAR)`;
  }

  private valueMap(name: string, spec: FieldSpec, col: { sql: string; type: string }, map: Record<string, string | number | boolean | null>): Compiled {
    const t = this.text(col);
    const entries = Object.entries(map).map(([k, v]) => [k.trim(), v] as const);
    const cases = entries.map(([k, v]) => `WHEN ${sqlString(k)} THEN ${this.constant(spec, v)}`);
    return {
      value: `CASE ${t} ${cases.join(" ")} END`,
      checks: [{ fails: `(${t} IS NOT NULL AND ${t} NOT IN (${entries.map(([k]) => sqlString(k)).join(", ")}))`, reason: `${name}: value not in the value map` }],
    };
  }

  private number(name: string, col: { sql: string; type: string }, duration: Duration | undefined): Compiled {
    const clock = duration !== undefined ? CLOCK[duration] : undefined;
    if (clock === undefined) {
      const factor = FACTOR[duration ?? "seconds"] ?? 1;
      const scaled = (x: string) => (factor === 1 ? x : `(${x} * ${sqlNumber(factor)})`);
      if (isNumeric(col.type)) return { value: scaled(`CAST(${col.sql} AS DOUBLE)`), checks: [] };
      if (col.type === "BOOLEAN") return { value: `CAST(${col.sql} AS DOUBLE)`, checks: [] };
      const t = this.text(col);
      const parsed = `TRY_CAST(${t} AS DOUBLE)`;
      return {
        value: scaled(parsed),
        checks: [{ fails: `(${t} IS NOT NULL AND (${parsed} IS NULL OR isnan(${parsed})))`, reason: `${name}: not a number` }],
      };
    }
    const t = this.text(col);
    const pattern = sqlString(clock.pattern);
    const sum = clock.weights.map((w, i) => `CAST(regexp_extract(${t}, ${pattern}, ${i + 1}) AS DOUBLE) * ${w}`).join(" + ");
    return {
      value: `CASE WHEN regexp_full_match(${t}, ${pattern}) THEN ${sum} END`,
      checks: [{ fails: `(${t} IS NOT NULL AND NOT regexp_full_match(${t}, ${pattern}))`, reason: `${name}: not a duration (${duration})` }],
    };
  }

  private boolean(name: string, col: { sql: string; type: string }): Compiled {
    if (col.type === "BOOLEAN") return { value: col.sql, checks: [] };
    if (isNumeric(col.type)) return { value: `(CAST(${col.sql} AS DOUBLE) <> 0)`, checks: [] };
    const t = this.text(col);
    const value =
      `CASE lower(${t}) WHEN 'true' THEN TRUE WHEN 't' THEN TRUE WHEN 'yes' THEN TRUE WHEN 'y' THEN TRUE WHEN '1' THEN TRUE ` +
      `WHEN 'false' THEN FALSE WHEN 'f' THEN FALSE WHEN 'no' THEN FALSE WHEN 'n' THEN FALSE WHEN '0' THEN FALSE END`;
    return { value, checks: [{ fails: `(${t} IS NOT NULL AND (${value}) IS NULL)`, reason: `${name}: not yes/no (use a value map)` }] };
  }

  /** A naive local date-time (TIMESTAMP) read in the source's zone. */
  private local(ts: string): string {
    return `timezone(${sqlString(this.source.timeZone)}, ${ts})`;
  }

  private fromEpoch(x: string, format: string): string {
    const micros = format === "epoch-ms" ? 1000 : 1_000_000;
    return `timezone('UTC', make_timestamp(CAST(round(${x} * ${micros}) AS BIGINT)))`;
  }

  private time(name: string, col: { sql: string; type: string }, format: string | undefined): Compiled {
    if (isTimestampTz(col.type)) return { value: col.sql, checks: [] };
    if (isNaiveTime(col.type)) return { value: this.local(`CAST(${col.sql} AS TIMESTAMP)`), checks: [] };
    const epoch = format !== undefined && (EPOCH_FORMATS as readonly string[]).includes(format);
    if (isNumeric(col.type)) {
      if (!epoch) {
        throw new UserError(
          "config",
          `${this.source.file}: column ${JSON.stringify(this.columnName(col))} holds numbers, so ${this.where(name)} needs "format": "epoch-seconds" or "epoch-ms".`,
        );
      }
      return { value: this.fromEpoch(`CAST(${col.sql} AS DOUBLE)`, format!), checks: [] };
    }
    const t = this.text(col);
    let value: string;
    let described: string;
    if (epoch) {
      value = this.fromEpoch(`TRY_CAST(${t} AS DOUBLE)`, format!);
      described = format!;
    } else if (format !== undefined) {
      const parsed = `try_strptime(${t}, ${sqlString(toStrptime(format))})`;
      value = hasOffset(format) ? parsed : this.local(parsed);
      described = format;
      const amPm = this.amPm(name, t, value, described, `"format": ${JSON.stringify(twelveHour(format))}`);
      if (amPm) return { value, checks: [amPm, { fails: `(${t} IS NOT NULL AND ${value} IS NULL)`, reason: `${name}: not a date-time (${described})` }] };
    } else {
      value = `CASE WHEN regexp_matches(${t}, ${sqlString(ISO_OFFSET)}) THEN TRY_CAST(${t} AS TIMESTAMPTZ) ELSE ${this.local(`TRY_CAST(${t} AS TIMESTAMP)`)} END`;
      described = "ISO 8601";
      // DuckDB reads +25:00 as a shift of 25 hours; UTC offsets run from −12:00 to +14:00.
      const p = sqlString(NUMERIC_OFFSET);
      const hours = `TRY_CAST(regexp_extract(${t}, ${p}, 2) AS INTEGER)`;
      const minutes = `COALESCE(TRY_CAST(NULLIF(regexp_extract(${t}, ${p}, 3), '') AS INTEGER), 0)`;
      return {
        value,
        checks: [
          this.amPm(name, t, value, described, 'a "format" with "a", e.g. "M/d/yyyy h:mm:ss a"')!,
          { fails: `(${t} IS NOT NULL AND ${value} IS NULL)`, reason: `${name}: not a date-time (${described})` },
          { fails: `(regexp_matches(${t}, ${p}) AND (${hours} * 60 + ${minutes} > 14 * 60 OR ${minutes} >= 60))`, reason: `${name}: impossible UTC offset (beyond ±14:00)` },
        ],
      };
    }
    return { value, checks: [{ fails: `(${t} IS NOT NULL AND ${value} IS NULL)`, reason: `${name}: not a date-time (${described})` }] };
  }

  private columnName(col: { sql: string }): string {
    return col.sql.slice(1, -1).replace(/""/g, '"');
  }

  private dateTime(name: string, f: FieldObject): Compiled {
    const date = this.column(f.date!, this.where(name, "date"));
    const time = f.time !== undefined ? this.column(f.time, this.where(name, "time")) : undefined;
    const dateFormat = isVarchar(date.type) ? (f.format ?? "yyyy-MM-dd") : "yyyy-MM-dd";
    const timeFormat = time === undefined ? undefined : isVarchar(time.type) ? (f.timeFormat ?? "H:mm:ss") : "H:mm:ss";
    const dt = this.text(date);
    const tt = time !== undefined ? this.text(time) : undefined;
    const textSql = tt !== undefined ? `(${dt} || ' ' || ${tt})` : dt;
    const pattern = timeFormat !== undefined ? `${dateFormat} ${timeFormat}` : dateFormat;
    const parsed = `try_strptime(${textSql}, ${sqlString(toStrptime(pattern))})`;
    const value = hasOffset(pattern) ? parsed : this.local(parsed);
    const present = tt !== undefined ? `(${dt} IS NOT NULL OR ${tt} IS NOT NULL)` : `${dt} IS NOT NULL`;
    const amPm =
      timeFormat !== undefined
        ? this.amPm(name, textSql, value, pattern, `"timeFormat": ${JSON.stringify(twelveHour(timeFormat))}`)
        : this.amPm(name, textSql, value, pattern, `"format": ${JSON.stringify(twelveHour(dateFormat))}`);
    return { value, checks: [...(amPm ? [amPm] : []), { fails: `(${present} AND ${value} IS NULL)`, reason: `${name}: not a date-time (${pattern})` }] };
  }

  /**
   * A value that did not parse and carries AM/PM, when the pattern reads no
   * AM/PM: its own reason, naming the pattern that would read it. Undefined
   * when the pattern already has "a".
   */
  private amPm(name: string, text: string, value: string, pattern: string, fix: string): { fails: string; reason: string } | undefined {
    if (pattern !== "ISO 8601" && toStrptime(pattern).includes("%p")) return undefined;
    return {
      fails: `(${text} IS NOT NULL AND ${value} IS NULL AND regexp_matches(${text}, ${sqlString(AM_PM)}))`,
      reason: `${name}: not a date-time (${pattern}): the values carry AM/PM, use ${fix}`,
    };
  }

  private derivedTime(name: string, f: FieldObject): Compiled {
    const base = this.field(f.field!);
    const plus = typeof f.plus === "string" ? { column: f.plus } : f.plus!;
    const col = this.column(plus.column, this.where(name, "plus"));
    const amount = this.number(name, col, plus.duration ?? "seconds");
    const value = `(${base.value} + to_microseconds(CAST(round(${amount.value} * 1000000) AS BIGINT)))`;
    return { value, checks: amount.checks };
  }
}
