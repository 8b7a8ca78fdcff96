import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  quoteIdent,
  sqlString
} from "./chunk-OEDVJTH3.js";
import {
  isTimeZone
} from "./chunk-4VIX3REZ.js";
import {
  tzOffset
} from "./chunk-IJGJCVMD.js";
import {
  DATASETS
} from "./chunk-56SDGBO4.js";

// dist/src/connectors/duplicates.js
var DUPLICATE_ID = "duplicate id (the last row kept)";
function uniqueKeyOf(dataset) {
  return Object.hasOwn(DATASETS[dataset].fields, "id") ? "id" : void 0;
}

// dist/src/connectors/periods.js
function windowOf(dataset, m) {
  if (typeof m !== "object" || m === null || m.where === void 0)
    return null;
  const conjuncts = [];
  const flatten = (c) => {
    if (typeof c === "object" && c !== null && "and" in c && Array.isArray(c.and))
      c.and.forEach(flatten);
    else
      conjuncts.push(c);
  };
  flatten(m.where);
  const from = /* @__PURE__ */ new Set();
  const to = /* @__PURE__ */ new Set();
  for (const c of conjuncts) {
    if (typeof c !== "object" || c === null || !("cmp" in c))
      continue;
    const fieldOf = (e) => typeof e === "object" && e !== null && "field" in e && typeof e.field === "string" ? e.field : null;
    const boundOf = (e) => typeof e === "object" && e !== null && "bound" in e ? e.bound : null;
    const [fa, fb, ba, bb] = [fieldOf(c.a), fieldOf(c.b), boundOf(c.a), boundOf(c.b)];
    if (c.cmp === ">=" && fa !== null && bb === "start" || c.cmp === "<=" && ba === "start" && fb !== null)
      from.add(fa ?? fb);
    if (c.cmp === "<" && fa !== null && bb === "end" || c.cmp === ">" && ba === "end" && fb !== null)
      to.add(fa ?? fb);
  }
  const fields = DATASETS[dataset]?.fields ?? {};
  for (const f of from)
    if (to.has(f) && Object.hasOwn(fields, f) && fields[f].type === "time")
      return f;
  return null;
}
function withoutWindow(m, timeField) {
  if (m.where === void 0)
    return m;
  const conjuncts = [];
  const flatten = (c) => {
    if (typeof c === "object" && c !== null && "and" in c && Array.isArray(c.and))
      c.and.forEach(flatten);
    else
      conjuncts.push(c);
  };
  flatten(m.where);
  const isField = (e) => typeof e === "object" && e !== null && "field" in e && e.field === timeField;
  const isBound = (e, b) => typeof e === "object" && e !== null && "bound" in e && e.bound === b;
  const windowing = (c) => typeof c === "object" && c !== null && "cmp" in c && (c.cmp === ">=" && isField(c.a) && isBound(c.b, "start") || c.cmp === "<=" && isBound(c.a, "start") && isField(c.b) || c.cmp === "<" && isField(c.a) && isBound(c.b, "end") || c.cmp === ">" && isBound(c.a, "end") && isField(c.b));
  return { ...m, where: { and: conjuncts.filter((c) => !windowing(c)) } };
}
function emptyValue(m) {
  switch (m.agg) {
    case "count":
    case "distinct":
      return 0;
    case "quantile":
      return null;
    default:
      return { n: 0, sum: 0, sumSq: 0 };
  }
}
function segmentsOf(ranges) {
  const bounds = [...new Set(ranges.filter((r) => r.start < r.end).flatMap((r) => [r.start.getTime(), r.end.getTime()]))].sort((a, b) => a - b);
  const members = [];
  for (let j = 0; j + 1 < bounds.length; j++) {
    const [lo, hi] = [bounds[j], bounds[j + 1]];
    members.push(ranges.flatMap((r, i) => r.start.getTime() <= lo && hi <= r.end.getTime() ? [i] : []));
  }
  return { bounds, members };
}
function checkRanges(query) {
  for (const r of query.ranges) {
    if (!(r.start instanceof Date) || !(r.end instanceof Date) || !Number.isFinite(r.start.getTime()) || !Number.isFinite(r.end.getTime())) {
      throw new Error(`Invalid query range on dataset "${query.dataset}"`);
    }
  }
}
async function measurePeriods(query, engine) {
  const plan = planPeriods(query);
  return plan.assemble(await Promise.all(plan.parts.map((p) => p.bucketed ? engine.bucketed(p.query, p.timeField) : Promise.all(p.singles.map((q) => engine.single(q))))));
}
function measurePeriodsSync(query, engine) {
  const plan = planPeriods(query);
  return plan.assemble(plan.parts.map((p) => p.bucketed ? engine.bucketed(p.query, p.timeField) : p.singles.map((q) => engine.single(q))));
}
function planPeriods(query) {
  checkRanges(query);
  const keys = query.ranges.map((r) => `${r.start.getTime()}/${r.end.getTime()}`);
  const distinct = [...new Set(keys)];
  const ranges = distinct.map((k) => query.ranges[keys.indexOf(k)]);
  const byWindow = /* @__PURE__ */ new Map();
  for (const [name, m] of Object.entries(query.measures)) {
    const w = windowOf(query.dataset, m);
    byWindow.set(w, [...byWindow.get(w) ?? [], name]);
  }
  if (byWindow.size === 0)
    byWindow.set(null, []);
  const only = (names) => Object.fromEntries(names.map((n) => [n, query.measures[n]]));
  const { ranges: _all, ...rest } = query;
  const parts = [...byWindow].map(([timeField, names]) => {
    const measures = only(names);
    return {
      query: { ...rest, measures, ranges },
      timeField,
      bucketed: timeField !== null && ranges.length > 1,
      singles: ranges.map((range) => ({ ...rest, measures, range }))
    };
  });
  return {
    parts,
    assemble(results) {
      const merged = ranges.map((_, i) => mergeParts(results.map((r) => r[i]), parts.map((p) => p.query.measures), query.groupBy !== void 0));
      return keys.map((k) => merged[distinct.indexOf(k)]);
    }
  };
}
function mergeParts(results, measures, grouped) {
  if (results.length === 1)
    return results[0];
  const total = Object.assign({}, ...results.map((r) => r.total));
  if (!grouped)
    return { total };
  const keys = [...new Set(results.flatMap((r) => (r.groups ?? []).map((g) => g.key)))].sort(compareKeys);
  const groups = keys.map((key) => ({
    key,
    values: Object.assign({}, ...results.map((r, i) => {
      const hit = r.groups?.find((g) => g.key === key);
      return hit ? hit.values : Object.fromEntries(Object.entries(measures[i]).map(([n, m]) => [n, emptyValue(m)]));
    }))
  }));
  return { total, groups };
}
function compareKeys(a, b) {
  if (a === b)
    return 0;
  if (a === null)
    return 1;
  if (b === null)
    return -1;
  return a < b ? -1 : 1;
}

