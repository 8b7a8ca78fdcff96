/**
 * The mapping file, `mapping.json` in DATA_DIR: how a team's own files (and
 * Postgres tables) map onto the catalog's datasets. Validated by zod; every
 * problem names the file and the key, e.g.
 * `mapping.json: files["calls.csv"].datasets.calls.fields.queued_at.format: "dd/MM/yyy" …`.
 *
 * The format is documented, key by key with a worked example, in docs/data.md.
 *
 * @example
 * const mapping = await loadMapping("./data"); // undefined when there is no mapping.json
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as z from "zod";
import { UserError } from "../errors.ts";
import { DATASETS, DATASET_IDS, type DatasetId } from "../measures/datasets.ts";
import { isQualifiedName, isPlainIdentifier } from "../connectors/sql/identifiers.ts";
import { isTimeZone } from "../periods/isTimeZone.ts";
import { suggest } from "../suggest.ts";

export const MAPPING_FILE = "mapping.json";

export const DURATIONS = ["seconds", "milliseconds", "minutes", "hours", "h:mm:ss", "h:mm", "mm:ss"] as const;
export type Duration = (typeof DURATIONS)[number];

/** Time formats that are not patterns: epoch numbers. */
export const EPOCH_FORMATS = ["epoch-seconds", "epoch-ms"] as const;

const scalar = z.union([z.string(), z.number(), z.boolean()]);
type Scalar = z.infer<typeof scalar>;

const timeZone = z.string().refine(isTimeZone, { message: "is not an IANA time zone (e.g. Europe/Vilnius, UTC)" });

/**
 * A date pattern (Unicode / date-fns tokens) → a DuckDB strptime format.
 * Supported: yyyy yy MMMM MMM MM M dd d HH H hh h mm m ss s SSS SSSSSS a EEE EEEE XXX xx Z, 'quoted text'.
 *
 * @example toStrptime("dd/MM/yyyy HH:mm") // "%d/%m/%Y %H:%M"
 */
export function toStrptime(pattern: string): string {
  const tokens: Record<string, string> = {
    yyyy: "%Y",
    yy: "%y",
    MMMM: "%B",
    MMM: "%b",
    MM: "%m",
    M: "%m",
    dd: "%d",
    d: "%d",
    HH: "%H",
    H: "%H",
    hh: "%I",
    h: "%I",
    mm: "%M",
    m: "%M",
    ss: "%S",
    s: "%S",
    SSS: "%g",
    SSSSSS: "%f",
    a: "%p",
    EEE: "%a",
    EEEE: "%A",
    XXX: "%z",
    xxx: "%z",
    XX: "%z",
    xx: "%z",
    X: "%z",
    Z: "%z",
  };
  let out = "";
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i]!;
    if (ch === "'") {
      const close = pattern.indexOf("'", i + 1);
      if (close < 0) throw new Error("has an unclosed quote");
      out += pattern.slice(i + 1, close).replace(/%/g, "%%");
      i = close + 1;
      continue;
    }
    if (/[A-Za-z]/.test(ch)) {
      let j = i;
      while (j < pattern.length && pattern[j] === ch) j++;
      const run = pattern.slice(i, j);
      const f = tokens[run];
      if (f === undefined) throw new Error(`has "${run}", which is not a supported token (use e.g. dd/MM/yyyy HH:mm:ss)`);
      out += f;
      i = j;
      continue;
    }
    out += ch === "%" ? "%%" : ch;
    i++;
  }
  return out;
}

/** Whether a pattern carries its own UTC offset (then no time zone applies). */
export function hasOffset(pattern: string): boolean {
  return toStrptime(pattern).includes("%z");
}

