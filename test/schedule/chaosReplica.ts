/**
 * One replica of the delivery chaos test (chaos.test.ts), as its own process:
 * `node --import tsx chaosReplica.ts '<json settings>'`. It runs the real
 * Scheduler with the real Slack poster against the fake Slack Web API, on a
 * store shared with the other replicas (a SQLite file or a Postgres schema),
 * on a clock that all replicas share (the test's timeline: 2026-11-23 09:00
 * UTC plus the time since the test began). It prints "ready" once started,
 * logs JSON lines to stderr, and stops cleanly on SIGTERM — or not at all,
 * when the test kills it with SIGKILL.
 */
import { LogLevel, WebClient } from "@slack/web-api";
import { SlackPoster } from "../../adapters/slack/poster.ts";
import type { Clock } from "../../src/clock.ts";
import type { Logger } from "../../src/log.ts";
import type { Poster } from "../../src/schedule/poster.ts";
import { Scheduler } from "../../src/schedule/scheduler.ts";
import { openPostgresStore } from "../../src/store/postgres.ts";
import { openSqliteStore } from "../../src/store/sqlite.ts";
import { engineOver } from "../helpers.ts";
import { CHAOS_DATA, CHAOS_TIMING, type ChaosReplicaSettings } from "./chaosSetup.ts";

const settings = JSON.parse(process.argv[2] ?? "{}") as ChaosReplicaSettings;

const clock: Clock = { now: () => new Date(settings.timelineStart + (Date.now() - settings.startedAt)) };
const log: Logger = {
  info: (message, fields) => line("info", message, fields),
  warn: (message, fields) => line("warn", message, fields),
  error: (message, fields) => line("error", message, fields),
};
function line(level: string, message: string, fields: Record<string, unknown> = {}): void {
  const safe = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v instanceof Error ? v.message : v]));
  process.stderr.write(`${JSON.stringify({ replica: settings.name, pid: process.pid, at: Date.now(), level, message, ...safe })}\n`);
}

const store = settings.store.kind === "sqlite" ? await openSqliteStore(settings.store.file) : await openPostgresStore(settings.store.url, { schema: settings.store.schema });
const client = new WebClient("xoxb-chaos-test", { slackApiUrl: settings.slackApiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 2_500, logLevel: LogLevel.ERROR });
const slack = new SlackPoster(async () => client);
// Every send and look-up is logged with its outbox id, so a failing seed tells its story.
const traced: Poster = {
  post: async (destination, message, opts) => {
    line("info", "send", { key: opts?.key });
    try {
      const ref = await slack.post(destination, message, opts);
      line("info", "sent", { key: opts?.key, ts: ref.id });
      return ref;
    } catch (error) {
      line("info", "send failed", { key: opts?.key, error });
      throw error;
    }
  },
  update: (ref, message) => slack.update(ref, message),
  findPosted: async (destination, key, opts) => {
    const found = await slack.findPosted(destination, key, opts);
    line("info", "looked up", { key, found });
    return found;
  },
  refused: (error) => slack.refused(error),
};
const scheduler = new Scheduler({
  store,
  engine: engineOver(CHAOS_DATA),
  posters: { slack: traced },
  clock,
  log,
  owner: `${settings.name}:${process.pid}`,
  // No cron timers: the sweeps and the quick dispatch loop find what is due.
  cron: { schedule: () => ({ stop: () => undefined }) },
  ...CHAOS_TIMING,
});
await scheduler.start();
// The scheduler's timers do not hold a process open (the bot's servers do); a replica must not end while a retry is pending.
const alive = setInterval(() => undefined, 60_000);
process.stdout.write("ready\n");

// Stops once, however many SIGTERMs come (with `once`, a second one during the stop would kill the process).
let stopping = false;
process.on("SIGTERM", () => {
  line("info", "stopping on SIGTERM", { again: stopping });
  if (stopping) return;
  stopping = true;
  clearInterval(alive);
  void (async () => {
    await scheduler.stop(2_000);
    await store.close();
    process.exit(0);
  })();
});