// dist/src/measures/validate.js
function show(x) {
  try {
    return JSON.stringify(x);
  } catch {
    return String(x);
  }
}
function fieldSpec(dataset, name) {
  const spec = Object.hasOwn(DATASETS, dataset) ? DATASETS[dataset] : void 0;
  if (spec === void 0)
    throw new Error(`Unknown dataset "${String(dataset)}"`);
  const f = typeof name === "string" && Object.hasOwn(spec.fields, name) ? spec.fields[name] : void 0;
  if (f === void 0) {
    throw new Error(`Unknown field "${String(name)}" in dataset "${dataset}" (fields: ${Object.keys(spec.fields).join(", ")})`);
  }
  return f;
}
function validateQuery(query) {
  const v = new Validator(query.dataset, query.timeZone);
  const r = query.range;
  if (r !== void 0 && (!(r.start instanceof Date) || !(r.end instanceof Date) || !Number.isFinite(r.start.getTime()) || !Number.isFinite(r.end.getTime()))) {
    throw new Error(`Invalid query range on dataset "${query.dataset}"`);
  }
  if (query.groupBy !== void 0) {
    const spec = fieldSpec(query.dataset, query.groupBy);
    if (spec.type !== "string" && spec.type !== "boolean") {
      throw new Error(`Cannot group by ${spec.type} field "${query.groupBy}" of dataset "${query.dataset}"`);
    }
  }
  v.filters(query.filters ?? []);
  for (const [name, m] of Object.entries(query.measures)) {
    if (typeof m !== "object" || m === null)
      throw new Error(`Malformed measure "${name}"`);
    if (m.where !== void 0)
      v.cond(m.where);
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
        if (!Array.isArray(m.keys) || m.keys.length === 0)
          throw new Error(`Distinct measure "${name}" needs at least one key`);
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
  return {
    query,
    typeOf: (e) => {
      const t = v.types.get(e);
      return t ?? v.expr(e);
    }
  };
}
var Validator = class {
  dataset;
  timeZone;
  types = /* @__PURE__ */ new WeakMap();
  constructor(dataset, timeZone) {
    this.dataset = dataset;
    this.timeZone = timeZone;
  }
  expr(e) {
    if (typeof e !== "object" || e === null)
      throw new Error(`Malformed expression ${show(e)} on dataset "${this.dataset}"`);
    const known = this.types.get(e);
    if (known !== void 0)
      return known;
    const t = this.check(e);
    this.types.set(e, t);
    return t;
  }
  check(e) {
    if ("field" in e)
      return fieldSpec(this.dataset, e.field).type;
    if ("num" in e) {
      if (typeof e.num !== "number")
        throw new Error(`Malformed number ${show(e)}`);
      return "number";
    }
    if ("bound" in e) {
      if (e.bound !== "start" && e.bound !== "end")
        throw new Error(`Malformed bound ${show(e)}`);
      return "time";
    }
    if ("op" in e) {
      this.typed(e.a, "number", `the left operand of "${e.op}"`);
      this.typed(e.b, "number", `the right operand of "${e.op}"`);
      if (!["+", "-", "*", "/"].includes(e.op))
        throw new Error(`Unknown arithmetic operator in ${show(e)}`);
      return "number";
    }
    if ("seconds" in e) {
      this.typed(e.seconds.from, "time", "seconds.from");
      this.typed(e.seconds.to, "time", "seconds.to");
      return "number";
    }
    if ("coalesce" in e) {
      if (!Array.isArray(e.coalesce) || e.coalesce.length === 0)
        throw new Error(`coalesce needs at least one operand on dataset "${this.dataset}"`);
      const types = e.coalesce.map((x) => this.expr(x));
      for (const t of types) {
        if (t !== types[0])
          throw new Error(`coalesce mixes ${types[0]} and ${t} on dataset "${this.dataset}": ${show(e)}`);
      }
      return types[0];
    }
    throw new Error(`Malformed expression ${show(e)} on dataset "${this.dataset}"`);
  }
  /** An expression that must be of type `want` (a time is not a number: use `seconds`). */
  typed(e, want, where) {
    const t = this.expr(e);
    if (t !== want) {
      throw new Error(`Expected a ${want} for ${where} on dataset "${this.dataset}", got a ${t}: ${show(e)}` + (t === "time" && want === "number" ? ' (use "seconds" to turn two times into a number)' : ""));
    }
  }
  cond(c) {
    if (typeof c !== "object" || c === null)
      throw new Error(`Malformed condition ${show(c)} on dataset "${this.dataset}"`);
    if ("cmp" in c) {
      const a = this.expr(c.a);
      const b = this.expr(c.b);
      if (a !== b)
        throw new Error(`Cannot compare a ${a} with a ${b} on dataset "${this.dataset}": ${show(c)}`);
      if (!["<", "<=", ">", ">=", "=", "!="].includes(c.cmp))
        throw new Error(`Unknown comparison "${String(c.cmp)}" on dataset "${this.dataset}"`);
      return;
    }
    if ("isNull" in c)
      return void fieldSpec(this.dataset, c.isNull);
    if ("notNull" in c)
      return void fieldSpec(this.dataset, c.notNull);
    if ("eq" in c) {
      const spec = fieldSpec(this.dataset, c.eq);
      if (spec.type === "time" || typeof c.value !== spec.type) {
        throw new Error(`Cannot compare ${spec.type} field "${c.eq}" of dataset "${this.dataset}" with ${typeof c.value} ${show(c.value)}`);
      }
      return;
    }
    if ("and" in c || "or" in c) {
      const list = "and" in c ? c.and : c.or;
      if (!Array.isArray(list))
        throw new Error(`Malformed condition ${show(c)} on dataset "${this.dataset}"`);
      list.forEach((x) => this.cond(x));
      return;
    }
    if ("not" in c)
      return this.cond(c.not);
    throw new Error(`Malformed condition ${show(c)} on dataset "${this.dataset}"`);
  }
  key(k) {
    if (typeof k === "string")
      return void fieldSpec(this.dataset, k);
    if (typeof k === "object" && k !== null && typeof k.localDay === "string") {
      const spec = fieldSpec(this.dataset, k.localDay);
      if (spec.type !== "time")
        throw new Error(`localDay needs a time field; "${k.localDay}" of dataset "${this.dataset}" is a ${spec.type}`);
      if (!isTimeZone(this.timeZone))
        throw new Error(`Unknown time zone "${this.timeZone}"`);
      return;
    }
    throw new Error(`Malformed key ${show(k)} on dataset "${this.dataset}"`);
  }
  filters(filters) {
    for (const f of filters) {
      const spec = fieldSpec(this.dataset, f.field);
      if (spec.type !== "string" && spec.type !== "boolean") {
        throw new Error(`Cannot filter on ${spec.type} field "${f.field}" of dataset "${this.dataset}": filters match text`);
      }
    }
  }
};
function unreachable(x) {
  throw new Error(`Not a validated measure query: ${show(x)}`);
}

// dist/src/connectors/evaluate.js
var FALSE = 0;
var UNKNOWN = 1;
var TRUE = 2;
var CHUNK = 4096;
var Table = class _Table {
  dataset;
  rows;
  view;
  length;
  columns = /* @__PURE__ */ new Map();
  constructor(dataset, rows, view) {
    this.dataset = dataset;
    this.rows = rows;
    this.view = view;
    if (!Object.hasOwn(DATASETS, dataset))
      throw new Error(`Unknown dataset "${String(dataset)}"`);
    this.length = view?.index.length ?? rows.length;
  }
  /**
   * The rows at `index` (ascending), as a table of their own; its columns are
   * gathered from this table's on first use.
   *
   * @example table.take(Int32Array.of(0, 5, 9)).length // 3
   */
  take(index) {
    return new _Table(this.dataset, [], { parent: this, index });
  }
  column(name) {
    let col = this.columns.get(name);
    if (col === void 0) {
      col = this.view ? gather(this.view.parent.column(name), this.view.index) : this.build(name, fieldSpec(this.dataset, name));
      this.columns.set(name, col);
    }
    return col;
  }
  build(name, spec) {
    const rows = this.rows;
    const n = rows.length;
    const bad = (i, v) => {
      throw new Error(`Dataset "${this.dataset}", row ${i}: field "${name}" should be a ${spec.type}, got ${JSON.stringify(v)}`);
    };
    if (spec.type === "string") {
      const codes = new Int32Array(n);
      const dict = [];
      const index = /* @__PURE__ */ new Map();
      for (let i = 0; i < n; i++) {
        const v = rows[i][name];
        if (v === null || v === void 0) {
          codes[i] = -1;
        } else if (typeof v === "string") {
          let c = index.get(v);
          if (c === void 0) {
            c = dict.length;
            dict.push(v);
            index.set(v, c);
          }
          codes[i] = c;
        } else
          bad(i, v);
      }
      return { kind: "str", codes, dict };
    }
    const data = new Float64Array(n);
    const want = spec.type === "boolean" ? "boolean" : "number";
    for (let i = 0; i < n; i++) {
      const v = rows[i][name];
      if (v === null || v === void 0)
        data[i] = Number.NaN;
      else if (typeof v !== want)
        bad(i, v);
      else
        data[i] = typeof v === "boolean" ? v ? 1 : 0 : v;
    }
    return { kind: "num", type: spec.type, data };
  }
};
function gather(col, index) {
  if (col.kind === "num") {
    const data = new Float64Array(index.length);
    for (let i = 0; i < index.length; i++)
      data[i] = col.data[index[i]];
    return { kind: "num", type: col.type, data };
  }
  const codes = new Int32Array(index.length);
  for (let i = 0; i < index.length; i++)
    codes[i] = col.codes[index[i]];
  return { kind: "str", codes, dict: col.dict };
}
var Program = class {
  table;
  env;
  runners = [];
  cache = /* @__PURE__ */ new Map();
  dataset;
  constructor(table, env) {
    this.table = table;
    this.env = env;
    this.dataset = table.dataset;
  }
  /** Evaluates every node for rows [from, from + len); len ≤ CHUNK. */
  run(from, len) {
    for (const r of this.runners)
      r(from, len);
  }
  memo(key, make) {
    const hit = this.cache.get(key);
    if (hit !== void 0)
      return hit;
    const node = make();
    this.cache.set(key, node);
    return node;
  }
  numNode(type, run) {
    const out = new Float64Array(CHUNK);
    if (run !== null)
      this.runners.push(run(out));
    return { kind: "num", type, out };
  }
  truthNode(run) {
    const out = new Uint8Array(CHUNK);
    this.runners.push(run(out));
    return { kind: "truth", out };
  }
  // -- expressions --
  /** Compiles an expression. */
  expr(e) {
    return this.memo("e" + show(e), () => this.compileExpr(e));
  }
  /** Compiles an expression that must be a number (a time is not: use `seconds`). */
  number(e, where = "expression") {
    return this.typed(e, "number", where);
  }
  /** An expression of type `want` (validateQuery checked it). */
  typed(e, _want, _where) {
    return this.expr(e);
  }
  compileExpr(e) {
    if ("field" in e)
      return this.field(e.field);
    if ("num" in e) {
      const node = this.numNode("number", null);
      node.out.fill(e.num);
      return node;
    }
    if ("bound" in e) {
      const node = this.numNode("time", null);
      node.out.fill(e.bound === "start" ? this.env.start : this.env.end);
      return node;
    }
    if ("op" in e) {
      const a = this.number(e.a, `the left operand of "${e.op}"`).out;
      const b = this.number(e.b, `the right operand of "${e.op}"`).out;
      switch (e.op) {
        case "+":
          return this.numNode("number", (o) => (_f, n) => {
            for (let j = 0; j < n; j++)
              o[j] = a[j] + b[j];
          });
        case "-":
          return this.numNode("number", (o) => (_f, n) => {
            for (let j = 0; j < n; j++)
              o[j] = a[j] - b[j];
          });
        case "*":
          return this.numNode("number", (o) => (_f, n) => {
            for (let j = 0; j < n; j++)
              o[j] = a[j] * b[j];
          });
        case "/":
          return this.numNode("number", (o) => (_f, n) => {
            for (let j = 0; j < n; j++) {
              const y = b[j];
              o[j] = y === 0 ? Number.NaN : a[j] / y;
            }
          });
        default:
          return unreachable(e);
      }
    }
    if ("seconds" in e) {
      const from = this.typed(e.seconds.from, "time", "seconds.from").out;
      const to = this.typed(e.seconds.to, "time", "seconds.to").out;
      return this.numNode("number", (o) => (_f, n) => {
        for (let j = 0; j < n; j++)
          o[j] = (to[j] - from[j]) / 1e3;
      });
    }
    if ("coalesce" in e) {
      const parts = e.coalesce.map((x) => this.expr(x));
      const first = parts[0];
      if (parts.length === 1)
        return first;
      if (first.kind === "num") {
        const ins2 = parts.map((p) => p.out);
        return this.numNode(first.type, (o) => (_f, n) => {
          o.set(ins2[0].subarray(0, n));
          for (let k = 1; k < ins2.length; k++) {
            const v = ins2[k];
            for (let j = 0; j < n; j++)
              if (o[j] !== o[j])
                o[j] = v[j];
          }
        });
      }
      const ins = parts.map((p) => p.out);
      const out = new Array(CHUNK).fill(null);
      this.runners.push((_f, n) => {
        for (let j = 0; j < n; j++) {
          let v = null;
          for (const a of ins) {
            v = a[j] ?? null;
            if (v !== null)
              break;
          }
          out[j] = v;
        }
      });
      return { kind: "str", type: "string", out };
    }
    return unreachable(e);
  }
  /** A field's values, chunk by chunk. */
  field(name) {
    return this.memo("f" + name, () => {
      const col = this.table.column(name);
      if (col.kind === "num") {
        const data = col.data;
        return this.numNode(col.type, (o) => (f, n) => o.set(data.subarray(f, f + n)));
      }
      const { codes, dict } = col;
      const out = new Array(CHUNK).fill(null);
      this.runners.push((f, n) => {
        for (let j = 0; j < n; j++) {
          const c = codes[f + j];
          out[j] = c < 0 ? null : dict[c];
        }
      });
      return { kind: "str", type: "string", out };
    });
  }
  // -- conditions --
  /** Compiles a condition into a truth vector. */
  cond(c) {
    return this.memo("c" + show(c), () => this.compileCond(c));
  }
  compileCond(c) {
    if ("cmp" in c) {
      const a = this.expr(c.a);
      const b = this.expr(c.b);
      return a.kind === "num" ? this.cmpNum(c.cmp, a.out, b.out) : this.cmpStr(c.cmp, a.out, b.out);
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
            const v = data[f + j];
            o[j] = v !== v ? yes : no;
          }
        });
      }
      const codes = col.codes;
      return this.truthNode((o) => (f, n) => {
        for (let j = 0; j < n; j++)
          o[j] = codes[f + j] < 0 ? yes : no;
      });
    }
    if ("eq" in c) {
      const value = c.value;
      const col = this.table.column(c.eq);
      if (col.kind === "str") {
        const hit = col.dict.indexOf(value);
        const codes = col.codes;
        return this.truthNode((o) => (f, n) => {
          for (let j = 0; j < n; j++) {
            const k = codes[f + j];
            o[j] = k < 0 ? UNKNOWN : k === hit ? TRUE : FALSE;
          }
        });
      }
      const data = col.data;
      const want = typeof value === "boolean" ? value ? 1 : 0 : value;
      return this.truthNode((o) => (f, n) => {
        for (let j = 0; j < n; j++) {
          const v = data[f + j];
          o[j] = v !== v ? UNKNOWN : v === want ? TRUE : FALSE;
        }
      });
    }
    if ("and" in c || "or" in c) {
      const isAnd = "and" in c;
      const list = isAnd ? c.and : c.or;
      const parts = list.map((x) => this.cond(x).out);
      if (parts.length === 1)
        return { kind: "truth", out: parts[0] };
      if (parts.length === 0) {
        const out = new Uint8Array(CHUNK).fill(isAnd ? TRUE : FALSE);
        return { kind: "truth", out };
      }
      if (parts.length === 2) {
        const [a, b] = parts;
        return this.truthNode((o) => isAnd ? (_f, n) => {
          for (let j = 0; j < n; j++) {
            const x = a[j];
            const y = b[j];
            o[j] = x < y ? x : y;
          }
        } : (_f, n) => {
          for (let j = 0; j < n; j++) {
            const x = a[j];
            const y = b[j];
            o[j] = x > y ? x : y;
          }
        });
      }
      return this.truthNode((o) => (_f, n) => {
        o.set(parts[0].subarray(0, n));
        for (let k = 1; k < parts.length; k++) {
          const p = parts[k];
          if (isAnd) {
            for (let j = 0; j < n; j++)
              if (p[j] < o[j])
                o[j] = p[j];
          } else {
            for (let j = 0; j < n; j++)
              if (p[j] > o[j])
                o[j] = p[j];
          }
        }
      });
    }
    if ("not" in c) {
      const a = this.cond(c.not).out;
      return this.truthNode((o) => (_f, n) => {
        for (let j = 0; j < n; j++)
          o[j] = TRUE - a[j];
      });
    }
    return unreachable(c);
  }
  cmpNum(op, a, b) {
    switch (op) {
      case "<":
        return this.truthNode((o) => (_f, n) => {
          for (let j = 0; j < n; j++) {
            const x = a[j];
            const y = b[j];
            o[j] = x !== x || y !== y ? UNKNOWN : x < y ? TRUE : FALSE;
          }
        });
      case "<=":
        return this.truthNode((o) => (_f, n) => {
          for (let j = 0; j < n; j++) {
            const x = a[j];
            const y = b[j];
            o[j] = x !== x || y !== y ? UNKNOWN : x <= y ? TRUE : FALSE;
          }
        });
      case ">":
        return this.truthNode((o) => (_f, n) => {
          for (let j = 0; j < n; j++) {
            const x = a[j];
            const y = b[j];
            o[j] = x !== x || y !== y ? UNKNOWN : x > y ? TRUE : FALSE;
          }
        });
      case ">=":
        return this.truthNode((o) => (_f, n) => {
          for (let j = 0; j < n; j++) {
            const x = a[j];
            const y = b[j];
            o[j] = x !== x || y !== y ? UNKNOWN : x >= y ? TRUE : FALSE;
          }
        });
      case "=":
        return this.truthNode((o) => (_f, n) => {
          for (let j = 0; j < n; j++) {
            const x = a[j];
            const y = b[j];
            o[j] = x !== x || y !== y ? UNKNOWN : x === y ? TRUE : FALSE;
          }
        });
      case "!=":
        return this.truthNode((o) => (_f, n) => {
          for (let j = 0; j < n; j++) {
            const x = a[j];
            const y = b[j];
            o[j] = x !== x || y !== y ? UNKNOWN : x !== y ? TRUE : FALSE;
          }
        });
      default:
        return unreachable(op);
    }
  }
  cmpStr(op, a, b) {
    const test = op === "<" ? (x, y) => x < y : op === "<=" ? (x, y) => x <= y : op === ">" ? (x, y) => x > y : op === ">=" ? (x, y) => x >= y : op === "=" ? (x, y) => x === y : op === "!=" ? (x, y) => x !== y : unreachable(op);
    return this.truthNode((o) => (_f, n) => {
      for (let j = 0; j < n; j++) {
        const x = a[j] ?? null;
        const y = b[j] ?? null;
        o[j] = x === null || y === null ? UNKNOWN : test(x, y) ? TRUE : FALSE;
      }
    });
  }
  /** The query's filters as one truth vector (TRUE or FALSE, never UNKNOWN); null when there are none. */
  filters(filters) {
    if (filters.length === 0)
      return null;
    const parts = filters.map((flt) => this.memo("w" + show([flt.field, flt.values]), () => {
      const wanted = new Set(flt.values.map((v) => String(v).toLowerCase()));
      const col = this.table.column(flt.field);
      if (col.kind === "str") {
        const match = Uint8Array.from(col.dict, (s) => wanted.has(s.toLowerCase()) ? TRUE : FALSE);
        const codes = col.codes;
        return this.truthNode((o) => (f, n) => {
          for (let j = 0; j < n; j++) {
            const k = codes[f + j];
            o[j] = k < 0 ? FALSE : match[k];
          }
        });
      }
      const t = wanted.has("true") ? TRUE : FALSE;
      const fl = wanted.has("false") ? TRUE : FALSE;
      const data = col.data;
      return this.truthNode((o) => (f, n) => {
        for (let j = 0; j < n; j++) {
          const v = data[f + j];
          o[j] = v === 1 ? t : v === 0 ? fl : FALSE;
        }
      });
    }));
    return this.andNodes(parts);
  }
  /** AND of truth vectors (the minimum). */
  andNodes(parts) {
    if (parts.length === 1)
      return parts[0];
    const ins = parts.map((p) => p.out);
    return this.truthNode((o) => (_f, n) => {
      o.set(ins[0].subarray(0, n));
      for (let k = 1; k < ins.length; k++) {
        const p = ins[k];
        for (let j = 0; j < n; j++)
          if (p[j] < o[j])
            o[j] = p[j];
      }
    });
  }
  // -- keys --
  /**
   * A key as a numeric vector, NaN for null: a string field by its dictionary
   * code (equal codes ⇔ equal strings), a number or boolean field by value, a
   * `{ localDay }` key by local day number in the query's time zone.
   */
  key(k) {
    return this.memo("k" + show(k), () => {
      if (typeof k === "string") {
        const col = this.table.column(k);
        if (col.kind === "num")
          return this.field(k);
        const codes = col.codes;
        return this.numNode("number", (o) => (f, n) => {
          for (let j = 0; j < n; j++) {
            const c = codes[f + j];
            o[j] = c < 0 ? Number.NaN : c;
          }
        });
      }
      if (typeof k === "object" && k !== null && typeof k.localDay === "string") {
        const t = this.field(k.localDay).out;
        const day = localDayNumber(this.env.timeZone);
        return this.numNode("number", (o) => (_f, n) => {
          for (let j = 0; j < n; j++) {
            const v = t[j];
            o[j] = v !== v ? Number.NaN : day(v);
          }
        });
      }
      return unreachable(k);
    });
  }
};
var HOUR = 36e5;
var DAY = 864e5;
function localDayNumber(timeZone) {
  const offsetAt = (ms) => {
    const o = tzOffset(timeZone, new Date(ms));
    if (!Number.isFinite(o))
      throw new Error(`Unknown time zone "${timeZone}"`);
    return o * 6e4;
  };
  offsetAt(0);
  const cache = /* @__PURE__ */ new Map();
  let lastBucket = Number.NaN;
  let lastOffset = 0;
  return (ms) => {
    const bucket = Math.floor(ms / HOUR);
    let off;
    if (bucket === lastBucket)
      off = lastOffset;
    else {
      let cached = cache.get(bucket);
      if (cached === void 0) {
        const a = offsetAt(bucket * HOUR);
        const b = offsetAt(bucket * HOUR + HOUR - 1);
        cached = a === b ? a : Number.NaN;
        cache.set(bucket, cached);
      }
      lastBucket = bucket;
      lastOffset = off = cached;
    }
    if (off !== off)
      off = offsetAt(ms);
    return Math.floor((ms + off) / DAY);
  };
}

