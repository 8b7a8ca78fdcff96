const FIRST_WORDS = new Set(["today", "yesterday", "this", "last", "mtd", "qtd", "ytd"]);

/**
 * A cheap check whether a token could start a period, for the command parser:
 * it starts with a digit, or its first word (before a space or hyphen) is one
 * of today, yesterday, this, last, mtd, qtd, ytd. It does not validate:
 * `parsePeriod` does.
 *
 * @example isPeriodLike("last-week") // true
 * @example isPeriodLike("csat") // false
 */
export function isPeriodLike(text: string): boolean {
  const t = text.trim().toLowerCase();
  if (/^[0-9]/.test(t)) return true;
  const first = t.split(/[\s-]/, 1)[0] ?? "";
  return FIRST_WORDS.has(first);
}
