import { TZDate } from "@date-fns/tz";
import { format } from "date-fns/format";

/**
 * The local calendar date of an instant in `timeZone`, as `yyyy-MM-dd`.
 *
 * @example localDateString(new Date("2026-11-22T14:05:00Z"), "Pacific/Auckland") // "2026-11-23"
 */
export function localDateString(date: Date, timeZone: string): string {
  return format(new TZDate(date.getTime(), timeZone), "yyyy-MM-dd");
}
