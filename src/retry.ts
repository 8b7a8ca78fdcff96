/**
 * The two rules every retry in the bot follows, whoever it talks to (the
 * outbox to Slack and Teams, Teams' connector calls, help-desk syncs):
 * how long the other side asked us to wait, and how long to wait when it
 * did not say.
 *
 * @example
 * parseRetryAfter("2", Date.now())                                  // 2000
 * backoffMs(3, { baseDelayMs: 1000, maxDelayMs: 60_000 }, () => 1) // 4000
 */

/**
 * A Retry-After header value in milliseconds from `nowMs`: delta-seconds or an
 * HTTP date; undefined when absent or unreadable.
 */
export function parseRetryAfter(value: unknown, nowMs: number): number | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * Exponential backoff before try `attempts + 1`: base × 2^(attempts − 1), at
 * most `maxDelayMs`, then "equal jitter" (half fixed, half random) so that
 * many clients retrying together spread out.
 */
export function backoffMs(attempts: number, policy: { baseDelayMs: number; maxDelayMs: number }, random: () => number = Math.random): number {
  const full = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(full / 2 + (random() * full) / 2);
}
