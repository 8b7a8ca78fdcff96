/**
 * The expression compiler behind the memory connector: `Expr`, `Cond`, `Key`
 * and `Filter` (measures.ts) are compiled once per query into a program of
 * small vector operations over a columnar copy of the rows, run chunk by
 * chunk (never re-interpreting the AST per row). This file fixes the
 * REFERENCE semantics every SQL connector must match:
 *
 * - Three-valued logic (Kleene, as SQL): a condition is TRUE, FALSE or
 *   UNKNOWN. A comparison with a null operand is UNKNOWN; AND is the minimum
 *   and OR the maximum of FALSE < UNKNOWN < TRUE; NOT swaps TRUE and FALSE
 *   and keeps UNKNOWN. So NOT unknown = unknown, false AND unknown = false,
 *   true OR unknown = true. `isNull`/`notNull` are never unknown. A row is
 *   counted only when its condition is TRUE.
 * - Arithmetic with a null operand is null. Division by zero is null, as
 *   SQL's `a / NULLIF(b, 0)`. Arithmetic is IEEE double arithmetic: SQL
 *   connectors must compute in double precision (Postgres `1 / 2` on integers
 *   is 0). A NaN in the data is treated as null.
 * - `seconds` is (to − from) / 1000 on epoch-millisecond times; null if either
 *   is null. `bound` is the query range's start or end (epoch ms).
 * - `coalesce` returns its first non-null operand (null when all are null).
 * - `eq` compares a field to a literal exactly (null field → unknown).
 * - Comparisons need operands of one type: numbers and times compare
 *   numerically, booleans false < true, strings by UTF-16 code unit (SQL
 *   connectors: a binary / "C" collation).
 * - Types are validate.ts's: a program compiles only what the validator
 *   checked and typed (validateQuery's `Types`), reading each node's type
 *   from it. A type error or an unknown field throws there, naming the
 *   dataset and field (a programming error, not a user error).
 * - Filters: a row passes when, for every filter, its field's value
 *   lower-cased equals one of the filter's values lower-cased; null never
 *   matches. Filters apply to string fields, and to boolean fields as
 *   "true"/"false".
 * - A `{ localDay }` key is the calendar date of a time in the query's time
 *   zone (represented as a local day number; see `localDayNumber`).
 *
 * @example
 * evaluateCond("tickets", rows, { not: { cmp: ">", a: field("score"), b: num(3) } }, env)
 * // → [true, false, null, …] (null = unknown)
 */
import { tzOffset } from "@date-fns/tz";
import { DATASETS, type DatasetId, type FieldSpec, type Row } from "../measures/datasets.ts";
import { fieldSpec, show, unreachable, validateCond, validateExpr, type Types } from "../measures/validate.ts";
import type { Cond, Expr, Filter, Key } from "../measures/measures.ts";

/** Truth values as stored in truth vectors: ordered so that AND = min, OR = max. */
export const FALSE = 0;
export const UNKNOWN = 1;
export const TRUE = 2;

/** Rows per chunk: vectors are this long. */
export const CHUNK = 4096;

/** What a program may know beyond the rows: the query range (epoch ms) and time zone. */
export interface Env {
  start: number;
  end: number;
  timeZone: string;
}

// ---- columnar tables ---------------------------------------------------------

/**
 * A column: numbers, times (epoch ms) and booleans (0/1) as doubles with NaN
 * for null; strings dictionary-encoded (code −1 for null; the dictionary
 * holds each distinct string once).
 */
export type Column =
  | { kind: "num"; data: Float64Array }
  | { kind: "str"; codes: Int32Array; dict: string[] };

/** Rows of one dataset, with columns built on first use and kept. */
export class Table {
  readonly length: number;
  private readonly columns = new Map<string, Column>();

  constructor(
    readonly dataset: DatasetId,
    readonly rows: readonly Row[],
    /** A view of some rows of another table (take), whose columns are gathered from the other's. */
    private readonly view?: { parent: Table; index: Int32Array },
  ) {
    if (!Object.hasOwn(DATASETS, dataset)) throw new Error(`Unknown dataset "${String(dataset)}"`);
    this.length = view?.index.length ?? rows.length;
  }

