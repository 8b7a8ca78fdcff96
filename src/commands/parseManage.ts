/**
 * Text → ManageCommand: the `digest …` and `alert …` commands.
 *
 *   digest add <when> [[metrics] a,b,c] [period <words>] [vs <comparison>] [tz <zone>]
 *   digest preview [<id> | <when> [[metrics] a,b,c] …] | digest send <id>
 *   digest list | digest pause|resume|remove <id>
 *   alert add <metric> <condition> [over <period>] [where f=v …] [vs <comparison>]
 *             [check <when>] [min-n N] [for N] [cooldown <duration>] [tz <zone>]
 *   alert list | alert remove|mute|unmute|ack <id> | alert snooze <id> [<duration>]
 *
 *   <when>      daily [at] 09:00 | weekdays 08:30 | weekly mon[,thu] 09:00 | monthly 1|last 09:00
 *               | hourly | cron "0 9 * * 1-5"
 *   <condition> > | >= | < | <= | above | below <value>  — e.g. `> 5%`, `< 80%`, `> 2h`, `< 4.2`
 *               | drops|rises [by] <n> pts|%|<unit>       — e.g. `drops 5 pts`, `rises 20%`, `rises 10 min`
 *   <comparison> previous | same-weekday | last-year — when not given, by the period's
 *               rhythm: the same weekday a week earlier for a one-day period, else the previous period
 *
 * Returns null when the text is not a digest/alert command (so the metric
 * parser answers it); every mistake is a UserError with a hint and, where one
 * is close, a did-you-mean.
 */
import { COMPARISON_HINT, parseCommand, parseComparison } from "./parse.ts";
import { tokenize } from "./tokenize.ts";
import { plainComparison, relativePeriodPhrase } from "./plain/relativePeriod.ts";
import { UserError } from "../errors.ts";
import { CATALOG, findMetric } from "../metrics/catalog/index.ts";
import type { MetricDefinition } from "../metrics/types.ts";
import { parsePeriod } from "../periods/index.ts";
import type { Comparison, WeekStart } from "../periods/types.ts";
import type { AlertCondition, AlertRule, Schedule } from "../store/store.ts";
import { suggest } from "../suggest.ts";
import { cronProblem } from "../schedule/cron.ts";
import { table, WEEKDAY_WORDS } from "./wordTable.ts";

/** What `digest add` would save (and `digest preview <when> …` shows without saving). */
export interface DigestDraft {
  schedule: Schedule;
  metrics: string[];
  period: string;
  /** Chosen with `vs`; absent: by the period's rhythm. */
  comparison?: Comparison;
}

export type ManageCommand =
  | ({ kind: "digest_add" } & DigestDraft)
  /** The digest as it would be posted now: a saved one (`id`), an unsaved one (`draft`), or — with neither — the channel's. */
  | { kind: "digest_preview"; id?: string; draft?: DigestDraft }
  /** Posts a saved digest now, to its channel. */
  | { kind: "digest_send"; id: string }
  /** `page`: 1-based page of LIST_PAGE_SIZE items (`digest list 2`). */
  | { kind: "digest_list"; page?: number }
  | { kind: "digest_pause" | "digest_resume" | "digest_remove"; id: string }
  /** A new rule: what the stored AlertRule holds besides where it posts and its state. */
  | ({ kind: "alert_add" } & Pick<AlertRule, "metric" | "condition" | "period" | "filters" | "comparison" | "schedule" | "minN" | "forChecks" | "cooldownMs">)
  | { kind: "alert_list"; page?: number }
  | { kind: "alert_remove" | "alert_mute" | "alert_unmute" | "alert_ack"; id: string }
  | { kind: "alert_snooze"; id: string; forMs: number };

export interface ManageContext {
  /** The team's zone (BOT_TIMEZONE): schedules run in it unless `tz` says otherwise. */
  timeZone: string;
  weekStartsOn?: WeekStart;
}

/** Metrics a digest shows when none are named. */
export const DEFAULT_DIGEST_METRICS = ["csat", "nps", "frt", "ticket_volume"];
/** Period a digest shows when none is named, by how often it runs. */
export const DEFAULT_DIGEST_PERIOD = { daily: "yesterday", weekdays: "yesterday", weekly: "last-week", monthly: "last-month", hourly: "today", cron: "yesterday" } as const;
/** Alert defaults: the period judged, when it is checked, consecutive breaches, cooldown, snooze. */
export const ALERT_DEFAULTS = {
  period: "last-7-days",
  check: "daily 09:00",
  cron: "0 9 * * *",
  forChecks: 1,
  cooldownMs: 24 * 3_600_000,
  snoozeMs: 24 * 3_600_000,
  /** Sampled rates, scores and times need this many records before a rule judges them. */
  minNSampled: 30,
  /** Counts and composite figures judge from a single record. */
  minNOther: 1,
} as const;

/** The default minimum sample for a metric: 30 for rates, scores and times, 1 for counts and composites. */
export function defaultMinN(def: MetricDefinition): number {
  return ["percent", "nps", "score", "seconds"].includes(def.unit) ? ALERT_DEFAULTS.minNSampled : ALERT_DEFAULTS.minNOther;
}

const SUBJECTS = ["digest", "alert"] as const;
type Subject = (typeof SUBJECTS)[number];
const SUBJECT_WORDS: Record<string, Subject> = table({ digest: "digest", digests: "digest", alert: "alert", alerts: "alert" });

