/**
 * The one type checker of the measure language: a MeasureQuery is checked
 * against its dataset's schema (datasets.ts) once, before any engine sees it,
 * and every engine (the memory reference, the SQL compiler) relies on it
 * instead of repeating the checks. A violation is a programming error, not a
 * person's: it throws an Error naming the dataset and the field.
 *
 * The rules: every field exists; arithmetic takes numbers (a time is turned
 * into a number with `seconds`), `seconds` takes times; `coalesce` has
 * operands of one type; a comparison compares one type with itself; `eq`
 * compares a string, number or boolean field with a literal of that type;
 * `localDay` takes a time field and a known time zone; filters and group-by
 * take string or boolean fields; a quantile's fraction is in [0, 1]; a
 * distinct count has a key; the range is two valid instants.
 *
 * The types it decides are the only ones: both engines (evaluate.ts,
 * sql/compile.ts) compile from its result (`Types`), reading the type of an
 * expression or a named field from it; asking it about a node it did not
 * check throws.
 *
 * @example
 * const typed = validateQuery(query);
 * typed.typeOf(query.measures.score.of) // "number"
 * typed.fieldType("channel") // "string", when the query names channel
 */
import { isTimeZone } from "../periods/isTimeZone.ts";
import { DATASETS, type DatasetId, type FieldSpec, type FieldType } from "./datasets.ts";
import type { Cond, Expr, Filter, Key, MeasureQuery } from "./measures.ts";

/** A value as it appears in an error message about a malformed query. */
export function show(x: unknown): string {
  try {
    return JSON.stringify(x);
  } catch {
    return String(x);
  }
}

/** The schema of `name` in `dataset`; throws naming both when there is no such field. */
export function fieldSpec(dataset: DatasetId, name: string): FieldSpec {
  const spec = Object.hasOwn(DATASETS, dataset) ? DATASETS[dataset] : undefined;
  if (spec === undefined) throw new Error(`Unknown dataset "${String(dataset)}"`);
  const f = typeof name === "string" && Object.hasOwn(spec.fields, name) ? spec.fields[name] : undefined;
  if (f === undefined) {
    throw new Error(`Unknown field "${String(name)}" in dataset "${dataset}" (fields: ${Object.keys(spec.fields).join(", ")})`);
  }
  return f;
}

/** The types a check decided: of every expression it checked and every field named in what it checked. */
export interface Types {
  /** The type of an expression the check saw (that very node); throws for any other. */
  typeOf(e: Expr): FieldType;
  /** The type of a field the checked query or condition names; throws for any other. */
  fieldType(name: string): FieldType;
  /** Every field the checked query or condition names, with its type. */
  named(): ReadonlyMap<string, FieldType>;
}

/** A checked query, with the types of its expressions and fields. */
export interface TypedQuery<Q> extends Types {
  readonly query: Q;
}

/** The parts of a query both single-period and several-period questions have. */
type Checked = Omit<MeasureQuery, "range">;

/**
 * Checks `query` (see above) and gives the type of every expression in it
 * and of every field it names; throws the first violation.
 *
 * @example
 * validateQuery({ ...query, measures: { x: { agg: "moments", of: field("created_at") } } })
 * // throws: Expected a number for measure "x" on dataset "tickets", got a time: {"field":"created_at"} (use "seconds" …)
 */
export function validateQuery<Q extends Checked & { range?: MeasureQuery["range"] }>(query: Q): TypedQuery<Q> {
  const v = new Validator(query.dataset, query.timeZone);
  const r = query.range;
  if (r !== undefined && (!(r.start instanceof Date) || !(r.end instanceof Date) || !Number.isFinite(r.start.getTime()) || !Number.isFinite(r.end.getTime()))) {
    throw new Error(`Invalid query range on dataset "${query.dataset}"`);
  }
  if (query.groupBy !== undefined) {
    const t = v.field(query.groupBy);
    if (t !== "string" && t !== "boolean") {
      throw new Error(`Cannot group by ${t} field "${query.groupBy}" of dataset "${query.dataset}"`);
    }
  }
  v.filters(query.filters ?? []);
  for (const [name, m] of Object.entries(query.measures)) {
    if (typeof m !== "object" || m === null) throw new Error(`Malformed measure "${name}"`);
    if (m.where !== undefined) v.cond(m.where);
    switch (m.agg) {
      case "count":
        break;
      case "moments":
        v.typed(m.of, "number", `measure "${name}"`);
        break;
      case "quantile":
        if (typeof m.q !== "number" || !(m.q >= 0 && m.q <= 1)) {
          throw new Error(`Quantile of measure "${name}" must be between 0 and 1, got ${String(m.q)}`);
        }
        v.typed(m.of, "number", `measure "${name}"`);
        break;
      case "distinct":
        if (!Array.isArray(m.keys) || m.keys.length === 0) throw new Error(`Distinct measure "${name}" needs at least one key`);
        m.keys.forEach((k) => v.key(k));
        break;
      case "keyedMoments":
        v.key(m.key);
        v.typed(m.num, "number", `the numerator of measure "${name}"`);
        v.typed(m.den, "number", `the denominator of measure "${name}"`);
        break;
      default:
        throw new Error(`Unknown aggregate in measure "${name}": ${JSON.stringify(m)}`);
    }
  }
  return { query, ...v.decided() };
}

class Validator {
  private readonly types = new WeakMap<object, FieldType>();
  private readonly fields = new Map<string, FieldType>();
  constructor(
    private readonly dataset: DatasetId,
    private readonly timeZone: string,
  ) {}

