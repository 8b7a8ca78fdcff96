/**
 * Plain words after the metric → the command grammar's own clauses. Reads,
 * at each word, in this order: a `where` clause as typed, a `by` phrase
 * (`broken down by team`, `per agent`), a comparison (`compared to last
 * year`), a period phrase (`past 30 days`, `in October`), a known value of a
 * dimension (`for email`, `Diane`), and only then drops filler. Anything else
 * is handed on as typed, so the grammar's messages (with their did-you-mean)
 * still name it.
 */
import { UserError } from "../../errors.ts";
import { dimensionsOf } from "../../measures/datasets.ts";
import type { MetricDefinition } from "../../metrics/types.ts";
import { parsePeriod } from "../../periods/index.ts";
import { suggest } from "../../suggest.ts";
import type { ParseContext } from "../command.ts";
import { comparisonFor, matchComparison, type ComparisonMatch } from "./comparePhrase.ts";
import { matchPeriod } from "./periodPhrase.ts";
import { keyOf, valueIndex, type ValueIndex, type ValueReading } from "./values.ts";
import { BY_PHRASES, DIMENSION_WORDS, FILLER, NEGATIONS, RANKING_WORDS, VALUE_PREPOSITIONS } from "./words.ts";

/** One way to read the words: the grammar's tokens. More than one when a value belongs to several dimensions. */
export interface PlainReading {
  readings: string[][];
  /** The typed word that several dimensions hold, when there is more than one reading. */
  ambiguous?: { typed: string; fields: string[]; values: string[] };
}

const CANONICAL_KEYWORDS = new Set(["by", "vs", "vs.", "versus", "where"]);
const VERSUS = new Set(["vs", "vs.", "versus", "against", "v"]);

/**
 * Read the words after the metric.
 * @example readPlain(csat, ["for", "email", "last", "week"], ctx) // { readings: [["last-week", "where", "channel=email"]] }
 */