const VERBS: Record<Subject, Record<string, string>> = {
  digest: table({
    add: "add", new: "add", create: "add",
    list: "list", ls: "list", show: "list",
    pause: "pause", stop: "pause",
    resume: "resume", unpause: "resume", start: "resume",
    remove: "remove", delete: "remove", rm: "remove", del: "remove",
    preview: "preview", "dry-run": "preview", try: "preview",
    send: "send", "send-now": "send", post: "send",
  }),
  alert: table({
    add: "add", new: "add", create: "add",
    list: "list", ls: "list", show: "list",
    remove: "remove", delete: "remove", rm: "remove", del: "remove",
    mute: "mute", unmute: "unmute",
    ack: "ack", acknowledge: "ack",
    snooze: "snooze",
  }),
};
const CANONICAL_VERBS: Record<Subject, string[]> = {
  digest: ["add", "list", "preview", "send", "pause", "resume", "remove"],
  alert: ["add", "list", "remove", "mute", "unmute", "ack", "snooze"],
};

const DIGEST_EXAMPLES = "For example `digest add daily 09:00`, `digest add weekdays 08:30 csat nps frt`, `digest add weekly mon 09:00 period last-week`, `digest add daily 09:00 csat vs last-year` or `digest add cron \"0 9 * * 1-5\"`.";
const ALERT_EXAMPLES = "For example `alert add churn_rate > 5% over last-30-days check daily 09:00`, `alert add csat < 80% over last-7-days min-n 30 for 2 cooldown 24h` or `alert add csat drops 5 pts vs previous`.";

/** Reference instants to check period words against: any two will do, as long as mtd/qtd/ytd are not empty. */
const REFERENCE_A = new Date("2001-06-13T12:00:00Z");
const REFERENCE_B = new Date("2002-08-21T12:00:00Z");

/**
 * Parse a digest/alert management command; null when the text is something else.
 * @example parseManageCommand("digest add weekdays 08:30 metrics csat,nps", { timeZone: "Europe/Vilnius" })
 * // { kind: "digest_add", schedule: { cron: "30 8 * * 1-5", timeZone: "Europe/Vilnius" }, metrics: ["csat", "nps"], period: "yesterday" }
 */
export function parseManageCommand(text: string, ctx: ManageContext): ManageCommand | null {
  const cleaned = text.trim().replace(/^\/+/, "");
  const first = tokenize(cleaned)[0];
  if (first === undefined) return null;
  let subject = SUBJECT_WORDS[first.toLowerCase()];
  if (!subject) {
    // "digets add …" / "alrt list": a near miss followed by one of our verbs is ours, with a did-you-mean.
    const guess = suggest(first.toLowerCase(), SUBJECTS) as Subject | undefined;
    const second = tokenize(cleaned)[1]?.toLowerCase();
    if (guess && second !== undefined && VERBS[guess][second] && findMetric(first) === undefined) {
      throw new UserError("bad_syntax", `\`${first}\` is not a command — did you mean \`${guess} ${second}\`?`, guess === "digest" ? DIGEST_EXAMPLES : ALERT_EXAMPLES);
    }
    return null;
  }
  // Spread comparison operators so `csat<80%` reads as `csat < 80%`.
  const tokens = tokenize(subject === "alert" ? spaceOperators(cleaned) : cleaned).slice(1);
  const verbWord = tokens[0]?.toLowerCase();
  if (verbWord === undefined) return { kind: `${subject}_list` } as ManageCommand;
  const verb = VERBS[subject][verbWord];
  if (!verb) {
    const guess = suggest(verbWord, CANONICAL_VERBS[subject]);
    throw new UserError(
      "bad_syntax",
      `\`${subject} ${tokens[0]}\` is not something I can do${guess ? ` — did you mean \`${subject} ${guess}\`?` : "."}`,
      `Use \`${subject} ${CANONICAL_VERBS[subject].join("|")}\`. ${subject === "digest" ? DIGEST_EXAMPLES : ALERT_EXAMPLES}`,
    );
  }
  const args = tokens.slice(1);
  if (verb === "list") {
    // `alert list 2`, `alert list page 2`: long lists come a page at a time.
    const pageWords = args[0]?.toLowerCase() === "page" ? args.slice(1) : args;
    if (args.length === 0) return { kind: `${subject}_list` } as ManageCommand;
    if (pageWords.length !== 1 || !/^\d{1,6}$/.test(pageWords[0]!) || Number(pageWords[0]) < 1) {
      throw new UserError("bad_syntax", `\`${subject} list\` takes only a page number after it.`, `Type \`${subject} list\`, or \`${subject} list 2\` for the second page of a long list.`);
    }
    return { kind: `${subject}_list`, page: Number(pageWords[0]) } as ManageCommand;
  }
  if (verb === "add") return subject === "digest" ? { kind: "digest_add", ...parseDigestDraft(args, ctx, "add") } : parseAlertAdd(args, ctx);
  if (verb === "preview") return parseDigestPreview(args, ctx);
  return parseIdCommand(subject, verb, args);
}

/**
 * Which management command a text is, from its first two words only — so
 * that who may run it can be checked before the rest is parsed. Null when
 * it is not one (or its verb is unknown: the full parse says so).
 * @example manageKind("alert add csat < 80%") // "alert_add"
 */
export function manageKind(text: string): ManageCommand["kind"] | null {
  const [first, second] = tokenize(text.trim().replace(/^\/+/, ""));
  const subject = first === undefined ? undefined : SUBJECT_WORDS[first.toLowerCase()];
  if (!subject) return null;
  if (second === undefined) return `${subject}_list`;
  const verb = VERBS[subject][second.toLowerCase()];
  return verb ? (`${subject}_${verb}` as ManageCommand["kind"]) : null;
}

