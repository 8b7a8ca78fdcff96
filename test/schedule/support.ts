/** Shared pieces for the schedule tests: a clock tests move, a recording poster, a logger that keeps lines, stores. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Clock } from "../../src/clock.ts";
import type { Row } from "../../src/measures/datasets.ts";
import type { Logger } from "../../src/log.ts";
import type { Report } from "../../src/report.ts";
import type { PostOptions, Poster } from "../../src/schedule/poster.ts";
import { openSqliteStore } from "../../src/store/sqlite.ts";
import type { AlertRule, Destination, Digest, MessageRef, Store } from "../../src/store/store.ts";

export interface TestClock extends Clock {
  set(instant: Date | string): void;
  advance(ms: number): void;
}

export function testClock(start: Date | string): TestClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (instant) => {
      t = new Date(instant).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

export interface Posted {
  ref: MessageRef;
  /** The outbox id the post was sent with. */
  key: string | undefined;
  destination: Destination;
  message: Report;
  threadOf: MessageRef | null;
}

/**
 * A fake poster: records what it posts and edits; can be told to fail the
 * next N posts, to take a post and then fail (the post landed, the answer was
 * lost), to hang, or to be slow on some channels. Like Slack, it can find a
 * post by the key it was sent with.
 */
export class RecordingPoster implements Poster {
  readonly posts: Posted[] = [];
  readonly updates: Array<{ ref: MessageRef; message: Report }> = [];
  attempts = 0;
  private failures = 0;
  private landThenFailures = 0;
  private hanging = false;
  /** Channels whose posts wait for this promise before they are taken. */
  readonly holds = new Map<string, Promise<void>>();
  lookups = 0;
  private count = 0;

  constructor(private readonly name = "rec") {}

  failNext(times: number): this {
    this.failures = times;
    return this;
  }

  /** The next `times` posts are taken, then answered with a failure. */
  landThenFail(times: number): this {
    this.landThenFailures = times;
    return this;
  }

  /** From now on every call starts and never finishes (a process stuck or killed mid-post). */
  hang(): this {
    this.hanging = true;
    return this;
  }

  async post(destination: Destination, message: Report, opts: PostOptions = {}): Promise<MessageRef> {
    this.attempts++;
    if (this.hanging) return new Promise<never>(() => undefined);
    if (this.failures > 0) {
      this.failures--;
      throw new Error("fake platform: 503 Service Unavailable");
    }
    await this.holds.get(destination.channel);
    const ref: MessageRef = { platform: destination.platform, channel: destination.channel, id: `${this.name}-${++this.count}` };
    this.posts.push({ ref, key: opts.key, destination, message, threadOf: opts.threadOf ?? null });
    if (this.landThenFailures > 0) {
      this.landThenFailures--;
      throw new Error("fake platform: 502 Bad Gateway (after taking the post)");
    }
    return ref;
  }

  async findPosted(_destination: Destination, key: string): Promise<MessageRef | null> {
    this.lookups++;
    return this.posts.find((p) => p.key === key)?.ref ?? null;
  }

  async update(ref: MessageRef, message: Report): Promise<void> {
    this.attempts++;
    if (this.hanging) return new Promise<never>(() => undefined);
    if (this.failures > 0) {
      this.failures--;
      throw new Error("fake platform: 503 Service Unavailable");
    }
    this.updates.push({ ref, message });
  }
}

export interface LogLine {
  level: "info" | "warn" | "error";
  message: string;
  fields: Record<string, unknown>;
}

export function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: LogLine["level"]) => (message: string, fields: Record<string, unknown> = {}) => {
    lines.push({ level, message, fields });
  };
  return { lines, info: at("info"), warn: at("warn"), error: at("error") };
}

/** A SQLite store in a fresh temporary file; `dispose` closes it and removes the file. */
export async function sqliteStore(): Promise<{ store: Store; path: string; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "schedule-test-"));
  const path = join(dir, "bot.sqlite");
  const store = await openSqliteStore(path);
  return {
    store,
    path,
    dispose: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export const HERE: Destination = { platform: "console", workspace: "local", channel: "console" };

export function digestFixture(overrides: Partial<Digest> = {}): Digest {
  return {
    id: "d-abc",
    destination: HERE,
    schedule: { cron: "0 9 * * *", timeZone: "UTC" },
    metrics: ["csat"],
    period: "yesterday",
    paused: false,
    createdBy: "U1",
    createdAt: new Date("2026-01-01T00:00:00Z"),
    ...overrides,
  };
}

export function ruleFixture(overrides: Partial<AlertRule> = {}): AlertRule {
  return {
    id: "a-abc",
    destination: HERE,
    metric: "csat",
    condition: { kind: "threshold", op: "<", value: 80 },
    period: "yesterday",
    filters: "",
    schedule: { cron: "0 9 * * *", timeZone: "UTC" },
    minN: 1,
    forChecks: 1,
    cooldownMs: 24 * 3_600_000,
    muted: false,
    createdBy: "U1",
    createdAt: new Date("2026-01-01T00:00:00Z"),
    ...overrides,
  };
}

let surveyId = 0;

/** One survey answer: CSAT on 1–5 by default. */
export function survey(when: string, score: number, extra: Partial<Row> = {}): Row {
  return {
    id: `s-${++surveyId}`,
    kind: "csat",
    score,
    scale_min: 1,
    scale_max: 5,
    submitted_at: new Date(when).getTime(),
    channel: "email",
    agent: null,
    team: null,
    ticket_id: null,
    customer_id: null,
    ...extra,
  };
}

/** `positive` answers scoring 5 and `negative` answers scoring 2 on `when`, with the same extra fields. */
export function answers(when: string, positive: number, negative: number, extra: Partial<Row> = {}): Row[] {
  return [
    ...Array.from({ length: positive }, () => survey(when, 5, extra)),
    ...Array.from({ length: negative }, () => survey(when, 2, extra)),
  ];
}

/** Polls a condition a few ms apart (for work started and deliberately never awaited), failing after `timeoutMs`. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5000, intervalMs = 5): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
