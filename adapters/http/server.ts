/**
 * The one HTTP server every chat platform shares: a small router that mounts
 * handlers by method and path. Slack mounts `/slack/events` (and, with OAuth,
 * `/slack/install` and `/slack/oauth_redirect`); Teams will mount
 * `POST /api/messages`; `/healthz` is always there.
 *
 * @example
 * const http = createHttpServer({ routes: [...slack.routes, teamsRoute], log });
 * const { port } = await http.listen(3000);
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { faultId } from "../../src/errors.ts";
import type { Logger } from "../../src/log.ts";

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface Route {
  method: "GET" | "POST";
  /** Matched exactly against the path, without the query string. */
  path: string;
  handler: Handler;
}

export interface HttpServer {
  server: Server;
  /** Listens on `port` (0 picks a free one) and resolves with the port taken. */
  listen(port: number, host?: string): Promise<{ port: number }>;
  /** Stops taking connections; requests in progress get `graceMs` (default 2 s) before their connections are cut. */
  close(graceMs?: number): Promise<void>;
}

/** `GET /healthz`: answers 200 while the process serves requests (for load balancers and containers). */
export function healthRoute(describe: () => Record<string, unknown> = () => ({})): Route {
  return {
    method: "GET",
    path: "/healthz",
    handler: (_req, res) => sendJson(res, 200, { status: "ok", ...describe() }),
  };
}

export function createHttpServer(opts: { routes: Route[]; log: Logger }): HttpServer {
  const table = new Map<string, Map<string, Handler>>();
  for (const route of opts.routes) {
    const byMethod = table.get(route.path) ?? new Map<string, Handler>();
    if (byMethod.has(route.method)) throw new Error(`Two handlers for ${route.method} ${route.path}`);
    byMethod.set(route.method, route.handler);
    table.set(route.path, byMethod);
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const byMethod = table.get(path);
    if (!byMethod) return sendJson(res, 404, { error: "not_found" });
    const method = req.method === "HEAD" ? "GET" : (req.method ?? "GET");
    const handler = byMethod.get(method);
    if (!handler) {
      res.setHeader("Allow", [...byMethod.keys()].join(", "));
      return sendJson(res, 405, { error: "method_not_allowed" });
    }
    const failed = (error: unknown) => {
      const id = faultId();
      opts.log.error("http handler failed", { faultId: id, method, path, error });
      if (!res.headersSent) sendJson(res, 500, { error: "internal", faultId: id });
      else res.end();
    };
    try {
      const done = handler(req, res);
      if (done instanceof Promise) done.catch(failed);
    } catch (error) {
      failed(error);
    }
  });

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve({ port: (server.address() as AddressInfo).port });
        });
      }),
    close: (graceMs = 2_000) =>
      new Promise((resolve, reject) => {
        // No new connections; idle keep-alive ones go now, requests in progress get `graceMs` to finish.
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), graceMs).unref();
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}