export function readPlain(def: MetricDefinition, tokens: string[], ctx: ParseContext): PlainReading {
  const dimensions = dimensionsOf(def.dataset);
  const values = valueIndex(ctx.values?.(def.dataset), dimensions);
  const words = tokens.map((t) => t.toLowerCase());
  const periods: Array<{ label: string; text: string }> = [];
  const bys: string[] = [];
  let comparison: ComparisonMatch | undefined;
  const filters: ValueReading[] = [];
  let ambiguous: { at: number; readings: ValueReading[]; typed: string } | undefined;
  const where: string[] = [];
  const unknown: Array<{ token: string; afterPreposition: boolean }> = [];

  let i = 0;
  while (i < tokens.length) {
    const w = words[i]!;
    const token = tokens[i]!;
    // `where …` / `with …` as the grammar writes it: kept as typed up to the next keyword.
    if ((w === "where" || w === "with") && hasCondition(tokens, i + 1)) {
      where.push("where");
      i++;
      // Up to the next keyword, or a period after a quoted value (`where agent="Mary Jane" last week`).
      while (i < tokens.length && !CANONICAL_KEYWORDS.has(words[i]!)) {
        if (!tokens[i]!.includes("=") && /\s/.test(where[where.length - 1]!) && matchPeriod(words, i, ctx.periods)) break;
        where.push(tokens[i++]!);
      }
      continue;
    }
    // `where channel is email`: a known value after it reads like any other; otherwise the grammar explains `field=value`.
    if (w === "where" || w === "with") {
      i++;
      if (w === "with" || matchValue(words, i, values)) continue;
      where.push("where");
      while (i < tokens.length && !CANONICAL_KEYWORDS.has(words[i]!)) where.push(tokens[i++]!);
      continue;
    }
    if (token.includes("=")) {
      where.push("where", token);
      i++;
      continue;
    }
    if (NEGATIONS.has(w) || (w === "other" && words[i + 1] === "than")) {
      throw new UserError(
        "bad_filter",
        `Leaving values out (\`${tokens.slice(i, i + 2).join(" ")}\`) is not something I can do yet.`,
        `Name the values you want instead, e.g. \`${def.id} last-week where ${dimensions[0] ?? "channel"}=…\`, or see them all with \`${def.id} last-week by ${dimensions[0] ?? "channel"}\`.`,
      );
    }
    const by = matchBy(words, i, dimensions, values, ctx);
    if (by) {
      bys.push(by.dimension);
      i += by.used;
      // `by channel and agent`: a second breakdown, which the grammar refuses with its own message.
      if ((words[i] === "and" || words[i] === "&") && dimensionWord(words[i + 1] ?? "")) {
        bys.push(dimensionWord(words[i + 1]!)!);
        i += 2;
      }
      continue;
    }
    // `email vs chat`: two values side by side — the breakdown over just those values.
    const versus = VERSUS.has(w) && filters.length > 0 ? matchValue(words, i + 1, values) : undefined;
    if (versus && versus.readings.some((r) => r.field === filters[filters.length - 1]!.field)) {
      const field = filters[filters.length - 1]!.field;
      filters.push(versus.readings.find((r) => r.field === field)!);
      if (!bys.includes(field)) bys.push(field);
      i = versus.end;
      continue;
    }
    const compared = matchComparison(words, i, ctx.periods);
    if (compared) {
      if (comparison) throw new UserError("bad_syntax", "Only one comparison per question.", "Use `vs previous`, `vs same-weekday` or `vs last-year`.");
      comparison = compared;
      i += compared.used;
      continue;
    }
    const period = matchPeriod(words, i, ctx.periods);
    if (period) {
      periods.push({ label: period.label, text: tokens.slice(i, i + period.used).join(" ") });
      i += period.used;
      continue;
    }
    const value = matchValue(words, i, values);
    if (value) {
      if (value.readings.length > 1 && !ambiguous) ambiguous = { at: filters.length, readings: value.readings, typed: tokens.slice(value.from, value.from + value.used).join(" ") };
      filters.push(value.readings[0]!);
      i = value.end;
      continue;
    }
    // `which agent has the best csat`, `top agents`, `who has the highest csat`: a ranking is a breakdown.
    const ranked = dimensionWord(w);
    const rankedDimension = ranked && dimensions.includes(ranked) ? ranked : undefined;
    if (rankedDimension && (RANKING_WORDS.has(words[i - 1] ?? "") || (w !== rankedDimension && w.endsWith("s")))) {
      if (!bys.includes(rankedDimension)) bys.push(rankedDimension);
      i++;
      continue;
    }
    if (w === "who" && dimensions.includes("agent") && bys.length === 0 && !filters.some((f) => f.field === "agent")) {
      bys.push("agent");
      i++;
      continue;
    }
    // `top agents by last month`: a `by` before a period says nothing more.
    if (w === "by" && i + 1 < tokens.length && matchPeriod(words, i + 1, ctx.periods)) {
      i++;
      continue;
    }
    if (FILLER.has(w) || /^[^\p{L}\p{N}]+$/u.test(w)) {
      ctx.dropped?.push(w);
      i++;
      continue;
    }
    const before = words[i - 1] === "the" ? words[i - 2] : words[i - 1];
    unknown.push({ token, afterPreposition: VALUE_PREPOSITIONS.has(before ?? "") });
    i++;
  }

  if (unknown.length > 0) throw unknownWord(def, unknown, values, periods, tokens);
  if (periods.length > 1 && new Set(periods.map((p) => p.label)).size > 1) {
    const [a, b] = periods;
    throw new UserError(
      "bad_syntax",
      `\`${a!.text}\` and \`${b!.text}\` are two periods: ask about one.`,
      `To compare them, ask \`${def.id} ${a!.label} vs previous\`, or \`vs last-year\`.`,
    );
  }
  let label = periods[0]?.label;
  // `csat month over month` with no period: the last whole month, against the one before.
  if (!label && comparison?.unit && !comparison.comparison && comparison.unit !== "year") {
    const step = parsePeriod(ctx.defaultPeriod, ctx.periods).step;
    const fits = step.unit === comparison.unit || (comparison.unit === "week" && step.unit === "day" && (step.count === 1 || step.count % 7 === 0));
    if (!fits) label = `last-${comparison.unit}`;
  }
  const head: string[] = label ? [label] : [];
  const tail: string[] = [];
  for (const dimension of bys) tail.push("by", dimension);
  if (comparison) tail.push("vs", comparisonFor(comparison, parsePeriod(label ?? ctx.defaultPeriod, ctx.periods), ctx.periods));
  const reading = (chosen: ValueReading[]) => [...head, ...tail, ...where, ...(chosen.length > 0 ? ["where", ...chosen.map(condition)] : [])];
  if (!ambiguous) return { readings: [reading(filters)] };
  const { at, readings, typed } = ambiguous;
  return {
    readings: readings.map((r) => reading(filters.map((f, k) => (k === at ? r : f)))),
    ambiguous: { typed, fields: readings.map((r) => r.field), values: readings.map((r) => r.value) },
  };
}

function condition(f: ValueReading): string {
  return `${f.field}=${f.value}`;
}

/** Is there a `field=value` (or `field = value`) among the words up to the next keyword? */
function hasCondition(tokens: string[], from: number): boolean {
  for (let k = from; k < tokens.length && !CANONICAL_KEYWORDS.has(tokens[k]!.toLowerCase()); k++) {
    if (/[=:]/.test(tokens[k]!)) return true;
  }
  return false;
}