const format = z.string().superRefine((f, ctx) => {
  if ((EPOCH_FORMATS as readonly string[]).includes(f)) return;
  let strptime: string;
  try {
    strptime = toStrptime(f);
  } catch (e) {
    ctx.addIssue({ code: "custom", message: `${JSON.stringify(f)} ${(e as Error).message}` });
    return;
  }
  if (strptime.includes("%I") && !strptime.includes("%p")) {
    ctx.addIssue({
      code: "custom",
      message: `${JSON.stringify(f)} reads the hour on a 12-hour clock ("h" or "hh") without AM/PM: use ${JSON.stringify(f.replace(/h/g, "H"))} for 0–23, or ${JSON.stringify(`${f} a`)} for times such as 9:12:58 PM`,
    });
  }
});

/** Survey kinds the catalog knows (metrics count answers of these kinds). */
export const SURVEY_KINDS = ["csat", "nps", "ces"] as const;

/**
 * Why a `matches` pattern cannot be used, or undefined when it can. Patterns
 * run in DuckDB's RE2 engine, which matches in time linear in the text (no
 * backtracking, so no pattern can hang the bot) and therefore has no
 * look-around and no back-references; those are refused here, when the
 * mapping loads, rather than when the file is read.
 *
 * @example regexProblem("^(?!VRU)") // "uses look-around (?=, (?!, (?<=, (?<!), which …"
 */
