/**
 * Backing off when Teams pushes back. The Bot Connector answers 429 when a
 * bot posts too fast (about 7 messages a second and 1,800 an hour per
 * conversation), and 412, 502 or 504 when it is briefly unable to take the
 * message; each is worth a few retries after a pause with jitter, honouring
 * Retry-After. Anything else — and the last failure — is thrown, so the
 * scheduler's outbox retries later with its own, longer backoff.
 *
 * The whole sequence stays within `budgetMs`, well inside the outbox's
 * per-post timeout (60 s): a retry still waiting when the outbox gave up
 * could otherwise land after the outbox had posted again.
 */
import { parseRetryAfter } from "../../src/retry.ts";

export interface TeamsRetryPolicy {
  /** Tries in all, the first one included. */
  attempts: number;
  /** Pause after the first failure without Retry-After; doubles each time, ±50 % jitter, at most `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** No retry that would end later than this after the first try; the failure is thrown instead. */
  budgetMs: number;
}

export const TEAMS_RETRY_POLICY: TeamsRetryPolicy = { attempts: 4, baseDelayMs: 1_000, maxDelayMs: 15_000, budgetMs: 40_000 };

/** Statuses worth retrying soon (Teams' guidance for bots). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([412, 429, 502, 504]);

/** A post Teams refused, with its HTTP status; the message says what happened without any request details. */
export class TeamsPostError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly attempts: number,
  ) {
    super(message);
    this.name = "TeamsPostError";
  }
}

/** The HTTP status of a failed Bot Connector call (an @azure/core RestError), if it has one. */
export function statusOf(error: unknown): number | undefined {
  if (!error || typeof error !== "object") return undefined;
  const e = error as { statusCode?: unknown; response?: { status?: unknown } };
  if (typeof e.statusCode === "number") return e.statusCode;
  if (typeof e.response?.status === "number") return e.response.status;
  return undefined;
}

/**
 * Retry-After of a failed call in milliseconds: the header found on the
 * error botbuilder throws, read by `parseRetryAfter`; undefined when absent or unreadable.
 * @example retryAfterMs(errorWithHeader("2")) // 2000
 */
export function retryAfterMs(error: unknown, now: number = Date.now()): number | undefined {
  const headers = (error as { response?: { headers?: unknown } } | null)?.response?.headers;
  let value: unknown;
  if (headers && typeof (headers as { get?: unknown }).get === "function") value = (headers as { get(name: string): unknown }).get("retry-after");
  else if (headers && typeof headers === "object") {
    const entry = Object.entries(headers).find(([k]) => k.toLowerCase() === "retry-after");
    value = entry?.[1];
  }
  return parseRetryAfter(value, now);
}

/**
 * The pause before try number `attempt + 1`: Retry-After plus a little
 * jitter when Teams said how long, else exponential with ±50 % jitter.
 */
export function delayBeforeRetry(attempt: number, retryAfter: number | undefined, policy: TeamsRetryPolicy, random: () => number): number {
  if (retryAfter !== undefined) return Math.round(retryAfter + random() * Math.min(1_000, retryAfter * 0.2 + 50));
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exponential * (0.5 + random()));
}

export interface RetryDeps {
  policy: TeamsRetryPolicy;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Told about each retry (for a log line). */
  onRetry?: (info: { attempt: number; status: number; delayMs: number }) => void;
}

/** Runs `operation`, retrying it on 412/429/502/504 within the policy; throws a TeamsPostError on the final failure. */
export async function withRetries<T>(what: string, operation: () => Promise<T>, deps: RetryDeps): Promise<T> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const status = statusOf(error);
      const reason = status !== undefined ? `Teams answered HTTP ${status}` : `${error instanceof Error ? error.message : String(error)}`;
      if (status === undefined || !RETRYABLE_STATUSES.has(status)) throw new TeamsPostError(`${what} failed: ${reason}`, status, attempt);
      if (attempt >= deps.policy.attempts) throw new TeamsPostError(`${what} failed after ${attempt} tries: ${reason}`, status, attempt);
      const delayMs = delayBeforeRetry(attempt, retryAfterMs(error), deps.policy, deps.random);
      if (Date.now() - started + delayMs > deps.policy.budgetMs) {
        throw new TeamsPostError(`${what} failed: ${reason}, and the next try (in ${Math.ceil(delayMs / 1000)} s) would be too late; the outbox retries later`, status, attempt);
      }
      deps.onRetry?.({ attempt, status, delayMs });
      await deps.sleep(delayMs);
    }
  }
}
