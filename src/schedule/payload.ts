/**
 * What the scheduler writes to the outbox, and how it is read back. The store
 * keeps payloads as JSON, so instants come back as ISO strings: `readPayload`
 * turns them into Dates again before a poster sees the report.
 */
import type { AlertReport, DigestReport } from "../report.ts";
import type { RunKey } from "../store/store.ts";

export type OutboxPayload =
  | { kind: "digest"; report: DigestReport }
  | {
      kind: "alert";
      report: AlertReport;
      ruleId: string;
      /** The episode this message belongs to (its firedAt), when there is one. */
      episode: Date | null;
      /** A new message (maybe in the episode's thread), or an edit of the episode's first message. */
      role: "message" | "edit";
      /** This message is the episode's first: once delivered, it becomes the thread. */
      startsThread: boolean;
      /** The outbox entry of the episode's first message, when its reference was not known at enqueue time. */
      parentEntry: string | null;
    };

/**
 * A deterministic outbox id per run and part, so a run re-done after a crash
 * enqueues nothing twice.
 * @example outboxId({ scheduleId: "d-7k3", scheduledAt: new Date("2026-11-23T07:00:00Z") }, "post") // "d-7k3@2026-11-23T07:00:00.000Z/post"
 */
export function outboxId(run: RunKey, part: string): string {
  return `${run.scheduleId}@${run.scheduledAt.toISOString()}/${part}`;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** The payload with every ISO instant string turned back into a Date. */
export function readPayload(raw: unknown): OutboxPayload {
  const payload = reviveDates(raw) as OutboxPayload;
  if (typeof payload !== "object" || payload === null || (payload.kind !== "digest" && payload.kind !== "alert")) {
    throw new Error(`not a scheduler payload: ${JSON.stringify(raw)?.slice(0, 200)}`);
  }
  return payload;
}

export function reviveDates(value: unknown): unknown {
  if (typeof value === "string") return ISO_INSTANT.test(value) ? new Date(value) : value;
  if (Array.isArray(value)) return value.map(reviveDates);
  if (value instanceof Date || typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reviveDates(v)]));
}
