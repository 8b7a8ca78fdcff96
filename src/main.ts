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
import { redactSecrets } from "./redact.ts";
import { ConsolePoster } from "./schedule/poster.ts";
import { processOwner, Scheduler } from "./schedule/scheduler.ts";
import type { Posters } from "./schedule/poster.ts";
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
  let base: Awaited<ReturnType<typeof createEngine>>;
  try {
    base = await createEngine(config, { clock: systemClock, log });
  } catch (e) {
    if (!isUserError(e)) throw e;
    printUserError(e);
    return 2;
  }
  // Digests and alert rules live in the store; the scheduler posts them, exactly once across replicas.
  let store: Store;
  try {
    store = await openStore({
      ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
      ...(config.encryptionKey ? { encryptionKey: config.encryptionKey } : {}),
      dataDir: config.dataDir,
      log,
    });
  } catch (e) {
    await base.connector.close?.();
    if (!isUserError(e)) throw e;
    printUserError(e);
    return 2;
  }
  let scheduler: Scheduler | undefined;
  const engine: Engine = { ...base, store, admins: config.admins, onScheduleChange: () => scheduler?.reload() };
  const startScheduler = async (posters: Posters) => {
    scheduler = new Scheduler({ store, engine, posters, clock: systemClock, log, owner: processOwner() });
    await scheduler.start();
    return scheduler;
  };
  // Help desks: synced now and every SYNC_CRON, into the store the connector reads.
  base.sync?.start();
  const stopAll = async () => {
    await base.sync?.stop();
    await scheduler?.stop();
    await store.close();
    await engine.connector.close?.();
  };

  if (process.argv.slice(2).includes("serve") || config.slack || config.teams) return serveUntilStopped(config, engine, store, log, startScheduler, stopAll);
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
  startScheduler: (posters: Posters) => Promise<Scheduler>,
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
  await startScheduler({ teams: server.teams.poster, ...(server.slack ? { slack: server.slack.poster } : {}) });
  const signal = await new Promise<string>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  log.info("stopping", { signal });
  await server.close();
  await stopAll();
  return 0;
}

/** A configuration problem, as one message and its fix; never a credential. */
function printUserError(e: { message: string; hint?: string | undefined }): void {
  process.stderr.write(`${redactSecrets(e.message)}\n${redactSecrets(e.hint ?? "")}\n`);
}

main().then((code) => {
  process.exitCode = code;
});
