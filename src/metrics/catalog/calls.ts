/** Call-centre metrics: speed of answer, handle time, blocked calls. */
import { and, field, seconds, within } from "../../measures/measures.ts";
import type { MetricDefinition } from "../types.ts";
import { countOf, countValue, meanValue, momentsOf } from "../values.ts";

const offered = within("queued_at");
const answered = and(offered, { notNull: "answered_at" });

export const asa: MetricDefinition = {
  id: "asa",
  name: "Average speed of answer",
  aliases: ["awt", "average-speed-of-answer", "average-wait-time", "speed-of-answer", "wait-time"],
  unit: "seconds",
  direction: "lower",
  dataset: "calls",
  counted: "answered calls",
  formula: "total queue wait (answered − queued) of the answered calls / number of answered calls",
  measures: () => ({
    wait: { agg: "moments", of: seconds(field("queued_at"), field("answered_at")), where: answered },
  }),
  compute: (m) => meanValue(momentsOf(m, "wait")),
};

export const aht: MetricDefinition = {
  id: "aht",
  name: "Average handle time",
  aliases: ["average-handle-time", "handle-time", "handling-time"],
  unit: "seconds",
  direction: "lower",
  dataset: "calls",
  counted: "handled calls (answered and ended)",
  formula: "mean of talk time (ended − answered) + hold + wrap-up over the handled calls",
  measures: () => ({
    handle: {
      agg: "moments",
      of: {
        op: "+",
        a: seconds(field("answered_at"), field("ended_at")),
        b: { op: "+", a: field("hold_seconds"), b: field("wrap_up_seconds") },
      },
      where: and(answered, { notNull: "ended_at" }),
    },
  }),
  compute: (m) => meanValue(momentsOf(m, "handle")),
};

export const blockage: MetricDefinition = {
  id: "blockage",
  name: "Blocked calls",
  aliases: ["blocked", "blocked-calls", "call-blockage"],
  unit: "count",
  direction: "lower",
  dataset: "calls",
  formula: "offered calls not served because no operator was free or the network failed; also as a share of offered calls",
  measures: () => ({
    blocked: { agg: "count", where: and(offered, { eq: "blocked", value: true }) },
    offered: { agg: "count", where: offered },
  }),
  compute: (m) => {
    const offeredCalls = countOf(m, "offered");
    if (offeredCalls === 0) return null;
    const blocked = countOf(m, "blocked");
    return {
      ...countValue(blocked),
      n: offeredCalls,
      extras: [{ label: "of offered calls", value: (blocked / offeredCalls) * 100, unit: "percent" }],
    };
  },
};
