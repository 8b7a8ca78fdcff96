/**
 * What every fake service here does the same way: listen on a free loopback
 * port (and, on close, cut the connections still open, so a test never waits
 * on a keep-alive), and drop a page half-way, as a connection lost in transit.
 */
import type { IncomingHttpHeaders, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What every fake records of a request it received, for the test to inspect. */
export interface FakeRequest {
  /** 1-based, in arrival order. */
  n: number;
  path: string;
  headers: IncomingHttpHeaders;
  /** The status answered (200 for a page dropped mid-way). */
  status: number;
  /** The connection was dropped mid-answer. */
  dropped: boolean;
  /** Date.now() on arrival. */
  at: number;
}

/**
 * Starts `server` on 127.0.0.1 at a free port.
 * @example const { url, close } = await listenLoopback(createServer(handler)); // url: "http://127.0.0.1:41234"
 */
export async function listenLoopback(server: Server): Promise<{ url: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * 200 and the first half of `body`, then the connection goes: the client sees
 * a page cut off in the middle and must ask again.
 */
export function dropMidway(res: ServerResponse, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", ...headers });
  res.write(body.slice(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
}

/**
 * Notes on a fake's request record that its answer was a page dropped
 * mid-way (a 200 whose body never finished).
 * @example if (opts.drop?.includes(record.n)) return markDropped(record), dropMidway(res, body);
 */
export function markDropped(record: FakeRequest): void {
  record.status = 200;
  record.dropped = true;
}
