/**
 * Text → Command. The grammar:
 *
 *   <metric> [period] [by <dimension>] [vs previous|same-weekday|last-year] [where <field>=<value>[,<value>] …]
 *   help [metric] | define <metric>
 *   sources
 *
 * Clauses may come in any order after the metric; a leading "/" is accepted.
 * Every mistake is a UserError saying what was wrong and what would work.
 */
import { dimensionsOf, type DatasetId } from "../measures/datasets.ts";
import type { Filter } from "../measures/measures.ts";
import { UserError } from "../errors.ts";
import { CATALOG, findMetric, metricWord } from "../metrics/catalog/index.ts";
import type { MetricDefinition } from "../metrics/types.ts";
import { parsePeriod } from "../periods/index.ts";
import type { Comparison } from "../periods/types.ts";
import { suggest } from "../suggest.ts";
import { formatCommand, type Command, type ParseContext } from "./command.ts";
import { controlCharacterError, controlCharacterIn } from "./input.ts";
import { tokenize } from "./tokenize.ts";
import { table } from "./wordTable.ts";
import { AmbiguousQuestion } from "./plain/ambiguous.ts";
import { matchPeriod } from "./plain/periodPhrase.ts";
import { PassThrough, readPlain } from "./plain/read.ts";
import { FILLER, METRIC_SYNONYMS } from "./plain/words.ts";

const KEYWORDS = ["by", "vs", "where"] as const;
type Keyword = (typeof KEYWORDS)[number];
const KEYWORD_ALIASES: Record<string, Keyword> = table({
  by: "by",
  per: "by",
  vs: "vs",
  "vs.": "vs",
  versus: "vs",
  against: "vs",
  compared: "vs",
  where: "where",
  with: "where",
});
const COMPARISONS: Record<string, Comparison> = table({
  previous: "previous",
  prev: "previous",
  "previous-period": "previous",
  "last-period": "previous",
  "same-weekday": "same-weekday",
  "same-weekdays": "same-weekday",
  "same-day-last-week": "same-weekday",
  "same-weekday-last-week": "same-weekday",
  "week-ago": "same-weekday",
  "a-week-ago": "same-weekday",
  "last-year": "last-year",
  "previous-year": "last-year",
  "year-ago": "last-year",
  "a-year-ago": "last-year",
  yoy: "last-year",
});
const HELP_WORDS = new Set(["help", "?", "commands", "metrics", "list"]);
const DEFINE_WORDS = new Set(["define", "explain", "definition", "what-is"]);
const SOURCES_WORDS = new Set(["sources", "source", "data-sources", "datasets"]);
/** Longest metric name in words ("average-speed-of-answer"). */
const MAX_METRIC_WORDS = 5;

/**
 * Parse what a person typed.
 * @example parseCommand("frt this-month by agent", ctx) // { kind: "metric", metricId: "frt", by: "agent", … }
 */
