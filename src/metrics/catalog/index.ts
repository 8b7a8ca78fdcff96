/**
 * The metric catalog: one definition per metric in METRICS.md. Adding a
 * metric means adding its definition to a group file and to this list.
 */
import type { Direction, MetricDefinition, MetricOptions } from "../types.ts";
import { aht, asa, blockage } from "./calls.ts";
import { churnRate, clv, clvHistorical, clvPredictive, engagementScore, referralRate, retentionRate } from "./customers.ts";
import { ces, csat, csatScore, nps } from "./surveys.ts";
import {
  art,
  awaitingReply,
  backlog,
  complaintResolutionTime,
  feedbackResponseRate,
  frt,
  resolutionRate,
  resolutionTime,
  serviceLevel,
  ticketVolume,
} from "./tickets.ts";
import { avgSessionDuration, conversionRate, dau, iqs, organicClicks, pagesPerSession } from "./web.ts";

export const CATALOG: readonly MetricDefinition[] = [
  csat,
  csatScore,
  nps,
  ces,
  ticketVolume,
  frt,
  art,
  resolutionTime,
  complaintResolutionTime,
  awaitingReply,
  backlog,
  resolutionRate,
  serviceLevel,
  feedbackResponseRate,
  asa,
  aht,
  blockage,
  churnRate,
  retentionRate,
  clv,
  clvHistorical,
  clvPredictive,
  referralRate,
  engagementScore,
  iqs,
  conversionRate,
  pagesPerSession,
  avgSessionDuration,
  dau,
  organicClicks,
];

/** Lower case, with `_`, spaces and `-` all read as `-`: "First_Response time" → "first-response-time". */
export function metricWord(text: string): string {
  return text.trim().toLowerCase().replace(/[\s_-]+/g, "-");
}

const BY_WORD = new Map<string, MetricDefinition>();
for (const def of CATALOG) {
  for (const word of [def.id, ...def.aliases]) {
    const key = metricWord(word);
    const taken = BY_WORD.get(key);
    if (taken && taken !== def) throw new Error(`metric word ${key} names both ${taken.id} and ${def.id}`);
    BY_WORD.set(key, def);
  }
}

/** The metric a word names (id or alias, any case, `_` or `-`), if any. */
export function findMetric(word: string): MetricDefinition | undefined {
  return BY_WORD.get(metricWord(word));
}

/** Every word that names a metric, for did-you-mean. */
export function metricWords(): string[] {
  return [...BY_WORD.keys()];
}

export function directionOf(def: MetricDefinition, options: MetricOptions): Direction {
  return typeof def.direction === "function" ? def.direction(options) : def.direction;
}
