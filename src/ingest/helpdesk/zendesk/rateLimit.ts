/**
 * Zendesk's budgets from the headers it sends. Every Ticketing API answer
 * carries the account-wide limit and what is left of it this minute
 * ("Best practices for avoiding rate limiting", developer.zendesk.com:
 * `X-Rate-Limit` / `ratelimit-limit`, `X-Rate-Limit-Remaining` /
 * `ratelimit-remaining`, `ratelimit-reset` in seconds). So a plan's real
 * limit replaces the 200 a minute assumed at first (higher plans allow more;
 * some legacy plans only 10), split between the incremental export (at
 * most its own 10 a minute, at most half the account's) and the rest; and
 * when nothing is left, both budgets wait for the reset.
 *
 * @example
 * const { headers } = await http.get(path, { budget: "incremental" });
 * paceFromHeaders(http, headers, Date.now());
 */
import type { SyncHttp } from "../types.ts";

/** The incremental export's own limit: 10 requests a minute (Incremental Exports, "Rate limits"). */
const INCREMENTAL_PER_MINUTE = 10;

export function paceFromHeaders(http: Pick<SyncHttp, "pace">, headers: Headers, now: number): void {
  const limit = whole(headers.get("ratelimit-limit") ?? headers.get("x-rate-limit"));
  if (limit !== null && limit > 0) {
    const incremental = Math.max(1, Math.min(INCREMENTAL_PER_MINUTE, Math.floor(limit / 2)));
    http.pace("incremental", { requests: incremental, perMs: 60_000 });
    http.pace("api", { requests: Math.max(1, limit - incremental), perMs: 60_000 });
  }
  const remaining = whole(headers.get("ratelimit-remaining") ?? headers.get("x-rate-limit-remaining"));
  const reset = whole(headers.get("ratelimit-reset"));
  if (remaining === 0) {
    const until = now + (reset !== null ? reset : 60) * 1000;
    http.pace("incremental", { pauseUntil: until });
    http.pace("api", { pauseUntil: until });
  }
}

function whole(v: string | null): number | null {
  if (v === null || !/^\s*\d+\s*$/.test(v)) return null;
  return Number(v.trim());
}