export function parseCommand(text: string, ctx: ParseContext): Command {
  const tokens = cleanTokens(tokenize(text.trim().replace(/^\/+/, "")));
  // Politeness and question words before the first real word: `please show me the sources`.
  const lead = tokens.findIndex((t) => !FILLER.has(t.toLowerCase()) || findMetric(t));
  const words = lead < 0 ? [] : tokens.slice(lead);
  const first = words[0];
  if (first === undefined) return { kind: "help" };
  const head = metricWord(first);

  const define = definitionAsked(tokens);
  if (define) return { kind: "define", metricId: define.id };
  if (HELP_WORDS.has(head)) {
    const rest = words.slice(1).filter((t) => !FILLER.has(t.toLowerCase()) && !HELP_WORDS.has(metricWord(t)));
    return rest.length > 0 ? { kind: "define", metricId: requireMetric(rest).id } : { kind: "help" };
  }
  if (SOURCES_WORDS.has(head)) {
    if (words.slice(1).some((t) => !FILLER.has(t.toLowerCase()) || findMetric(t))) {
      throw new UserError("bad_syntax", "`sources` takes nothing after it.", "Type `sources` to see each dataset, where it comes from, the rows used and skipped, and how fresh it is.");
    }
    return { kind: "sources" };
  }
  if (DEFINE_WORDS.has(head) || (head === "what" && words[1]?.toLowerCase() === "is" && words.length === 2)) {
    const rest = words.slice(head === "what" ? 2 : 1);
    if (rest.length === 0) {
      throw new UserError("bad_syntax", "`define` needs a metric.", "For example `define csat` or `define frt`.");
    }
    return { kind: "define", metricId: requireMetric(rest).id };
  }

  const found = locateMetric(tokens);
  if (!found) throw unknownMetric(tokens.filter((t) => !FILLER.has(t.toLowerCase())), ctx);
  const { def, rest } = found;
  let plain;
  try {
    plain = readPlain(def, rest, ctx);
  } catch (error) {
    // Words nothing could read: the grammar names them, with its did-you-mean.
    if (error instanceof PassThrough) return parseClauses(def, error.words, ctx);
    throw error;
  }
  if (plain.readings.length > 1) {
    const commands = plain.readings.map((r) => parseClauses(def, r, ctx));
    const fields = plain.ambiguous!.fields;
    throw new AmbiguousQuestion(
      `\`${plain.ambiguous!.typed}\` is ${fields.map(withArticle).join(" and ")} — which did you mean?`,
      commands.map((c, k) => ({ label: `${fields[k]}=${plain.ambiguous!.values[k]}`, command: formatCommand(c) })),
    );
  }
  return parseClauses(def, plain.readings[0]!, ctx);
}

/**
 * The dataset of the metric a question names, if it names one: what the
 * answer path needs to look up known values before parsing.
 * @example questionDataset("how was csat for email") // "surveys"
 */
export function questionDataset(text: string): DatasetId | undefined {
  return locateMetric(cleanTokens(tokenize(text.trim().replace(/^\/+/, ""))))?.def.dataset;
}

/**
 * The words as typed, without the punctuation around them (`rate?`, `csat,`,
 * `“email”`) and with possessives read as the word (`csat's`); a `field=value`
 * stays as typed.
 */