// dist/src/connectors/memory.js
function computeMeasures(rows, query) {
  return runQuery(new Table(query.dataset, rows), query);
}
function computePeriods(rows, query) {
  return runPeriods(new Table(query.dataset, rows), query);
}
function runPeriods(table, query) {
  return measurePeriodsSync(query, {
    bucketed: (q, timeField) => bucketed(table, q, timeField),
    single: (q) => runQuery(table, q)
  });
}
function bucketed(table, query, timeField) {
  const { bounds, members } = segmentsOf(query.ranges);
  const rowsOf = query.ranges.map(() => []);
  const col = table.column(timeField);
  if (col.kind === "num" && bounds.length > 1) {
    const data = col.data;
    const first = bounds[0];
    const last = bounds[bounds.length - 1];
    for (let i = 0; i < data.length; i++) {
      const t = data[i];
      if (!(t >= first && t < last))
        continue;
      let lo = 0;
      let hi = bounds.length - 1;
      while (hi - lo > 1) {
        const mid = lo + hi >> 1;
        if (bounds[mid] <= t)
          lo = mid;
        else
          hi = mid;
      }
      for (const r of members[lo])
        rowsOf[r].push(i);
    }
  }
  const { ranges, ...rest } = query;
  return ranges.map((range, r) => runQuery(table.take(Int32Array.from(rowsOf[r])), { ...rest, range }));
}
function runQuery(table, query) {
  validateQuery(query);
  const start = query.range.start.getTime();
  const end = query.range.end.getTime();
  const program = new Program(table, { start, end, timeZone: query.timeZone });
  const filter = program.filters(query.filters ?? []);
  let slotsOf = null;
  let groupCount = 0;
  let labelOf = () => null;
  if (query.groupBy !== void 0) {
    const name = query.groupBy;
    const col = table.column(name);
    if (col.kind === "str") {
      const { codes, dict } = col;
      const nullSlot = dict.length;
      groupCount = nullSlot + 1;
      labelOf = (slot) => slot === nullSlot ? null : dict[slot];
      slotsOf = (from, n, out) => {
        for (let j = 0; j < n; j++) {
          const c = codes[from + j];
          out[j] = c < 0 ? nullSlot : c;
        }
      };
    } else {
      const data = col.data;
      groupCount = 3;
      labelOf = (slot) => slot === 0 ? "false" : slot === 1 ? "true" : null;
      slotsOf = (from, n, out) => {
        for (let j = 0; j < n; j++) {
          const v = data[from + j];
          out[j] = v === 0 ? 0 : v === 1 ? 1 : 2;
        }
      };
    }
  }
  const names = Object.keys(query.measures);
  const aggs = names.map((name) => compileMeasure(program, query.measures[name], filter, groupCount, name));
  let exists = null;
  if (slotsOf !== null) {
    const wheres = names.map((name) => query.measures[name].where);
    const any = names.length > 0 && wheres.every((w) => w !== void 0) ? program.cond({ or: wheres }) : null;
    const parts = [filter, any].filter((x) => x !== null);
    exists = parts.length === 0 ? null : program.andNodes(parts);
  }
  const slots = slotsOf !== null ? new Int32Array(CHUNK) : null;
  const seen = new Uint8Array(groupCount);
  const existsOut = exists?.out ?? null;
  for (let from = 0; from < table.length; from += CHUNK) {
    const n = Math.min(CHUNK, table.length - from);
    program.run(from, n);
    if (slotsOf !== null && slots !== null) {
      slotsOf(from, n, slots);
      for (let j = 0; j < n; j++)
        if (existsOut === null || existsOut[j] === TRUE)
          seen[slots[j]] = 1;
    }
    for (const a of aggs)
      a.consume(n, slots);
  }
  const values = (get) => {
    const out = {};
    names.forEach((name, i) => {
      out[name] = get(aggs[i]);
    });
    return out;
  };
  const result = { total: values((a) => a.total()) };
  if (slotsOf !== null) {
    const present = [];
    for (let slot = 0; slot < groupCount; slot++)
      if (seen[slot] === 1)
        present.push(slot);
    present.sort((a, b) => compareKeys2(labelOf(a), labelOf(b)));
    result.groups = present.map((slot) => ({ key: labelOf(slot), values: values((a) => a.group(slot)) }));
  }
  return result;
}
function compareKeys2(a, b) {
  if (a === b)
    return 0;
  if (a === null)
    return 1;
  if (b === null)
    return -1;
  return a < b ? -1 : 1;
}
function compileMeasure(p, m, filter, groups, name) {
  const conds = [];
  if (filter !== null)
    conds.push(filter);
  if (m.where !== void 0)
    conds.push(p.cond(m.where));
  const mask = conds.length === 0 ? null : p.andNodes(conds).out;
  const pass = (j) => mask === null || mask[j] === TRUE;
  switch (m.agg) {
    case "count": {
      let total = 0;
      const per = new Float64Array(groups);
      return {
        consume(n, slots) {
          if (mask === null) {
            total += n;
            if (slots !== null)
              for (let j = 0; j < n; j++)
                per[slots[j]]++;
          } else if (slots === null) {
            for (let j = 0; j < n; j++)
              if (mask[j] === TRUE)
                total++;
          } else {
            for (let j = 0; j < n; j++) {
              if (mask[j] === TRUE) {
                total++;
                per[slots[j]]++;
              }
            }
          }
        },
        total: () => total,
        group: (slot) => per[slot]
      };
    }
    case "moments": {
      const v = p.number(m.of, `measure "${name}"`).out;
      const t = { n: 0, sum: 0, sumSq: 0 };
      const gn = new Float64Array(groups);
      const gs = new Float64Array(groups);
      const gq = new Float64Array(groups);
      return {
        consume(n, slots) {
          for (let j = 0; j < n; j++) {
            if (!pass(j))
              continue;
            const x = v[j];
            if (x !== x)
              continue;
            t.n++;
            t.sum += x;
            t.sumSq += x * x;
            if (slots !== null) {
              const s = slots[j];
              gn[s]++;
              gs[s] += x;
              gq[s] += x * x;
            }
          }
        },
        total: () => ({ ...t }),
        group: (slot) => ({ n: gn[slot], sum: gs[slot], sumSq: gq[slot] })
      };
    }
    case "quantile": {
      const q = m.q;
      const v = p.number(m.of, `measure "${name}"`).out;
      const all = [];
      const per = [];
      return {
        consume(n, slots) {
          for (let j = 0; j < n; j++) {
            if (!pass(j))
              continue;
            const x = v[j];
            if (x !== x)
              continue;
            all.push(x);
            if (slots !== null)
              (per[slots[j]] ??= []).push(x);
          }
        },
        total: () => percentileCont(all, q),
        group: (slot) => percentileCont(per[slot] ?? [], q)
      };
    }
    case "distinct": {
      const parts = m.keys.map((k) => p.key(k).out);
      const all = /* @__PURE__ */ new Set();
      const per = [];
      const single = parts.length === 1 ? parts[0] : null;
      return {
        consume(n, slots) {
          for (let j = 0; j < n; j++) {
            if (!pass(j))
              continue;
            let key;
            if (single !== null) {
              key = single[j];
              if (key !== key)
                continue;
            } else {
              let s = "";
              let isNull = false;
              for (let k = 0; k < parts.length; k++) {
                const x = parts[k][j];
                if (x !== x) {
                  isNull = true;
                  break;
                }
                s += k === 0 ? String(x) : "|" + String(x);
              }
              if (isNull)
                continue;
              key = s;
            }
            all.add(key);
            if (slots !== null)
              (per[slots[j]] ??= /* @__PURE__ */ new Set()).add(key);
          }
        },
        total: () => all.size,
        group: (slot) => per[slot]?.size ?? 0
      };
    }
    case "keyedMoments": {
      const key = p.key(m.key).out;
      const num = p.number(m.num, `the numerator of measure "${name}"`).out;
      const den = p.number(m.den, `the denominator of measure "${name}"`).out;
      const all = /* @__PURE__ */ new Map();
      const per = [];
      const add = (map, k, x, y) => {
        const s = map.get(k);
        if (s === void 0)
          map.set(k, [x, y]);
        else {
          s[0] += x;
          s[1] += y;
        }
      };
      return {
        consume(n, slots) {
          for (let j = 0; j < n; j++) {
            if (!pass(j))
              continue;
            const k = key[j];
            const x = num[j];
            const y = den[j];
            if (k !== k || x !== x || y !== y)
              continue;
            add(all, k, x, y);
            if (slots !== null)
              add(per[slots[j]] ??= /* @__PURE__ */ new Map(), k, x, y);
          }
        },
        total: () => ratioMoments(all),
        group: (slot) => ratioMoments(per[slot] ?? /* @__PURE__ */ new Map())
      };
    }
    default:
      return unreachable(m);
  }
}
function ratioMoments(sums) {
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (const [x, y] of sums.values()) {
    if (y === 0)
      continue;
    const r = x / y;
    n++;
    sum += r;
    sumSq += r * r;
  }
  return { n, sum, sumSq };
}
function percentileCont(values, q) {
  const n = values.length;
  if (n === 0)
    return null;
  const sorted = Float64Array.from(values).sort();
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo];
  if (hi === lo)
    return a;
  return a + (pos - lo) * (sorted[hi] - a);
}

