/**
 * MeasureQuery → ONE parameterized SQL statement that computes every measure
 * of the query in one pass over the dataset, group-by included, for DuckDB and
 * PostgreSQL alike (the differences live in dialect.ts).
 *
 * It follows the reference semantics of the memory connector exactly
 * (measures.ts, evaluate.ts, memory.ts):
 * - SQL's own three-valued logic is the reference's; a row counts when its
 *   condition is TRUE (`count(*) FILTER (WHERE …)`).
 * - Arithmetic is in double precision; `a / b` is `a / NULLIF(b, 0)`; a NaN in
 *   the data reads as NULL (`NULLIF(x, 'NaN')`).
 * - `seconds` is exact: whole microseconds (DuckDB) or an exact numeric epoch
 *   (PostgreSQL), rounded once to a double.
 * - Quantiles are `quantile_cont` / `percentile_cont` over doubles.
 * - Strings compare by code point (binary / "C" collation); filters compare
 *   lower(column) with lower(value); null never matches a filter.
 * - `localDay` is the calendar date in the query's zone (`timezone(zone, t)`).
 * - Groups: GROUPING SETS ((), (key)) gives the total and every group in the
 *   same pass; groups come back ordered by code unit, null last, a boolean
 *   key as "true"/"false". A group is there when one of its rows is counted
 *   by some measure (the reference's rule; see below).
 * - `keyedMoments` runs as a sub-select grouped by its key (and the group key)
 *   in the same statement; with a group-by it is joined onto the main pass's
 *   groups.
 *
 * No value is ever written into the text: filter values, bounds, numbers,
 * `eq` literals, the quantile fraction and the time zone are parameters.
 * Identifiers come from the Relation (the dataset spec and a validated
 * mapping), already quoted.
 *
 * When every measure has a condition, the WHERE clause also holds the OR of
 * the conditions, so the engine can skip the rows that no measure counts:
 * Parquet row groups, or whole ranges of an index. That is so with a group-by
 * too, because the reference makes a group only of rows some measure counts
 * (memory.ts); the OR then covers every measure, keyed ones included, as the
 * main pass's groups are the result's groups. (Without a group-by it covers
 * the main pass's measures; the keyed sub-selects filter on their own
 * condition.) Measures usually share their window, e.g. `kind = 'csat' AND
 * start ≤ submitted_at < end` in every one; both engines then take it out of
 * the OR as a common factor: DuckDB binds the values and pushes
 * `submitted_at >= … AND submitted_at < …` into the Parquet scan, PostgreSQL
 * (a custom plan, as for node-postgres's unnamed statements) makes it an index
 * range. Equal values being one parameter, a generic plan factors it too.
 * Measures over different windows (created_at and resolved_at) give a
 * BitmapOr of index ranges when each column has an index, else a full scan.
 *
 * @example
 * const q = compileMeasureQuery(query, relation, POSTGRES);
 * const { rows } = await pool.query(q.text, q.values);
 * q.decode(rows) // → { total: { answers: 42, … } }
 */
import type { FieldType } from "../../measures/datasets.ts";
import { unreachable, validateQuery, type Types } from "../../measures/validate.ts";
import type {
  Cond,
  Expr,
  Filter,
  Key,
  Measure,
  MeasureQuery,
  MeasureResult,
  MeasureValue,
  MeasureValues,
} from "../../measures/measures.ts";
import type { Dialect } from "./dialect.ts";
import { quoteIdent } from "./identifiers.ts";
import { checkPeriodsQuery, compareKeys, namesBound, sameRange, segmentsOf, withoutWindow, type PeriodsQuery } from "../periods.ts";

/** Where a dataset's rows are, as SQL. */
export interface Relation {
  /** The FROM item, quoted ("ds_tickets", "\"helpdesk\".\"tickets\""). */
  from: string;
  /** SQL of a field's stored value; null when the source has no such column (it reads as NULL). */
  column(field: string): string | null;
  /** A condition every row must meet to be used (the dataset's rules); none when the relation already applies it. */
  where?: string;
  /**
   * SQL of how many source rows each row of the relation stands for, when it
   * is pre-aggregated (a day rollup, duckdb/rollup.ts): counts and moments
   * are then weighted by it. Only counts and moments can be: the others need
   * the rows themselves.
   */
  weight?: string;
}