function cleanTokens(tokens: string[]): string[] {
  const out: string[] = [];
  for (const token of tokens) {
    if (token.includes("=") || /^\d{4}-\d{1,2}-\d{1,2}\.\./.test(token) || token === "vs.") {
      out.push(token);
      continue;
    }
    const bare = token.replace(/[’‘]/g, "'").replace(/^[¿¡(\[{'"]+/, "").replace(/[?!.,;:)\]}%'"]+$/, "").replace(/'s$/i, "");
    if (bare !== "") out.push(bare);
    else if (token === "?") continue;
  }
  return out;
}

function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? "an" : "a"} ${word}`;
}

/** `what is csat`, `what does csat mean`, `how is nps calculated`, `explain aht`: a definition, not a figure. */
function definitionAsked(tokens: string[]): MetricDefinition | undefined {
  const lower = tokens.map((t) => t.toLowerCase());
  const asks = lower.some((w) => DEFINITION_WORDS.has(w));
  const whatIs = (lower[0] === "what" && lower[1] === "is") || lower[0] === "whats" || lower[0] === "what's";
  if (!asks && !whatIs) return undefined;
  const rest = tokens.filter((_t, k) => !DEFINITION_WORDS.has(lower[k]!) && !(whatIs && k < (lower[0] === "what" ? 2 : 1)) && !["a", "an", "the", "does", "do", "is", "how", "by", "you", "me", "what"].includes(lower[k]!));
  if (rest.length === 0) return undefined;
  const lead = leadingMetric(rest);
  return lead && lead.used === rest.length ? lead.def : undefined;
}

const DEFINITION_WORDS = new Set(["mean", "means", "meaning", "calculated", "computed", "measured", "defined", "definition", "formula", "explain", "define"]);

/** The metric named by the tokens from `from` on (longest match), and how many tokens it used. */
function leadingMetric(tokens: string[], from = 0): { def: MetricDefinition; used: number } | undefined {
  for (let used = Math.min(MAX_METRIC_WORDS, tokens.length - from); used >= 1; used--) {
    const words = tokens.slice(from, from + used).join("-");
    // `response times`, `first replies`: the plural names the same metric.
    const synonym = METRIC_SYNONYMS[words.toLowerCase()];
    const def = findMetric(words) ?? (synonym ? findMetric(synonym) : undefined) ?? (words.length > 4 && /[^s]s$/i.test(words) ? findMetric(words.slice(0, -1)) : undefined);
    if (def) return { def, used };
  }
  return undefined;
}

/**
 * The metric at the start, or anywhere before the first clause keyword
 * ("last-week csat"). A metric named by a word that is also an everyday noun
 * (`tickets`, `requests`) gives way to a later, more specific one: `how many
 * tickets are awaiting reply` asks about awaiting_reply.
 */
function locateMetric(tokens: string[]): { def: MetricDefinition; rest: string[] } | undefined {
  let generic: { def: MetricDefinition; rest: string[] } | undefined;
  for (let i = 0; i < tokens.length; i++) {
    // A metric after a clause keyword only when none came before it (`top agents by csat`).
    if (i > 0 && KEYWORD_ALIASES[tokens[i]!.toLowerCase()] && generic) break;
    const here = leadingMetric(tokens, i);
    if (!here) continue;
    // `top agents by csat`: the `by` that led to the metric goes with it.
    const before = i > 1 && KEYWORD_ALIASES[tokens[i - 1]!.toLowerCase()] === "by" ? i - 1 : i;
    const found = { def: here.def, rest: [...tokens.slice(0, before), ...tokens.slice(i + here.used)] };
    if (here.used > 1 || !FILLER.has(tokens[i]!.toLowerCase())) return found;
    generic ??= found;
  }
  return generic;
}

function requireMetric(tokens: string[]): MetricDefinition {
  const lead = leadingMetric(tokens);
  if (lead && lead.used === tokens.length) return lead.def;
  throw unknownMetric(tokens);
}

function metricCandidates(): string[] {
  return CATALOG.flatMap((d) => [d.id, ...d.aliases]);
}

function unknownMetric(tokens: string[], ctx?: ParseContext): UserError {
  const typed = tokens[0] ?? "";
  if (ctx && tokens.length > 0 && matchPeriod(tokens.map((t) => t.toLowerCase()), 0, ctx.periods)) {
    return new UserError("unknown_metric", "Start with a metric, then the period.", "For example `csat last week`, `how many tickets yesterday` or `frt for email this month`.");
  }
  const hint = "Type `help` to see every metric, e.g. `csat last-week`, `nps this-quarter`, `frt last-month by agent`.";
  const guess = suggest(typed, metricCandidates()) ?? suggest(tokens.slice(0, 2).join("-"), metricCandidates());
  if (guess) {
    const def = findMetric(guess)!;
    const shown = metricWord(guess) === metricWord(def.id) ? def.id : guess;
    return new UserError("unknown_metric", `\`${typed}\` is not a metric — did you mean \`${shown}\`?`, hint);
  }
  if (isPeriodish(typed)) {
    return new UserError("unknown_metric", "Start with a metric, then the period.", "For example `csat last-week` or `churn last-month`.");
  }
  return new UserError("unknown_metric", `\`${typed}\` is not a metric.`, hint);
}

function isPeriodish(token: string): boolean {
  try {
    parsePeriod(token, { now: new Date(0), timeZone: "UTC", weekStartsOn: 1 });
    return true;
  } catch {
    return false;
  }
}

function parseClauses(def: MetricDefinition, tokens: string[], ctx: ParseContext): Command {
  const periodTokens: string[] = [];
  let by: string | undefined;
  let vs: Comparison | undefined;
  const filters: Filter[] = [];
  const dimensions = dimensionsOf(def.dataset);

  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i]!;
    const keyword = KEYWORD_ALIASES[token.toLowerCase()];
    if (!keyword) {
      periodTokens.push(token);
      i++;
      continue;
    }
    const args: string[] = [];
    i++;
    while (i < tokens.length && !KEYWORD_ALIASES[tokens[i]!.toLowerCase()]) args.push(tokens[i++]!);

    if (keyword === "by") {
      if (by) throw new UserError("bad_syntax", "Only one `by` per question.", `Ask \`${def.id} … by ${by}\` or by another dimension separately.`);
      const [dimension, ...after] = args;
      if (!dimension) throw missingArgument(def, "by", dimensions);
      by = resolveDimension(def, dimension, dimensions, "broken down by");
      periodTokens.push(...after);
    } else if (keyword === "vs") {
      if (vs) throw new UserError("bad_syntax", "Only one `vs` per question.", "Use `vs previous`, `vs same-weekday` or `vs last-year`.");
      if (args[0]?.toLowerCase() === "to" || args[0]?.toLowerCase() === "with") args.shift();
      const { comparison, used } = parseComparison(args);
      vs = comparison;
      periodTokens.push(...args.slice(used));
    } else {
      filters.push(...parseFilters(def, args, dimensions));
    }
  }

  const periodText = periodTokens.join(" ");
  const period = resolvePeriod(def, periodText || ctx.defaultPeriod, periodTokens, dimensions, ctx);
  return { kind: "metric", metricId: def.id, period, vs: vs ?? "previous", filters, ...(by ? { by } : {}) };
}

