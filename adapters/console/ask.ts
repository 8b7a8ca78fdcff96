/**
 * `npm run ask -- [--now <ISO instant>] [--format text|slack|teams] "<command>"`: answers once and exits.
 * `--format slack` prints the exact message the Slack app would send
 * (`{ "text", "blocks" }`, the body of chat.postMessage without the channel;
 * the blocks paste into Slack's Block Kit Builder); `--format teams` the
 * exact activity the Teams bot would send, its Adaptive Card in
 * `attachments` — for any command, `digest preview …` included.
 * Digest and alert commands use the bot's store as `npm start` does
 * (DATA_DIR/bot.sqlite, or DATABASE_URL); with `--now` and no store yet,
 * a temporary one, so DATA_DIR is still not written.
 * Exit codes: 0 answered (including "no data"), 2 the question was wrong
 * (the message says how to fix it), 1 the data source or the bot failed.
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Engine } from "../../src/commands/answer.ts";
import { inputProblem } from "../../src/commands/input.ts";
import { fixedClock, systemClock } from "../../src/clock.ts";
import { loadConfig } from "../../src/config.ts";
import { loadDotEnv } from "../../src/dotenv.ts";
import { isUserError } from "../../src/errors.ts";
import { createLogger } from "../../src/log.ts";
import { redactSecrets } from "../../src/redact.ts";
import type { Report } from "../../src/report.ts";
import type { Store } from "../../src/store/store.ts";

/** The formats `--format` takes. */
export const FORMATS = ["text", "slack", "teams"] as const;

export const USAGE = 'Usage: npm run ask -- [--now 2026-11-22T09:00:00Z] [--format text|slack|teams] "csat last-week"';

export function exitCodeFor(report: Report): number {
  // "Not available from your data" is an answer, like "no data".
  if (report.kind !== "error" || report.cause === "unavailable") return 0;
  return report.cause === "user" ? 2 : 1;
}

export async function main(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: { now: { type: "string" }, format: { type: "string", default: "text" }, help: { type: "boolean", short: "h" } } });
  } catch (e) {
    err(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    out(USAGE);
    return 0;
  }
  const format = args.values.format;
  if (!(FORMATS as readonly string[]).includes(format)) {
    err(`\`--format ${format}\` is not a format: use ${FORMATS.slice(0, -1).join(", ")} or ${FORMATS.at(-1)}.\n${USAGE}`);
    return 2;
  }
  const question = args.positionals.join(" ").trim();
  if (question === "") {
    err(`Ask a question, e.g. "csat last-week".\n${USAGE}`);
    return 2;
  }
  // Too long (or holding control characters): refused before the data is even opened.
  const problem = inputProblem(question);
  if (problem) {
    err(`${problem.message}\n${problem.hint ?? ""}`);
    return 2;
  }
  let clock = systemClock;
  if (args.values.now !== undefined) {
    const instant = new Date(args.values.now);
    if (Number.isNaN(instant.getTime())) {
      err(`\`--now ${args.values.now}\` is not an instant: use ISO 8601 such as 2026-11-22T09:00:00Z.`);
      return 2;
    }
    clock = fixedClock(instant);
  }
  let config;
  try {
    // Settings from .env (see .env.example), as `npm start` reads them; the environment wins.
    loadDotEnv();
    config = loadConfig();
  } catch (e) {
    if (!isUserError(e)) throw e;
    err(redactSecrets(`${e.message}\n${e.hint ?? ""}`));
    return 2;
  }
  const log = createLogger(config.logLevel);
  // The data is opened (DuckDB reading DATA_DIR, mostly off the main thread) while the command code loads:
  // modules are imported where they are needed, so a one-shot question starts as fast as it can.
  const opening = import("../../src/engine.ts").then(({ createEngine }) =>
    // A fixed --now never writes into DATA_DIR: sample data for another instant is made in a temporary folder.
    createEngine(config, { clock, log, ...(args.values.now !== undefined ? { sample: "temporary" as const } : {}) }),
  );
  opening.catch(() => undefined);
  const [{ answer }, { manageKind }] = await Promise.all([import("../../src/commands/answer.ts"), import("../../src/commands/parseManage.ts")]);
  let engine;
  try {
    engine = await opening;
  } catch (e) {
    if (!isUserError(e)) throw e;
    err(redactSecrets(`${e.message}\n${e.hint ?? ""}`));
    return 2;
  }
  let store: Store | undefined;
  try {
    // Only digest and alert commands need the bot's store.
    if (manageKind(question) !== null) {
      const temporary = args.values.now !== undefined && !config.databaseUrl && !existsSync(join(config.dataDir, "bot.sqlite"));
      store = temporary
        ? await (await import("../../src/store/sqlite.ts")).openSqliteStore(":memory:")
        : await (await import("../../src/store/index.ts")).openStore({ ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}), ...(config.encryptionKey ? { encryptionKey: config.encryptionKey } : {}), dataDir: config.dataDir, log });
    }
  } catch (e) {
    await engine.connector.close?.();
    if (!isUserError(e)) throw e;
    err(redactSecrets(`${e.message}\n${e.hint ?? ""}`));
    return 2;
  }
  const asked: Engine = store ? { ...engine, store, admins: config.admins } : engine;
  // The renderer loads while the question is answered; the answer is printed before the data is closed.
  const rendering =
    format === "slack"
      ? import("../../src/render/slack.ts").then(({ renderSlack }) => (r: Report) => {
          const { text, blocks } = renderSlack(r);
          return JSON.stringify({ text, blocks }, null, 2);
        })
      : format === "teams"
        ? // The activity the Teams bot sends; loaded only here, as botbuilder takes a while to load.
          import("../teams/activities.ts").then(({ cardMessage }) => (r: Report) => JSON.stringify(cardMessage(r), null, 2))
        : import("../../src/render/text.ts").then(({ renderText }) => renderText);
  rendering.catch(() => undefined);
  try {
    const report = await answer(question, asked);
    const render = await rendering;
    (report.kind === "error" && format === "text" ? err : out)(render(report));
    return exitCodeFor(report);
  } finally {
    await store?.close();
    await engine.connector.close?.();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2), (s) => process.stdout.write(`${s}\n`), (s) => process.stderr.write(`${s}\n`)).then((code) => {
    process.exitCode = code;
  });
}
