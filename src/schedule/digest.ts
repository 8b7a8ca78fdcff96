/**
 * A digest: each of its metrics through the one command path (`answer`, as
 * if someone typed `csat yesterday vs same-weekday` at the scheduled instant
 * in the digest's zone), and the largest mover among them — judged on the
 * same comparison: the digest's `vs`, else its period's rhythm (a daily
 * digest against the same weekday a week earlier).
 */
import { answer, type Engine } from "../commands/answer.ts";
import { syncView } from "../commands/run.ts";
import { findMetric } from "../metrics/catalog/index.ts";
import { npsStandardError } from "../metrics/statistics/index.ts";
import type { Sampling } from "../metrics/types.ts";
import type { DigestReport, ErrorReport, LargestMover, MetricReport, Report } from "../report.ts";
import type { Digest } from "../store/store.ts";
import { scheduledComparison, vsClause } from "./comparison.ts";
import { engineAt } from "./engineAt.ts";

/**
 * Answers shared by the digests of one scheduler tick: digests due at the same
 * instant in the same zone that show the same metric over the same period
 * (every channel that took the default digest) ask the data once.
 */
export type DigestAnswers = Map<string, Promise<Report>>;

/**
 * Builds the digest for the scheduled instant `now`. Never throws for one
 * metric: a metric that fails (its source is down) is shown as such and the
 * others still go out.
 */
export async function buildDigest(digest: Digest, engine: Engine, now: Date, shared?: DigestAnswers): Promise<DigestReport> {
  const at = engineAt(engine, now, digest.schedule.timeZone);
  // Judged when the digest is built: a digest caught up late on fresh data is not stale.
  const stale = engine.sync ? (await engine.sync.status()).filter((s) => s.stale).map(syncView) : [];
  const comparison = scheduledComparison(digest.comparison, digest.period, now, digest.schedule.timeZone, engine.weekStartsOn);
  const items = await Promise.all(
    digest.metrics.map(async (metricId): Promise<DigestReport["items"][number]> => {
      const text = `${metricId} ${digest.period}${vsClause(comparison)}`;
      const key = `${now.toISOString()}|${digest.schedule.timeZone}|${text}`;
      let pending = shared?.get(key);
      if (pending === undefined) {
        pending = answer(text, at);
        shared?.set(key, pending);
      }
      const report = await pending;
      if (report.kind === "metric") return { metricId, report };
      const name = findMetric(metricId)?.name ?? metricId;
      if (report.kind === "error") return { metricId, name, error: report };
      const error: ErrorReport = { kind: "error", cause: "fault", message: `\`${metricId}\` did not give a metric (got ${report.kind}).` };
      return { metricId, name, error };
    }),
  );
  // Metrics the data cannot answer are left out of the table and named once, in one line.
  const unavailable = items.flatMap((i) => ("error" in i && i.error.cause === "unavailable" ? [{ metricId: i.metricId, name: i.name, missing: i.error.missing ?? [] }] : []));
  return {
    kind: "digest",
    digestId: digest.id,
    scheduledAt: now,
    timeZone: digest.schedule.timeZone,
    period: digest.period,
    comparison,
    items: items.filter((i) => !("error" in i && i.error.cause === "unavailable")),
    ...(unavailable.length > 0 ? { unavailable } : {}),
    mover: largestMover(items.flatMap((i) => ("report" in i ? [i.report] : []))),
    ...(stale.length > 0 ? { stale, builtAt: engine.clock.now() } : {}),
  };
}

/**
 * The metric whose change stands out most from its own sampling noise: the
 * largest |change ÷ standard error of the change| (a z-score), so a 3-point
 * CSAT move on 2,000 answers outranks a 10-point move on 20. Ties go to the
 * change for the worse. Metrics without a sampling model (snapshots,
 * composites such as CLV) are only ranked when no metric has one, by
 * |relative change|. Null when nothing can be compared.
 */
export function largestMover(reports: MetricReport[]): LargestMover | null {
  const candidates = reports.flatMap((r) => {
    const change = r.comparison.change;
    const previous = r.comparison.result;
    if (change === null || !r.result || !previous) return [];
    return [{
      metricId: r.metric.id,
      z: changeZ(r.result.sampling, previous.sampling, change),
      relative: previous.value === 0 ? null : change / Math.abs(previous.value),
      worse: r.comparison.verdict === "worse",
    }];
  });
  const withZ = candidates.filter((c) => c.z !== null);
  const pool = withZ.length > 0 ? withZ : candidates.filter((c) => c.relative !== null);
  const size = (c: (typeof candidates)[number]) => Math.abs((withZ.length > 0 ? c.z : c.relative) ?? 0);
  let best: (typeof candidates)[number] | undefined;
  for (const c of pool) {
    if (!best || size(c) > size(best) + 1e-12 || (Math.abs(size(c) - size(best)) <= 1e-12 && c.worse && !best.worse)) best = c;
  }
  if (!best || size(best) === 0) return null;
  return { metricId: best.metricId, z: best.z, relative: best.relative };
}

/** change ÷ √(var₁ + var₂) in the metric's unit; null without a sampling model on both sides. */
export function changeZ(current: Sampling, previous: Sampling, change: number): number | null {
  const v1 = variance(current);
  const v2 = variance(previous);
  if (v1 === null || v2 === null || current.kind !== previous.kind) return null;
  const se = Math.sqrt(v1 + v2);
  if (!(se > 0)) return null;
  return change / se;
}

/** Sampling variance of a value, in its unit (points² for proportions and NPS). */
function variance(s: Sampling): number | null {
  switch (s.kind) {
    case "proportion": {
      if (!(s.n > 0)) return null;
      // Agresti–Caffo's +1/+2 keeps 0 % and 100 % from claiming no noise at all.
      const p = (s.successes + 1) / (s.n + 2);
      return (100 * 100 * p * (1 - p)) / s.n;
    }
    case "nps": {
      const se = npsStandardError(s.promoters, s.detractors, s.n);
      return se === null ? null : se * se;
    }
    case "mean":
      return s.n >= 2 ? (s.sd * s.sd) / s.n : null;
    case "count":
      return Math.max(s.count, 1);
    case "none":
      return null;
  }
}
