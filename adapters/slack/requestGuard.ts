/**
 * In front of Bolt's `POST /slack/events` (HTTP mode): what Bolt would let
 * through but the bot must not take.
 *
 * - A body that is not a Slack payload — JSON `null`, a number, an array, a
 *   slash command without its fields — is answered 400 here. (Bolt reads
 *   `body.ssl_check` of whatever JSON it is given; a signed `null` threw
 *   outside any handler and killed the process.)
 * - A signature already seen in the last five minutes is a replay (someone
 *   resending a captured request, which Bolt's timestamp check allows for
 *   five minutes) and is refused with 401.
 *
 * The signature is checked here first (with Bolt's own function) so that
 * only genuine requests are remembered; Bolt checks it again. The body is
 * handed on buffered (`rawBody`), which Bolt reads instead of the stream.
 *
 * Replicas: the seen set is this process's (bounded, see SeenSignatures).
 * Behind a load balancer a replay that lands on another replica is not
 * caught; a shared set would need the Store.
 */
import type { IncomingMessage } from "node:http";
import { isValidSlackRequest } from "@slack/bolt";
import { z } from "zod";
import type { Logger } from "../../src/log.ts";
import { sendJson, type Handler } from "../http/server.ts";

/** How long a signature counts as seen: Bolt refuses timestamps more than five minutes off, either way. */
export const REPLAY_WINDOW_MS = 5 * 60_000;
/** Slack's payloads are small; view submissions are the largest, well under this. */
export const MAX_SLACK_BODY_BYTES = 1_000_000;

/**
 * Signatures seen within the replay window, oldest first. Bounded: past
 * `max` the oldest are forgotten (a flood of that many genuine requests in
 * five minutes would need the signing secret).
 */
export class SeenSignatures {
  private readonly until = new Map<string, number>();
  constructor(
    private readonly max = 50_000,
    private readonly windowMs = 2 * REPLAY_WINDOW_MS,
  ) {}

  /** True the first time a signature is offered within the window; false for a replay. */
  firstTime(signature: string, now = Date.now()): boolean {
    for (const [seen, expires] of this.until) {
      if (expires > now && this.until.size < this.max) break;
      this.until.delete(seen);
    }
    const expires = this.until.get(signature);
    if (expires !== undefined && expires > now) return false;
    this.until.set(signature, now + this.windowMs);
    return true;
  }

  get size(): number {
    return this.until.size;
  }
}

const id = z.string().min(1);
/** A slash command, as Slack form-encodes it. */
const SLASH_COMMAND = z.looseObject({ command: z.string().startsWith("/"), text: z.string().optional(), user_id: id, team_id: id, channel_id: id, response_url: z.string().url() });
/** An interactive payload (`payload=<JSON>`): buttons, shortcuts, views. */
const INTERACTION = z.looseObject({ type: id, user: z.looseObject({ id }).optional() }).refine((p) => p.type !== "block_actions" || (p.user !== undefined && Array.isArray((p as { actions?: unknown }).actions)), {
  message: "a block_actions payload needs user and actions",
});
/** An Events API envelope (or Slack's url_verification challenge). */
const EVENT_ENVELOPE = z.looseObject({ type: id, event: z.looseObject({ type: id }).optional() }).refine((p) => p.type !== "event_callback" || p.event !== undefined, {
  message: "an event_callback needs an event",
});

/** Why the body is not a Slack payload; undefined when it is one. */
export function slackBodyProblem(contentType: string, body: string): string | undefined {
  try {
    if (contentType.startsWith("application/x-www-form-urlencoded")) {
      const form = Object.fromEntries(new URLSearchParams(body));
      if (form["ssl_check"] === "1") return undefined;
      if (form["payload"] !== undefined) {
        const parsed = INTERACTION.safeParse(JSON.parse(form["payload"]));
        return parsed.success ? undefined : `payload: ${parsed.error.issues[0]?.message ?? "not an interaction"}`;
      }
      const parsed = SLASH_COMMAND.safeParse(form);
      return parsed.success ? undefined : `not a slash command (${parsed.error.issues.map((i) => i.path.join(".") || i.message).join(", ")})`;
    }
    const parsed = EVENT_ENVELOPE.safeParse(JSON.parse(body));
    return parsed.success ? undefined : "not an Events API payload (a JSON object with a type)";
  } catch {
    return "not JSON";
  }
}

export function guardSlackEvents(listener: Handler, opts: { signingSecret: string; log: Logger; seen?: SeenSignatures }): Handler {
  const seen = opts.seen ?? new SeenSignatures();
  return async (req, res) => {
    const raw = await readBody(req);
    if (raw === undefined) return sendJson(res, 413, { error: "too_large", message: `A Slack request is at most ${MAX_SLACK_BODY_BYTES} bytes.` });
    const body = raw.toString("utf8");
    const contentType = String(req.headers["content-type"] ?? "");
    const signature = header(req, "x-slack-signature");
    const timestamp = Number(header(req, "x-slack-request-timestamp"));
    const sslCheck = contentType.startsWith("application/x-www-form-urlencoded") && new URLSearchParams(body).get("ssl_check") === "1";
    if (!sslCheck) {
      // Unsigned or wrongly signed: Bolt answers those (401) itself, and they are never remembered.
      const genuine = signature !== undefined && isValidSlackRequest({ signingSecret: opts.signingSecret, body, headers: { "x-slack-signature": signature, "x-slack-request-timestamp": timestamp } });
      if (genuine) {
        if (!seen.firstTime(signature)) {
          opts.log.warn("slack request refused: its signature was already used (a replayed request)", { timestamp });
          return sendJson(res, 401, { error: "replayed", message: "This request was already received." });
        }
        const problem = slackBodyProblem(contentType, body);
        if (problem) {
          opts.log.warn("slack request refused: unreadable body", { problem, contentType, bytes: raw.length });
          return sendJson(res, 400, { error: "bad_request", message: `The body is not a Slack payload: ${problem}.` });
        }
      }
    }
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
    await listener(req, res);
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === "string" ? value : undefined;
}

/** The body, or undefined when it is over MAX_SLACK_BODY_BYTES (the rest is drained). */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_SLACK_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_SLACK_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