function spaceOperators(text: string): string {
  // Outside quotes only, so a filter value such as agent="A<B" stays whole.
  return text
    .split(/("[^"]*"|“[^”]*”)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/(>=|<=|≥|≤|>|<)/g, " $1 ")))
    .join("");
}

// ---- ids ---------------------------------------------------------------------

function parseIdCommand(subject: Subject, verb: string, args: string[]): ManageCommand {
  const [typed, ...rest] = args;
  if (typed === undefined) {
    throw new UserError("bad_syntax", `\`${subject} ${verb}\` needs the ${subject}'s id.`, `\`${subject} list\` shows every ${subject} with its id, e.g. \`${subject} ${verb} ${subject === "digest" ? "d-7k3" : "a-4fq"}\`.`);
  }
  const id = typed.toLowerCase();
  const other: Subject = subject === "digest" ? "alert" : "digest";
  if (id.startsWith(`${other[0]}-`)) {
    const otherVerb = subject === "digest" ? (verb === "pause" ? "mute" : verb === "resume" ? "unmute" : verb) : verb === "mute" ? "pause" : verb === "unmute" ? "resume" : verb;
    const fits = CANONICAL_VERBS[other].includes(otherVerb);
    throw new UserError(
      "bad_syntax",
      `\`${typed}\` is ${other === "alert" ? "an alert" : "a digest"}, not ${subject === "alert" ? "an alert" : "a digest"}.`,
      fits ? `Use \`${other} ${otherVerb} ${id}\`.` : `\`${other} list\` shows the ${other}s and what you can do with them.`,
    );
  }
  if (verb === "snooze") {
    const forMs = rest.length === 0 ? ALERT_DEFAULTS.snoozeMs : parseDuration(rest, "snooze");
    if (forMs <= 0) throw new UserError("bad_option", "A snooze must last a while.", `For example \`alert snooze ${id} 24h\`.`);
    return { kind: "alert_snooze", id, forMs };
  }
  if (rest.length > 0) {
    throw new UserError("bad_syntax", `\`${subject} ${verb} ${typed}\` takes nothing after the id (got \`${rest.join(" ")}\`).`, `Type \`${subject} ${verb} ${id}\`.`);
  }
  return { kind: `${subject}_${verb}`, id } as ManageCommand;
}

// ---- schedules -----------------------------------------------------------------

type When = keyof typeof DEFAULT_DIGEST_PERIOD;
const WHEN_WORDS: Record<string, When> = table({
  daily: "daily", "every-day": "daily", everyday: "daily",
  weekdays: "weekdays", "every-weekday": "weekdays", workdays: "weekdays", weekday: "weekdays",
  weekly: "weekly", "every-week": "weekly",
  monthly: "monthly", "every-month": "monthly",
  hourly: "hourly", "every-hour": "hourly",
  cron: "cron",
});

/** Reads `<when>` from tokens[i…]; returns the cron (zone added later) and what it was. */
function parseWhen(tokens: string[], start: number, keywords: ReadonlySet<string>, examples: string): { cron: string; when: When; next: number } {
  let i = start;
  const typed = tokens[i];
  if (typed === undefined) throw new UserError("bad_syntax", "When should it run?", examples);
  // "every day", "every weekday"
  let word = typed.toLowerCase();
  if (word === "every" && tokens[i + 1]) {
    word = `every-${tokens[i + 1]!.toLowerCase()}`;
    i++;
  }
  const when = WHEN_WORDS[word];
  if (!when) {
    const guess = suggest(word, ["daily", "weekdays", "weekly", "monthly", "hourly", "cron"]);
    throw new UserError("bad_syntax", `\`${typed}\` is not a schedule${guess ? ` — did you mean \`${guess}\`?` : "."}`, examples);
  }
  i++;
  const takeTime = (): { h: number; m: number } => {
    const at = tokens[i]?.toLowerCase() === "at";
    if (at) i++;
    const token = tokens[i];
    // Without `at`, only a word that starts like a time is one: `daily csat nps` is 09:00 and two metrics.
    if (token === undefined || keywords.has(token.toLowerCase()) || (!at && !/^\d/.test(token))) return { h: 9, m: 0 };
    let text = token;
    const meridiem = tokens[i + 1]?.toLowerCase();
    if (meridiem === "am" || meridiem === "pm") {
      text += meridiem;
      i++;
    }
    i++;
    return parseTime(text);
  };

  switch (when) {
    case "daily":
    case "weekdays": {
      const { h, m } = takeTime();
      return { cron: `${m} ${h} * * ${when === "daily" ? "*" : "1-5"}`, when, next: i };
    }
    case "hourly":
      return { cron: "0 * * * *", when, next: i };
    case "weekly": {
      let days = [1];
      const dayToken = tokens[i];
      if (dayToken !== undefined && !/^\d/.test(dayToken) && dayToken.toLowerCase() !== "at" && !keywords.has(dayToken.toLowerCase()) && !startsWithMetric(dayToken)) {
        days = dayToken
          .toLowerCase()
          .split(",")
          .filter((d) => d !== "")
          .map((d) => {
            const n = WEEKDAY_WORDS[d.replace(/s$/, "")] ?? WEEKDAY_WORDS[d];
            if (n === undefined) {
              const guess = suggest(d, Object.keys(WEEKDAY_WORDS));
              throw new UserError("bad_syntax", `\`${d}\` is not a day of the week${guess ? ` — did you mean \`${guess}\`?` : "."}`, "Use mon, tue, wed, thu, fri, sat or sun, e.g. `weekly mon 09:00` or `weekly mon,thu 09:00`.");
            }
            return n;
          });
        i++;
      }
      const { h, m } = takeTime();
      return { cron: `${m} ${h} * * ${[...new Set(days)].sort((a, b) => a - b).join(",")}`, when, next: i };
    }
    case "monthly": {
      let dom = "1";
      const dayToken = tokens[i]?.toLowerCase();
      const timeLike = dayToken !== undefined && /[:.]|am$|pm$/.test(dayToken);
      if (dayToken !== undefined && !timeLike && dayToken !== "at" && !keywords.has(dayToken) && !startsWithMetric(dayToken)) {
        const word = dayToken.replace(/^(\d{1,2})(st|nd|rd|th)$/, "$1");
        if (word === "last") dom = "L";
        else if (word === "first") dom = "1";
        else if (/^\d{1,2}$/.test(word) && Number(word) >= 1 && Number(word) <= 28) dom = String(Number(word));
        else if (/^\d{1,2}$/.test(word) && Number(word) >= 29 && Number(word) <= 31) {
          throw new UserError("bad_syntax", `Not every month has a day ${Number(word)}, so that digest would skip months.`, "Use `monthly last 09:00` for the last day of each month, or a day from 1 to 28.");
        } else {
          throw new UserError("bad_syntax", `\`${tokens[i]}\` is not a day of the month.`, "Use a day from 1 to 28, or `last`, e.g. `monthly 1 09:00` or `monthly last 17:00`.");
        }
        i++;
      }
      const { h, m } = takeTime();
      return { cron: `${m} ${h} ${dom} * *`, when, next: i };
    }
    case "cron": {
      const first = tokens[i];
      if (first === undefined) throw new UserError("bad_syntax", "`cron` needs an expression.", 'Quote it, e.g. `cron "0 9 * * 1-5"` (minute hour day-of-month month day-of-week).');
      let expression: string;
      if (/\s/.test(first.trim())) {
        expression = first.trim();
        i++;
      } else {
        expression = tokens.slice(i, i + 5).join(" ");
        i += 5;
      }
      const problem = cronProblem(expression);
      if (problem) {
        throw new UserError("bad_syntax", `\`${expression}\` is not a cron expression: ${problem}.`, 'For example `cron "0 9 * * 1-5"` — minute hour day-of-month month day-of-week — runs at 09:00 on weekdays.');
      }
      return { cron: expression.replace(/\s+/g, " "), when, next: i };
    }
  }
}

