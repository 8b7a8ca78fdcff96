import { findMetric } from "../../metrics/catalog/index.ts";
import { formatCommand, type Command } from "../command.ts";

/**
 * Whether what was typed is already the command it was read as, so the answer
 * need not say how it read it: the same words in any case and spacing, a
 * leading `/`, a metric's alias for its id, and the default period left out
 * all count as typed as read.
 * @example typedAsRead("csat last-week", parsed, "last-7-days") // true
 * @example typedAsRead("how was csat last week", parsed, "last-7-days") // false
 */
export function typedAsRead(text: string, command: Command, defaultPeriod: string): boolean {
  const typed = withMetricId(text.trim().replace(/^\/+/, "").replace(/\s+/g, " ").toLowerCase(), command);
  const read = formatCommand(command).toLowerCase();
  if (typed === read) return true;
  if (command.kind !== "metric" || command.period.label !== defaultPeriod) return false;
  // `csat` for `csat last-7-days`: the period left out is the default, said on the answer anyway.
  return typed === read.replace(` ${defaultPeriod.toLowerCase()}`, "");
}

/** `churn last-month` as `churn_rate last-month`: a metric's alias is as canonical as its id. */
function withMetricId(typed: string, command: Command): string {
  if (command.kind !== "metric") return typed;
  const words = typed.split(" ");
  for (let n = Math.min(5, words.length); n >= 1; n--) {
    if (findMetric(words.slice(0, n).join("-"))?.id === command.metricId) return [command.metricId, ...words.slice(n)].join(" ");
  }
  return typed;
}
