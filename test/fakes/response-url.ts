/**
 * Stands in for Slack's response_url endpoint (hooks.slack.com) on loopback:
 * records every POSTed message body, and answers 200 "ok" like Slack does.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createWaiters } from "./waiters.ts";

export interface ResponsePost {
  path: string;
  body: Record<string, unknown>;
  at: number;
}

export interface ResponseUrlCatcher {
  /** A fresh response_url on this catcher. */
  url(name?: string): string;
  posts: ResponsePost[];
  /** Resolves with the posts to `url` once there are `count` of them (or rejects after `timeoutMs`). */
  waitFor(url: string, count?: number, timeoutMs?: number): Promise<ResponsePost[]>;
  close(): Promise<void>;
}

export async function startResponseUrlCatcher(): Promise<ResponseUrlCatcher> {
  const posts: ResponsePost[] = [];
  const waiters = createWaiters();
  let n = 0;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    posts.push({ path: req.url ?? "/", body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>, at: Date.now() });
    res.writeHead(200, { "Content-Type": "text/plain" });
    res.end("ok");
    waiters.wake();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const pathOf = (url: string) => new URL(url).pathname;
  const postsTo = (url: string) => posts.filter((p) => p.path === pathOf(url));
  return {
    url: (name = "commands") => `${base}/${name}/T0ACMESUP1/${++n}/${Math.random().toString(36).slice(2, 10)}`,
    posts,
    waitFor: (url, count = 1, timeoutMs = 5000) =>
      waiters.waitFor(() => postsTo(url), count, timeoutMs, (got) => `response_url ${pathOf(url)}: expected ${count} post(s) within ${timeoutMs} ms, got ${got}`),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