/** `csat` or `csat,nps` after a schedule: the metrics, not a day (no day or month word is a metric). */
function startsWithMetric(token: string): boolean {
  const first = token.split(",").find((w) => w !== "");
  return first !== undefined && findMetric(first) !== undefined;
}

/**
 * "09:00", "9:00", "9", "9am", "5:30pm" → hours and minutes.
 */
function parseTime(text: string): { h: number; m: number } {
  const match = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$/i.exec(text.trim());
  const hint = "Write the time as HH:MM on a 24-hour clock, e.g. `09:00` or `17:30` (or `9am`, `5:30pm`).";
  if (!match) throw new UserError("bad_syntax", `\`${text}\` is not a time of day.`, hint);
  let h = Number(match[1]);
  const m = Number(match[2] ?? "0");
  const meridiem = match[3]?.toLowerCase();
  if (meridiem) {
    if (h < 1 || h > 12) throw new UserError("bad_syntax", `\`${text}\` is not a time of day.`, hint);
    h = (h % 12) + (meridiem === "pm" ? 12 : 0);
  }
  if (h > 23 || m > 59) throw new UserError("bad_syntax", `\`${text}\` is not a time of day.`, hint);
  return { h, m };
}

/** `tz Europe/Vilnius`: any IANA zone, in any letter case; did-you-mean for near misses. */
function parseTimeZone(typed: string | undefined): string {
  const hint = "Use an IANA zone name such as Europe/Vilnius, America/New_York or UTC.";
  if (typed === undefined) throw new UserError("bad_option", "`tz` needs a time zone.", hint);
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: typed }).resolvedOptions().timeZone;
  } catch {
    const zones = [...Intl.supportedValuesOf("timeZone"), "UTC"];
    const guess = suggest(typed, zones) ?? zones.find((z) => z.toLowerCase().endsWith(`/${typed.toLowerCase()}`));
    throw new UserError("bad_option", `\`${typed}\` is not a time zone${guess ? ` — did you mean \`${guess}\`?` : "."}`, hint);
  }
}

// ---- shared option readers -------------------------------------------------------

/** A period clause; a misspelt keyword swallowed into it is pointed out as such. */
function periodClause(words: string[], ctx: ManageContext, what: string, keywords: string[], examples: string): string {
  try {
    return parseRelativePeriod(words, ctx, what);
  } catch (e) {
    if (e instanceof UserError && e.code === "unknown_period") {
      for (const word of words.slice(1)) {
        if (suggest(word.toLowerCase(), keywords) !== undefined) throw unexpected(word, keywords, examples);
      }
    }
    throw e;
  }
}

/** Period words that are relative to each run (a recurring post over fixed dates would repeat itself). */
function parseRelativePeriod(words: string[], ctx: ManageContext, what: string): string {
  const text = words.join(" ");
  if (text.trim() === "") throw new UserError("unknown_period", `\`period\` needs period words.`, "For example `period yesterday`, `period last-week` or `over last-30-days`.");
  const opts = { timeZone: ctx.timeZone, weekStartsOn: ctx.weekStartsOn ?? 1 };
  // Plain words (`past 7 days`, `the last week`, `month to date`) read as their canonical period first.
  const plain = relativePeriodPhrase(words, { ...opts, now: REFERENCE_A }, { ...opts, now: REFERENCE_B });
  if (plain) return plain;
  const a = parsePeriod(text, { ...opts, now: REFERENCE_A });
  const b = parsePeriod(text, { ...opts, now: REFERENCE_B });
  if (a.start.getTime() === b.start.getTime()) {
    throw new UserError(
      "unknown_period",
      `\`${text}\` is fixed dates, but ${what} runs again and again.`,
      "Use a period relative to each run: yesterday, last-week, last-month, last-7-days, last-30-days, this-month, mtd …",
    );
  }
  return a.label;
}

