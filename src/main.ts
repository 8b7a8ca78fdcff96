/**
 * Composition root: load the configuration, build the engine, start what is
 * configured. It is the one file in src/ that may import adapters/.
 * With chat credentials (or `npm run serve`, i.e. `main.ts serve`) it serves
 * them on one HTTP server; with none it opens the interactive console.
 */
import { runConsole } from "../adapters/console/repl.ts";
import { serve } from "../adapters/http/serve.ts";
import { systemClock } from "./clock.ts";
import type { Engine } from "./commands/answer.ts";
import { loadConfig, type Config } from "./config.ts";
import { loadDotEnv } from "./dotenv.ts";
import { createEngine } from "./engine.ts";
import { isUserError } from "./errors.ts";
import { createLogger, type Logger } from "./log.ts";
import { installProcessGuards } from "./processGuards.ts";
import { redactSecrets } from "./redact.ts";
import { ConsolePoster } from "./schedule/poster.ts";
import { processOwner, Scheduler } from "./schedule/scheduler.ts";
import type { Posters } from "./schedule/poster.ts";
import type { AllowedDestination } from "./schedule/allowed.ts";
import { openStore } from "./store/index.ts";
import type { Store } from "./store/store.ts";

async function main(): Promise<number> {
  let config;
  try {
    // Settings from .env (see .env.example); variables already in the environment win.
    loadDotEnv();
    config = loadConfig();
  } catch (e) {
    if (!isUserError(e)) throw e;
    printUserError(e);
    return 2;
  }
  const log = createLogger(config.logLevel);
  // A fault nothing else caught is logged with an id, and the bot keeps serving.
  installProcessGuards(log);
  // Digests and alert rules live in the store; the scheduler posts them, exactly once across replicas.
  // Opened first: it also keeps the Zendesk OAuth grant the help-desk sync reads.
  let store: Store;
  try {
    store = await openStore({
      ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
      ...(config.encryptionKey ? { encryptionKey: config.encryptionKey } : {}),
      dataDir: config.dataDir,
      log,
    });
  } catch (e) {
    if (!isUserError(e)) throw e;
    printUserError(e);
    return 2;
  }
  let base: Awaited<ReturnType<typeof createEngine>>;
  try {
    base = await createEngine(config, { clock: systemClock, log, grants: store });
  } catch (e) {
    await store.close();
    if (!isUserError(e)) throw e;
    printUserError(e);
    return 2;
  }
  let scheduler: Scheduler | undefined;
  const engine: Engine = { ...base, store, admins: config.admins, onScheduleChange: () => scheduler?.reload(), onOutbox: () => scheduler?.deliverSoon() };
  const startScheduler = async (posters: Posters, allowed?: AllowedDestination) => {
    scheduler = new Scheduler({ store, engine, posters, clock: systemClock, log, owner: processOwner(), ...(allowed ? { allowed } : {}) });
    await scheduler.start();
    return scheduler;
  };
  // Help desks: synced now and every SYNC_CRON, into the store the connector reads.
  base.sync?.start();
  const stopAll = async () => {
    await base.sync?.stop();
    // Sends in progress get a few seconds; whatever is left is handed to another replica (or the next start) at once.
    await scheduler?.stop(SCHEDULER_GRACE_MS);
    await store.close();
    await engine.connector.close?.();
  };

  if (process.argv.slice(2).includes("serve") || config.slack || config.teams || config.teamsAuthOff) return serveUntilStopped(config, engine, store, log, startScheduler, stopAll);
  // The console prints digests and alerts as they fire, between answers.
  await startScheduler({ console: new ConsolePoster(process.stdout) });
  await runConsole(engine, process.stdin, process.stdout);
  await stopAll();
  return 0;
}

async function serveUntilStopped(
  config: Config,
  engine: Engine,
  store: Store,
  log: Logger,
  startScheduler: (posters: Posters, allowed?: AllowedDestination) => Promise<Scheduler>,
  stopAll: () => Promise<void>,
): Promise<number> {
  let server;
  try {
    server = await serve(config, { engine, store, log });
  } catch (e) {
    await stopAll();
    if (!isUserError(e)) throw e;
    printUserError(e);
    return 2;
  }
  // Listening for the signal first: a stop asked for while the first sweep is still sending is still a clean stop.
  const stopSignal = new Promise<string>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  // The first sweep may take a while (posts to a slow platform); serving does not wait for it.
  // Digests and alerts post only to the workspaces and tenants still allowed (SLACK_ALLOWED_TEAMS, TEAMS_ALLOWED_TENANTS).
  void startScheduler({ ...(server.teams ? { teams: server.teams.poster } : {}), ...(server.slack ? { slack: server.slack.poster } : {}) }, server.allowed).catch((error: unknown) =>
    log.error("the scheduler could not start; digests and alerts are not being sent", { error }),
  );
  const signal = await stopSignal;
  log.info("stopping", { signal });
  // Whatever happens below, the process is gone within STOP_DEADLINE_MS of the signal.
  setTimeout(() => {
    log.error(`did not stop within ${STOP_DEADLINE_MS / 1000} s; exiting anyway`);
    process.exit(1);
  }, STOP_DEADLINE_MS).unref();
  // No new requests; the ones in progress may finish.
  await server.close();
  await stopAll();
  log.info("stopped", { signal });
  // A send abandoned to the next owner may still hold a socket open: it is not waited for.
  exitNow = true;
  return 0;
}

/** Set when the process should end as soon as main returns, whatever is still open. */
let exitNow = false;

/** From SIGTERM to exit, at most (orchestrators usually kill after 10 s). */
const STOP_DEADLINE_MS = 9_500;
/** How long sends and runs in progress may take to finish when stopping. */
const SCHEDULER_GRACE_MS = 6_000;
/** A configuration problem, as one message and its fix; never a credential. */
function printUserError(e: { message: string; hint?: string | undefined }): void {
  process.stderr.write(`${redactSecrets(e.message)}\n${redactSecrets(e.hint ?? "")}\n`);
}

main().then((code) => {
  process.exitCode = code;
  if (exitNow) process.exit(code);
});
