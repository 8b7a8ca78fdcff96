import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  external_exports
} from "./chunk-WW7OP26R.js";
import {
  suggest
} from "./chunk-JKOOICHZ.js";
import {
  UserError
} from "./chunk-LJ4WEFEH.js";
import {
  isTimeZone
} from "./chunk-4VIX3REZ.js";
import {
  DATASETS,
  DATASET_IDS
} from "./chunk-56SDGBO4.js";

// dist/src/ingest/mapping.js
import { readFile } from "node:fs/promises";
import { join } from "node:path";

// dist/src/connectors/sql/identifiers.js
var PLAIN = /^[A-Za-z_][A-Za-z0-9_$]*$/;
function isPlainIdentifier(name) {
  return PLAIN.test(name) && name.length <= 63;
}
function quoteIdent(name) {
  if (!isPlainIdentifier(name))
    throw new Error(`Not a valid SQL identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}
function quoteQualified(name) {
  return name.split(".").map(quoteIdent).join(".");
}
function isQualifiedName(name) {
  const parts = name.split(".");
  return parts.length >= 1 && parts.length <= 2 && parts.every(isPlainIdentifier);
}
function quoteColumn(name) {
  if (name.includes("\0"))
    throw new Error(`Column name contains NUL: ${JSON.stringify(name)}`);
  return `"${name.replace(/"/g, '""')}"`;
}
function sqlString(value) {
  if (value.includes("\0"))
    throw new Error("String literal contains NUL");
  return `'${value.replace(/'/g, "''")}'`;
}
function sqlNumber(value) {
  if (!Number.isFinite(value))
    throw new Error(`Not a finite number: ${value}`);
  return String(value);
}