/** `24h`, `24 h`, `90min`, `2 days`, `1w`, `none` → milliseconds. */
function parseDuration(words: string[], what: string): number {
  const text = words.join("").toLowerCase();
  if (text === "none" || text === "off" || text === "0") return 0;
  const match = /^(\d+(?:\.\d+)?)(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?)$/.exec(text);
  if (!match) {
    throw new UserError("bad_option", `\`${words.join(" ")}\` is not a duration for \`${what}\`.`, `Write a number and a unit, e.g. \`${what} 24h\`, \`${what} 30m\` or \`${what} 2d\`.`);
  }
  const n = Number(match[1]);
  const unit = match[2]![0]!;
  const ms = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 }[unit as "s" | "m" | "h" | "d" | "w"];
  return Math.round(n * ms);
}

/** Splits tokens into clauses at keywords: the leading words, then [keyword, args] pairs. */
function clauses(tokens: string[], keywords: Record<string, string>): { lead: string[]; parts: Array<{ keyword: string; typed: string; args: string[] }> } {
  const lead: string[] = [];
  const parts: Array<{ keyword: string; typed: string; args: string[] }> = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    let keyword = keywords[token.toLowerCase()];
    let typed = token;
    // "min n 30" as well as "min-n 30"
    if (!keyword && token.toLowerCase() === "min" && tokens[i + 1]?.toLowerCase() === "n" && keywords["min-n"]) {
      keyword = "min-n";
      typed = "min n";
      i++;
    }
    if (keyword) parts.push({ keyword, typed, args: [] });
    else if (parts.length > 0) parts[parts.length - 1]!.args.push(token);
    else lead.push(token);
  }
  return { lead, parts };
}

function once(seen: Set<string>, keyword: string, example: string): void {
  if (seen.has(keyword)) throw new UserError("bad_syntax", `\`${keyword}\` is given twice.`, example);
  seen.add(keyword);
}

// ---- digest add ----------------------------------------------------------------------

const DIGEST_KEYWORDS: Record<string, string> = table({
  metrics: "metrics", metric: "metrics",
  period: "period", over: "period", for: "period",
  vs: "vs", "vs.": "vs", versus: "vs", against: "vs",
  tz: "tz", timezone: "tz", "time-zone": "tz", zone: "tz",
});
const DIGEST_KEYWORD_NAMES = ["metrics", "period", "vs", "tz"];

/**
 * `<when> [[metrics] a,b,c] [period …] [vs …] [tz …]`: what `digest add` saves
 * and `digest preview <when> …` shows. The metrics may follow the schedule
 * without the word `metrics`; a word that is neither is pointed out with a did-you-mean.
 */
function parseDigestDraft(args: string[], ctx: ManageContext, verb: "add" | "preview"): DigestDraft {
  if (args.length === 0) throw new UserError("bad_syntax", `\`digest ${verb}\` needs a schedule.`, DIGEST_EXAMPLES);
  const keywordSet = new Set(Object.keys(DIGEST_KEYWORDS));
  const { cron, when, next } = parseWhen(args, 0, keywordSet, DIGEST_EXAMPLES);
  const { lead, parts } = clauses(args.slice(next), DIGEST_KEYWORDS);

  let metrics: string[] = [...DEFAULT_DIGEST_METRICS];
  let period: string = DEFAULT_DIGEST_PERIOD[when];
  let comparison: Comparison | undefined;
  let timeZone = ctx.timeZone;
  const seen = new Set<string>();
  if (lead.length > 0) {
    metrics = parseMetricList(lead, DIGEST_KEYWORD_NAMES);
    seen.add("metrics");
  }
  for (const part of parts) {
    once(seen, part.keyword, DIGEST_EXAMPLES);
    if (part.keyword === "metrics") metrics = parseMetricList(part.args);
    else if (part.keyword === "period") period = periodClause(part.args, ctx, "a digest", DIGEST_KEYWORD_NAMES, DIGEST_EXAMPLES);
    else if (part.keyword === "vs") comparison = comparisonClause(part.args);
    else {
      if (part.args.length > 1) throw new UserError("bad_option", `\`tz\` takes one zone (got \`${part.args.join(" ")}\`).`, "For example `tz Europe/Vilnius`.");
      timeZone = parseTimeZone(part.args[0]);
    }
  }
  return { schedule: { cron, timeZone }, metrics, period, ...(comparison ? { comparison } : {}) };
}

/**
 * `digest preview`, `digest preview d-7k3`, `digest preview daily 09:00 csat nps`:
 * the channel's digest, a saved one, or one that `digest add` with those words would make.
 */
