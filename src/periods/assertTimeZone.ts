import { UserError } from "../errors.ts";
import { isTimeZone } from "./isTimeZone.ts";

/**
 * Throws a `UserError` ("config") unless `timeZone` is an IANA zone the
 * runtime knows.
 *
 * @example assertTimeZone("Europe/Vilnius") // returns; assertTimeZone("Mars/Base") throws
 */
export function assertTimeZone(timeZone: string): void {
  if (isTimeZone(timeZone)) return;
  throw new UserError(
    "config",
    `\`${timeZone}\` is not a time zone.`,
    "Use an IANA zone name such as Europe/Vilnius, America/New_York or UTC.",
  );
}