  /**
   * The rows at `index` (ascending), as a table of their own; its columns are
   * gathered from this table's on first use.
   *
   * @example table.take(Int32Array.of(0, 5, 9)).length // 3
   */
  take(index: Int32Array): Table {
    return new Table(this.dataset, [], { parent: this, index });
  }

  column(name: string): Column {
    let col = this.columns.get(name);
    if (col === undefined) {
      col = this.view ? gather(this.view.parent.column(name), this.view.index) : this.build(name, fieldSpec(this.dataset, name));
      this.columns.set(name, col);
    }
    return col;
  }

  private build(name: string, spec: FieldSpec): Column {
    const rows = this.rows;
    const n = rows.length;
    const bad = (i: number, v: unknown): never => {
      throw new Error(
        `Dataset "${this.dataset}", row ${i}: field "${name}" should be a ${spec.type}, got ${JSON.stringify(v)}`,
      );
    };
    if (spec.type === "string") {
      const codes = new Int32Array(n);
      const dict: string[] = [];
      const index = new Map<string, number>();
      for (let i = 0; i < n; i++) {
        const v = rows[i]![name];
        if (v === null || v === undefined) {
          codes[i] = -1;
        } else if (typeof v === "string") {
          let c = index.get(v);
          if (c === undefined) {
            c = dict.length;
            dict.push(v);
            index.set(v, c);
          }
          codes[i] = c;
        } else bad(i, v);
      }
      return { kind: "str", codes, dict };
    }
    const data = new Float64Array(n);
    const want = spec.type === "boolean" ? "boolean" : "number";
    for (let i = 0; i < n; i++) {
      const v = rows[i]![name];
      if (v === null || v === undefined) data[i] = Number.NaN;
      else if (typeof v !== want) bad(i, v);
      else data[i] = typeof v === "boolean" ? (v ? 1 : 0) : (v as number);
    }
    return { kind: "num", data };
  }
}

/** The values of `col` at `index`. */
function gather(col: Column, index: Int32Array): Column {
  if (col.kind === "num") {
    const data = new Float64Array(index.length);
    for (let i = 0; i < index.length; i++) data[i] = col.data[index[i]!]!;
    return { kind: "num", data };
  }
  const codes = new Int32Array(index.length);
  for (let i = 0; i < index.length; i++) codes[i] = col.codes[index[i]!]!;
  return { kind: "str", codes, dict: col.dict };
}

// ---- programs ---------------------------------------------------------------

/** A numeric vector (number, time or boolean as 0/1; NaN = null). */
export interface NumNode {
  kind: "num";
  out: Float64Array;
}
/** A string vector (null = null). */
export interface StrNode {
  kind: "str";
  out: Array<string | null>;
}
/** A truth vector of FALSE / UNKNOWN / TRUE. */
export interface TruthNode {
  kind: "truth";
  out: Uint8Array;
}
export type ValueNode = NumNode | StrNode;

/** Runs one node over rows [from, from + len) of the table, into its `out`. */
type Runner = (from: number, len: number) => void;

/**
 * A compiled program over one table: compile expressions, conditions and
 * keys of a validated query (their types are `types`') into nodes (identical
 * sub-expressions are shared), then `run` each chunk and read the nodes'
 * `out` vectors (valid for the chunk just run).
 */
export class Program {
  private readonly runners: Runner[] = [];
  private readonly cache = new Map<string, ValueNode | TruthNode>();

  constructor(
    readonly table: Table,
    private readonly types: Types,
    readonly env: Env,
  ) {}

  /** Evaluates every node for rows [from, from + len); len ≤ CHUNK. */
  run(from: number, len: number): void {
    for (const r of this.runners) r(from, len);
  }

  private memo<T extends ValueNode | TruthNode>(key: string, make: () => T): T {
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit as T;
    const node = make();
    this.cache.set(key, node);
    return node;
  }

  private numNode(run: ((out: Float64Array) => Runner) | null): NumNode {
    const out = new Float64Array(CHUNK);
    if (run !== null) this.runners.push(run(out));
    return { kind: "num", out };
  }

  private truthNode(run: (out: Uint8Array) => Runner): TruthNode {
    const out = new Uint8Array(CHUNK);
    this.runners.push(run(out));
    return { kind: "truth", out };
  }

