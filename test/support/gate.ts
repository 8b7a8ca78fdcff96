/**
 * The one gate for suites that need something outside the project (a
 * Postgres server, Debian's Chromium): registered when it is there; when it
 * is not, skipped with a message saying what is missing — unless the
 * environment variable `require` names is "1" (CI), which turns the skip
 * into a failing test that says how to provide it.
 */
import { describe, it } from "vitest";

export interface Need {
  /** What the suite needs, as the test that fails says it: "Postgres", "Chromium". */
  what: string;
  /** Undefined when it is there; otherwise why not. */
  missing: string | undefined;
  /** The variable that turns the skip into a failure, e.g. REQUIRE_POSTGRES. */
  require: string;
  /** How to provide it, e.g. "Start Postgres or point TEST_DATABASE_URL at one". */
  fix: string;
}

export function describeWhen(name: string, need: Need, suite: () => void): void {
  if (need.missing === undefined) {
    describe(name, suite);
    return;
  }
  const why = need.missing;
  if (process.env[need.require] === "1") {
    describe(name, () => {
      it(`has ${need.what}, which ${need.require}=1 requires`, () => {
        throw new Error(`${why}. ${need.fix}; unset ${need.require} to skip instead.`);
      });
    });
    return;
  }
  console.warn(`Skipping "${name}": ${why}. ${need.fix}; ${need.require}=1 makes this a failure.`);
  // The one skip in the suite, on a machine without the service; CI sets the variable and never skips.
  describe.skip(`${name} — skipped: ${why}`, suite);
}
