/**
 * Whether `zone` is an IANA time zone the runtime knows. Checked names are
 * remembered, so repeated calls are cheap.
 *
 * @example isTimeZone("Europe/Vilnius") // true; isTimeZone("Mars/Base") // false
 */
const known = new Set<string>();

export function isTimeZone(zone: string): boolean {
  if (known.has(zone)) return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
  } catch {
    return false;
  }
  known.add(zone);
  return true;
}