// dist/src/connectors/sql/compile.js
var TOKEN = /\u0000(\d+)\u0000/g;
var Params = class {
  dialect;
  values = [];
  ids = /* @__PURE__ */ new Map();
  constructor(dialect) {
    this.dialect = dialect;
  }
  /** A parameter holding `value`, cast to the SQL type of `type`. */
  add(value, type) {
    const key = `${type}\0${typeof value}\0${Object.is(value, -0) ? "-0" : String(value)}`;
    let id = this.ids.get(key);
    if (id === void 0) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(key, id);
    }
    return this.dialect.cast(`\0${id}\0`, type);
  }
  /** The final text and values; a positional dialect gets a value per occurrence. */
  render(text) {
    const positional = this.dialect.placeholder(1) === this.dialect.placeholder(2);
    const values = [];
    const numbers = /* @__PURE__ */ new Map();
    const out = text.replace(TOKEN, (_m, digits) => {
      const id = Number(digits);
      if (positional) {
        values.push(this.values[id]);
        return this.dialect.placeholder(values.length);
      }
      let n = numbers.get(id);
      if (n === void 0) {
        values.push(this.values[id]);
        n = values.length;
        numbers.set(id, n);
      }
      return this.dialect.placeholder(n);
    });
    return { text: out, values };
  }
};
var SqlBuilder = class {
  dataset;
  relation;
  dialect;
  params;
  env;
  constructor(dataset, relation, dialect, params, env) {
    this.dataset = dataset;
    this.relation = relation;
    this.dialect = dialect;
    this.params = params;
    this.env = env;
  }
  /** A field as a typed SQL value (numbers NaN-free doubles; absent columns NULL). */
  field(name) {
    const spec = fieldSpec(this.dataset, name);
    const col = this.relation.column(name);
    const d = this.dialect;
    if (col === null)
      return { sql: d.cast("NULL", spec.type), type: spec.type };
    if (spec.type === "number")
      return { sql: `NULLIF(${d.cast(col, "number")}, ${d.cast("'NaN'", "number")})`, type: "number" };
    return { sql: col, type: spec.type };
  }
  expr(e) {
    const d = this.dialect;
    if ("field" in e)
      return this.field(e.field);
    if ("num" in e) {
      return { sql: Number.isNaN(e.num) ? d.cast("NULL", "number") : this.params.add(e.num, "number"), type: "number" };
    }
    if ("bound" in e) {
      if (this.env.bounds)
        return { sql: this.env.bounds[e.bound], type: "time" };
      const at = e.bound === "start" ? this.env.start : this.env.end;
      return { sql: this.params.add(at.toISOString(), "time"), type: "time" };
    }
    if ("op" in e) {
      const a = this.number(e.a, `the left operand of "${e.op}"`);
      const b = this.number(e.b, `the right operand of "${e.op}"`);
      switch (e.op) {
        case "+":
        case "-":
        case "*":
          return { sql: `(${a} ${e.op} ${b})`, type: "number" };
        case "/":
          return { sql: `(${a} / NULLIF(${b}, 0))`, type: "number" };
        default:
          return unreachable(e);
      }
    }
    if ("seconds" in e) {
      const from = this.typed(e.seconds.from, "time", "seconds.from");
      const to = this.typed(e.seconds.to, "time", "seconds.to");
      return { sql: d.secondsBetween(from, to), type: "number" };
    }
    if ("coalesce" in e) {
      const parts = e.coalesce.map((x) => this.expr(x));
      const first = parts[0];
      if (parts.length === 1)
        return first;
      return { sql: `COALESCE(${parts.map((p) => p.sql).join(", ")})`, type: first.type };
    }
    return unreachable(e);
  }
  /** An expression that must be a number (a time is not: use `seconds`). */
  number(e, where = "expression") {
    return this.typed(e, "number", where);
  }
  /** An expression of type `want` (validateQuery checked it). */
  typed(e, _want, _where) {
    return this.expr(e).sql;
  }
  cond(c) {
    const d = this.dialect;
    if ("cmp" in c) {
      const a = this.expr(c.a);
      const b = this.expr(c.b);
      const op = { "<": "<", "<=": "<=", ">": ">", ">=": ">=", "=": "=", "!=": "<>" }[c.cmp];
      if (a.type === "string")
        return `(${d.binary(a.sql)} ${op} ${d.binary(b.sql)})`;
      return `(${a.sql} ${op} ${b.sql})`;
    }
    if ("isNull" in c)
      return `(${this.field(c.isNull).sql} IS NULL)`;
    if ("notNull" in c)
      return `(${this.field(c.notNull).sql} IS NOT NULL)`;
    if ("eq" in c) {
      const spec = fieldSpec(this.dataset, c.eq);
      const value = c.value;
      const f = this.field(c.eq).sql;
      if (typeof value === "number" && Number.isNaN(value))
        return `(CASE WHEN ${f} IS NULL THEN NULL ELSE ${d.false} END)`;
      return `(${f} = ${this.params.add(value, spec.type)})`;
    }
    if ("and" in c || "or" in c) {
      const isAnd = "and" in c;
      const list = isAnd ? c.and : c.or;
      if (list.length === 0)
        return isAnd ? d.true : d.false;
      const parts = list.map((x) => this.cond(x));
      return parts.length === 1 ? parts[0] : `(${parts.join(isAnd ? " AND " : " OR ")})`;
    }
    if ("not" in c)
      return `(NOT ${this.cond(c.not)})`;
    return unreachable(c);
  }
  /** A distinct-count key: a field's value, or the local calendar day of a time field. */
  key(k) {
    if (typeof k === "string")
      return this.field(k).sql;
    if (typeof k === "object" && k !== null && typeof k.localDay === "string") {
      return this.dialect.localDay(this.field(k.localDay).sql, this.params.add(this.env.timeZone, "string"));
    }
    return unreachable(k);
  }
  /** The query's filters as one condition (never unknown for a counted row); null when there are none. */
  filters(filters) {
    if (filters.length === 0)
      return null;
    const d = this.dialect;
    const parts = filters.map((flt) => {
      const spec = fieldSpec(this.dataset, flt.field);
      const f = this.field(flt.field).sql;
      const wanted = [...new Set(flt.values.map((v) => String(v).toLowerCase()))];
      if (spec.type === "boolean") {
        const t = wanted.includes("true");
        const fl = wanted.includes("false");
        if (t && fl)
          return `(${f} IS NOT NULL)`;
        if (t)
          return `(${f} = ${d.true})`;
        if (fl)
          return `(${f} = ${d.false})`;
        return d.false;
      }
      if (wanted.length === 0)
        return d.false;
      const list = wanted.map((v) => `lower(${this.params.add(v, "string")})`);
      return `(lower(${f}) IN (${list.join(", ")}))`;
    });
    return parts.length === 1 ? parts[0] : `(${parts.join(" AND ")})`;
  }
};
function toNumber(v) {
  if (typeof v === "number")
    return v;
  if (typeof v === "bigint")
    return Number(v);
  if (typeof v === "string")
    return Number(v);
  return Number.NaN;
}
var count = (v) => v === null || v === void 0 ? 0 : toNumber(v);
var sumOf = (v) => v === null || v === void 0 ? 0 : toNumber(v);
function keyOf(v) {
  if (v === null || v === void 0)
    return null;
  if (typeof v === "boolean")
    return v ? "true" : "false";
  return String(v);
}
function compileMeasureQuery(query, relation, dialect) {
  const { range, ...rest } = query;
  const compiled = compile({ ...rest, ranges: [range] }, relation, dialect, null);
  return { text: compiled.text, values: compiled.values, decode: (rows) => compiled.decode(rows)[0] };
}
function compilePeriodsQuery(query, timeField, relation, dialect) {
  validateQuery(query);
  const measures = Object.fromEntries(Object.entries(query.measures).map(([name, m]) => [name, withoutWindow(m, timeField)]));
  return compile({ ...query, measures }, relation, dialect, timeField);
}
function compile(query, relation, dialect, timeField) {
  const dataset = query.dataset;
  checkRanges(query);
  validateQuery(query);
  const { start, end } = query.ranges[0] ?? { start: /* @__PURE__ */ new Date(0), end: /* @__PURE__ */ new Date(0) };
  const params = new Params(dialect);
  const periods = timeField !== null;
  const b = new SqlBuilder(dataset, relation, dialect, params, {
    start,
    end,
    timeZone: query.timeZone,
    ...periods ? { bounds: { start: '"_mp"."_mp_s"', end: '"_mp"."_mp_e"' } } : {}
  });
  let from = relation.from;
  const period = '"_mp"."_mp_i"';
  const span = [];
  const nRanges = query.ranges.length;
  if (periods) {
    const { bounds, members } = segmentsOf(query.ranges);
    const tf = b.field(timeField).sql;
    const at = (ms) => params.add(new Date(ms).toISOString(), "time");
    const whens = bounds.slice(1).map((hi, j) => `WHEN ${tf} < ${at(hi)} THEN ${j}`);
    const pairs = members.flatMap((rs, j) => rs.map((r) => `(${j}, ${r}, ${at(query.ranges[r].start.getTime())}, ${at(query.ranges[r].end.getTime())})`));
    const list = pairs.length > 0 ? pairs.join(", ") : `(-1, -1, ${dialect.cast("NULL", "time")}, ${dialect.cast("NULL", "time")})`;
    const segment = whens.length > 0 ? `(CASE ${whens.join(" ")} END)` : "NULL";
    span.push(bounds.length > 1 ? `(${tf} >= ${at(bounds[0])} AND ${tf} < ${at(bounds[bounds.length - 1])})` : dialect.false);
    if (members.every((rs) => rs.length <= 1) && !JSON.stringify(query.measures).includes('"bound"')) {
      const direct = bounds.slice(1).map((hi, j) => `WHEN ${tf} < ${at(hi)} THEN ${members[j][0] ?? "NULL"}`);
      const which = direct.length > 0 ? `(CASE ${direct.join(" ")} END)` : "CAST(NULL AS INTEGER)";
      from = `(SELECT *, ${which} AS "_mp_i" FROM ${relation.from}) AS "_mp"`;
      span.push(`${period} IS NOT NULL`);
    } else {
      from = `${relation.from} JOIN (VALUES ${list}) AS "_mp"("_mp_seg", "_mp_i", "_mp_s", "_mp_e") ON "_mp"."_mp_seg" = ${segment}`;
    }
  }
  const pi = (as = true) => periods ? [`${period}${as ? ' AS "_pi"' : ""}`] : [];
  let group = null;
  if (query.groupBy !== void 0)
    group = b.field(query.groupBy).sql;
  const filter = b.filters(query.filters ?? []);
  const base = [relation.where, filter, ...span].filter((x) => x !== void 0 && x !== null);
  const names = Object.keys(query.measures);
  const selects = [];
  const conditions = [];
  const everyCondition = [];
  const keyed = [];
  const readers = [];
  const columns = [];
  names.forEach((name, i) => {
    const m = query.measures[name];
    const alias = `m${i}`;
    const where = m.where !== void 0 ? b.cond(m.where) : null;
    everyCondition.push(where);
    const filtered = (agg, extra = []) => {
      const conds = [...where !== null ? [where] : [], ...extra];
      return conds.length === 0 ? agg : `${agg} FILTER (WHERE ${conds.join(" AND ")})`;
    };
    switch (m.agg) {
      case "count":
        selects.push(`${filtered("count(*)")} AS ${quoteIdent(alias)}`);
        columns.push(alias);
        conditions.push(where);
        readers.push((row) => count(row?.[alias]));
        return;
      case "moments": {
        const x = b.number(m.of, `measure "${name}"`);
        selects.push(`${filtered(`count(${x})`)} AS ${quoteIdent(`${alias}_n`)}`, `${filtered(`sum(${x})`)} AS ${quoteIdent(`${alias}_s`)}`, `${filtered(`sum(${x} * ${x})`)} AS ${quoteIdent(`${alias}_q`)}`);
        columns.push(`${alias}_n`, `${alias}_s`, `${alias}_q`);
        conditions.push(where);
        readers.push((row) => ({ n: count(row?.[`${alias}_n`]), sum: sumOf(row?.[`${alias}_s`]), sumSq: sumOf(row?.[`${alias}_q`]) }));
        return;
      }
      case "quantile": {
        const q = m.q;
        const x = b.number(m.of, `measure "${name}"`);
        selects.push(`${dialect.quantile(x, params.add(q, "number"), where ?? dialect.true)} AS ${quoteIdent(alias)}`);
        columns.push(alias);
        conditions.push(where);
        readers.push((row) => {
          const v = row?.[alias];
          return v === null || v === void 0 ? null : toNumber(v);
        });
        return;
      }
      case "distinct": {
        const keys = m.keys.map((k) => b.key(k));
        const value = keys.length === 1 ? keys[0] : `ROW(${keys.join(", ")})`;
        selects.push(`${filtered(`count(DISTINCT ${value})`, keys.map((k) => `${k} IS NOT NULL`))} AS ${quoteIdent(alias)}`);
        columns.push(alias);
        conditions.push(where);
        readers.push((row) => count(row?.[alias]));
        return;
      }
      case "keyedMoments": {
        const key = b.key(m.key);
        const num = b.number(m.num, `the numerator of measure "${name}"`);
        const den = b.number(m.den, `the denominator of measure "${name}"`);
        const rowConds = [...where !== null ? [where] : [], `${key} IS NOT NULL`, `${num} IS NOT NULL`, `${den} IS NOT NULL`];
        keyed.push({ alias, sql: keyedPart(alias, key, num, den, rowConds, group) });
        readers.push((row) => ({ n: count(row?.[`${alias}_n`]), sum: sumOf(row?.[`${alias}_s`]), sumSq: sumOf(row?.[`${alias}_q`]) }));
        return;
      }
      default:
        return unreachable(m);
    }
  });
  function keyedPart(alias, key, num, den, rowConds, g) {
    const where = [...base, ...rowConds].join(" AND ");
    const ratio = `sum(${num}) / NULLIF(sum(${den}), 0)`;
    const out = (r) => `count(${r}) AS ${quoteIdent(`${alias}_n`)}, sum(${r}) AS ${quoteIdent(`${alias}_s`)}, sum(${r} * ${r}) AS ${quoteIdent(`${alias}_q`)}`;
    const outer = periods ? ['"_pi"'] : [];
    if (g === null) {
      return `SELECT ${[...outer, out('"_r"')].join(", ")} FROM (SELECT ${[...pi(), `${ratio} AS "_r"`].join(", ")} FROM ${from} WHERE ${where} GROUP BY ${[...pi(false), key].join(", ")}) AS "_k"${periods ? ' GROUP BY "_pi"' : ""}`;
    }
    const sets = [[...outer, '"_key"'], [...outer, '"_g"', '"_key"']].map((x) => `(${x.join(", ")})`).join(", ");
    return `SELECT ${[...outer, '"_it" AS "_t"', '"_g"', out('"_r"')].join(", ")} FROM (SELECT ${[...outer, 'GROUPING("_g") AS "_it"', '"_g"', 'sum("_sn") / NULLIF(sum("_sd"), 0) AS "_r"'].join(", ")} FROM (SELECT ${[...pi(), `${g} AS "_g"`, `${key} AS "_key"`, `sum(${num}) AS "_sn"`, `sum(${den}) AS "_sd"`].join(", ")} FROM ${from} WHERE ${where} GROUP BY ${[...pi(false), g, key].join(", ")}) AS "_pk" GROUP BY GROUPING SETS (${sets})) AS "_k" GROUP BY ${[...outer, '"_it"', '"_g"'].join(", ")}`;
  }
  const main = [...base];
  const counted = group === null ? conditions : everyCondition;
  if (counted.length > 0 && counted.every((c) => c !== null)) {
    const arms = [...new Set(counted)];
    main.push(arms.length === 1 ? arms[0] : `(${arms.join(" OR ")})`);
  }
  const mainWhere = main.length > 0 ? ` WHERE ${main.join(" AND ")}` : "";
  const keyedColumns = (i, k) => ["n", "s", "q"].map((x) => `"_p${i + 1}".${quoteIdent(`${k.alias}_${x}`)}`);
  let text;
  if (group === null && !periods) {
    const parts = selects.length > 0 ? [`SELECT ${selects.join(", ")} FROM ${from}${mainWhere}`] : [];
    parts.push(...keyed.map((k) => k.sql));
    text = parts.length === 0 ? 'SELECT 1 AS "_one"' : parts.length === 1 ? parts[0] : `SELECT * FROM ${parts.map((p, i) => `(${p}) AS "_p${i}"`).join(" CROSS JOIN ")}`;
  } else if (group === null) {
    const driver = `(VALUES ${Array.from({ length: nRanges }, (_, i) => `(${i})`).join(", ")}) AS "_d"("_pi")`;
    const mainSql = selects.length > 0 ? `SELECT ${[...pi(), ...selects].join(", ")} FROM ${from}${mainWhere} GROUP BY ${period}` : null;
    const cols = [
      '"_d"."_pi" AS "_pi"',
      ...mainSql !== null ? columns.map((c) => `"_p0".${quoteIdent(c)}`) : [],
      ...keyed.flatMap((k, i) => keyedColumns(i, k))
    ];
    const joins = [
      ...mainSql !== null ? [` LEFT JOIN (${mainSql}) AS "_p0" ON "_p0"."_pi" = "_d"."_pi"`] : [],
      ...keyed.map((k, i) => ` LEFT JOIN (${k.sql}) AS "_p${i + 1}" ON "_p${i + 1}"."_pi" = "_d"."_pi"`)
    ];
    text = `SELECT ${cols.join(", ")} FROM ${driver}${joins.join("")}`;
  } else {
    const sets = periods ? `(${period}), (${period}, ${group})` : `(), (${group})`;
    const head = [...pi(), `GROUPING(${group}) AS "_t"`, `${group} AS "_g"`, ...selects.length > 0 ? selects : ['count(*) AS "_n"']];
    const mainSql = `SELECT ${head.join(", ")} FROM ${from}${mainWhere} GROUP BY GROUPING SETS (${sets})`;
    if (keyed.length === 0)
      text = mainSql;
    else {
      const samePeriod = (i) => periods ? ` AND "_p${i + 1}"."_pi" = "_p0"."_pi"` : "";
      const joins = keyed.map((k, i) => ` LEFT JOIN (${k.sql}) AS "_p${i + 1}" ON "_p${i + 1}"."_t" = "_p0"."_t" AND "_p${i + 1}"."_g" IS NOT DISTINCT FROM "_p0"."_g"${samePeriod(i)}`).join("");
      text = `SELECT "_p0".*, ${keyed.flatMap((k, i) => keyedColumns(i, k)).join(", ")} FROM (${mainSql}) AS "_p0"${joins}`;
    }
  }
  const rendered = params.render(text);
  const valuesOf = (row) => {
    const out = {};
    names.forEach((name, i) => {
      out[name] = readers[i](row);
    });
    return out;
  };
  const decodeOne = (rows) => {
    if (group === null)
      return { total: valuesOf(rows[0]) };
    const total = rows.find((r) => toNumber(r["_t"]) === 1);
    const groups = rows.filter((r) => toNumber(r["_t"]) === 0).map((r) => ({ key: keyOf(r["_g"]), values: valuesOf(r) })).sort((x, y) => compareKeys(x.key, y.key));
    return { total: valuesOf(total), groups };
  };
  return {
    text: rendered.text,
    values: rendered.values,
    decode(rows) {
      if (!periods)
        return [decodeOne(rows)];
      const per = Array.from({ length: nRanges }, () => []);
      for (const r of rows)
        per[toNumber(r["_pi"])]?.push(r);
      return per.map(decodeOne);
    }
  };
}