  // -- expressions --

  /** Compiles an expression. */
  expr(e: Expr): ValueNode {
    return this.memo("e" + show(e), () => this.compileExpr(e));
  }

  /** The values of an expression validated as a number, time or boolean. */
  numbers(e: Expr): Float64Array {
    return this.expr(e).out as Float64Array;
  }

  private compileExpr(e: Expr): ValueNode {
    if ("field" in e) return this.field(e.field);
    if ("num" in e) {
      const node = this.numNode(null);
      node.out.fill(e.num);
      return node;
    }
    if ("bound" in e) {
      const node = this.numNode(null);
      node.out.fill(e.bound === "start" ? this.env.start : this.env.end);
      return node;
    }
    if ("op" in e) {
      const a = this.numbers(e.a);
      const b = this.numbers(e.b);
      switch (e.op) {
        case "+":
          return this.numNode((o) => (_f, n) => {
            for (let j = 0; j < n; j++) o[j] = a[j]! + b[j]!;
          });
        case "-":
          return this.numNode((o) => (_f, n) => {
            for (let j = 0; j < n; j++) o[j] = a[j]! - b[j]!;
          });
        case "*":
          return this.numNode((o) => (_f, n) => {
            for (let j = 0; j < n; j++) o[j] = a[j]! * b[j]!;
          });
        case "/":
          // a / NULLIF(b, 0)
          return this.numNode((o) => (_f, n) => {
            for (let j = 0; j < n; j++) {
              const y = b[j]!;
              o[j] = y === 0 ? Number.NaN : a[j]! / y;
            }
          });
        default:
          return unreachable(e);
      }
    }
    if ("seconds" in e) {
      const from = this.numbers(e.seconds.from);
      const to = this.numbers(e.seconds.to);
      return this.numNode((o) => (_f, n) => {
        for (let j = 0; j < n; j++) o[j] = (to[j]! - from[j]!) / 1000;
      });
    }
    if ("coalesce" in e) {
      const parts = e.coalesce.map((x) => this.expr(x));
      if (parts.length === 1) return parts[0]!;
      if (this.types.typeOf(e) !== "string") {
        const ins = parts.map((p) => p.out as Float64Array);
        return this.numNode((o) => (_f, n) => {
          o.set(ins[0]!.subarray(0, n));
          for (let k = 1; k < ins.length; k++) {
            const v = ins[k]!;
            for (let j = 0; j < n; j++) if (o[j] !== o[j]) o[j] = v[j]!;
          }
        });
      }
      const ins = parts.map((p) => p.out as Array<string | null>);
      const out: Array<string | null> = new Array<string | null>(CHUNK).fill(null);
      this.runners.push((_f, n) => {
        for (let j = 0; j < n; j++) {
          let v: string | null = null;
          for (const a of ins) {
            v = a[j] ?? null;
            if (v !== null) break;
          }
          out[j] = v;
        }
      });
      return { kind: "str", out };
    }
    return unreachable(e);
  }

  /** A field's values, chunk by chunk. */
  field(name: string): ValueNode {
    return this.memo("f" + name, (): ValueNode => {
      const col = this.table.column(name);
      if (col.kind === "num") {
        const data = col.data;
        return this.numNode((o) => (f, n) => o.set(data.subarray(f, f + n)));
      }
      const { codes, dict } = col;
      const out: Array<string | null> = new Array<string | null>(CHUNK).fill(null);
      this.runners.push((f, n) => {
        for (let j = 0; j < n; j++) {
          const c = codes[f + j]!;
          out[j] = c < 0 ? null : dict[c]!;
        }
      });
      return { kind: "str", out };
    });
  }

  // -- conditions --

  /** Compiles a condition into a truth vector. */
  cond(c: Cond): TruthNode {
    return this.memo("c" + show(c), () => this.compileCond(c));
  }