function resolvePeriod(
  def: MetricDefinition,
  text: string,
  tokens: string[],
  dimensions: string[],
  ctx: ParseContext,
) {
  try {
    return parsePeriod(text, ctx.periods);
  } catch (error) {
    // A stray word that is really a misspelt keyword or a bare dimension is a better thing to point at.
    for (const token of tokens) {
      const lower = token.toLowerCase();
      if (dimensions.includes(singular(lower))) {
        throw new UserError("bad_syntax", `\`${token}\` is not a period — did you mean \`by ${singular(lower)}\`?`, `For example \`${def.id} last-week by ${singular(lower)}\`.`);
      }
      const keyword = lower.length > 1 ? suggest(lower, ["by", "vs", "where"]) : undefined;
      if (keyword && keyword !== lower && !isPeriodish(token) && tokens.length > 1) {
        throw new UserError("bad_syntax", `\`${token}\` is not a period or a keyword — did you mean \`${keyword}\`?`, `For example \`${def.id} last-week by channel vs last-year where channel=email\`.`);
      }
    }
    throw error;
  }
}

/** The choices `vs` offers, as the messages name them. */
export const COMPARISON_WORDS: readonly Comparison[] = ["previous", "same-weekday", "last-year"];
export const COMPARISON_HINT = "Use `vs previous` (the period before), `vs same-weekday` (the same weekday a week earlier) or `vs last-year` (the same dates a year earlier).";

/**
 * The comparison named by the words after `vs` (up to four: `same day last
 * week`), and how many words it used; a UserError with a did-you-mean otherwise.
 * @example parseComparison(["same", "weekday"]) // { comparison: "same-weekday", used: 2 }
 */
export function parseComparison(args: string[]): { comparison: Comparison; used: number } {
  for (const used of [4, 3, 2, 1]) {
    if (args.length < used) continue;
    const comparison = COMPARISONS[metricWord(args.slice(0, used).join("-"))];
    if (comparison) return { comparison, used };
  }
  const typed = args[0];
  if (!typed) {
    throw new UserError("bad_syntax", "`vs` needs something to compare with.", COMPARISON_HINT);
  }
  const guess = suggest(metricWord(args.slice(0, 2).join("-")), COMPARISON_WORDS) ?? suggest(typed, COMPARISON_WORDS);
  throw new UserError("bad_syntax", `\`vs ${typed}\` is not a comparison${guess ? ` — did you mean \`vs ${guess}\`?` : "."}`, COMPARISON_HINT);
}

function parseFilters(def: MetricDefinition, args: string[], dimensions: string[]): Filter[] {
  const example = `For example \`${def.id} last-week where ${dimensions[0] ?? "channel"}=${exampleValue(dimensions[0])}\`.`;
  const parts = splitConditions(args);
  if (parts.length === 0) {
    throw new UserError("bad_filter", "`where` needs a condition such as field=value.", example);
  }
  const filters: Filter[] = [];
  for (const part of parts) {
    const match = /^([^=:]+)[=:](.*)$/.exec(part);
    if (!match) {
      throw new UserError("bad_filter", `\`${part}\` is not a filter — write it as field=value.`, example);
    }
    const fieldName = resolveDimension(def, match[1]!, dimensions, "filtered by");
    const values = match[2]!
      .split(",")
      .map((v) => v.trim())
      .filter((v) => v !== "");
    if (values.length === 0) {
      throw new UserError("bad_filter", `\`${part}\` has no value after \`=\`.`, `For example \`where ${fieldName}=${exampleValue(fieldName)}\`.`);
    }
    // Never let a NUL or other control character reach a query or a stored rule (answer() refuses them first; stored rules come back here).
    const control = controlCharacterIn(match[2]!);
    if (control !== undefined) throw controlCharacterError(control);
    const existing = filters.find((f) => f.field === fieldName);
    if (existing) existing.values.push(...values);
    else filters.push({ field: fieldName, values });
  }
  return filters;
}