function parseDigestPreview(args: string[], ctx: ManageContext): ManageCommand {
  const first = args[0];
  if (first === undefined) return { kind: "digest_preview" };
  if (/^[da]-[a-z0-9]+$/i.test(first)) {
    const command = parseIdCommand("digest", "preview", args);
    return { kind: "digest_preview", id: (command as { id: string }).id };
  }
  return { kind: "digest_preview", draft: parseDigestDraft(args, ctx, "preview") };
}

/** `vs previous|same-weekday|last-year`, with the command parser's words and messages. */
function comparisonClause(words: string[]): Comparison {
  // Plain words: `vs the same time last year`, `vs the previous period`, `vs same day last week`.
  const plain = plainComparison(words);
  if (plain) return plain;
  const { comparison, used } = parseComparison(words);
  if (used < words.length) {
    throw new UserError("bad_syntax", `\`vs ${words.join(" ")}\` is not a comparison: \`${words.slice(used).join(" ")}\` is left over.`, COMPARISON_HINT);
  }
  return comparison;
}

/** Metric names (`csat,nps frt`) → ids; a word that is none is pointed out, with the nearest metric or keyword. */
function parseMetricList(words: string[], keywords: string[] = []): string[] {
  // `csat, nps and first response time`: commas, `and`/`&`, and names of several words.
  const names = words.join(",").split(/[,\s]+/).filter((w) => w !== "" && !/^(and|&|\+|plus)$/i.test(w));
  if (names.length === 0) throw new UserError("unknown_metric", "`metrics` needs metric names.", "For example `metrics csat,nps,frt` — `help` lists them all.");
  const ids: string[] = [];
  for (let i = 0; i < names.length; ) {
    let def: MetricDefinition | undefined;
    let used = 0;
    for (let n = Math.min(MAX_METRIC_WORDS, names.length - i); n >= 1 && !def; n--) {
      def = findMetric(names.slice(i, i + n).join("-"));
      if (def) used = n;
    }
    if (!def) throw unknownMetric(names[i]!, keywords);
    if (!ids.includes(def.id)) ids.push(def.id);
    i += used;
  }
  return ids;
}

function metricCandidates(): string[] {
  return CATALOG.flatMap((d) => [d.id, ...d.aliases]);
}

/** `keywords`: other words that may come where the metric was typed (a digest's `period`, `vs` …), offered too. */
function unknownMetric(typed: string, keywords: string[] = []): UserError {
  const keyword = suggest(typed.toLowerCase(), keywords) ?? (keywords.includes("period") && isPeriodWord(typed) ? `period ${typed}` : undefined);
  const guess = keyword ?? suggest(typed, metricCandidates());
  const shown = keyword ?? (guess ? (findMetric(guess)?.id ?? guess) : undefined);
  return new UserError(
    "unknown_metric",
    `\`${typed}\` is not a metric${keywords.length > 0 ? " or a keyword" : ""}${shown ? ` — did you mean \`${shown}\`?` : "."}`,
    keywords.length > 0
      ? `After the schedule come the metrics (\`csat nps frt\`), then \`period …\`, \`vs …\` or \`tz …\`. Type \`help\` to see every metric. ${DIGEST_EXAMPLES}`
      : "Type `help` to see every metric, e.g. csat, nps, frt, ticket_volume, churn_rate.",
  );
}

function isPeriodWord(word: string): boolean {
  try {
    parsePeriod(word, { now: REFERENCE_A, timeZone: "UTC", weekStartsOn: 1 });
    return true;
  } catch {
    return false;
  }
}