  private compileCond(c: Cond): TruthNode {
    if ("cmp" in c) {
      // Both sides are of one type (validated): strings compare as strings, the others as numbers.
      const a = this.expr(c.a).out;
      const b = this.expr(c.b).out;
      return this.types.typeOf(c.a) === "string"
        ? this.cmpStr(c.cmp, a as Array<string | null>, b as Array<string | null>)
        : this.cmpNum(c.cmp, a as Float64Array, b as Float64Array);
    }
    if ("isNull" in c || "notNull" in c) {
      const isNull = "isNull" in c;
      const name = isNull ? c.isNull : c.notNull;
      const col = this.table.column(name);
      const yes = isNull ? TRUE : FALSE;
      const no = isNull ? FALSE : TRUE;
      if (col.kind === "num") {
        const data = col.data;
        return this.truthNode((o) => (f, n) => {
          for (let j = 0; j < n; j++) {
            const v = data[f + j]!;
            o[j] = v !== v ? yes : no;
          }
        });
      }
      const codes = col.codes;
      return this.truthNode((o) => (f, n) => {
        for (let j = 0; j < n; j++) o[j] = codes[f + j]! < 0 ? yes : no;
      });
    }
    if ("eq" in c) {
      const value = c.value;
      const col = this.table.column(c.eq);
      if (col.kind === "str") {
        const hit = col.dict.indexOf(value as string);
        const codes = col.codes;
        return this.truthNode((o) => (f, n) => {
          for (let j = 0; j < n; j++) {
            const k = codes[f + j]!;
            o[j] = k < 0 ? UNKNOWN : k === hit ? TRUE : FALSE;
          }
        });
      }
      const data = col.data;
      const want = typeof value === "boolean" ? (value ? 1 : 0) : (value as number);
      return this.truthNode((o) => (f, n) => {
        for (let j = 0; j < n; j++) {
          const v = data[f + j]!;
          o[j] = v !== v ? UNKNOWN : v === want ? TRUE : FALSE;
        }
      });
    }
    if ("and" in c || "or" in c) {
      const isAnd = "and" in c;
      const list = isAnd ? c.and : c.or;
      const parts = list.map((x) => this.cond(x).out);
      if (parts.length === 1) return { kind: "truth", out: parts[0]! };
      if (parts.length === 0) {
        const out = new Uint8Array(CHUNK).fill(isAnd ? TRUE : FALSE);
        return { kind: "truth", out };
      }
      if (parts.length === 2) {
        const [a, b] = parts as [Uint8Array, Uint8Array];
        return this.truthNode((o) =>
          isAnd
            ? (_f, n) => {
                for (let j = 0; j < n; j++) {
                  const x = a[j]!;
                  const y = b[j]!;
                  o[j] = x < y ? x : y;
                }
              }
            : (_f, n) => {
                for (let j = 0; j < n; j++) {
                  const x = a[j]!;
                  const y = b[j]!;
                  o[j] = x > y ? x : y;
                }
              },
        );
      }
      return this.truthNode((o) => (_f, n) => {
        o.set(parts[0]!.subarray(0, n));
        for (let k = 1; k < parts.length; k++) {
          const p = parts[k]!;
          if (isAnd) {
            for (let j = 0; j < n; j++) if (p[j]! < o[j]!) o[j] = p[j]!;
          } else {
            for (let j = 0; j < n; j++) if (p[j]! > o[j]!) o[j] = p[j]!;
          }
        }
      });
    }
    if ("not" in c) {
      const a = this.cond(c.not).out;
      return this.truthNode((o) => (_f, n) => {
        for (let j = 0; j < n; j++) o[j] = TRUE - a[j]!;
      });
    }
    return unreachable(c);
  }

