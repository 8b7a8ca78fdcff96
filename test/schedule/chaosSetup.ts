/**
 * What the delivery chaos test and its replica processes share: the data,
 * the timings (seconds scaled down to a few hundred milliseconds), the
 * schedules and the outbox ids they must produce.
 */
import type { Row } from "../../src/measures/datasets.ts";
import { outboxId } from "../../src/schedule/payload.ts";
import { episodeFirstId, type SchedulerOptions } from "../../src/schedule/scheduler.ts";
import type { AlertRule, Digest } from "../../src/store/store.ts";
import { answers, digestFixture, ruleFixture } from "./support.ts";

export interface ChaosReplicaSettings {
  name: string;
  store: { kind: "sqlite"; file: string } | { kind: "postgres"; url: string; schema: string };
  slackApiUrl: string;
  /** The shared timeline: `timelineStart` at the wall-clock instant `startedAt`. */
  timelineStart: number;
  startedAt: number;
}

/** Monday 23 November 2026 09:00:00.5 UTC: every daily 09:00 digest and check is due at once. */
export const TIMELINE_START = Date.parse("2026-11-23T09:00:00.500Z");
const NINE = new Date("2026-11-23T09:00:00Z");

/** CSAT yesterday (22 November) is 80 %: a rule on CSAT < 85 % fires. */
export const CHAOS_DATA: Record<"surveys", Row[]> = { surveys: [...answers("2026-11-22T10:00:00Z", 80, 20)] };

export const CHAOS_TIMING = {
  heartbeatMs: 200,
  processTtlMs: 4_000,
  dispatchMs: 150,
  sweepMs: 400,
  leaseMs: 30_000,
  outbox: { baseDelayMs: 150, maxDelayMs: 1_000, postTimeoutMs: 1_500, sendLeaseMs: 5_000, maxAttempts: 50, threadWaitMs: 200, settleMs: 1_000 },
} satisfies Partial<SchedulerOptions>;

const CHANNELS = ["C0CHAOS001", "C0CHAOS002", "C0CHAOS003", "C0CHAOS004"];
const WORKSPACE = "T0CHAOS001";

export function chaosDigests(count: number): Digest[] {
  return Array.from({ length: count }, (_, i) =>
    digestFixture({ id: `d-chaos-${i}`, destination: { platform: "slack", workspace: WORKSPACE, channel: CHANNELS[i % CHANNELS.length]! }, metrics: ["csat"] }),
  );
}

export function chaosRules(count: number): AlertRule[] {
  return Array.from({ length: count }, (_, i) =>
    ruleFixture({
      id: `a-chaos-${i}`,
      destination: { platform: "slack", workspace: WORKSPACE, channel: CHANNELS[(i + 1) % CHANNELS.length]! },
      condition: { kind: "threshold", op: "<", value: 85 },
    }),
  );
}

/** The outbox ids the schedules must deliver, each exactly once: a digest's post, an alert's first message. */
export function expectedPosts(digests: Digest[], rules: AlertRule[]): string[] {
  return [...digests.map((d) => outboxId({ scheduleId: d.id, scheduledAt: NINE }, "post")), ...rules.map((r) => episodeFirstId(r.id, NINE))];
}
