/**
 * Split a command into words on whitespace, keeping quoted text together and
 * dropping the double quotes (straight or the curly ones chat apps substitute;
 * an apostrophe is a letter, as in O'Brien).
 *
 * @example tokenize('csat where agent="Mary Jane"') // ["csat", "where", "agent=Mary Jane"]
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let current = "";
  let quote: string | null = null;
  let started = false;
  for (const ch of text) {
    if (quote !== null) {
      if (ch === quote || (quote === "“" && ch === "”")) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === "“" || ch === "”") {
      quote = ch === "”" ? "“" : ch;
      started = true;
    } else if (/\s/.test(ch)) {
      if (started) tokens.push(current);
      current = "";
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (started) tokens.push(current);
  return tokens;
}
