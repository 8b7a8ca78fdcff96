/** Survey metrics: CSAT, average satisfaction score, NPS, CES. */
import { and, field, num, within, type Cond, type Expr, type MeasureValues } from "../../measures/measures.ts";
import { intervalOf } from "../statistics/index.ts";
import type { MetricDefinition, MetricValue } from "../types.ts";
import { countOf, meanValue, momentsOf, proportionValue } from "../values.ts";

const kindIs = (kind: string): Cond => ({ eq: "kind", value: kind });
const answered = (kind: string): Cond => and(kindIs(kind), within("submitted_at"));

/** score ≥ min + 0.75 × (max − min): the top quarter of the answer's own scale. */
const positive: Cond = {
  cmp: ">=",
  a: field("score"),
  b: {
    op: "+",
    a: field("scale_min"),
    b: { op: "*", a: num(0.75), b: { op: "-", a: field("scale_max"), b: field("scale_min") } },
  },
};

/** Where the score sits on its scale, 0 at the minimum and 1 at the maximum. */
const position: Expr = {
  op: "/",
  a: { op: "-", a: field("score"), b: field("scale_min") },
  b: { op: "-", a: field("scale_max"), b: field("scale_min") },
};

/** Measures for a mean score that stays exact on one scale and rescales when scales are mixed. */
function scoreMeasures(kind: string) {
  const where = answered(kind);
  return {
    score: { agg: "moments", of: field("score"), where },
    position: { agg: "moments", of: position, where },
    scaleMin: { agg: "moments", of: field("scale_min"), where },
    scaleMax: { agg: "moments", of: field("scale_max"), where },
  } as const;
}

/**
 * The mean score on the answers' scale when they all share one, otherwise on
 * `fallback` after rescaling each answer by its position on its own scale.
 */
function scoreValue(m: MeasureValues, fallback: { min: number; max: number }): MetricValue | null {
  const pos = momentsOf(m, "position");
  const mins = momentsOf(m, "scaleMin");
  const maxs = momentsOf(m, "scaleMax");
  if (pos.n === 0 || mins.n === 0) return null;
  const uniform = (s: typeof mins) => Math.abs(s.sumSq * s.n - s.sum * s.sum) <= 1e-9 * Math.max(1, s.sumSq * s.n);
  const same = uniform(mins) && uniform(maxs);
  if (same) {
    const v = meanValue(momentsOf(m, "score"));
    return v && { ...v, scale: { min: mins.sum / mins.n, max: maxs.sum / maxs.n } };
  }
  const v = meanValue(pos, fallback.max - fallback.min);
  if (!v || v.sampling.kind !== "mean") return null;
  const sampling = { ...v.sampling, mean: v.value + fallback.min };
  const interval = intervalOf(sampling);
  return {
    value: sampling.mean,
    n: v.n,
    sampling,
    scale: fallback,
    ...(interval ? { interval } : {}),
    note: `answers on different scales, rescaled to ${fallback.min}–${fallback.max}`,
  };
}

export const csat: MetricDefinition = {
  id: "csat",
  name: "Customer satisfaction (CSAT)",
  aliases: ["satisfaction", "customer-satisfaction", "csat-percent"],
  unit: "percent",
  direction: "higher",
  dataset: "surveys",
  counted: "CSAT answers (kind csat)",
  scale: () => "each answer's own survey scale (1–5, 1–10, 1–7, good/bad)",
  formula:
    "positive answers / all answers × 100; an answer is positive when its score is in the top quarter of its scale (4–5 on 1–5, 8–10 on 1–10, 6–7 on 1–7, good on good/bad)",
  measures: () => ({
    positive: { agg: "count", where: and(answered("csat"), positive) },
    answers: { agg: "count", where: answered("csat") },
  }),
  compute: (m) => proportionValue(countOf(m, "positive"), countOf(m, "answers")),
};

export const csatScore: MetricDefinition = {
  id: "csat_score",
  name: "Average satisfaction score",
  aliases: ["satisfaction-score", "average-satisfaction", "csat-average", "csat-avg"],
  unit: "score",
  direction: "higher",
  dataset: "surveys",
  counted: "CSAT answers (kind csat)",
  scale: () => "each answer's own survey scale (1–5, 1–10, 1–7, good/bad)",
  formula: "mean of the CSAT scores, on their scale (answers on different scales are rescaled to 1–5)",
  measures: () => scoreMeasures("csat"),
  compute: (m) => scoreValue(m, { min: 1, max: 5 }),
};

export const nps: MetricDefinition = {
  id: "nps",
  name: "Net Promoter Score",
  aliases: ["net-promoter-score", "net-promoter", "promoter-score"],
  unit: "nps",
  direction: "higher",
  dataset: "surveys",
  counted: "0–10 answers (kind nps)",
  scale: () => "a 0–10 question; the score runs from −100 to 100",
  formula: "% promoters (9–10) − % detractors (0–6) on the 0–10 question; passives (7–8) count in the base only; −100 to 100",
  measures: () => ({
    promoters: { agg: "count", where: and(answered("nps"), { cmp: ">=", a: field("score"), b: num(9) }) },
    detractors: { agg: "count", where: and(answered("nps"), { cmp: "<=", a: field("score"), b: num(6) }) },
    answers: { agg: "count", where: answered("nps") },
  }),
  compute: (m) => {
    const n = countOf(m, "answers");
    if (n === 0) return null;
    const promoters = countOf(m, "promoters");
    const detractors = countOf(m, "detractors");
    const sampling = { kind: "nps", promoters, detractors, n } as const;
    const interval = intervalOf(sampling);
    return { value: ((promoters - detractors) / n) * 100, n, sampling, ...(interval ? { interval } : {}) };
  },
};

export const ces: MetricDefinition = {
  id: "ces",
  name: "Customer effort score",
  aliases: ["effort", "customer-effort", "customer-effort-score"],
  unit: "score",
  direction: (o) => o.ces.direction,
  dataset: "surveys",
  counted: "effort answers (kind ces)",
  scale: (o) => `${o.ces.min}–${o.ces.max}, ${o.ces.direction} is better`,
  formula: "sum of effort scores / number of answers (scale and direction are configurable: CES_SCALE, CES_DIRECTION)",
  measures: () => scoreMeasures("ces"),
  compute: (m, ctx) => scoreValue(m, ctx.options.ces),
};
