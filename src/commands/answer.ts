/**
 * The one command path: text → Command → Report. Every adapter calls this and
 * only renders what comes back. It never throws: a person's mistake becomes a
 * user error with a hint, an unreachable source says so, and anything else is
 * logged with an id that the apology repeats.
 */
import type { SyncEngine } from "../ingest/helpdesk/engine.ts";
import type { Clock } from "../clock.ts";
import type { Connector } from "../connectors/connector.ts";
import { DataProblemError, faultId, isUserError, SourceError, UnavailableError, UserError } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { MetricOptions } from "../metrics/types.ts";
import type { WeekStart } from "../periods/types.ts";
import type { ErrorReport, Report } from "../report.ts";
import { manageKind, parseManageCommand } from "./parseManage.ts";
import { assertMayRun, runManageCommand, type Requester } from "../schedule/manage.ts";
import type { Destination, Store } from "../store/store.ts";
import { shorten } from "../render/format.ts";
import { inputProblem } from "./input.ts";
import { AmbiguousQuestion } from "./plain/ambiguous.ts";
import { parseCommand, questionDataset } from "./parse.ts";
import { knownValues } from "./plain/knownValues.ts";
import { typedAsRead } from "./plain/readAs.ts";
import { FUNCTION_WORDS } from "./plain/words.ts";
import type { Command, ParseContext } from "./command.ts";
import { runCommand } from "./run.ts";

export interface Engine {
  connector: Connector;
  options: MetricOptions;
  clock: Clock;
  timeZone: string;
  weekStartsOn: WeekStart;
  defaultPeriod: string;
  log: Logger;
  /** Where digests and alerts are kept; without one, `digest`/`alert` commands say they are unavailable. */
  store?: Store;
  /** BOT_ADMINS: ids allowed to manage digests and alerts besides platform admins. */
  admins?: string[];
  /** Called after a digest or alert rule changed (the scheduler reloads). */
  onScheduleChange?: () => void | Promise<void>;
  /** Called after a post was written to the outbox (`digest send`): the scheduler sends it now. */
  onOutbox?: () => void;
  /** Help-desk sync, when configured: `sources` shows each source's last sync, digests say when data is stale. */
  sync?: Pick<SyncEngine, "status">;
}

/** Who asked, and where: digests and alerts added by a command post where it was typed. */
export interface Request {
  requester: Requester;
  destination: Destination;
}

/** The terminal: one local person, who manages their own digests. */
export const CONSOLE_REQUEST: Request = {
  requester: { id: "console", isAdmin: true },
  destination: { platform: "console", workspace: "local", channel: "console" },
};

export async function answer(text: string, engine: Engine, request: Request = CONSOLE_REQUEST): Promise<Report> {
  const now = engine.clock.now();
  try {
    // Too long or holding control characters: refused before anything reads it.
    const problem = inputProblem(text);
    if (problem) throw problem;
    // Who may change digests and alerts is known from the first two words: checked before the costly parse.
    const kind = engine.store ? manageKind(text) : null;
    if (kind) assertMayRun(kind, request.requester, engine.admins ?? []);
    const manage = parseManageCommand(text, { timeZone: engine.timeZone, weekStartsOn: engine.weekStartsOn });
    if (manage) {
      if (!engine.store) {
        throw new UserError("config", "Digests and alerts are not available here: the bot has no store configured.", "Run the bot with `npm start` (it keeps them in DATA_DIR) or set DATABASE_URL.");
      }
      return await runManageCommand(manage, {
        store: engine.store,
        clock: engine.clock,
        requester: request.requester,
        admins: engine.admins ?? [],
        destination: request.destination,
        options: engine.options,
        ...(engine.onScheduleChange ? { onChange: engine.onScheduleChange } : {}),
        ...(engine.onOutbox ? { onOutbox: engine.onOutbox } : {}),
        engine,
      });
    }
    const command = await parseWithValues(text, engine, now);
    const report = await runCommand(command, engine, now);
    if (report.kind === "metric" && !typedAsRead(text, command, engine.defaultPeriod)) report.readAs = report.command;
    return report;
  } catch (error) {
    return errorReport(error, text, engine.log);
  }
}

/**
 * The question parsed; with the values of the asked metric's dimensions
 * (`csat for email` reads email as a channel) when it needs them: when it
 * cannot be read without, or it dropped a word that might be a value. A
 * question such as `nps last-month` costs no look-up.
 */
async function parseWithValues(text: string, engine: Engine, now: Date): Promise<Command> {
  const ctx: ParseContext = { periods: { now, timeZone: engine.timeZone, weekStartsOn: engine.weekStartsOn }, defaultPeriod: engine.defaultPeriod };
  const dataset = questionDataset(text);
  const dropped: string[] = [];
  let command: Command | undefined;
  try {
    command = parseCommand(text, { ...ctx, dropped });
  } catch (error) {
    if (!dataset || !isUserError(error)) throw error;
  }
  if (command && (!dataset || dropped.every((w) => FUNCTION_WORDS.has(w)))) return command;
  const values = await knownValues(engine.connector, dataset!, Date.now());
  return parseCommand(text, { ...ctx, values: (d) => (d === dataset ? values : undefined) });
}

export function errorReport(error: unknown, text: string, log: Logger): ErrorReport {
  if (isUserError(error)) {
    return {
      kind: "error",
      cause: "user",
      message: shortenEchoes(error.message),
      ...(error.hint ? { hint: error.hint } : {}),
      ...(error instanceof AmbiguousQuestion ? { choices: error.choices.map((c) => ({ ...c })) } : {}),
    };
  }
  if (error instanceof UnavailableError) {
    return {
      kind: "error",
      cause: "unavailable",
      message: error.message,
      hint: [...new Set(error.missing.map((m) => m.fix))].join("\n"),
      missing: error.missing.map((m) => ({ ...m })),
    };
  }
  if (error instanceof DataProblemError) {
    return {
      kind: "error",
      cause: "source",
      message: error.problems.join("\n"),
      hint: "This is not \"no data\": the other datasets keep answering. Fix or replace the file in DATA_DIR (the bot reads it again by itself); `sources` lists what is wrong.",
    };
  }
  if (error instanceof SourceError) {
    log.warn("data source unavailable", { source: error.source, error });
    return {
      kind: "error",
      cause: "source",
      message: `The data source (${error.source}) is unavailable right now, so there is no answer yet.`,
      hint: "This is not \"no data\": try again in a minute; if it persists, an admin can check `sources`.",
    };
  }
  const id = faultId();
  log.error("command failed", { faultId: id, command: text, error });
  return {
    kind: "error",
    cause: "fault",
    faultId: id,
    message: `Sorry — something went wrong on our side (error ${id}). It has been logged.`,
  };
}

/** What a message may quote of what someone typed (between backticks), and the longest a message is. */
const ECHO_CHARS = 60;
const MESSAGE_CHARS = 600;

/**
 * A user error's message with every `quoted` word cut to ECHO_CHARS
 * characters, and the whole to MESSAGE_CHARS: messages quote what was typed
 * (`\`xyz\` is not a metric`), and a 2,000-character word must not come back
 * whole in every reply.
 */
export function shortenEchoes(message: string): string {
  const cut = message.replace(/`([^`]*)`/g, (_whole, quoted: string) => `\`${shorten(quoted, ECHO_CHARS)}\``);
  return shorten(cut, MESSAGE_CHARS);
}