export function regexProblem(pattern: string): string | undefined {
  try {
    // RE2's flag groups ((?i) for any case, (?s), (?m), (?U), and (?i:…)) are not JavaScript's: checked as plain groups.
    new RegExp(pattern.replace(/\(\?[imsU]+-?[imsU]*\)/g, "").replace(/\(\?[imsU]+-?[imsU]*:/g, "(?:"), "u");
  } catch (e) {
    return `is not a regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, "")}`;
  }
  if (/\(\?<?[=!]/.test(pattern)) return "uses look-around ((?=, (?!, (?<=, (?<!), which the matching engine (RE2) does not have; match what you want instead, or use \"not\"";
  if (/(^|[^\\])(\\\\)*\\([1-9]|k<)/.test(pattern)) return "uses a back-reference (\\1, \\k<name>), which the matching engine (RE2) does not have";
  return undefined;
}

const values = z.union([scalar, z.array(scalar).min(1, { message: "needs at least one value" })]);
const condition = z
  .strictObject({
    column: z.string({ message: 'needs "column": the column to look at' }).min(1),
    /** Holds when the column (trimmed) is one of these values. */
    is: values.optional(),
    /** Holds when the column is empty or none of these values. */
    not: values.optional(),
    /** Holds when the column contains a match of this regular expression (RE2 syntax; anchor with ^…$). */
    matches: z.string().min(1).optional(),
  })
  .superRefine((c, ctx) => {
    const tests = (["is", "not", "matches"] as const).filter((k) => c[k] !== undefined);
    if (tests.length !== 1) {
      ctx.addIssue({
        code: "custom",
        message:
          tests.length === 0
            ? 'needs one of "is" (e.g. "is": "Y"), "not" (e.g. "not": ["NO_SERVER", "N/A"]) or "matches" (e.g. "matches": "^VRU")'
            : `has ${tests.map((k) => `"${k}"`).join(" and ")}: use only one`,
      });
    }
    if (c.matches !== undefined) {
      const problem = regexProblem(c.matches);
      if (problem !== undefined) ctx.addIssue({ code: "custom", message: `${JSON.stringify(c.matches)} ${problem}`, path: ["matches"] });
    }
  });
export type MappingCondition = z.infer<typeof condition>;

const duration = z.enum(DURATIONS, { message: `must be one of ${DURATIONS.join(", ")}` });

/** [min, max], with an example in the message. */
const pair = (example: string) => z.tuple([z.number(), z.number()], { message: `must be [min, max], e.g. ${example}` });

const durationColumn = z.union([
  z.string().min(1),
  z.strictObject({ column: z.string().min(1), duration: duration.optional() }),
]);

const fieldObject = z
  .strictObject({
    /** The column holding the value. */
    column: z.string().min(1).optional(),
    /** A constant. */
    value: z.union([scalar, z.null()]).optional(),
    /** Text from several columns joined (an id made of two columns); empty when one of them is. */
    concat: z.array(z.string().min(1)).min(2).optional(),
    /** What goes between the parts of `concat` (default "|"). */
    separator: z.string().optional(),
    /** A time from a date column and (optionally) a separate time column. */
    date: z.string().min(1).optional(),
    time: z.string().min(1).optional(),
    /** A time computed from another mapped time field plus a duration column. */
    field: z.string().min(1).optional(),
    plus: durationColumn.optional(),
    /** Date pattern for `column` or `date` (dd/MM/yyyy …), or epoch-seconds / epoch-ms. */
    format: format.optional(),
    /** Pattern of the separate `time` column (default H:mm:ss). */
    timeFormat: format.optional(),
    /** How a duration is written: seconds (default for numbers), h:mm:ss, … */
    duration: duration.optional(),
    /** Value map: text in the file → value (Y → true, "Very good" → 5). */
    values: z.record(z.string(), z.union([scalar, z.null()])).optional(),
    /** Values outside [min, max] are skipped as "<field> out of range". */
    range: pair("[0, 500]").optional(),
    /** Survey scale [min, max] of `score`: sets scale_min / scale_max; scores outside are skipped. */
    scale: pair("[1, 5]").optional(),
    /** Only when this holds; otherwise the field is empty (e.g. answered_at only for answered calls). */
    when: condition.optional(),
  })
  .superRefine((f, ctx) => {
    const sources = (["column", "value", "date", "field", "concat"] as const).filter((k) => f[k] !== undefined);
    if (sources.length !== 1) {
      ctx.addIssue({
        code: "custom",
        message:
          sources.length === 0
            ? 'needs one of "column", "value", "date" (with "time"), "field" (with "plus") or "concat"'
            : `has ${sources.map((s) => `"${s}"`).join(" and ")}: use only one`,
      });
      return;
    }
    if (f.separator !== undefined && f.concat === undefined) ctx.addIssue({ code: "custom", message: '"separator" goes with "concat"', path: ["separator"] });
    if (f.time !== undefined && f.date === undefined) ctx.addIssue({ code: "custom", message: '"time" goes with "date"', path: ["time"] });
    if (f.plus !== undefined && f.field === undefined) ctx.addIssue({ code: "custom", message: '"plus" goes with "field"', path: ["plus"] });
    if (f.field !== undefined && f.plus === undefined) ctx.addIssue({ code: "custom", message: '"field" needs "plus" (a duration column)', path: ["field"] });
    if (f.range && !(f.range[0] <= f.range[1])) ctx.addIssue({ code: "custom", message: "must be [min, max] with min ≤ max", path: ["range"] });
    if (f.scale && !(f.scale[0] < f.scale[1])) ctx.addIssue({ code: "custom", message: "must be [min, max] with min < max", path: ["scale"] });
  });

const fieldMapping = z.union([z.string().min(1), fieldObject]);
export type FieldMapping = z.infer<typeof fieldMapping>;
export type FieldObject = z.infer<typeof fieldObject>;

const datasetMapping = z.strictObject({
  /** Only rows where this holds feed the dataset (others are not this dataset's rows, not skipped). */
  when: condition.optional(),
  fields: z.record(z.string(), fieldMapping).default({}),
});
export type DatasetMapping = z.infer<typeof datasetMapping>;

/** What `format` may say; "tsv" is CSV with tabs between the values. */
export const FILE_FORMATS = ["csv", "tsv", "parquet", "json"] as const;

const csvOptions = z.strictObject({
  delimiter: z.string().length(1).optional(),
  quote: z.string().length(1).optional(),
  header: z.boolean().optional(),
  /** Lines to skip before the header. */
  skip: z.number().int().min(0).optional(),
  encoding: z.enum(["utf-8", "utf-16", "latin-1"]).optional(),
});

const fileMapping = z.strictObject({
  /** csv, tsv (csv with tabs), parquet or json; by default from the file's extension. */
  format: z.enum(FILE_FORMATS, { message: `must be one of ${FILE_FORMATS.map((f) => `"${f}"`).join(", ")} (a tab-separated file is "tsv")` }).optional(),
  csv: csvOptions.optional(),
  /** Zone of local date-times without an offset (default: the top-level timeZone, then BOT_TIMEZONE). */
  timeZone: timeZone.optional(),
  datasets: z.partialRecord(z.enum(DATASET_IDS), datasetMapping),
});
export type FileMapping = z.infer<typeof fileMapping>;

const tableMapping = z.union([
  z.string().refine(isQualifiedName, { message: "must be a table name such as tickets or helpdesk.tickets" }),
  z.strictObject({
    table: z.string().refine(isQualifiedName, { message: "must be a table name such as tickets or helpdesk.tickets" }).optional(),
    /** Dataset field → column, where the names differ. */
    columns: z.record(z.string(), z.string().refine(isPlainIdentifier, { message: "must be a column name (letters, digits, _)" })).optional(),
  }),
]);
export type TableMapping = z.infer<typeof tableMapping>;

const mappingSchema = z.strictObject({
  $schema: z.string().optional(),
  /** Zone of local date-times without an offset in every file (default BOT_TIMEZONE). */
  timeZone: timeZone.optional(),
  files: z.record(z.string().min(1), fileMapping).default({}),
  /** Postgres (DATA_URL): the table of each dataset, when it is not named after the dataset. */
  tables: z.partialRecord(z.enum(DATASET_IDS), tableMapping).optional(),
});
export type Mapping = z.infer<typeof mappingSchema>;

/**
 * Every key a mapping may use, per place (docs/data.md documents each; a
 * test holds it to this list).
 */
export const MAPPING_KEYS = {
  mapping: Object.keys(mappingSchema.shape),
  file: Object.keys(fileMapping.shape),
  csv: Object.keys(csvOptions.shape),
  dataset: Object.keys(datasetMapping.shape),
  field: Object.keys(fieldObject.shape),
  condition: Object.keys(condition.shape),
  plus: Object.keys(durationColumn.options[1].shape),
  table: Object.keys(tableMapping.options[1].shape),
} as const;

/** `files["calls.csv"].datasets.calls` from a zod path. */
export function keyPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else if (typeof p === "string" && /^[A-Za-z_$][\w$]*$/.test(p)) out += out === "" ? p : `.${p}`;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out || "(top level)";
}

export function mappingError(message: string, hint?: string): UserError {
  return new UserError("config", message, hint ?? `Fix ${MAPPING_FILE} in DATA_DIR; the README section "Your own data" shows the format.`);
}

/**
 * Issues with their full paths; a union that failed (a field given as an
 * object with a mistake in it) is reported by the branch that got furthest,
 * so the message says what is wrong inside the object.
 */
function flatten(issues: readonly z.core.$ZodIssue[], prefix: ReadonlyArray<PropertyKey> = []): Array<{ path: PropertyKey[]; issue: z.core.$ZodIssue }> {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const branches = issue.errors.filter((b) => b.length > 0 && !(b.length === 1 && b[0]!.code === "invalid_type" && b[0]!.path.length === 0));
      if (branches.length === 1) return flatten(branches[0]!, path);
    }
    return [{ path, issue }];
  });
}

