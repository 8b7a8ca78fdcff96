/**
 * `POST /api/messages` on the shared HTTP server: Node's request and response
 * adapted to what botbuilder's `CloudAdapter.process` expects (a parsed JSON
 * body; a response with status/header/send/end). Transport only; the
 * adapter authenticates the request and the handler answers it.
 *
 * With authentication off (TEAMS_AUTH=off) anyone who can reach the
 * endpoint could ask for metrics and have the answers sent to a serviceUrl of
 * their choosing, so only requests made on this machine directly (loopback,
 * no forwarding headers) naming a serviceUrl on this machine are taken then
 * (localOnly.ts). Every body is checked to be an activity first (validate.ts).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ActivityHandlerBase, CloudAdapter, Response as BotResponse } from "botbuilder";
import type { Logger } from "../../src/log.ts";
import { sendJson, type Route } from "../http/server.ts";
import { forwardingHeader, isLoopback, isLoopbackUrl } from "./localOnly.ts";
import { activityProblem } from "./validate.ts";

export const TEAMS_MESSAGES_PATH = "/api/messages";

/** Activities are small; Teams' own limit for a message is about 100 KB. */
export const MAX_ACTIVITY_BYTES = 1_000_000;

export function messagesRoute(opts: { adapter: CloudAdapter; handler: Pick<ActivityHandlerBase, "run">; authenticated: boolean; log: Logger }): Route {
  return {
    method: "POST",
    path: TEAMS_MESSAGES_PATH,
    handler: async (req, res) => {
      if (!opts.authenticated && !isLoopback(req.socket.remoteAddress)) {
        opts.log.warn("teams request refused: authentication is off, so only this machine may call /api/messages", { remote: req.socket.remoteAddress });
        req.resume();
        sendJson(res, 403, { error: "forbidden", message: "Teams authentication is off (TEAMS_AUTH=off): only requests from this machine are accepted." });
        return;
      }
      const forwarded = opts.authenticated ? undefined : forwardingHeader(req.headers);
      if (forwarded) {
        opts.log.warn("teams request refused: authentication is off, and it came through a proxy or tunnel", { header: forwarded });
        req.resume();
        sendJson(res, 403, { error: "forbidden", message: "Teams authentication is off (TEAMS_AUTH=off): only requests made on this machine directly are accepted, not through a proxy or tunnel." });
        return;
      }
      if (opts.authenticated && !req.headers.authorization) {
        // What botbuilder would answer too, without its stack trace on stderr for every stray request.
        opts.log.warn("teams request refused: no Bot Framework token", { remote: req.socket.remoteAddress });
        req.resume();
        sendJson(res, 401, { error: "unauthorized", message: "Unauthorized Access. Request is not authorized" });
        return;
      }
      const body = await readJson(req);
      if (!body.ok) {
        sendJson(res, body.status, { error: body.status === 413 ? "too_large" : "bad_request", message: body.message });
        return;
      }
      const problem = activityProblem(body.value);
      if (problem) {
        opts.log.warn("teams request refused: not an activity the bot can read", { problem });
        sendJson(res, 400, { error: "bad_request", message: `The body is not a Bot Framework activity: ${problem}.` });
        return;
      }
      if (!opts.authenticated && !isLoopbackUrl(String(body.value["serviceUrl"]))) {
        opts.log.warn("teams request refused: authentication is off, and its serviceUrl is not on this machine", { serviceUrl: String(body.value["serviceUrl"]).slice(0, 200) });
        sendJson(res, 403, { error: "forbidden", message: "Teams authentication is off (TEAMS_AUTH=off): the bot replies only to a serviceUrl on this machine." });
        return;
      }
      await opts.adapter.process({ body: body.value, headers: req.headers, method: req.method ?? "POST" }, botResponse(res), (context) => opts.handler.run(context));
    },
  };
}

export { isLoopback };

type Parsed = { ok: true; value: Record<string, unknown> } | { ok: false; status: number; message: string };

function readJson(req: IncomingMessage): Promise<Parsed> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_ACTIVITY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => {
      if (tooLarge) return resolve({ ok: false, status: 413, message: `An activity is at most ${MAX_ACTIVITY_BYTES} bytes.` });
      try {
        const value: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        if (value && typeof value === "object" && !Array.isArray(value)) return resolve({ ok: true, value: value as Record<string, unknown> });
      } catch {
        // answered below
      }
      resolve({ ok: false, status: 400, message: "The body must be a Bot Framework activity (a JSON object)." });
    });
    req.on("error", reject);
  });
}

/** The response botbuilder writes to: it sets a status, maybe a body, then ends. */
function botResponse(res: ServerResponse): BotResponse {
  let status = 200;
  let body: unknown;
  return {
    socket: res.socket,
    status(code: number) {
      status = code;
      return this;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
      return this;
    },
    send(...args: unknown[]) {
      body = args[0];
      return this;
    },
    end() {
      if (res.writableEnded) return;
      if (body === undefined || body === null) {
        res.writeHead(status, { "Content-Length": 0 });
        res.end();
      } else if (typeof body === "string" || Buffer.isBuffer(body)) {
        res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(body) });
        res.end(body);
      } else {
        sendJson(res, status, body);
      }
    },
  };
}