  private cmpNum(op: string, a: Float64Array, b: Float64Array): TruthNode {
    // NaN (null) on either side → UNKNOWN; `x !== x` is the NaN test.
    switch (op) {
      case "<":
        return this.truthNode((o) => (_f, n) => {
          for (let j = 0; j < n; j++) {
            const x = a[j]!;
            const y = b[j]!;
            o[j] = x !== x || y !== y ? UNKNOWN : x < y ? TRUE : FALSE;
          }
        });
      case "<=":
        return this.truthNode((o) => (_f, n) => {
          for (let j = 0; j < n; j++) {
            const x = a[j]!;
            const y = b[j]!;
            o[j] = x !== x || y !== y ? UNKNOWN : x <= y ? TRUE : FALSE;
          }
        });
      case ">":
        return this.truthNode((o) => (_f, n) => {
          for (let j = 0; j < n; j++) {
            const x = a[j]!;
            const y = b[j]!;
            o[j] = x !== x || y !== y ? UNKNOWN : x > y ? TRUE : FALSE;
          }
        });
      case ">=":
        return this.truthNode((o) => (_f, n) => {
          for (let j = 0; j < n; j++) {
            const x = a[j]!;
            const y = b[j]!;
            o[j] = x !== x || y !== y ? UNKNOWN : x >= y ? TRUE : FALSE;
          }
        });
      case "=":
        return this.truthNode((o) => (_f, n) => {
          for (let j = 0; j < n; j++) {
            const x = a[j]!;
            const y = b[j]!;
            o[j] = x !== x || y !== y ? UNKNOWN : x === y ? TRUE : FALSE;
          }
        });
      case "!=":
        return this.truthNode((o) => (_f, n) => {
          for (let j = 0; j < n; j++) {
            const x = a[j]!;
            const y = b[j]!;
            o[j] = x !== x || y !== y ? UNKNOWN : x !== y ? TRUE : FALSE;
          }
        });
      default:
        return unreachable(op);
    }
  }

  private cmpStr(op: string, a: Array<string | null>, b: Array<string | null>): TruthNode {
    const test: (x: string, y: string) => boolean =
      op === "<"
        ? (x, y) => x < y
        : op === "<="
          ? (x, y) => x <= y
          : op === ">"
            ? (x, y) => x > y
            : op === ">="
              ? (x, y) => x >= y
              : op === "="
                ? (x, y) => x === y
                : op === "!="
                  ? (x, y) => x !== y
                  : unreachable(op);
    return this.truthNode((o) => (_f, n) => {
      for (let j = 0; j < n; j++) {
        const x = a[j] ?? null;
        const y = b[j] ?? null;
        o[j] = x === null || y === null ? UNKNOWN : test(x, y) ? TRUE : FALSE;
      }
    });
  }

  /** The query's filters as one truth vector (TRUE or FALSE, never UNKNOWN); null when there are none. */
  filters(filters: readonly Filter[]): TruthNode | null {
    if (filters.length === 0) return null;
    const parts = filters.map((flt) =>
      this.memo("w" + show([flt.field, flt.values]), (): TruthNode => {
        const wanted = new Set(flt.values.map((v) => String(v).toLowerCase()));
        const col = this.table.column(flt.field);
        if (col.kind === "str") {
          const match = Uint8Array.from(col.dict, (s) => (wanted.has(s.toLowerCase()) ? TRUE : FALSE));
          const codes = col.codes;
          return this.truthNode((o) => (f, n) => {
            for (let j = 0; j < n; j++) {
              const k = codes[f + j]!;
              o[j] = k < 0 ? FALSE : match[k]!;
            }
          });
        }
        const t = wanted.has("true") ? TRUE : FALSE;
        const fl = wanted.has("false") ? TRUE : FALSE;
        const data = col.data;
        return this.truthNode((o) => (f, n) => {
          for (let j = 0; j < n; j++) {
            const v = data[f + j]!;
            o[j] = v === 1 ? t : v === 0 ? fl : FALSE;
          }
        });
      }),
    );
    return this.andNodes(parts);
  }

  /** AND of truth vectors (the minimum). */
  andNodes(parts: readonly TruthNode[]): TruthNode {
    if (parts.length === 1) return parts[0]!;
    const ins = parts.map((p) => p.out);
    return this.truthNode((o) => (_f, n) => {
      o.set(ins[0]!.subarray(0, n));
      for (let k = 1; k < ins.length; k++) {
        const p = ins[k]!;
        for (let j = 0; j < n; j++) if (p[j]! < o[j]!) o[j] = p[j]!;
      }
    });
  }

  // -- keys --