// dist/src/connectors/sql/dialect.js
var SQL_TYPES = {
  duckdb: { string: "VARCHAR", number: "DOUBLE", boolean: "BOOLEAN", time: "TIMESTAMPTZ" },
  postgres: { string: "TEXT", number: "DOUBLE PRECISION", boolean: "BOOLEAN", time: "TIMESTAMPTZ" }
};
var DUCKDB = {
  name: "duckdb",
  placeholder: () => "?",
  cast: (sql, type) => `CAST(${sql} AS ${SQL_TYPES.duckdb[type]})`,
  quantile: (value, q, filter) => `quantile_cont(${value}, ${q}) FILTER (WHERE ${filter})`,
  localDay: (time, zone) => `CAST(timezone(${zone}, ${time}) AS DATE)`,
  // Whole microseconds since the epoch, exact as BIGINT; one rounding when divided.
  secondsBetween: (from, to) => `(CAST(epoch_us(${to}) - epoch_us(${from}) AS DOUBLE) / 1000000)`,
  binary: (sql) => sql,
  true: "TRUE",
  false: "FALSE"
};
var POSTGRES = {
  name: "postgres",
  placeholder: (n) => `$${n}`,
  cast: (sql, type) => `CAST(${sql} AS ${SQL_TYPES.postgres[type]})`,
  quantile: (value, q, filter) => `percentile_cont(${q}) WITHIN GROUP (ORDER BY ${value}) FILTER (WHERE ${filter})`,
  localDay: (time, zone) => `CAST(timezone(${zone}, ${time}) AS DATE)`,
  // EXTRACT(EPOCH …) is an exact numeric (PostgreSQL 14+); one rounding when cast.
  secondsBetween: (from, to) => `CAST(EXTRACT(EPOCH FROM ${to}) - EXTRACT(EPOCH FROM ${from}) AS DOUBLE PRECISION)`,
  binary: (sql) => `(${sql} COLLATE "C")`,
  true: "TRUE",
  false: "FALSE"
};