/** The dimension a word names (`agents`, `reps`, `team-member`), if any. */
function dimensionWord(word: string): string | undefined {
  return DIMENSION_WORDS[word.replace(/'s$/, "")];
}

/** A `by` phrase at words[i] and the dimension after it; `per-agent`, `agent-level` and `channel breakdown` too. */
function matchBy(words: string[], i: number, dimensions: string[], values: ValueIndex, ctx: ParseContext): { dimension: string; used: number } | undefined {
  const w = words[i]!;
  const glued = /^(?:per|by|each)-(.+)$/.exec(w) ?? /^(.+?)-(?:level|wise|breakdown|split)$/.exec(w);
  if (glued && dimensionWord(glued[1]!)) return { dimension: dimensionWord(glued[1]!)!, used: 1 };
  const bare = dimensionWord(w);
  if (bare && ["breakdown", "split", "wise", "level", "by"].includes(words[i + 1] ?? "") && !(words[i + 1] === "by")) {
    return { dimension: bare, used: 2 };
  }
  for (const phrase of BY_PHRASES) {
    if (!phrase.every((x, k) => words[i + k] === x)) continue;
    let j = i + phrase.length;
    while (["the", "each", "every", "all", "a", "different", "individual"].includes(words[j] ?? "")) j++;
    const next = words[j] ?? "";
    // Two words for one dimension: `team member`, `traffic source`.
    const two = dimensionWord(`${next}-${words[j + 1] ?? ""}`);
    if (two) return { dimension: two, used: j + 2 - i };
    const dimension = dimensionWord(next) ?? (dimensions.includes(next) ? next : undefined);
    if (dimension) return { dimension, used: j + 1 - i };
    // `top agents by last month`: no breakdown here (the period is read next).
    if (matchPeriod(words, j, ctx.periods)) return undefined;
    // `by email`: a value, not a breakdown; the value is read next.
    if (phrase.length === 1 && phrase[0] === "by" && values.at(words, j)) return undefined;
    // `by <something>` the grammar does not know: it names it with its did-you-mean.
    if (phrase[phrase.length - 1] === "by" && next !== "" && !values.at(words, j)) return { dimension: next, used: j + 1 - i };
    return undefined;
  }
  return undefined;
}

/**
 * A known value at words[i] — with its dimension named before (`team billing`,
 * `channel is email`) or after (`billing team`) it, which also settles a value
 * two dimensions share.
 */
function matchValue(words: string[], i: number, values: ValueIndex): { readings: ValueReading[]; used: number; from: number; end: number } | undefined {
  if (values.fields.length === 0) return undefined;
  const named = dimensionWord(words[i]!);
  if (named && values.fields.includes(named)) {
    let j = i + 1;
    if (["is", "=", "equals", "of", ":", "was", "being", "named", "called"].includes(words[j] ?? "")) j++;
    const found = values.at(words, j, named);
    if (found) return { ...found, from: j, end: j + found.used };
  }
  const found = values.at(words, i);
  if (!found) return undefined;
  let end = i + found.used;
  let readings = found.readings;
  const after = dimensionWord(words[end] ?? "");
  if (after) {
    const settled = readings.filter((r) => r.field === after);
    if (settled.length > 0) {
      readings = settled;
      end++;
    }
  }
  return { readings, used: found.used, from: i, end };
}

/** The message for words nothing could read. */
function unknownWord(
  def: MetricDefinition,
  unknown: Array<{ token: string; afterPreposition: boolean }>,
  values: ValueIndex,
  periods: Array<{ label: string; text: string }>,
  tokens: string[],
): Error {
  const first = unknown[0]!;
  const key = keyOf(first.token);
  if (values.all.length > 0) {
    const guess = suggest(key, values.all.map((v) => v.key));
    if (guess && guess !== key) {
      const reading = values.all.find((v) => v.key === guess)!;
      return new UserError("bad_filter", `\`${first.token}\` is not a value I know — did you mean \`${reading.value}\` (${reading.field})?`, `For example \`${def.id} last-week where ${reading.field}=${reading.value}\`.`);
    }
    if (first.afterPreposition && !/\d/.test(first.token)) {
      const known = values.fields.map((f) => `${f}: ${values.all.filter((v) => v.field === f).slice(0, 6).map((v) => v.value).join(", ")}`).join("; ");
      return new UserError(
        "bad_filter",
        `\`${first.token}\` is not a period, nor a known ${values.fields.join(", ").replace(/, ([^,]*)$/, " or $1")} in ${def.id}'s data.`,
        `Known values — ${known}. Periods: last-week, this-month, past 30 days, in October, since Monday.`,
      );
    }
  }
  // The grammar's own message: it reads these words as a period and says what is wrong with them (did-you-mean included).
  return new PassThrough(unknown.map((u) => u.token), periods.length > 0, tokens);
}

/** Words for the grammar to name in its own message. */
export class PassThrough extends Error {
  constructor(
    readonly words: string[],
    readonly hadPeriod: boolean,
    readonly tokens: string[],
  ) {
    super("pass-through");
  }
}
