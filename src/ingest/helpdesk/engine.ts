/**
 * Keeps the local copy of each configured help desk current: every stream
 * of every source is pulled from its saved cursor, page by page, each page
 * stored with the cursor after it (store.ts), on a schedule (SYNC_CRON,
 * every 15 minutes by default) and on demand (`npm run sync`).
 *
 * - Sources run side by side (each has its own budgets); a source's streams
 *   run one after the other, so its budgets are shared fairly.
 * - A run never overlaps the previous one: asked while running, it joins it.
 * - A failure stops that stream (the source's other streams still run) and
 *   is recorded with its time; the cursor of the last stored page stays, so
 *   the next run resumes there. A run with any failure is not a success.
 * - `status()` gives, per source, the last successful sync, the last error,
 *   and whether the data is stale: older than two sync intervals.
 *
 * @example
 * const engine = new SyncEngine({ store, sources: [{ source: zendeskSource({ baseUrl }), http: { … } }], clock, since });
 * await engine.runOnce(); // [{ source: "zendesk", pages: 3, upserted: 250, … }]
 */
import { CronExpressionParser } from "cron-parser";
import { schedule as cronSchedule, type ScheduledTask } from "node-cron";
import type { Clock } from "../../clock.ts";
import type { Logger } from "../../log.ts";
import { createSyncHttp, type SyncHttpOptions } from "./http.ts";
import type { HelpdeskStore, SyncRunState } from "./store.ts";
import type { SyncSource } from "./types.ts";

export const DEFAULT_SYNC_CRON = "*/15 * * * *";

export interface ConfiguredSource {
  source: SyncSource;
  /** How to reach it: base URL, credential headers, budgets (and, in tests, faster backoff). */
  http: Omit<SyncHttpOptions, "label" | "log" | "signal">;
}

export interface SyncEngineOptions {
  store: HelpdeskStore;
  sources: readonly ConfiguredSource[];
  clock: Clock;
  /** A first sync pulls records changed since this instant. */
  since: Date;
  /** SYNC_CRON (default every 15 minutes, UTC). */
  cron?: string;
  log?: Logger;
  /** Called after a run stored something (the connector re-reads its row counts). */
  onSynced?: () => Promise<void> | void;
}

export interface SyncRunSummary {
  source: SyncSource["id"];
  label: string;
  pages: number;
  upserted: number;
  deleted: number;
  skipped: number;
  /** null: every stream reached its end. */
  error: string | null;
  ms: number;
}

/** A source's sync health, for `sources` and digests. */
export interface SyncStatus extends SyncRunState {
  /** Time between two scheduled syncs, ms. */
  intervalMs: number;
  /** The last successful sync is older than two intervals (or there was none). */
  stale: boolean;
}

export class SyncEngine {
  private running: Promise<SyncRunSummary[]> | null = null;
  private task: ScheduledTask | null = null;
  private readonly abort = new AbortController();
  readonly cron: string;

  constructor(private readonly opts: SyncEngineOptions) {
    this.cron = opts.cron ?? DEFAULT_SYNC_CRON;
  }

  get sources(): readonly ConfiguredSource[] {
    return this.opts.sources;
  }

  /** One sync of every source; joins the run in progress if there is one. */
  runOnce(): Promise<SyncRunSummary[]> {
    this.running ??= Promise.all(this.opts.sources.map((s) => this.runSource(s))).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Syncs now, then on the cron schedule (UTC). */
  start(): void {
    if (this.task !== null) return;
    this.task = cronSchedule(this.cron, () => void this.runOnce().catch((e: unknown) => this.opts.log?.error("sync failed", { error: String(e) })), {
      timezone: "UTC",
      name: "helpdesk-sync",
    });
    void this.runOnce().catch((e: unknown) => this.opts.log?.error("sync failed", { error: String(e) }));
  }

  /** Stops the schedule and the run in progress (between requests); what was stored stays. */
  async stop(): Promise<void> {
    await this.task?.stop();
    this.task = null;
    this.abort.abort(new Error("the bot is stopping"));
    await this.running?.catch(() => undefined);
  }

  async status(): Promise<SyncStatus[]> {
    return syncStatus(await this.opts.store.runs(), this.opts.sources, this.cron, this.opts.clock.now());
  }

  private async runSource({ source, http: httpOptions }: ConfiguredSource): Promise<SyncRunSummary> {
    const { store, clock, log } = this.opts;
    const started = Date.now();
    const summary: SyncRunSummary = { source: source.id, label: source.label, pages: 0, upserted: 0, deleted: 0, skipped: 0, error: null, ms: 0 };
    const http = createSyncHttp({ ...httpOptions, label: source.label, signal: this.abort.signal, ...(log ? { log } : {}) });
    const errors: string[] = [];
    for (const stream of source.streams) {
      if (this.abort.signal.aborted) break;
      try {
        const cursor = await store.cursor(stream.id);
        for await (const batch of stream.pull(cursor, { http, since: this.opts.since, signal: this.abort.signal, ...(log ? { log } : {}) })) {
          const applied = await store.apply(source.id, stream.id, batch, clock.now());
          summary.pages++;
          summary.upserted += applied.upserted;
          summary.deleted += applied.deleted;
          summary.skipped += applied.skipped;
        }
      } catch (e) {
        // The other streams still run (ratings switched off must not stop tickets); the run counts as failed.
        const error = `${stream.id}: ${e instanceof Error ? e.message : String(e)}`;
        errors.push(error);
        log?.warn("sync of a stream stopped; the next run resumes from its last stored page", { source: source.label, error });
      }
    }
    summary.error = errors.length > 0 ? errors.join("; ") : null;
    summary.ms = Date.now() - started;
    await store.finishRun(source.id, source.label, clock.now(), summary.error);
    if (summary.pages > 0) await this.opts.onSynced?.();
    log?.info("sync finished", { ...summary });
    return summary;
  }
}

/** Per configured source: its last run and whether its data is stale at `now`. */
export function syncStatus(runs: readonly SyncRunState[], sources: readonly ConfiguredSource[], cron: string, now: Date): SyncStatus[] {
  const intervalMs = cronIntervalMs(cron, now);
  return sources.map(({ source }) => {
    const run = runs.find((r) => r.source === source.id);
    const base: SyncRunState = run ?? { source: source.id, label: source.label, lastSuccessAt: null, lastAttemptAt: null, lastError: null, lastErrorAt: null };
    const stale = base.lastSuccessAt === null || now.getTime() - base.lastSuccessAt.getTime() > 2 * intervalMs;
    return { ...base, label: source.label, intervalMs, stale };
  });
}

/** The longest gap between consecutive runs of `cron` over the next day (UTC), ms. */
export function cronIntervalMs(cron: string, from: Date): number {
  const expr = CronExpressionParser.parse(cron, { currentDate: from, tz: "UTC" });
  let previous = expr.next().getTime();
  let longest = 0;
  for (let i = 0; i < 200; i++) {
    const next = expr.next().getTime();
    longest = Math.max(longest, next - previous);
    previous = next;
    if (next - from.getTime() > 86_400_000) break;
  }
  return longest;
}