export interface CompiledQuery {
  text: string;
  values: unknown[];
  /** Turns the statement's result rows into the query's MeasureResult. */
  decode(rows: ReadonlyArray<Record<string, unknown>>): MeasureResult;
}

const TOKEN = /\u0000(\d+)\u0000/g;

/**
 * Parameters as tokens in the text, numbered (`$n`) or positional (`?`) when the statement is rendered.
 * Equal values of one type are one parameter, so equal conditions are equal text (`$2` wherever the
 * range starts): a planner that has not seen the values (a generic plan) can still factor them out.
 */
export class Params {
  private readonly values: unknown[] = [];
  private readonly ids = new Map<string, number>();
  constructor(private readonly dialect: Dialect) {}

  /**
   * A parameter holding `value`, cast to the SQL type of `type`; a literal where the dialect plans those
   * faster. `constant`: the value is the bot's own (a definition's), never a person's text.
   */
  add(value: unknown, type: FieldType, constant = false): string {
    const literal = this.dialect.inline(value, type, constant);
    if (literal !== null) return this.dialect.cast(literal, type);
    // -0 is its own value (1 / -0 is -Infinity), and String() would call it 0.
    const key = `${type}\u0000${typeof value}\u0000${Object.is(value, -0) ? "-0" : String(value)}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(key, id);
    }
    return this.dialect.cast(`\u0000${id}\u0000`, type);
  }

  /** The final text and values; a positional dialect gets a value per occurrence. */
  render(text: string): { text: string; values: unknown[] } {
    const positional = this.dialect.placeholder(1) === this.dialect.placeholder(2);
    const values: unknown[] = [];
    const numbers = new Map<number, number>();
    const out = text.replace(TOKEN, (_m, digits: string) => {
      const id = Number(digits);
      if (positional) {
        values.push(this.values[id]);
        return this.dialect.placeholder(values.length);
      }
      let n = numbers.get(id);
      if (n === undefined) {
        values.push(this.values[id]);
        n = values.length;
        numbers.set(id, n);
      }
      return this.dialect.placeholder(n);
    });
    return { text: out, values };
  }
}

/** Expressions, conditions, keys and filters of a validated query as SQL, typed as `types` says. */
export class SqlBuilder {
  constructor(
    private readonly types: Types,
    private readonly relation: Relation,
    readonly dialect: Dialect,
    readonly params: Params,
    private readonly env: { start: Date; end: Date; timeZone: string; bounds?: { start: string; end: string } },
  ) {}

  /** A field's value as SQL (numbers NaN-free doubles; an absent column NULL of the field's type). */
  field(name: string): string {
    const type = this.types.fieldType(name);
    const col = this.relation.column(name);
    const d = this.dialect;
    if (col === null) return d.cast("NULL", type);
    if (type === "number") return `NULLIF(${d.cast(col, "number")}, ${d.cast("'NaN'", "number")})`;
    return col;
  }

  expr(e: Expr): string {
    const d = this.dialect;
    if ("field" in e) return this.field(e.field);
    if ("num" in e) {
      // NaN is null in the reference; ±Infinity stays a double.
      const type = this.types.typeOf(e);
      return Number.isNaN(e.num) ? d.cast("NULL", type) : this.params.add(e.num, type);
    }
    if ("bound" in e) {
      // Over several periods, each row's own period's bound (a column of the period it is paired with).
      if (this.env.bounds) return this.env.bounds[e.bound];
      const at = e.bound === "start" ? this.env.start : this.env.end;
      return this.params.add(at.toISOString(), this.types.typeOf(e));
    }
    if ("op" in e) {
      const a = this.expr(e.a);
      const b = this.expr(e.b);
      switch (e.op) {
        case "+":
        case "-":
        case "*":
          return `(${a} ${e.op} ${b})`;
        case "/":
          return `(${a} / NULLIF(${b}, 0))`;
        default:
          return unreachable(e);
      }
    }
    if ("seconds" in e) return d.secondsBetween(this.expr(e.seconds.from), this.expr(e.seconds.to));
    if ("coalesce" in e) {
      const parts = e.coalesce.map((x) => this.expr(x));
      return parts.length === 1 ? parts[0]! : `COALESCE(${parts.join(", ")})`;
    }
    return unreachable(e);
  }

  cond(c: Cond): string {
    const d = this.dialect;
    if ("cmp" in c) {
      const a = this.expr(c.a);
      const b = this.expr(c.b);
      const op = { "<": "<", "<=": "<=", ">": ">", ">=": ">=", "=": "=", "!=": "<>" }[c.cmp];
      // Both sides are of one type (validated); strings compare by code point.
      if (this.types.typeOf(c.a) === "string") return `(${d.binary(a)} ${op} ${d.binary(b)})`;
      return `(${a} ${op} ${b})`;
    }
    if ("isNull" in c) return `(${this.field(c.isNull)} IS NULL)`;
    if ("notNull" in c) return `(${this.field(c.notNull)} IS NOT NULL)`;
    if ("eq" in c) {
      const value = c.value;
      const f = this.field(c.eq);
      // NaN equals nothing in the reference (SQL engines would say NaN = NaN).
      if (typeof value === "number" && Number.isNaN(value)) return `(CASE WHEN ${f} IS NULL THEN NULL ELSE ${d.false} END)`;
      // An `eq` value is a definition's (filters carry what a person typed).
      return `(${f} = ${this.params.add(value, this.types.fieldType(c.eq), true)})`;
    }
    if ("and" in c || "or" in c) {
      const isAnd = "and" in c;
      const list = isAnd ? c.and : c.or;
      if (list.length === 0) return isAnd ? d.true : d.false;
      const parts = list.map((x) => this.cond(x));
      return parts.length === 1 ? parts[0]! : `(${parts.join(isAnd ? " AND " : " OR ")})`;
    }
    if ("not" in c) return `(NOT ${this.cond(c.not)})`;
    return unreachable(c);
  }

  /** A distinct-count key: a field's value, or the local calendar day of a time field. */
  key(k: Key): string {
    if (typeof k === "string") return this.field(k);
    if (typeof k === "object" && k !== null && typeof k.localDay === "string") {
      return this.dialect.localDay(this.field(k.localDay), this.params.add(this.env.timeZone, "string"));
    }
    return unreachable(k);
  }

  /** The query's filters as one condition (never unknown for a counted row); null when there are none. */
  filters(filters: readonly Filter[]): string | null {
    if (filters.length === 0) return null;
    const d = this.dialect;
    const parts = filters.map((flt) => {
      const f = this.field(flt.field);
      const wanted = [...new Set(flt.values.map((v) => String(v).toLowerCase()))];
      if (this.types.fieldType(flt.field) === "boolean") {
        const t = wanted.includes("true");
        const fl = wanted.includes("false");
        if (t && fl) return `(${f} IS NOT NULL)`;
        if (t) return `(${f} = ${d.true})`;
        if (fl) return `(${f} = ${d.false})`;
        return d.false;
      }
      if (wanted.length === 0) return d.false;
      const list = wanted.map((v) => `lower(${this.params.add(v, "string")})`);
      return `(lower(${f}) IN (${list.join(", ")}))`;
    });
    return parts.length === 1 ? parts[0]! : `(${parts.join(" AND ")})`;
  }
}

/** How to read one measure's value back from a result row. */
type Reader = (row: Record<string, unknown> | undefined) => MeasureValue;

function toNumber(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string") return Number(v);
  return Number.NaN;
}
const count = (v: unknown): number => (v === null || v === undefined ? 0 : toNumber(v));
const sumOf = (v: unknown): number => (v === null || v === undefined ? 0 : toNumber(v));


function keyOf(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "boolean") return v ? "true" : "false";
  return String(v);
}

/** Compiles a query over `relation` into one statement for `dialect`. */
export function compileMeasureQuery(query: MeasureQuery, relation: Relation, dialect: Dialect): CompiledQuery {
  const { range, ...rest } = query;
  const one = { ...rest, ranges: [range] };
  checkPeriodsQuery(one);
  const compiled = compile(one, validateQuery(one), relation, dialect, null);
  return { text: compiled.text, values: compiled.values, decode: (rows) => compiled.decode(rows)[0]! };
}

/** A statement whose result rows hold every period's measures; decode gives one result per range. */
export interface CompiledPeriods {
  text: string;
  values: unknown[];
  decode(rows: ReadonlyArray<Record<string, unknown>>): MeasureResult[];
}

/**
 * Compiles a question over several ranges, every measure windowed on
 * `timeField` (periods.ts `windowOf`), into ONE statement: each row is put in
 * the segment of the ranges' bounds its time falls in (a CASE over the sorted
 * bounds, so a row is compared with a few bounds, not with every period),
 * joined on that segment to the periods containing it (a small VALUES list,
 * a hash join), and aggregated per period, `bound` being the period's own.
 *
 * @example
 * const q = compilePeriodsQuery({ ...query, ranges: [week, weekBefore] }, "submitted_at", relation, DUCKDB);
 * q.decode(await db.query(q.text, q.values)) // → [resultOfWeek, resultOfWeekBefore]
 */
export function compilePeriodsQuery(query: PeriodsQuery, timeField: string, relation: Relation, dialect: Dialect): CompiledPeriods {
  const types = validateQuery(query);
  checkPeriodsQuery(query);
  // Every row is paired only with periods its time falls in: the window conjuncts are true there, and
  // without them the rest of each condition is the period's alone, so it filters rows before the join.
  // Dropping conjuncts leaves every expression and field the validator typed.
  const measures = Object.fromEntries(Object.entries(query.measures).map(([name, m]) => [name, withoutWindow(m, timeField)]));
  return compile({ ...query, measures }, types, relation, dialect, timeField);
}

/** Compiles a checked question (`types` are its validator's) into one statement. */
function compile(query: PeriodsQuery, types: Types, relation: Relation, dialect: Dialect, timeField: string | null): CompiledPeriods {
  const { start, end } = query.ranges[0] ?? { start: new Date(0), end: new Date(0) };
  const params = new Params(dialect);
  const periods = timeField !== null;
  const b = new SqlBuilder(types, relation, dialect, params, {
    start,
    end,
    timeZone: query.timeZone,
    ...(periods ? { bounds: { start: '"_mp"."_mp_s"', end: '"_mp"."_mp_e"' } } : {}),
  });
  // Over several periods: FROM … JOIN the periods on the row's segment, and only rows within the outermost bounds.
  let from = relation.from;
  /** A row's period over several periods: a column of the period it is paired with, or of the row itself. */
  const period = '"_mp"."_mp_i"';
  const span: string[] = [];
  const nRanges = query.ranges.length;
  if (periods) {
    const { bounds, members } = segmentsOf(query.ranges);
    const tf = b.field(timeField);
    const at = (ms: number) => params.add(new Date(ms).toISOString(), "time");
    const whens = bounds.slice(1).map((hi, j) => `WHEN ${tf} < ${at(hi)} THEN ${j}`);
    const pairs = members.flatMap((rs, j) => rs.map((r) => `(${j}, ${r}, ${at(query.ranges[r]!.start.getTime())}, ${at(query.ranges[r]!.end.getTime())})`));
    const list = pairs.length > 0 ? pairs.join(", ") : `(-1, -1, ${dialect.cast("NULL", "time")}, ${dialect.cast("NULL", "time")})`;
    const segment = whens.length > 0 ? `(CASE ${whens.join(" ")} END)` : "NULL";
    span.push(bounds.length > 1 ? `(${tf} >= ${at(bounds[0]!)} AND ${tf} < ${at(bounds[bounds.length - 1]!)})` : dialect.false);
    if (members.every((rs) => rs.length <= 1) && !Object.values(query.measures).some(namesBound)) {
      // Periods that do not overlap, and conditions that no longer name a bound: the CASE gives each row
      // its period directly (no join); a row in a gap between periods has none and is left out.
      const direct = bounds.slice(1).map((hi, j) => `WHEN ${tf} < ${at(hi)} THEN ${members[j]![0] ?? "NULL"}`);
      const which = direct.length > 0 ? `(CASE ${direct.join(" ")} END)` : "CAST(NULL AS INTEGER)";
      from = `(SELECT *, ${which} AS "_mp_i" FROM ${relation.from}) AS "_mp"`;
      span.push(`${period} IS NOT NULL`);
    } else {
      from = `${relation.from} JOIN (VALUES ${list}) AS "_mp"("_mp_seg", "_mp_i", "_mp_s", "_mp_e") ON "_mp"."_mp_seg" = ${segment}`;
    }
  }
  // Over several periods every part is also grouped by the row's period ("_pi").
  const pi = (as = true) => (periods ? [`${period}${as ? ' AS "_pi"' : ""}`] : []);

  let group: string | null = null;
  if (query.groupBy !== undefined) group = b.field(query.groupBy);
  const filter = b.filters(query.filters ?? []);
  const base = [relation.where, filter, ...span].filter((x): x is string => x !== undefined && x !== null);

  const names = Object.keys(query.measures);
  const selects: string[] = [];
  /** The condition of each measure of the main pass, as SQL (null: none). */
  const conditions: Array<string | null> = [];
  /** The condition of every measure, keyed ones included (null: none). */
  const everyCondition: Array<string | null> = [];
  const keyed: Array<{ alias: string; sql: string }> = [];
  const readers: Reader[] = [];
  /** The output columns of the main pass's measures. */
  const columns: string[] = [];

  /** The rows each relation row stands for (a rollup), or null: one. */
  const w = relation.weight ?? null;
  /** Quantile measures by the values and rows they sort: one list of fractions each. */
  const quantiles = new Map<string, { alias: string; x: string; where: string | null; qs: string[] }>();
  // A first-only measure (periods.ts) counts a row only in the first period and those equal to it.
  const firstOnly = new Set(periods ? (query.firstOnly ?? []) : []);
  const firsts = query.ranges.flatMap((r, i) => (sameRange(r, query.ranges[0]!) ? [i] : []));
  const inFirst = `${period} ${firsts.length === 1 ? `= ${firsts[0]}` : `IN (${firsts.join(", ")})`}`;
  const wheres = names.map((name) => {
    const m = query.measures[name] as Measure;
    const where = m.where !== undefined ? b.cond(m.where) : null;
    if (!firstOnly.has(name)) return where;
    return where === null ? inFirst : `(${where}) AND ${inFirst}`;
  });
  // The main pass keeps only rows some measure counts (below): when every measure that decides that
  // has one and the same condition, the WHERE is that condition, and no aggregate filters by it again.
  const deciding = group === null ? wheres.filter((_, i) => (query.measures[names[i]!] as Measure).agg !== "keyedMoments") : wheres;
  const kept = deciding.length > 0 && deciding.every((c) => c !== null) && new Set(deciding).size === 1 ? deciding[0]! : null;
  names.forEach((name, i) => {
    const m = query.measures[name] as Measure;
    if (w !== null && m.agg !== "count" && m.agg !== "moments") throw new Error(`Measure "${name}" (${m.agg}) needs the rows themselves, not a rollup of them`);
    const alias = `m${i}`;
    const where = wheres[i]!;
    everyCondition.push(where);
    /** What the aggregate must still filter by itself. */
    const own = where === kept ? null : where;
    const filtered = (agg: string, extra: string[] = []) => {
      const conds = [...(own !== null ? [own] : []), ...extra];
      return conds.length === 0 ? agg : `${agg} FILTER (WHERE ${conds.join(" AND ")})`;
    };
    switch (m.agg) {
      case "count":
        selects.push(`${filtered(w === null ? "count(*)" : `sum(${w})`)} AS ${quoteIdent(alias)}`);
        columns.push(alias);
        conditions.push(where);
        readers.push((row) => count(row?.[alias]));
        return;
      case "moments": {
        const x = b.expr(m.of);
        selects.push(
          w === null
            ? `${filtered(`count(${x})`)} AS ${quoteIdent(`${alias}_n`)}`
            : `${filtered(`sum(${w})`, [`${x} IS NOT NULL`])} AS ${quoteIdent(`${alias}_n`)}`,
          `${filtered(w === null ? `sum(${x})` : `sum(${x} * ${w})`)} AS ${quoteIdent(`${alias}_s`)}`,
          `${filtered(w === null ? `sum(${x} * ${x})` : `sum(${x} * ${x} * ${w})`)} AS ${quoteIdent(`${alias}_q`)}`,
        );
        columns.push(`${alias}_n`, `${alias}_s`, `${alias}_q`);
        conditions.push(where);
        readers.push((row) => ({ n: count(row?.[`${alias}_n`]), sum: sumOf(row?.[`${alias}_s`]), sumSq: sumOf(row?.[`${alias}_q`]) }));
        return;
      }
      case "quantile": {
        // Quantiles of the same values over the same rows (a median and a 90th percentile) share one sort.
        const x = b.expr(m.of);
        const key = `${x}\u0000${where ?? ""}`;
        let shared = quantiles.get(key);
        if (shared === undefined) {
          shared = { alias, x, where: own, qs: [] };
          quantiles.set(key, shared);
          columns.push(alias);
        }
        const index = shared.qs.push(params.add(m.q, "number")) - 1;
        const column = shared.alias;
        conditions.push(where);
        readers.push((row) => {
          const list = row?.[column];
          const v = Array.isArray(list) ? list[index] : null;
          return v === null || v === undefined ? null : toNumber(v);
        });
        return;
      }
      case "distinct": {
        const keys = m.keys.map((k) => b.key(k));
        const value = keys.length === 1 ? keys[0]! : `ROW(${keys.join(", ")})`;
        selects.push(`${filtered(`count(DISTINCT ${value})`, keys.map((k) => `${k} IS NOT NULL`))} AS ${quoteIdent(alias)}`);
        columns.push(alias);
        conditions.push(where);
        readers.push((row) => count(row?.[alias]));
        return;
      }
      case "keyedMoments": {
        const key = b.key(m.key);
        const num = b.expr(m.num);
        const den = b.expr(m.den);
        const rowConds = [...(where !== null ? [where] : []), `${key} IS NOT NULL`, `${num} IS NOT NULL`, `${den} IS NOT NULL`];
        keyed.push({ alias, sql: keyedPart(alias, key, num, den, rowConds, group) });
        readers.push((row) => ({ n: count(row?.[`${alias}_n`]), sum: sumOf(row?.[`${alias}_s`]), sumSq: sumOf(row?.[`${alias}_q`]) }));
        return;
      }
      default:
        return unreachable(m);
    }
  });
  for (const q of quantiles.values()) selects.push(`${dialect.quantiles(q.x, q.qs, q.where)} AS ${quoteIdent(q.alias)}`);

  function keyedPart(alias: string, key: string, num: string, den: string, rowConds: string[], g: string | null): string {
    const where = [...base, ...rowConds].join(" AND ");
    const ratio = `sum(${num}) / NULLIF(sum(${den}), 0)`;
    const out = (r: string) =>
      `count(${r}) AS ${quoteIdent(`${alias}_n`)}, sum(${r}) AS ${quoteIdent(`${alias}_s`)}, sum(${r} * ${r}) AS ${quoteIdent(`${alias}_q`)}`;
    const outer = periods ? ['"_pi"'] : [];
    if (g === null) {
      return (
        `SELECT ${[...outer, out('"_r"')].join(", ")} FROM (SELECT ${[...pi(), `${ratio} AS "_r"`].join(", ")} FROM ${from} WHERE ${where} ` +
        `GROUP BY ${[...pi(false), key].join(", ")}) AS "_k"${periods ? ' GROUP BY "_pi"' : ""}`
      );
    }
    // Sums per (group, key) first, then per key over all groups and per (group, key): two
    // distinct columns, so GROUPING() tells the sets apart even when the key is the group field.
    const sets = [[...outer, '"_key"'], [...outer, '"_g"', '"_key"']].map((x) => `(${x.join(", ")})`).join(", ");
    return (
      `SELECT ${[...outer, '"_it" AS "_t"', '"_g"', out('"_r"')].join(", ")} FROM (` +
      `SELECT ${[...outer, 'GROUPING("_g") AS "_it"', '"_g"', 'sum("_sn") / NULLIF(sum("_sd"), 0) AS "_r"'].join(", ")} FROM (` +
      `SELECT ${[...pi(), `${g} AS "_g"`, `${key} AS "_key"`, `sum(${num}) AS "_sn"`, `sum(${den}) AS "_sd"`].join(", ")} FROM ${from} WHERE ${where} GROUP BY ${[...pi(false), g, key].join(", ")}` +
      `) AS "_pk" GROUP BY GROUPING SETS (${sets})) AS "_k" GROUP BY ${[...outer, '"_it"', '"_g"'].join(", ")}`
    );
  }

  // The main pass: every non-keyed measure, the total and (with a group-by) each group. Its rows
  // are those some measure counts: without a group-by, some measure of the pass; with one, some
  // measure at all, keyed ones included (that is when a group exists; the keyed parts join onto
  // the groups of this pass).
  const main: string[] = [...base];
  const counted = group === null ? conditions : everyCondition;
  if (counted.length > 0 && counted.every((c) => c !== null)) {
    const arms = [...new Set(counted)];
    main.push(arms.length === 1 ? arms[0]! : `(${arms.join(" OR ")})`);
  }
  const mainWhere = main.length > 0 ? ` WHERE ${main.join(" AND ")}` : "";
  const keyedColumns = (i: number, k: { alias: string }) => ["n", "s", "q"].map((x) => `"_p${i + 1}".${quoteIdent(`${k.alias}_${x}`)}`);
  let text: string;
  if (group === null && !periods) {
    const parts = selects.length > 0 ? [`SELECT ${selects.join(", ")} FROM ${from}${mainWhere}`] : [];
    parts.push(...keyed.map((k) => k.sql));
    text = parts.length === 0 ? "SELECT 1 AS \"_one\"" : parts.length === 1 ? parts[0]! : `SELECT * FROM ${parts.map((p, i) => `(${p}) AS "_p${i}"`).join(" CROSS JOIN ")}`;
  } else if (group === null) {
    // A row per period, each part's figures joined on (a period no row falls in reads as no rows).
    const driver = `(VALUES ${Array.from({ length: nRanges }, (_, i) => `(${i})`).join(", ")}) AS "_d"("_pi")`;
    const mainSql = selects.length > 0 ? `SELECT ${[...pi(), ...selects].join(", ")} FROM ${from}${mainWhere} GROUP BY ${period}` : null;
    const cols = [
      '"_d"."_pi" AS "_pi"',
      ...(mainSql !== null ? columns.map((c) => `"_p0".${quoteIdent(c)}`) : []),
      ...keyed.flatMap((k, i) => keyedColumns(i, k)),
    ];
    const joins = [
      ...(mainSql !== null ? [` LEFT JOIN (${mainSql}) AS "_p0" ON "_p0"."_pi" = "_d"."_pi"`] : []),
      ...keyed.map((k, i) => ` LEFT JOIN (${k.sql}) AS "_p${i + 1}" ON "_p${i + 1}"."_pi" = "_d"."_pi"`),
    ];
    text = `SELECT ${cols.join(", ")} FROM ${driver}${joins.join("")}`;
  } else {
    const sets = periods ? `(${period}), (${period}, ${group})` : `(), (${group})`;
    const head = [...pi(), `GROUPING(${group}) AS "_t"`, `${group} AS "_g"`, ...(selects.length > 0 ? selects : ['count(*) AS "_n"'])];
    const mainSql = `SELECT ${head.join(", ")} FROM ${from}${mainWhere} GROUP BY GROUPING SETS (${sets})`;
    if (keyed.length === 0) text = mainSql;
    else {
      const samePeriod = (i: number) => (periods ? ` AND "_p${i + 1}"."_pi" = "_p0"."_pi"` : "");
      const joins = keyed
        .map((k, i) => ` LEFT JOIN (${k.sql}) AS "_p${i + 1}" ON "_p${i + 1}"."_t" = "_p0"."_t" AND "_p${i + 1}"."_g" IS NOT DISTINCT FROM "_p0"."_g"${samePeriod(i)}`)
        .join("");
      text = `SELECT "_p0".*, ${keyed.flatMap((k, i) => keyedColumns(i, k)).join(", ")} FROM (${mainSql}) AS "_p0"${joins}`;
    }
  }

  const rendered = params.render(text);
  const valuesOf = (row: Record<string, unknown> | undefined): MeasureValues => {
    const out: MeasureValues = {};
    names.forEach((name, i) => {
      out[name] = readers[i]!(row);
    });
    return out;
  };
  const decodeOne = (rows: ReadonlyArray<Record<string, unknown>>): MeasureResult => {
    if (group === null) return { total: valuesOf(rows[0]) };
    const total = rows.find((r) => toNumber(r["_t"]) === 1);
    const groups = rows
      .filter((r) => toNumber(r["_t"]) === 0)
      .map((r) => ({ key: keyOf(r["_g"]), values: valuesOf(r) }))
      .sort((x, y) => compareKeys(x.key, y.key));
    return { total: valuesOf(total), groups };
  };
  return {
    text: rendered.text,
    values: rendered.values,
    decode(rows) {
      if (!periods) return [decodeOne(rows)];
      const per: Array<Array<Record<string, unknown>>> = Array.from({ length: nRanges }, () => []);
      for (const r of rows) per[toNumber(r["_pi"])]?.push(r);
      return per.map(decodeOne);
    },
  };
}
