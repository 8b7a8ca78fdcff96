import { UserError } from "../errors.ts";

const known = new Set<string>();

/**
 * Throws a `UserError` ("config") unless `timeZone` is an IANA zone the
 * runtime knows. Checked names are remembered, so repeated calls are cheap.
 *
 * @example assertTimeZone("Europe/Vilnius") // returns; assertTimeZone("Mars/Base") throws
 */
export function assertTimeZone(timeZone: string): void {
  if (known.has(timeZone)) return;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    throw new UserError(
      "config",
      `\`${timeZone}\` is not a time zone.`,
      "Use an IANA zone name such as Europe/Vilnius, America/New_York or UTC.",
    );
  }
  known.add(timeZone);
}