function unexpected(token: string, keywords: string[], examples: string): UserError {
  const guess = suggest(token.toLowerCase(), keywords);
  return new UserError("bad_syntax", `\`${token}\` is not understood here${guess ? ` — did you mean \`${guess}\`?` : "."}`, examples);
}

// ---- alert add -------------------------------------------------------------------------

const ALERT_KEYWORDS: Record<string, string> = table({
  over: "over", period: "over",
  where: "where", with: "where",
  vs: "vs", "vs.": "vs", versus: "vs",
  check: "check", checked: "check",
  "min-n": "min-n", minn: "min-n", min_n: "min-n", "min-sample": "min-n",
  for: "for",
  cooldown: "cooldown", "cool-down": "cooldown",
  tz: "tz", timezone: "tz", "time-zone": "tz", zone: "tz",
});
const ALERT_KEYWORD_NAMES = ["over", "where", "vs", "check", "min-n", "for", "cooldown", "tz"];

const OPERATORS: Record<string, ">" | ">=" | "<" | "<="> = table({
  ">": ">", ">=": ">=", "≥": ">=", "<": "<", "<=": "<=", "≤": "<=",
  above: ">", exceeds: ">", below: "<", under: "<",
});
const CHANGE_WORDS: Record<string, "drops" | "rises"> = table({
  drops: "drops", drop: "drops", falls: "drops", fall: "drops", decreases: "drops", decrease: "drops",
  rises: "rises", rise: "rises", increases: "rises", increase: "rises", grows: "rises", jumps: "rises",
});
const MAX_METRIC_WORDS = 5;

function parseAlertAdd(args: string[], ctx: ManageContext): ManageCommand {
  if (args.length === 0) throw new UserError("bad_syntax", "`alert add` needs a metric and a condition.", ALERT_EXAMPLES);
  let def: MetricDefinition | undefined;
  let used = 0;
  for (let n = Math.min(MAX_METRIC_WORDS, args.length); n >= 1 && !def; n--) {
    def = findMetric(args.slice(0, n).join("-"));
    if (def) used = n;
  }
  if (!def) throw unknownMetric(args[0]!);

  const { condition, next } = parseCondition(def, args, used);
  const { lead, parts } = clauses(args.slice(next), ALERT_KEYWORDS);
  if (lead.length > 0) throw unexpected(lead[0]!, ALERT_KEYWORD_NAMES, ALERT_EXAMPLES);

  let period: string = ALERT_DEFAULTS.period;
  let filterWords: string[] = [];
  let cron: string = ALERT_DEFAULTS.cron;
  let minN = defaultMinN(def);
  let forChecks: number = ALERT_DEFAULTS.forChecks;
  let cooldownMs: number = ALERT_DEFAULTS.cooldownMs;
  let timeZone = ctx.timeZone;
  let comparison: Comparison | undefined;
  const seen = new Set<string>();
  for (const part of parts) {
    once(seen, part.keyword, ALERT_EXAMPLES);
    switch (part.keyword) {
      case "over":
        period = periodClause(part.args, ctx, "an alert", ALERT_KEYWORD_NAMES, ALERT_EXAMPLES);
        break;
      case "where":
        filterWords = part.args;
        break;
      case "vs":
        comparison = comparisonClause(part.args);
        break;
      case "check": {
        const words = part.args;
        const when = parseWhen(words, 0, new Set(), "For example `check daily 09:00`, `check weekdays 08:30`, `check hourly` or `check cron \"*/30 * * * *\"`.");
        if (when.next < words.length) throw unexpected(words[when.next]!, ALERT_KEYWORD_NAMES, ALERT_EXAMPLES);
        cron = when.cron;
        break;
      }
      case "min-n":
        minN = wholeNumber(part.args, "min-n", 0, "For example `min-n 30`: below 30 records the rule does not judge.");
        break;
      case "for": {
        const words = part.args.filter((w, i) => !(i > 0 && /^(checks?|times|runs|in-a-row|consecutive)$/i.test(w)));
        if (words.length === 2 && /^(minutes?|hours?|days?|weeks?|h|m|d|w)$/i.test(words[1]!)) {
          throw new UserError("bad_option", "`for` counts consecutive checks, not time.", "For example `for 2`: it fires on the second breaching check in a row.");
        }
        forChecks = wholeNumber(words, "for", 1, "For example `for 2`: it fires on the second breaching check in a row.");
        break;
      }
      case "cooldown":
        cooldownMs = parseDuration(part.args, "cooldown");
        break;
      case "tz":
        if (part.args.length > 1) throw new UserError("bad_option", `\`tz\` takes one zone (got \`${part.args.join(" ")}\`).`, "For example `tz Europe/Vilnius`.");
        timeZone = parseTimeZone(part.args[0]);
        break;
    }
  }
  const filters = parseFilters(def, period, filterWords, comparison, ctx);
  return {
    kind: "alert_add",
    metric: def.id,
    condition,
    period,
    filters,
    ...(comparison ? { comparison } : {}),
    schedule: { cron, timeZone },
    minN,
    forChecks,
    cooldownMs,
  };
}

