import type { Engine } from "../commands/answer.ts";
import { fixedClock } from "../clock.ts";

/**
 * The engine as it was at a scheduled instant in a schedule's zone: periods
 * ("yesterday", "last-week") resolve against `at`, not against when the run
 * happens to execute, so a late or retried run says the same thing.
 */
export function engineAt(engine: Engine, at: Date, timeZone: string): Engine {
  return { ...engine, clock: fixedClock(at), timeZone };
}
