import { formatCommand, type Command } from "../command.ts";

/**
 * Whether what was typed is already the command it was read as, so the answer
 * need not say how it read it: the same words in any case and spacing, a
 * leading `/`, and the default period left out all count as typed as read.
 * @example typedAsRead("csat last-week", parsed, "last-7-days") // true
 * @example typedAsRead("how was csat last week", parsed, "last-7-days") // false
 */
export function typedAsRead(text: string, command: Command, defaultPeriod: string): boolean {
  const typed = text.trim().replace(/^\/+/, "").replace(/\s+/g, " ").toLowerCase();
  const read = formatCommand(command).toLowerCase();
  if (typed === read) return true;
  if (command.kind !== "metric" || command.period.label !== defaultPeriod) return false;
  // `csat` for `csat last-7-days`: the period left out is the default, said on the answer anyway.
  return typed === read.replace(` ${defaultPeriod.toLowerCase()}`, "");
}
