import type { DatasetId } from "../measures/datasets.ts";
import type { Cond, Expr, Key, Measure } from "../measures/measures.ts";
import type { MetricDefinition, MetricOptions } from "./types.ts";

/** A field of a dataset. */
export interface FieldRef {
  dataset: DatasetId;
  field: string;
}

/**
 * The fields a metric cannot be computed without, derived from its measures
 * (nothing listed by hand): every field a measure reads, except where the
 * measure offers an alternative —
 * - in `coalesce(a, b)` only the last choice is needed (`a` may be absent);
 * - in `or` a field is needed only when every branch needs it (a complaint is
 *   `is_complaint` or `escalated_at`: neither alone is needed).
 * `isNull` counts as reading the field: a missing `resolved_at` would make
 * every ticket look open.
 *
 * @example fieldsNeeded(backlog, options) // [{ dataset: "tickets", field: "created_at" }, { dataset: "tickets", field: "resolved_at" }]
 */
export function fieldsNeeded(def: MetricDefinition, options: MetricOptions): FieldRef[] {
  const seen = new Map<string, FieldRef>();
  for (const spec of Object.values(def.measures(options))) {
    const dataset = spec.dataset ?? def.dataset;
    for (const field of ofMeasure(spec)) seen.set(`${dataset}.${field}`, { dataset, field });
  }
  return [...seen.values()];
}

function ofMeasure(m: Measure): Set<string> {
  const out = m.where ? ofCond(m.where) : new Set<string>();
  const add = (s: Set<string>) => s.forEach((f) => out.add(f));
  switch (m.agg) {
    case "moments":
    case "quantile":
      add(ofExpr(m.of));
      break;
    case "distinct":
      m.keys.forEach((k: Key) => out.add(typeof k === "string" ? k : k.localDay));
      break;
    case "keyedMoments":
      out.add(m.key);
      add(ofExpr(m.num));
      add(ofExpr(m.den));
      break;
    case "count":
      break;
  }
  return out;
}

function ofExpr(e: Expr): Set<string> {
  if ("field" in e) return new Set([e.field]);
  if ("op" in e) return new Set([...ofExpr(e.a), ...ofExpr(e.b)]);
  if ("seconds" in e) return new Set([...ofExpr(e.seconds.from), ...ofExpr(e.seconds.to)]);
  if ("coalesce" in e) return e.coalesce.length > 0 ? ofExpr(e.coalesce[e.coalesce.length - 1]!) : new Set();
  return new Set();
}

function ofCond(c: Cond): Set<string> {
  if ("cmp" in c) return new Set([...ofExpr(c.a), ...ofExpr(c.b)]);
  if ("isNull" in c) return new Set([c.isNull]);
  if ("notNull" in c) return new Set([c.notNull]);
  if ("eq" in c) return new Set([c.eq]);
  if ("and" in c) return new Set(c.and.flatMap((x) => [...ofCond(x)]));
  if ("or" in c) {
    const branches = c.or.map(ofCond);
    return new Set([...(branches[0] ?? [])].filter((f) => branches.every((b) => b.has(f))));
  }
  return ofCond(c.not);
}