  /**
   * A key as a numeric vector, NaN for null: a string field by its dictionary
   * code (equal codes ⇔ equal strings), a number or boolean field by value, a
   * `{ localDay }` key by local day number in the query's time zone.
   */
  key(k: Key): NumNode {
    return this.memo("k" + show(k), (): NumNode => {
      if (typeof k === "string") {
        const col = this.table.column(k);
        if (col.kind === "num") return this.field(k) as NumNode;
        const codes = col.codes;
        return this.numNode((o) => (f, n) => {
          for (let j = 0; j < n; j++) {
            const c = codes[f + j]!;
            o[j] = c < 0 ? Number.NaN : c;
          }
        });
      }
      if (typeof k === "object" && k !== null && typeof k.localDay === "string") {
        const t = this.field(k.localDay).out as Float64Array;
        const day = localDayNumber(this.env.timeZone);
        return this.numNode((o) => (_f, n) => {
          for (let j = 0; j < n; j++) {
            const v = t[j]!;
            o[j] = v !== v ? Number.NaN : day(v);
          }
        });
      }
      return unreachable(k);
    });
  }
}

// ---- row-level helpers ---------------------------------------------------------

/** A condition's truth per row: true, false or null (unknown). */
export function evaluateCond(dataset: DatasetId, rows: readonly Row[], cond: Cond, env: Env): Array<boolean | null> {
  const p = new Program(new Table(dataset, rows), validateCond(dataset, cond, env.timeZone), env);
  const node = p.cond(cond);
  const out: Array<boolean | null> = [];
  for (let from = 0; from < rows.length; from += CHUNK) {
    const n = Math.min(CHUNK, rows.length - from);
    p.run(from, n);
    for (let j = 0; j < n; j++) {
      const v = node.out[j]!;
      out.push(v === TRUE ? true : v === FALSE ? false : null);
    }
  }
  return out;
}

/** An expression's value per row (times as epoch ms, booleans as true/false, null for null). */
export function evaluateExpr(
  dataset: DatasetId,
  rows: readonly Row[],
  expr: Expr,
  env: Env,
): Array<string | number | boolean | null> {
  const types = validateExpr(dataset, expr);
  const p = new Program(new Table(dataset, rows), types, env);
  const node = p.expr(expr);
  const isBoolean = types.typeOf(expr) === "boolean";
  const out: Array<string | number | boolean | null> = [];
  for (let from = 0; from < rows.length; from += CHUNK) {
    const n = Math.min(CHUNK, rows.length - from);
    p.run(from, n);
    for (let j = 0; j < n; j++) {
      if (node.kind === "str") out.push(node.out[j] ?? null);
      else {
        const v = node.out[j]!;
        out.push(v !== v ? null : isBoolean ? v === 1 : v);
      }
    }
  }
  return out;
}

// ---- local days ----------------------------------------------------------------

const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * A function from an instant (epoch ms) to its local calendar day in
 * `timeZone`, as whole days since 1970-01-01 (local). Offsets are looked up
 * once per UTC hour and cached; an hour that contains an offset change is
 * resolved per instant, so transitions at any minute are exact.
 */
export function localDayNumber(timeZone: string): (ms: number) => number {
  const offsetAt = (ms: number): number => {
    const o = tzOffset(timeZone, new Date(ms));
    if (!Number.isFinite(o)) throw new Error(`Unknown time zone "${timeZone}"`);
    return o * 60_000;
  };
  offsetAt(0);
  // hour bucket → offset in ms, or NaN when the offset changes within the hour
  const cache = new Map<number, number>();
  let lastBucket = Number.NaN;
  let lastOffset = 0;
  return (ms) => {
    const bucket = Math.floor(ms / HOUR);
    let off: number;
    if (bucket === lastBucket) off = lastOffset;
    else {
      let cached = cache.get(bucket);
      if (cached === undefined) {
        const a = offsetAt(bucket * HOUR);
        const b = offsetAt(bucket * HOUR + HOUR - 1);
        cached = a === b ? a : Number.NaN;
        cache.set(bucket, cached);
      }
      lastBucket = bucket;
      lastOffset = off = cached;
    }
    if (off !== off) off = offsetAt(ms);
    return Math.floor((ms + off) / DAY);
  };
}

/** The calendar date (yyyy-MM-dd) of an instant in `timeZone`. */
export function localDate(ms: number, timeZone: string): string {
  return dayNumberToDate(localDayNumber(timeZone)(ms));
}

/** yyyy-MM-dd of a day number (days since 1970-01-01). */
export function dayNumberToDate(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}