/** The keys a place in the mapping takes, from its path (undefined where any key goes). */
function keysAt(path: ReadonlyArray<PropertyKey>): readonly string[] | undefined {
  const last = path.at(-1);
  if (path.length === 0) return MAPPING_KEYS.mapping;
  if (path.length === 2 && path[0] === "files") return MAPPING_KEYS.file;
  if (path.length === 2 && path[0] === "tables") return MAPPING_KEYS.table;
  if (last === "datasets" || (path.length === 1 && last === "tables")) return DATASET_IDS;
  if (last === "csv") return MAPPING_KEYS.csv;
  if (last === "when") return MAPPING_KEYS.condition;
  if (last === "plus") return MAPPING_KEYS.plus;
  if (path.at(-2) === "datasets") return MAPPING_KEYS.dataset;
  if (path.at(-2) === "fields") return MAPPING_KEYS.field;
  return undefined;
}

/** `has unknown key "colum": did you mean "column"? (keys here: …)`; a CSV option at the file's level is shown where it goes. */
function unknownKeys(keys: readonly string[], path: ReadonlyArray<PropertyKey>): string {
  const known = keysAt(path);
  const hints = keys.map((k) => {
    if (path[0] === "files" && path.length === 2) {
      const csv = MAPPING_KEYS.csv.includes(k) ? k : suggest(k, MAPPING_KEYS.csv);
      if (csv !== undefined && suggest(k, MAPPING_KEYS.file) === undefined) return `"${k}": CSV options go under "csv", e.g. "csv": { "${csv}": … }`;
    }
    const guess = known !== undefined ? suggest(k, known) : undefined;
    return guess !== undefined ? `"${k}": did you mean "${guess}"?` : `"${k}"`;
  });
  return `has unknown key${keys.length > 1 ? "s" : ""} ${hints.join(", ")}${known !== undefined ? ` (${path.at(-1) === "datasets" || path.at(-1) === "tables" ? "datasets" : "keys here"}: ${known.join(", ")})` : ""}`;
}

