/**
 * Composition root: load the configuration, build the engine, start what is
 * configured. It is the one file in src/ that may import adapters/.
 * With no chat credentials it opens the interactive console.
 */
import { runConsole } from "../adapters/console/repl.ts";
import { systemClock } from "./clock.ts";
import { loadConfig } from "./config.ts";
import { createEngine } from "./engine.ts";
import { isUserError } from "./errors.ts";
import { createLogger } from "./log.ts";

async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (!isUserError(e)) throw e;
    process.stderr.write(`${e.message}\n${e.hint ?? ""}\n`);
    return 2;
  }
  const log = createLogger(config.logLevel);
  const engine = createEngine(config, { clock: systemClock, log });
  await runConsole(engine, process.stdin, process.stdout);
  return 0;
}

main().then((code) => {
  process.exitCode = code;
});