/**
 * The conditions among the words after `where`, one per `field=value`:
 * `channel = email`, `channel= email` and `channel=email,chat` all read the
 * same; a quoted value stays whole whatever it holds (`agent="Mary = Jane"`);
 * an unquoted word without `=` continues the value before it; `and` joins.
 */
function splitConditions(tokens: string[]): string[] {
  const parts: string[] = [];
  let glue = false;
  tokens.forEach((token, i) => {
    const last = parts.length - 1;
    const next = tokens[i + 1] ?? "";
    if (glue && last >= 0) {
      parts[last] += token;
      glue = false;
    } else if (/^[=:]/.test(token) && last >= 0 && !/[=:]/.test(parts[last]!)) {
      // `channel` `=` `email` / `channel` `=email`: the separator joins the field to its value.
      parts[last] += token;
      glue = token.length === 1;
    } else if (/[=:]/.test(token)) {
      parts.push(token);
      glue = /[=:]$/.test(token) && token.indexOf("=") === token.length - 1;
    } else if (token.toLowerCase() === "and") {
      return;
    } else if (last >= 0 && !/^[=:]/.test(next)) {
      parts[last] += ` ${token}`;
    } else {
      // A field name, its `=` still to come.
      parts.push(token);
    }
  });
  return parts;
}

function exampleValue(dimension: string | undefined): string {
  return { channel: "email", agent: "Ann", team: "billing", priority: "high", segment: "smb", plan: "pro", source: "organic" }[
    dimension ?? "channel"
  ] ?? "value";
}

function singular(word: string): string {
  return word.length > 3 && word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : word;
}

function resolveDimension(def: MetricDefinition, typed: string, dimensions: string[], verb: string): string {
  const word = singular(typed.trim().toLowerCase());
  if (dimensions.includes(word)) return word;
  if (dimensions.length === 0) {
    throw new UserError("unknown_dimension", `${def.id} can't be ${verb} anything: its ${def.dataset} data has no dimensions.`, `Ask \`${def.id} last-month\` without \`by\` or \`where\`.`);
  }
  const list = dimensions.length > 0 ? dimensions.map((d) => `\`${d}\``).join(", ") : "nothing";
  const guess = suggest(word, dimensions);
  if (guess) {
    throw new UserError("unknown_dimension", `\`${typed}\` is not a dimension of ${def.id} — did you mean \`${guess}\`?`, `${def.id} can be ${verb} ${list}.`);
  }
  throw new UserError("unknown_dimension", `${def.id} can't be ${verb} \`${typed}\`.`, `It can be ${verb} ${list}.`);
}

function missingArgument(def: MetricDefinition, keyword: string, dimensions: string[]): UserError {
  if (dimensions.length === 0) {
    return new UserError("unknown_dimension", `${def.id} can't be broken down: its ${def.dataset} data has no dimensions.`, `Ask \`${def.id} last-month\` without \`by\`.`);
  }
  return new UserError(
    "bad_syntax",
    `\`${keyword}\` needs a dimension.`,
    `${def.id} can be broken down by ${dimensions.map((d) => `\`${d}\``).join(", ")}, e.g. \`${def.id} last-week by ${dimensions[0]}\`.`,
  );
}