// dist/src/ingest/mapping.js
var MAPPING_FILE = "mapping.json";
var DURATIONS = ["seconds", "milliseconds", "minutes", "hours", "h:mm:ss", "h:mm", "mm:ss"];
var EPOCH_FORMATS = ["epoch-seconds", "epoch-ms"];
var scalar = external_exports.union([external_exports.string(), external_exports.number(), external_exports.boolean()]);
var timeZone = external_exports.string().refine(isTimeZone, { message: "is not an IANA time zone (e.g. Europe/Vilnius, UTC)" });
function toStrptime(pattern) {
  const tokens = {
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
    Z: "%z"
  };
  let out = "";
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === "'") {
      const close = pattern.indexOf("'", i + 1);
      if (close < 0)
        throw new Error("has an unclosed quote");
      out += pattern.slice(i + 1, close).replace(/%/g, "%%");
      i = close + 1;
      continue;
    }
    if (/[A-Za-z]/.test(ch)) {
      let j = i;
      while (j < pattern.length && pattern[j] === ch)
        j++;
      const run = pattern.slice(i, j);
      const f = tokens[run];
      if (f === void 0)
        throw new Error(`has "${run}", which is not a supported token (use e.g. dd/MM/yyyy HH:mm:ss)`);
      out += f;
      i = j;
      continue;
    }
    out += ch === "%" ? "%%" : ch;
    i++;
  }
  return out;
}
function hasOffset(pattern) {
  return toStrptime(pattern).includes("%z");
}
var format = external_exports.string().superRefine((f, ctx) => {
  if (EPOCH_FORMATS.includes(f))
    return;
  let strptime;
  try {
    strptime = toStrptime(f);
  } catch (e) {
    ctx.addIssue({ code: "custom", message: `${JSON.stringify(f)} ${e.message}` });
    return;
  }
  if (strptime.includes("%I") && !strptime.includes("%p")) {
    ctx.addIssue({
      code: "custom",
      message: `${JSON.stringify(f)} reads the hour on a 12-hour clock ("h" or "hh") without AM/PM: use ${JSON.stringify(f.replace(/h/g, "H"))} for 0\u201323, or ${JSON.stringify(`${f} a`)} for times such as 9:12:58 PM`
    });
  }
});
var SURVEY_KINDS = ["csat", "nps", "ces"];
function regexProblem(pattern) {
  try {
    new RegExp(pattern.replace(/\(\?[imsU]+-?[imsU]*\)/g, "").replace(/\(\?[imsU]+-?[imsU]*:/g, "(?:"), "u");
  } catch (e) {
    return `is not a regular expression: ${e.message.replace(/^Invalid regular expression: /, "")}`;
  }
  if (/\(\?<?[=!]/.test(pattern))
    return 'uses look-around ((?=, (?!, (?<=, (?<!), which the matching engine (RE2) does not have; match what you want instead, or use "not"';
  if (/(^|[^\\])(\\\\)*\\([1-9]|k<)/.test(pattern))
    return "uses a back-reference (\\1, \\k<name>), which the matching engine (RE2) does not have";
  return void 0;
}
var values = external_exports.union([scalar, external_exports.array(scalar).min(1, { message: "needs at least one value" })]);
var condition = external_exports.strictObject({
  column: external_exports.string({ message: 'needs "column": the column to look at' }).min(1),
  /** Holds when the column (trimmed) is one of these values. */
  is: values.optional(),
  /** Holds when the column is empty or none of these values. */
  not: values.optional(),
  /** Holds when the column contains a match of this regular expression (RE2 syntax; anchor with ^…$). */
  matches: external_exports.string().min(1).optional()
}).superRefine((c, ctx) => {
  const tests = ["is", "not", "matches"].filter((k) => c[k] !== void 0);
  if (tests.length !== 1) {
    ctx.addIssue({
      code: "custom",
      message: tests.length === 0 ? 'needs one of "is" (e.g. "is": "Y"), "not" (e.g. "not": ["NO_SERVER", "N/A"]) or "matches" (e.g. "matches": "^VRU")' : `has ${tests.map((k) => `"${k}"`).join(" and ")}: use only one`
    });
  }
  if (c.matches !== void 0) {
    const problem = regexProblem(c.matches);
    if (problem !== void 0)
      ctx.addIssue({ code: "custom", message: `${JSON.stringify(c.matches)} ${problem}`, path: ["matches"] });
  }
});
var duration = external_exports.enum(DURATIONS, { message: `must be one of ${DURATIONS.join(", ")}` });
var pair = (example) => external_exports.tuple([external_exports.number(), external_exports.number()], { message: `must be [min, max], e.g. ${example}` });
var durationColumn = external_exports.union([
  external_exports.string().min(1),
  external_exports.strictObject({ column: external_exports.string().min(1), duration: duration.optional() })
]);
var fieldObject = external_exports.strictObject({
  /** The column holding the value. */
  column: external_exports.string().min(1).optional(),
  /** A constant. */
  value: external_exports.union([scalar, external_exports.null()]).optional(),
  /** Text from several columns joined (an id made of two columns); empty when one of them is. */
  concat: external_exports.array(external_exports.string().min(1)).min(2).optional(),
  /** What goes between the parts of `concat` (default "|"). */
  separator: external_exports.string().optional(),
  /** A time from a date column and (optionally) a separate time column. */
  date: external_exports.string().min(1).optional(),
  time: external_exports.string().min(1).optional(),
  /** A time computed from another mapped time field plus a duration column. */
  field: external_exports.string().min(1).optional(),
  plus: durationColumn.optional(),
  /** Date pattern for `column` or `date` (dd/MM/yyyy …), or epoch-seconds / epoch-ms. */
  format: format.optional(),
  /** Pattern of the separate `time` column (default H:mm:ss). */
  timeFormat: format.optional(),
  /** How a duration is written: seconds (default for numbers), h:mm:ss, … */
  duration: duration.optional(),
  /** Value map: text in the file → value (Y → true, "Very good" → 5). */
  values: external_exports.record(external_exports.string(), external_exports.union([scalar, external_exports.null()])).optional(),
  /** Values outside [min, max] are skipped as "<field> out of range". */
  range: pair("[0, 500]").optional(),
  /** Survey scale [min, max] of `score`: sets scale_min / scale_max; scores outside are skipped. */
  scale: pair("[1, 5]").optional(),
  /** Only when this holds; otherwise the field is empty (e.g. answered_at only for answered calls). */
  when: condition.optional()
}).superRefine((f, ctx) => {
  const sources = ["column", "value", "date", "field", "concat"].filter((k) => f[k] !== void 0);
  if (sources.length !== 1) {
    ctx.addIssue({
      code: "custom",
      message: sources.length === 0 ? 'needs one of "column", "value", "date" (with "time"), "field" (with "plus") or "concat"' : `has ${sources.map((s) => `"${s}"`).join(" and ")}: use only one`
    });
    return;
  }
  if (f.separator !== void 0 && f.concat === void 0)
    ctx.addIssue({ code: "custom", message: '"separator" goes with "concat"', path: ["separator"] });
  if (f.time !== void 0 && f.date === void 0)
    ctx.addIssue({ code: "custom", message: '"time" goes with "date"', path: ["time"] });
  if (f.plus !== void 0 && f.field === void 0)
    ctx.addIssue({ code: "custom", message: '"plus" goes with "field"', path: ["plus"] });
  if (f.field !== void 0 && f.plus === void 0)
    ctx.addIssue({ code: "custom", message: '"field" needs "plus" (a duration column)', path: ["field"] });
  if (f.range && !(f.range[0] <= f.range[1]))
    ctx.addIssue({ code: "custom", message: "must be [min, max] with min \u2264 max", path: ["range"] });
  if (f.scale && !(f.scale[0] < f.scale[1]))
    ctx.addIssue({ code: "custom", message: "must be [min, max] with min < max", path: ["scale"] });
});
var fieldMapping = external_exports.union([external_exports.string().min(1), fieldObject]);
var datasetMapping = external_exports.strictObject({
  /** Only rows where this holds feed the dataset (others are not this dataset's rows, not skipped). */
  when: condition.optional(),
  fields: external_exports.record(external_exports.string(), fieldMapping).default({})
});
var FILE_FORMATS = ["csv", "tsv", "parquet", "json"];
var csvOptions = external_exports.strictObject({
  delimiter: external_exports.string().length(1).optional(),
  quote: external_exports.string().length(1).optional(),
  header: external_exports.boolean().optional(),
  /** Lines to skip before the header. */
  skip: external_exports.number().int().min(0).optional(),
  encoding: external_exports.enum(["utf-8", "utf-16", "latin-1"]).optional()
});
var fileMapping = external_exports.strictObject({
  /** csv, tsv (csv with tabs), parquet or json; by default from the file's extension. */
  format: external_exports.enum(FILE_FORMATS, { message: `must be one of ${FILE_FORMATS.map((f) => `"${f}"`).join(", ")} (a tab-separated file is "tsv")` }).optional(),
  csv: csvOptions.optional(),
  /** Zone of local date-times without an offset (default: the top-level timeZone, then BOT_TIMEZONE). */
  timeZone: timeZone.optional(),
  datasets: external_exports.partialRecord(external_exports.enum(DATASET_IDS), datasetMapping)
});
var tableMapping = external_exports.union([
  external_exports.string().refine(isQualifiedName, { message: "must be a table name such as tickets or helpdesk.tickets" }),
  external_exports.strictObject({
    table: external_exports.string().refine(isQualifiedName, { message: "must be a table name such as tickets or helpdesk.tickets" }).optional(),
    /** Dataset field → column, where the names differ. */
    columns: external_exports.record(external_exports.string(), external_exports.string().refine(isPlainIdentifier, { message: "must be a column name (letters, digits, _)" })).optional()
  })
]);
var mappingSchema = external_exports.strictObject({
  $schema: external_exports.string().optional(),
  /** Zone of local date-times without an offset in every file (default BOT_TIMEZONE). */
  timeZone: timeZone.optional(),
  files: external_exports.record(external_exports.string().min(1), fileMapping).default({}),
  /** Postgres (DATA_URL): the table of each dataset, when it is not named after the dataset. */
  tables: external_exports.partialRecord(external_exports.enum(DATASET_IDS), tableMapping).optional()
});
var MAPPING_KEYS = {
  mapping: Object.keys(mappingSchema.shape),
  file: Object.keys(fileMapping.shape),
  csv: Object.keys(csvOptions.shape),
  dataset: Object.keys(datasetMapping.shape),
  field: Object.keys(fieldObject.shape),
  condition: Object.keys(condition.shape),
  plus: Object.keys(durationColumn.options[1].shape),
  table: Object.keys(tableMapping.options[1].shape)
};
function keyPath(path) {
  let out = "";
  for (const p of path) {
    if (typeof p === "number")
      out += `[${p}]`;
    else if (typeof p === "string" && /^[A-Za-z_$][\w$]*$/.test(p))
      out += out === "" ? p : `.${p}`;
    else
      out += `[${JSON.stringify(String(p))}]`;
  }
  return out || "(top level)";
}
function mappingError(message, hint) {
  return new UserError("config", message, hint ?? `Fix ${MAPPING_FILE} in DATA_DIR; the README section "Your own data" shows the format.`);
}
function flatten(issues, prefix = []) {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const branches = issue.errors.filter((b) => b.length > 0 && !(b.length === 1 && b[0].code === "invalid_type" && b[0].path.length === 0));
      if (branches.length === 1)
        return flatten(branches[0], path);
    }
    return [{ path, issue }];
  });
}
function keysAt(path) {
  const last = path.at(-1);
  if (path.length === 0)
    return MAPPING_KEYS.mapping;
  if (path.length === 2 && path[0] === "files")
    return MAPPING_KEYS.file;
  if (path.length === 2 && path[0] === "tables")
    return MAPPING_KEYS.table;
  if (last === "datasets" || path.length === 1 && last === "tables")
    return DATASET_IDS;
  if (last === "csv")
    return MAPPING_KEYS.csv;
  if (last === "when")
    return MAPPING_KEYS.condition;
  if (last === "plus")
    return MAPPING_KEYS.plus;
  if (path.at(-2) === "datasets")
    return MAPPING_KEYS.dataset;
  if (path.at(-2) === "fields")
    return MAPPING_KEYS.field;
  return void 0;
}
function unknownKeys(keys, path) {
  const known = keysAt(path);
  const hints = keys.map((k) => {
    if (path[0] === "files" && path.length === 2) {
      const csv = MAPPING_KEYS.csv.includes(k) ? k : suggest(k, MAPPING_KEYS.csv);
      if (csv !== void 0 && suggest(k, MAPPING_KEYS.file) === void 0)
        return `"${k}": CSV options go under "csv", e.g. "csv": { "${csv}": \u2026 }`;
    }
    const guess = known !== void 0 ? suggest(k, known) : void 0;
    return guess !== void 0 ? `"${k}": did you mean "${guess}"?` : `"${k}"`;
  });
  return `has unknown key${keys.length > 1 ? "s" : ""} ${hints.join(", ")}${known !== void 0 ? ` (${path.at(-1) === "datasets" || path.at(-1) === "tables" ? "datasets" : "keys here"}: ${known.join(", ")})` : ""}`;
}
function parseMapping(text, file = MAPPING_FILE) {
  let json;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw mappingError(`${file} is not valid JSON: ${e.message}`);
  }
  const parsed = mappingSchema.safeParse(json);
  if (!parsed.success) {
    const problems = flatten(parsed.error.issues).slice(0, 10).map(({ path, issue }) => {
      let message = issue.message;
      if (issue.code === "unrecognized_keys")
        message = unknownKeys(issue.keys, path);
      if (issue.code === "invalid_union")
        message = 'must be a name (text) or an object such as { "column": \u2026, "format": \u2026 }';
      return `${file}: ${keyPath(path)}: ${message}`;
    });
    throw mappingError(problems.join("\n"));
  }
  const mapping = parsed.data;
  for (const [name, f] of Object.entries(mapping.files)) {
    if (name.startsWith("/") || name.split(/[\\/]/).includes("..")) {
      throw mappingError(`${file}: files[${JSON.stringify(name)}]: must be a file inside DATA_DIR (no absolute path, no "..")`);
    }
    for (const [dataset, dm] of Object.entries(f.datasets)) {
      const spec = DATASETS[dataset];
      for (const [fieldName, fm] of Object.entries(dm.fields)) {
        const at = `${file}: ${keyPath(["files", name, "datasets", dataset, "fields", fieldName])}`;
        const fs = Object.hasOwn(spec.fields, fieldName) ? spec.fields[fieldName] : void 0;
        if (fs === void 0) {
          const guess = suggest(fieldName, Object.keys(spec.fields));
          throw mappingError(`${at}: ${dataset} has no field "${fieldName}"${guess ? `: did you mean "${guess}"?` : ""} (its fields: ${Object.keys(spec.fields).join(", ")})`);
        }
        if (typeof fm === "string")
          continue;
        const wrongType = (v) => v !== null && v !== "" && !(fs.type === "time" ? typeof v === "string" && Number.isFinite(Date.parse(v)) : typeof v === fs.type);
        const write = fs.type === "number" ? "a number without quotes, e.g. 0" : fs.type === "boolean" ? "true or false, without quotes" : fs.type === "time" ? 'an ISO 8601 text, e.g. "2026-11-02T09:00:00Z"' : "text";
        if (fm.value !== void 0 && wrongType(fm.value)) {
          throw mappingError(`${at}.value: ${JSON.stringify(fm.value)} is not a ${fs.type === "time" ? "date-time (ISO 8601)" : fs.type}: write ${write}, or null for empty`);
        }
        for (const [k, v] of Object.entries(fm.values ?? {})) {
          if (fs.type === "time")
            throw mappingError(`${at}.values: a value map cannot make a time; use "format" to read the column as a date-time`);
          if (wrongType(v))
            throw mappingError(`${at}.values[${JSON.stringify(k)}]: ${JSON.stringify(v)} is not a ${fs.type}: write ${write}, or null for empty`);
        }
        if (dataset === "surveys" && fieldName === "kind") {
          for (const [k, v] of [...fm.value !== void 0 ? [["value", fm.value]] : [], ...Object.entries(fm.values ?? {}).map(([k2, v2]) => [`values[${JSON.stringify(k2)}]`, v2])]) {
            if (v !== null && !SURVEY_KINDS.includes(String(v))) {
              throw mappingError(`${at}.${k}: ${JSON.stringify(v)} is not a survey kind: use ${SURVEY_KINDS.join(", ")} (csat: satisfaction, nps: 0\u201310 likelihood to recommend, ces: effort)`);
            }
          }
        }
        if (fm.concat !== void 0 && fs.type !== "string") {
          throw mappingError(`${at}.concat: joins text, but ${fieldName} is a ${fs.type}; use "column"`);
        }
        if ((fm.date !== void 0 || fm.field !== void 0) && fs.type !== "time") {
          throw mappingError(`${at}: "${fm.date !== void 0 ? "date" : "field"}" makes a time, but ${fieldName} is a ${fs.type}`);
        }
        if (fm.field !== void 0) {
          const other = Object.hasOwn(spec.fields, fm.field) ? spec.fields[fm.field] : void 0;
          if (other?.type !== "time" || fm.field === fieldName) {
            throw mappingError(`${at}.field: must name another time field of ${dataset} (${Object.entries(spec.fields).filter(([n, s]) => s.type === "time" && n !== fieldName).map(([n]) => n).join(", ")})`);
          }
        }
        if ((fm.duration !== void 0 || fm.range !== void 0) && fs.type !== "number") {
          throw mappingError(`${at}: "${fm.duration !== void 0 ? "duration" : "range"}" is for number fields; ${fieldName} is a ${fs.type}`);
        }
        if (fm.scale !== void 0) {
          if (dataset !== "surveys" || fieldName !== "score")
            throw mappingError(`${at}.scale: a scale belongs to the score of surveys`);
          if (dm.fields.scale_min !== void 0 || dm.fields.scale_max !== void 0) {
            throw mappingError(`${at}.scale: give either "scale" or the scale_min / scale_max fields, not both`);
          }
        }
        if (fm.format !== void 0 && fs.type !== "time")
          throw mappingError(`${at}.format: a date format is for time fields; ${fieldName} is a ${fs.type}`);
      }
    }
  }
  for (const [dataset, tm] of Object.entries(mapping.tables ?? {})) {
    if (typeof tm === "string")
      continue;
    for (const fieldName of Object.keys(tm.columns ?? {})) {
      if (!Object.hasOwn(DATASETS[dataset].fields, fieldName)) {
        throw mappingError(`${file}: ${keyPath(["tables", dataset, "columns", fieldName])}: ${dataset} has no field "${fieldName}" (its fields: ${Object.keys(DATASETS[dataset].fields).join(", ")})`);
      }
    }
  }
  return mapping;
}
async function loadMapping(dataDir) {
  let text;
  try {
    text = await readFile(join(dataDir, MAPPING_FILE), "utf8");
  } catch (e) {
    if (e.code === "ENOENT")
      return void 0;
    throw mappingError(`Cannot read ${join(dataDir, MAPPING_FILE)}: ${e.message}`);
  }
  return parseMapping(text);
}

export {
  quoteIdent,
  quoteQualified,
  quoteColumn,
  sqlString,
  sqlNumber,
  MAPPING_FILE,
  DURATIONS,
  EPOCH_FORMATS,
  toStrptime,
  hasOffset,
  SURVEY_KINDS,
  regexProblem,
  FILE_FORMATS,
  MAPPING_KEYS,
  keyPath,
  mappingError,
  parseMapping,
  loadMapping
};
