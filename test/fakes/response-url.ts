/**
 * Stands in for Slack's response_url endpoint (hooks.slack.com) on loopback:
 * records every POSTed message body, and answers 200 "ok" like Slack does.
 * Like a workspace whose clients lack a block type (`refuseBlocks`), it
 * answers a message with such a block HTTP 400 `invalid_blocks` and keeps it
 * apart (`refused`), as Slack does for webhooks
 * (docs.slack.dev/messaging/sending-messages-using-incoming-webhooks, "Handling errors").
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
  /** Posts answered 400 `invalid_blocks`. */
  refused: ResponsePost[];
  /** Block types refused, e.g. "data_visualization". */
  refuseBlocks: Set<string>;
  /** Resolves with the posts to `url` once there are `count` of them (or rejects after `timeoutMs`). */
  waitFor(url: string, count?: number, timeoutMs?: number): Promise<ResponsePost[]>;
  close(): Promise<void>;
}

export async function startResponseUrlCatcher(): Promise<ResponseUrlCatcher> {
  const posts: ResponsePost[] = [];
  const refused: ResponsePost[] = [];
  const refuseBlocks = new Set<string>();
  const waiters = createWaiters();
  let n = 0;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const post = { path: req.url ?? "/", body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>, at: Date.now() };
    const blocks = Array.isArray(post.body["blocks"]) ? (post.body["blocks"] as Array<{ type?: unknown }>) : [];
    if (blocks.some((b) => refuseBlocks.has(String(b.type)))) {
      refused.push(post);
      res.writeHead(400, { "Content-Type": "text/plain" });
      res.end("invalid_blocks");
      return;
    }
    posts.push(post);
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
    refused,
    refuseBlocks,
    waitFor: (url, count = 1, timeoutMs = 5000) =>
      waiters.waitFor(() => postsTo(url), count, timeoutMs, (got) => `response_url ${pathOf(url)}: expected ${count} post(s) within ${timeoutMs} ms, got ${got}`),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