  /** The types checked so far. */
  decided(): Types {
    return {
      typeOf: (e) => this.types.get(e as object) ?? unreachable(e),
      fieldType: (name) => this.fields.get(name) ?? unreachable(name),
      named: () => this.fields,
    };
  }

  /** The type of a field the query names (it must exist). */
  field(name: string): FieldType {
    const t = fieldSpec(this.dataset, name).type;
    this.fields.set(name, t);
    return t;
  }

  expr(e: Expr): FieldType {
    if (typeof e !== "object" || e === null) throw new Error(`Malformed expression ${show(e)} on dataset "${this.dataset}"`);
    const known = this.types.get(e);
    if (known !== undefined) return known;
    const t = this.check(e);
    this.types.set(e, t);
    return t;
  }

  private check(e: Expr): FieldType {
    if ("field" in e) return this.field(e.field);
    if ("num" in e) {
      if (typeof e.num !== "number") throw new Error(`Malformed number ${show(e)}`);
      return "number";
    }
    if ("bound" in e) {
      if (e.bound !== "start" && e.bound !== "end") throw new Error(`Malformed bound ${show(e)}`);
      return "time";
    }
    if ("op" in e) {
      this.typed(e.a, "number", `the left operand of "${e.op}"`);
      this.typed(e.b, "number", `the right operand of "${e.op}"`);
      if (!["+", "-", "*", "/"].includes(e.op)) throw new Error(`Unknown arithmetic operator in ${show(e)}`);
      return "number";
    }
    if ("seconds" in e) {
      this.typed(e.seconds.from, "time", "seconds.from");
      this.typed(e.seconds.to, "time", "seconds.to");
      return "number";
    }
    if ("coalesce" in e) {
      if (!Array.isArray(e.coalesce) || e.coalesce.length === 0) throw new Error(`coalesce needs at least one operand on dataset "${this.dataset}"`);
      const types = e.coalesce.map((x) => this.expr(x));
      for (const t of types) {
        if (t !== types[0]) throw new Error(`coalesce mixes ${types[0]} and ${t} on dataset "${this.dataset}": ${show(e)}`);
      }
      return types[0]!;
    }
    throw new Error(`Malformed expression ${show(e)} on dataset "${this.dataset}"`);
  }

  /** An expression that must be of type `want` (a time is not a number: use `seconds`). */
  typed(e: Expr, want: FieldType, where: string): void {
    const t = this.expr(e);
    if (t !== want) {
      throw new Error(
        `Expected a ${want} for ${where} on dataset "${this.dataset}", got a ${t}: ${show(e)}` +
          (t === "time" && want === "number" ? ' (use "seconds" to turn two times into a number)' : ""),
      );
    }
  }

  cond(c: Cond): void {
    if (typeof c !== "object" || c === null) throw new Error(`Malformed condition ${show(c)} on dataset "${this.dataset}"`);
    if ("cmp" in c) {
      const a = this.expr(c.a);
      const b = this.expr(c.b);
      if (a !== b) throw new Error(`Cannot compare a ${a} with a ${b} on dataset "${this.dataset}": ${show(c)}`);
      if (!["<", "<=", ">", ">=", "=", "!="].includes(c.cmp)) throw new Error(`Unknown comparison "${String(c.cmp)}" on dataset "${this.dataset}"`);
      return;
    }
    if ("isNull" in c) return void this.field(c.isNull);
    if ("notNull" in c) return void this.field(c.notNull);
    if ("eq" in c) {
      const t = this.field(c.eq);
      if (t === "time" || typeof c.value !== t) {
        throw new Error(`Cannot compare ${t} field "${c.eq}" of dataset "${this.dataset}" with ${typeof c.value} ${show(c.value)}`);
      }
      return;
    }
    if ("and" in c || "or" in c) {
      const list = "and" in c ? c.and : c.or;
      if (!Array.isArray(list)) throw new Error(`Malformed condition ${show(c)} on dataset "${this.dataset}"`);
      list.forEach((x) => this.cond(x));
      return;
    }
    if ("not" in c) return this.cond(c.not);
    throw new Error(`Malformed condition ${show(c)} on dataset "${this.dataset}"`);
  }

  key(k: Key): void {
    if (typeof k === "string") return void this.field(k);
    if (typeof k === "object" && k !== null && typeof k.localDay === "string") {
      const t = this.field(k.localDay);
      if (t !== "time") throw new Error(`localDay needs a time field; "${k.localDay}" of dataset "${this.dataset}" is a ${t}`);
      if (!isTimeZone(this.timeZone)) throw new Error(`Unknown time zone "${this.timeZone}"`);
      return;
    }
    throw new Error(`Malformed key ${show(k)} on dataset "${this.dataset}"`);
  }

  filters(filters: readonly Filter[]): void {
    for (const f of filters) {
      const t = this.field(f.field);
      if (t !== "string" && t !== "boolean") {
        throw new Error(`Cannot filter on ${t} field "${f.field}" of dataset "${this.dataset}": filters match text`);
      }
    }
  }
}

/** Checks one condition of `dataset` alone (as validateQuery checks a measure's) and gives the types in it. */
export function validateCond(dataset: DatasetId, c: Cond, timeZone = "UTC"): Types {
  const v = new Validator(dataset, timeZone);
  v.cond(c);
  return v.decided();
}

/** Checks one expression of `dataset` alone and gives the types in it. */
export function validateExpr(dataset: DatasetId, e: Expr): Types {
  const v = new Validator(dataset, "UTC");
  v.expr(e);
  return v.decided();
}

/** For the engines' exhaustive matches: a node validateQuery would have refused. */
export function unreachable(x: unknown): never {
  throw new Error(`Not a validated measure query: ${show(x)}`);
}