function wholeNumber(args: string[], keyword: string, min: number, hint: string): number {
  const [typed, ...rest] = args;
  if (typed === undefined || rest.length > 0 || !/^\d+$/.test(typed) || Number(typed) < min) {
    throw new UserError("bad_option", `\`${keyword}\` needs a whole number${min > 0 ? ` of at least ${min}` : ""}${typed === undefined ? "." : ` (got \`${args.join(" ")}\`).`}`, hint);
  }
  return Number(typed);
}

/** Reads the condition after the metric: an operator and a value, or drops/rises by an amount. */
function parseCondition(def: MetricDefinition, args: string[], start: number): { condition: AlertCondition; next: number } {
  let i = start;
  const word = args[i]?.toLowerCase();
  const hint = `For example \`alert add ${def.id} ${exampleThreshold(def)}\` or \`alert add ${def.id} drops ${def.unit === "percent" || def.unit === "nps" ? "5 pts" : "20%"} vs previous\`.`;
  if (word === undefined) throw new UserError("bad_syntax", `What should the alert on ${def.id} watch for?`, hint);
  const op = OPERATORS[word];
  if (op) {
    i++;
    const { value, unit, next } = readAmount(args, i);
    if (value === null) throw new UserError("bad_syntax", `\`${word}\` needs a value.`, hint);
    return { condition: { kind: "threshold", op, value: thresholdValue(def, value, unit, hint) }, next };
  }
  const direction = CHANGE_WORDS[word];
  if (direction) {
    i++;
    if (args[i]?.toLowerCase() === "by") i++;
    const { value, unit, next } = readAmount(args, i);
    if (value === null || value <= 0) throw new UserError("bad_syntax", `\`${word}\` needs an amount, e.g. \`${word} 5 pts\` or \`${word} 20%\`.`, hint);
    const change = changeAmount(def, value, unit, hint);
    return { condition: { kind: "change", direction, by: change.by, unit: change.unit }, next };
  }
  const guess = suggest(word, [...Object.keys(CHANGE_WORDS), "above", "below"]);
  throw new UserError("bad_syntax", `\`${args[i]}\` is not a condition${guess ? ` — did you mean \`${guess}\`?` : "."}`, `Use >, >=, <, <= and a value, or drops/rises by an amount. ${hint}`);
}

function exampleThreshold(def: MetricDefinition): string {
  switch (def.unit) {
    case "percent":
      return "< 80%";
    case "seconds":
      return "> 2h";
    case "nps":
      return "< 30";
    case "score":
      return "< 4";
    default:
      return "> 100";
  }
}

/** A number and the unit typed with it, from one token (`5%`, `2h`) or two (`5 pts`, `90 min`). */
function readAmount(args: string[], i: number): { value: number | null; unit: string; next: number } {
  const token = args[i];
  if (token === undefined) return { value: null, unit: "", next: i };
  const match = /^([+-]?\d+(?:[.,]\d+)?)([a-z%]*)$/i.exec(token.replace(/^[$€£]/, ""));
  if (!match) return { value: null, unit: "", next: i };
  const value = Number(match[1]!.replace(",", "."));
  let unit = match[2]!.toLowerCase();
  let next = i + 1;
  const after = args[next]?.toLowerCase();
  if (unit === "" && after !== undefined && /^(%|pts?|points?|percent|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)$/.test(after)) {
    unit = after;
    next++;
  }
  return { value, unit, next };
}

const DURATION_UNIT = /^(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)$/;
const PCT = /^(%|percent)$/;
const PTS = /^(pts?|points?)$/;

function durationSeconds(value: number, unit: string): number {
  const u = unit[0];
  return value * (u === "s" ? 1 : u === "m" ? 60 : u === "h" ? 3600 : 86_400);
}

function thresholdValue(def: MetricDefinition, value: number, unit: string, hint: string): number {
  if (def.unit === "seconds") {
    if (!DURATION_UNIT.test(unit)) {
      throw new UserError("bad_option", `${def.id} is a time: give the threshold a unit.`, `For example \`alert add ${def.id} > 2h\` or \`> 90min\`.`);
    }
    return durationSeconds(value, unit);
  }
  const fits = unit === "" || (def.unit === "percent" && (PCT.test(unit) || PTS.test(unit))) || (def.unit === "nps" && PTS.test(unit));
  if (fits && def.unit === "percent" && (value < 0 || value > 100)) {
    throw new UserError("bad_option", `${def.id} is a percentage, so a threshold of ${value}% can never be crossed.`, "Give a value from 0 to 100, e.g. `> 5%`.");
  }
  if (fits && def.unit === "nps" && (value < -100 || value > 100)) {
    throw new UserError("bad_option", `NPS runs from −100 to 100, so a threshold of ${value} can never be crossed.`, "For example `alert add nps < 30`.");
  }
  if (fits) return value;
  throw new UserError("bad_option", `\`${value}${unit}\` does not fit ${def.id}, which is ${unitWords(def)}.`, hint);
}

function changeAmount(def: MetricDefinition, value: number, unit: string, hint: string): { by: number; unit: "pts" | "%" | "abs" } {
  if (PCT.test(unit)) return { by: value, unit: "%" };
  const pointsMetric = def.unit === "percent" || def.unit === "nps";
  if (PTS.test(unit)) {
    if (pointsMetric) return { by: value, unit: "pts" };
    throw new UserError("bad_option", `${def.id} is ${unitWords(def)}, so it does not move in points.`, `Use a relative change such as \`drops 10%\`${def.unit === "seconds" ? " or a time such as `rises 10 min`" : ""}.`);
  }
  if (def.unit === "seconds") {
    if (DURATION_UNIT.test(unit)) return { by: durationSeconds(value, unit), unit: "abs" };
    throw new UserError("bad_option", `${def.id} is a time: give the change a unit.`, `For example \`alert add ${def.id} rises 10 min\` or \`rises 20%\`.`);
  }
  if (unit !== "") throw new UserError("bad_option", `\`${value}${unit}\` does not fit ${def.id}, which is ${unitWords(def)}.`, hint);
  return pointsMetric ? { by: value, unit: "pts" } : { by: value, unit: "abs" };
}

function unitWords(def: MetricDefinition): string {
  return {
    percent: "a percentage",
    nps: "a score from −100 to 100",
    score: "a score on a survey scale",
    seconds: "a time",
    count: "a count",
    number: "a number",
    currency: "an amount of money",
  }[def.unit];
}

/**
 * Validates `where` filters (and the whole question) through the command
 * parser, so an alert accepts exactly what a question would, with the same
 * messages; returns them normalised, e.g. `channel=email agent="Mary Jane"`.
 */
function parseFilters(def: MetricDefinition, period: string, words: string[], comparison: Comparison | undefined, ctx: ManageContext): string {
  if (words.length === 0) return "";
  const where = words.map(quoteIfNeeded).join(" ");
  const vs = comparison ? ` vs ${comparison}` : "";
  const command = parseCommand(`${def.id} ${period}${vs} where ${where}`, {
    periods: { now: REFERENCE_A, timeZone: ctx.timeZone, weekStartsOn: ctx.weekStartsOn ?? 1 },
    defaultPeriod: period,
  });
  if (command.kind !== "metric") throw new Error("a metric question parsed as something else");
  return command.filters.map((f) => `${f.field}=${f.values.map(quoteValue).join(",")}`).join(" ");
}

/** A token that had quotes (and so holds a space) gets them back before re-parsing. */
function quoteIfNeeded(token: string): string {
  const eq = token.indexOf("=");
  if (!/\s/.test(token)) return token;
  return eq > 0 ? `${token.slice(0, eq + 1)}"${token.slice(eq + 1)}"` : `"${token}"`;
}

function quoteValue(value: string): string {
  return /[\s,"=]/.test(value) ? `"${value.replace(/"/g, "")}"` : value;
}
