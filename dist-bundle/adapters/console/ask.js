import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  inputProblem
} from "../../chunk-COQMF2KY.js";
import {
  createLogger,
  loadConfig,
  loadDotEnv
} from "../../chunk-6T7RVNI7.js";
import "../../chunk-HOYQVK22.js";
import "../../chunk-CSHTK5G7.js";
import {
  redactSecrets
} from "../../chunk-U2R7LURL.js";
import "../../chunk-ZFLCWV4S.js";
import "../../chunk-ABZKDEB3.js";
import "../../chunk-2PPZ62ZY.js";
import {
  fixedClock,
  systemClock
} from "../../chunk-4RZMS7CF.js";
import "../../chunk-77HYBQ6Z.js";
import "../../chunk-AEFEDGW7.js";
import "../../chunk-SGRIXTUX.js";
import "../../chunk-WW7OP26R.js";
import "../../chunk-JKOOICHZ.js";
import {
  isUserError
} from "../../chunk-LJ4WEFEH.js";
import "../../chunk-4VIX3REZ.js";
import "../../chunk-IJGJCVMD.js";
import "../../chunk-V4RWK56N.js";

// dist/adapters/console/ask.js
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { existsSync } from "node:fs";
import { join } from "node:path";
var FORMATS = ["text", "slack", "teams"];
var USAGE = 'Usage: npm run ask -- [--now 2026-11-22T09:00:00Z] [--format text|slack|teams] "csat last-week"';
function exitCodeFor(report) {
  if (report.kind !== "error" || report.cause === "unavailable")
    return 0;
  return report.cause === "user" ? 2 : 1;
}
async function main(argv, out, err) {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: { now: { type: "string" }, format: { type: "string", default: "text" }, help: { type: "boolean", short: "h" } } });
  } catch (e) {
    err(`${e.message}
${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    out(USAGE);
    return 0;
  }
  const format = args.values.format;
  if (!FORMATS.includes(format)) {
    err(`\`--format ${format}\` is not a format: use ${FORMATS.slice(0, -1).join(", ")} or ${FORMATS.at(-1)}.
${USAGE}`);
    return 2;
  }
  const question = args.positionals.join(" ").trim();
  if (question === "") {
    err(`Ask a question, e.g. "csat last-week".
${USAGE}`);
    return 2;
  }
  const problem = inputProblem(question);
  if (problem) {
    err(`${problem.message}
${problem.hint ?? ""}`);
    return 2;
  }
  let clock = systemClock;
  if (args.values.now !== void 0) {
    const instant = new Date(args.values.now);
    if (Number.isNaN(instant.getTime())) {
      err(`\`--now ${args.values.now}\` is not an instant: use ISO 8601 such as 2026-11-22T09:00:00Z.`);
      return 2;
    }
    clock = fixedClock(instant);
  }
  let config;
  try {
    loadDotEnv();
    config = loadConfig();
  } catch (e) {
    if (!isUserError(e))
      throw e;
    err(redactSecrets(`${e.message}
${e.hint ?? ""}`));
    return 2;
  }
  const log = createLogger(config.logLevel);
  const opening = import("../../engine-CPNEZLMJ.js").then(({ createEngine }) => (
    // A fixed --now never writes into DATA_DIR: sample data for another instant is made in a temporary folder.
    createEngine(config, { clock, log, ...args.values.now !== void 0 ? { sample: "temporary" } : {} })
  ));
  opening.catch(() => void 0);
  const [{ answer }, { manageKind }] = await Promise.all([import("../../answer-THH3QAS5.js"), import("../../parseManage-F4GPY3UH.js")]);
  let engine;
  try {
    engine = await opening;
  } catch (e) {
    if (!isUserError(e))
      throw e;
    err(redactSecrets(`${e.message}
${e.hint ?? ""}`));
    return 2;
  }
  let store;
  try {
    if (manageKind(question) !== null) {
      const temporary = args.values.now !== void 0 && !config.databaseUrl && !existsSync(join(config.dataDir, "bot.sqlite"));
      store = temporary ? await (await import("../../sqlite-YLZSTB7M.js")).openSqliteStore(":memory:") : await (await import("../../store-CRXTBL5K.js")).openStore({ ...config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}, ...config.encryptionKey ? { encryptionKey: config.encryptionKey } : {}, dataDir: config.dataDir, log });
    }
  } catch (e) {
    await engine.connector.close?.();
    if (!isUserError(e))
      throw e;
    err(redactSecrets(`${e.message}
${e.hint ?? ""}`));
    return 2;
  }
  const asked = store ? { ...engine, store, admins: config.admins } : engine;
  const report = await answer(question, asked).finally(async () => {
    await store?.close();
    await engine.connector.close?.();
  });
  if (format === "slack") {
    const { renderSlack } = await import("../../slack-FPBMYOF7.js");
    const { text, blocks } = renderSlack(report);
    out(JSON.stringify({ text, blocks }, null, 2));
  } else if (format === "teams") {
    const { cardMessage } = await import("../../activities-LKHMC4YR.js");
    out(JSON.stringify(cardMessage(report), null, 2));
  } else
    (report.kind === "error" ? err : out)((await import("../../text-FQPVOUUU.js")).renderText(report));
  return exitCodeFor(report);
}
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main(process.argv.slice(2), (s) => process.stdout.write(`${s}
`), (s) => process.stderr.write(`${s}
`)).then((code) => {
    process.exitCode = code;
  });
}
export {
  FORMATS,
  USAGE,
  exitCodeFor,
  main
};