// dist/src/connectors/sql/rules.js
var EARLIEST_PLAUSIBLE = /* @__PURE__ */ new Date("1990-01-01T00:00:00Z");
var FUTURE_SLACK_MS = 24 * 36e5;
var IDENTIFIERS = {
  tickets: ["id"],
  responses: ["ticket_id"],
  surveys: ["id"],
  calls: ["id"],
  customers: ["id"],
  orders: ["id", "customer_id"],
  feedback: ["id"],
  quality_reviews: ["review_id"],
  sessions: ["id", "visitor_id"],
  engagement: ["customer_id"]
};
var missingText = (c) => c === null ? "TRUE" : `(${c} IS NULL OR trim(${c}) = '')`;
var instant = (d) => `CAST(${sqlString(d.toISOString())} AS TIMESTAMPTZ)`;
function rowRules(dataset, col, opts) {
  const spec = DATASETS[dataset];
  const rules = [];
  const time = col(spec.timeField);
  rules.push({ reason: `missing ${spec.timeField}`, breaks: time === null ? "TRUE" : `(${time} IS NULL)` });
  for (const field of IDENTIFIERS[dataset] ?? []) {
    const c = col(field);
    rules.push({ reason: `missing ${field}`, breaks: missingText(c) });
  }
  for (const [field, f] of Object.entries(spec.fields)) {
    if (f.type !== "time")
      continue;
    const c = col(field);
    if (c === null)
      continue;
    rules.push({ reason: `${field} before 1990`, breaks: `COALESCE(${c} < ${instant(EARLIEST_PLAUSIBLE)}, FALSE)` });
    rules.push({ reason: `${field} in the future`, breaks: `COALESCE(${c} > ${instant(opts.latest)}, FALSE)` });
  }
  if (dataset === "surveys") {
    const kind = col("kind");
    const score2 = col("score");
    const min = col("scale_min");
    const max = col("scale_max");
    rules.push({ reason: "missing kind", breaks: missingText(kind) });
    rules.push({ reason: "missing score", breaks: score2 === null ? "TRUE" : `(${score2} IS NULL)` });
    rules.push({ reason: "missing scale_min", breaks: min === null ? "TRUE" : `(${min} IS NULL)` });
    rules.push({ reason: "missing scale_max", breaks: max === null ? "TRUE" : `(${max} IS NULL)` });
    if (min !== null && max !== null) {
      rules.push({ reason: "scale_min not below scale_max", breaks: `COALESCE(${min} >= ${max}, FALSE)` });
      if (score2 !== null)
        rules.push({ reason: "score out of range", breaks: `COALESCE(${score2} < ${min} OR ${score2} > ${max}, FALSE)` });
    }
  }
  const score = dataset === "quality_reviews" ? col("score") : null;
  if (score !== null) {
    rules.push({ reason: "score out of range", breaks: `COALESCE(${score} < 0 OR ${score} > 100, FALSE)` });
  }
  return rules;
}
function meetsRules(rules) {
  if (rules.length === 0)
    return void 0;
  return rules.map((r) => `NOT ${r.breaks}`).join(" AND ");
}
function firstBroken(rules) {
  if (rules.length === 0)
    return "0";
  return `CASE ${rules.map((r, i) => `WHEN ${r.breaks} THEN ${i + 1}`).join(" ")} ELSE 0 END`;
}
function latestPlausible(now) {
  return new Date(now.getTime() + FUTURE_SLACK_MS);
}

export {
  DUPLICATE_ID,
  uniqueKeyOf,
  measurePeriods,
  computeMeasures,
  computePeriods,
  compileMeasureQuery,
  compilePeriodsQuery,
  DUCKDB,
  POSTGRES,
  rowRules,
  meetsRules,
  firstBroken,
  latestPlausible
};