/** Parses and checks a mapping (the text of mapping.json); throws a UserError naming the file and key. */
export function parseMapping(text: string, file = MAPPING_FILE): Mapping {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw mappingError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = mappingSchema.safeParse(json);
  if (!parsed.success) {
    const problems = flatten(parsed.error.issues).slice(0, 10).map(({ path, issue }) => {
      let message = issue.message;
      if (issue.code === "unrecognized_keys") message = unknownKeys(issue.keys, path);
      if (issue.code === "invalid_union") message = "must be a name (text) or an object such as { \"column\": …, \"format\": … }";
      return `${file}: ${keyPath(path)}: ${message}`;
    });
    throw mappingError(problems.join("\n"));
  }
  const mapping = parsed.data;
  // Field names must be the dataset's; values in maps and constants must fit the field's type.
  for (const [name, f] of Object.entries(mapping.files)) {
    if (name.startsWith("/") || name.split(/[\\/]/).includes("..")) {
      throw mappingError(`${file}: files[${JSON.stringify(name)}]: must be a file inside DATA_DIR (no absolute path, no "..")`);
    }
    for (const [dataset, dm] of Object.entries(f.datasets) as Array<[DatasetId, DatasetMapping]>) {
      const spec = DATASETS[dataset];
      for (const [fieldName, fm] of Object.entries(dm.fields)) {
        const at = `${file}: ${keyPath(["files", name, "datasets", dataset, "fields", fieldName])}`;
        const fs = Object.hasOwn(spec.fields, fieldName) ? spec.fields[fieldName] : undefined;
        if (fs === undefined) {
          const guess = suggest(fieldName, Object.keys(spec.fields));
          throw mappingError(`${at}: ${dataset} has no field "${fieldName}"${guess ? `: did you mean "${guess}"?` : ""} (its fields: ${Object.keys(spec.fields).join(", ")})`);
        }
        if (typeof fm === "string") continue;
        const wrongType = (v: Scalar | null) =>
          v !== null && v !== "" && !(fs.type === "time" ? typeof v === "string" && Number.isFinite(Date.parse(v)) : typeof v === fs.type);
        const write = fs.type === "number" ? "a number without quotes, e.g. 0" : fs.type === "boolean" ? "true or false, without quotes" : fs.type === "time" ? 'an ISO 8601 text, e.g. "2026-11-02T09:00:00Z"' : "text";
        if (fm.value !== undefined && wrongType(fm.value)) {
          throw mappingError(`${at}.value: ${JSON.stringify(fm.value)} is not a ${fs.type === "time" ? "date-time (ISO 8601)" : fs.type}: write ${write}, or null for empty`);
        }
        for (const [k, v] of Object.entries(fm.values ?? {})) {
          if (fs.type === "time") throw mappingError(`${at}.values: a value map cannot make a time; use "format" to read the column as a date-time`);
          if (wrongType(v)) throw mappingError(`${at}.values[${JSON.stringify(k)}]: ${JSON.stringify(v)} is not a ${fs.type}: write ${write}, or null for empty`);
        }
        if (dataset === "surveys" && fieldName === "kind") {
          for (const [k, v] of [...(fm.value !== undefined ? [["value", fm.value] as const] : []), ...Object.entries(fm.values ?? {}).map(([k, v]) => [`values[${JSON.stringify(k)}]`, v] as const)]) {
            if (v !== null && !(SURVEY_KINDS as readonly string[]).includes(String(v))) {
              throw mappingError(`${at}.${k}: ${JSON.stringify(v)} is not a survey kind: use ${SURVEY_KINDS.join(", ")} (csat: satisfaction, nps: 0–10 likelihood to recommend, ces: effort)`);
            }
          }
        }
        if (fm.concat !== undefined && fs.type !== "string") {
          throw mappingError(`${at}.concat: joins text, but ${fieldName} is a ${fs.type}; use "column"`);
        }
        if ((fm.date !== undefined || fm.field !== undefined) && fs.type !== "time") {
          throw mappingError(`${at}: "${fm.date !== undefined ? "date" : "field"}" makes a time, but ${fieldName} is a ${fs.type}`);
        }
        if (fm.field !== undefined) {
          const other = Object.hasOwn(spec.fields, fm.field) ? spec.fields[fm.field] : undefined;
          if (other?.type !== "time" || fm.field === fieldName) {
            throw mappingError(`${at}.field: must name another time field of ${dataset} (${Object.entries(spec.fields).filter(([n, s]) => s.type === "time" && n !== fieldName).map(([n]) => n).join(", ")})`);
          }
        }
        if ((fm.duration !== undefined || fm.range !== undefined) && fs.type !== "number") {
          throw mappingError(`${at}: "${fm.duration !== undefined ? "duration" : "range"}" is for number fields; ${fieldName} is a ${fs.type}`);
        }
        if (fm.scale !== undefined) {
          if (dataset !== "surveys" || fieldName !== "score") throw mappingError(`${at}.scale: a scale belongs to the score of surveys`);
          if (dm.fields.scale_min !== undefined || dm.fields.scale_max !== undefined) {
            throw mappingError(`${at}.scale: give either "scale" or the scale_min / scale_max fields, not both`);
          }
        }
        if (fm.format !== undefined && fs.type !== "time") throw mappingError(`${at}.format: a date format is for time fields; ${fieldName} is a ${fs.type}`);
      }
    }
  }
  for (const [dataset, tm] of Object.entries(mapping.tables ?? {}) as Array<[DatasetId, TableMapping]>) {
    if (typeof tm === "string") continue;
    for (const fieldName of Object.keys(tm.columns ?? {})) {
      if (!Object.hasOwn(DATASETS[dataset].fields, fieldName)) {
        throw mappingError(`${file}: ${keyPath(["tables", dataset, "columns", fieldName])}: ${dataset} has no field "${fieldName}" (its fields: ${Object.keys(DATASETS[dataset].fields).join(", ")})`);
      }
    }
  }
  return mapping;
}

/** Reads DATA_DIR/mapping.json; undefined when there is none. */
export async function loadMapping(dataDir: string): Promise<Mapping | undefined> {
  let text: string;
  try {
    text = await readFile(join(dataDir, MAPPING_FILE), "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw mappingError(`Cannot read ${join(dataDir, MAPPING_FILE)}: ${(e as Error).message}`);
  }
  return parseMapping(text);
}
