import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  addCalendar,
  differenceInCalendarDays,
  format,
  isLocalMidnight,
  localDayCount,
  periodLabel,
  startOfWeek,
  startOfYear
} from "./chunk-ZFLCWV4S.js";
import {
  require_dist
} from "./chunk-2PPZ62ZY.js";
import {
  startOfMonth
} from "./chunk-77HYBQ6Z.js";
import {
  startOfDay,
  toDate
} from "./chunk-AEFEDGW7.js";
import {
  suggest
} from "./chunk-JKOOICHZ.js";
import {
  UserError
} from "./chunk-LJ4WEFEH.js";
import {
  isTimeZone
} from "./chunk-4VIX3REZ.js";
import {
  TZDate,
  tz
} from "./chunk-IJGJCVMD.js";
import {
  __toESM
} from "./chunk-V4RWK56N.js";

// node_modules/date-fns/startOfQuarter.js
function startOfQuarter(date, options) {
  const _date = toDate(date, options?.in);
  const currentMonth = _date.getMonth();
  const month = currentMonth - currentMonth % 3;
  _date.setMonth(month, 1);
  _date.setHours(0, 0, 0, 0);
  return _date;
}

// dist/src/periods/assertTimeZone.js
function assertTimeZone(timeZone) {
  if (isTimeZone(timeZone))
    return;
  throw new UserError("config", `\`${timeZone}\` is not a time zone.`, "Use an IANA zone name such as Europe/Vilnius, America/New_York or UTC.");
}

// dist/src/periods/parsePeriod.js
var LAST_N_MAX = { day: 3660, week: 522, month: 120, quarter: 40, year: 10 };
var MIN_YEAR = 1970;
var MAX_YEAR = 9999;
var HINT = "Try today, yesterday, last-week, this-month, last-30-days, 2026-Q3, 2026-10 or 2026-10-01..2026-10-15.";
var WORDS = new Map(Object.entries({
  today: { unit: "day", offset: 0 },
  yesterday: { unit: "day", offset: -1 },
  "this-week": { unit: "week", offset: 0 },
  "this-month": { unit: "month", offset: 0 },
  "this-quarter": { unit: "quarter", offset: 0 },
  "this-year": { unit: "year", offset: 0 },
  "last-week": { unit: "week", offset: -1 },
  "last-month": { unit: "month", offset: -1 },
  "last-quarter": { unit: "quarter", offset: -1 },
  "last-year": { unit: "year", offset: -1 }
}));
var TO_DATE = /* @__PURE__ */ new Map([
  ["mtd", "month"],
  ["qtd", "quarter"],
  ["ytd", "year"]
]);
var UNIT_WORDS = new Map(Object.entries({
  day: "day",
  days: "day",
  week: "week",
  weeks: "week",
  month: "month",
  months: "month",
  quarter: "quarter",
  quarters: "quarter",
  year: "year",
  years: "year"
}));
var MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December"
];
function parsePeriod(text, opts) {
  if (!(opts.now instanceof Date) || Number.isNaN(opts.now.getTime())) {
    throw new TypeError("parsePeriod: opts.now must be a valid Date");
  }
  assertTimeZone(opts.timeZone);
  if (!Number.isInteger(opts.weekStartsOn) || opts.weekStartsOn < 0 || opts.weekStartsOn > 6) {
    throw new UserError("config", `\`${String(opts.weekStartsOn)}\` is not a week start.`, "Use 0 (Sunday) to 6 (Saturday); 1 is Monday.");
  }
  const shown = show(text);
  const word = normalize(text);
  if (word === "")
    throw new UserError("unknown_period", "No period given.", HINT);
  const fixed = WORDS.get(word);
  if (fixed)
    return relative(word, fixed.unit, fixed.offset, 1, opts);
  const toDateUnit = TO_DATE.get(word);
  if (toDateUnit) {
    const start = startOfUnit(opts.now, toDateUnit, opts);
    if (start.getTime() >= opts.now.getTime()) {
      throw new UserError("future_period", `\`${shown}\` is empty: the ${toDateUnit} has only just begun.`, `Try last-${toDateUnit}.`);
    }
    return { start, end: new Date(opts.now.getTime()), label: word, step: { unit: toDateUnit, count: 1 }, timeZone: opts.timeZone };
  }
  const lastN = /^last-(\d+)-([a-z]+)$/.exec(word);
  const lastNUnit = lastN ? UNIT_WORDS.get(lastN[2] ?? "") : void 0;
  if (lastN && lastNUnit) {
    const digits = (lastN[1] ?? "").replace(/^0+(?=\d)/, "");
    const negative = /^last(?:\s+|\s*-\s*)[-−]\d/.test(text.trim().toLowerCase());
    const n = (negative ? -1 : 1) * (digits.length > 6 ? Infinity : Number(digits));
    const max = LAST_N_MAX[lastNUnit];
    if (!(n >= 1 && n <= max)) {
      throw new UserError("unknown_period", `\`${shown}\`: the number of ${lastNUnit}s must be from 1 to ${max}.`, `For example last-7-${lastNUnit}s, or a range of dates such as 2026-10-01..2026-10-15.`);
    }
    const label = `last-${n}-${lastNUnit}${n === 1 ? "" : "s"}`;
    return relative(label, lastNUnit, -n, n, opts);
  }
  const bareLastN = /^last-(\d+)$/.exec(word);
  if (bareLastN) {
    const n = bareLastN[1] ?? "";
    throw new UserError("unknown_period", `\`${shown}\` needs a unit: last-${n}-days, last-${n}-weeks or last-${n}-months.`, HINT);
  }
  const range = /^([0-9-]+)\.\.([0-9-]+)$/.exec(word);
  if (range) {
    const from = calendarDate(range[1] ?? "", shown);
    const to = calendarDate(range[2] ?? "", shown);
    if (!from || !to) {
      throw new UserError("unknown_period", `\`${shown}\` is not a range of dates: write both ends as year-month-day.`, "For example 2026-10-01..2026-10-15 (both days included).");
    }
    const days = Math.round((Date.UTC(to.y, to.m - 1, to.d) - Date.UTC(from.y, from.m - 1, from.d)) / 864e5) + 1;
    const fromLabel = isoDate(from.y, from.m, from.d);
    const toLabel = isoDate(to.y, to.m, to.d);
    if (days < 1) {
      throw new UserError("unknown_period", `\`${shown}\` ends before it starts.`, `Put the earlier date first: ${toLabel}..${fromLabel}.`);
    }
    const start = dayStart(from.y, from.m, from.d, opts.timeZone);
    const end = addCalendar(dayStart(to.y, to.m, to.d, opts.timeZone), "day", 1, opts.timeZone);
    return { start, end, label: `${fromLabel}..${toLabel}`, step: { unit: "day", count: days }, timeZone: opts.timeZone };
  }
  if (/^\d{4}$/.test(word)) {
    const y = year(word, shown);
    return absolute(String(y), dayStart(y, 1, 1, opts.timeZone), "year", opts);
  }
  const quarter = /^(\d{4})-q(\d+)$/.exec(word);
  if (quarter) {
    const y = year(quarter[1] ?? "", shown);
    const q = Number(quarter[2]);
    if (!(q >= 1 && q <= 4)) {
      throw new UserError("unknown_period", `\`${shown}\` is not a quarter: quarters go from Q1 to Q4.`, `For example ${y}-Q3.`);
    }
    return absolute(`${y}-Q${q}`, dayStart(y, (q - 1) * 3 + 1, 1, opts.timeZone), "quarter", opts);
  }
  const month = /^(\d{4})-(\d{1,2})$/.exec(word);
  if (month) {
    const y = year(month[1] ?? "", shown);
    const m = monthNumber(month[2] ?? "", shown);
    return absolute(`${y}-${pad(m)}`, dayStart(y, m, 1, opts.timeZone), "month", opts);
  }
  const date = calendarDate(word, shown);
  if (date) {
    return absolute(isoDate(date.y, date.m, date.d), dayStart(date.y, date.m, date.d, opts.timeZone), "day", opts);
  }
  const guess = suggest(word, candidatesFor(word));
  throw new UserError("unknown_period", guess ? `\`${shown}\` is not a period \u2014 did you mean \`${guess}\`?` : `\`${shown}\` is not a period.`, HINT);
}
function normalize(text) {
  const pieces = text.trim().toLowerCase().replace(/\s+/g, " ").replace(/ ?(?:\.\.|…| [–—] ) ?/g, "..").replace(/[\s\-‐‑‒–—−]+/g, "-").split("..").map(trimHyphens);
  return trimHyphens(pieces.join("..")).replace(/^(\d{4}-\d{1,2}-\d{1,2})-(\d{4}-\d{1,2}-\d{1,2})$/, "$1..$2");
}
function trimHyphens(text) {
  let start = 0;
  let end = text.length;
  while (start < end && text[start] === "-")
    start++;
  while (end > start && text[end - 1] === "-")
    end--;
  return text.slice(start, end);
}
function show(text) {
  const t = text.trim().replace(/\s+/g, " ").replace(/`/g, "'");
  return t.length > 40 ? `${t.slice(0, 39)}\u2026` : t;
}
function candidatesFor(word) {
  const candidates = /* @__PURE__ */ new Set([...WORDS.keys(), ...TO_DATE.keys()]);
  const numbers = /* @__PURE__ */ new Set();
  for (const match of word.matchAll(/\d+/g))
    numbers.add(match[0].replace(/^0+(?=\d)/, ""));
  for (const n of numbers) {
    for (const unit of ["days", "weeks", "months", "quarters", "years"])
      candidates.add(`last-${n}-${unit}`);
    if (n.length === 4)
      for (const q of ["q1", "q2", "q3", "q4"])
        candidates.add(`${n}-${q}`);
  }
  return [...candidates];
}
function relative(label, unit, offset, count, opts) {
  const current = startOfUnit(opts.now, unit, opts);
  const at = (k) => k === 0 ? current : addCalendar(current, unit, k, opts.timeZone);
  return { start: at(offset), end: at(offset + count), label, step: { unit, count }, timeZone: opts.timeZone };
}
function absolute(label, start, unit, opts) {
  return { start, end: addCalendar(start, unit, 1, opts.timeZone), label, step: { unit, count: 1 }, timeZone: opts.timeZone };
}
function startOfUnit(now, unit, opts) {
  const ctx = { in: tz(opts.timeZone) };
  let start;
  switch (unit) {
    case "day":
      start = startOfDay(now, ctx);
      break;
    case "week":
      start = startOfWeek(now, { ...ctx, weekStartsOn: opts.weekStartsOn });
      break;
    case "month":
      start = startOfMonth(now, ctx);
      break;
    case "quarter":
      start = startOfQuarter(now, ctx);
      break;
    case "year":
      start = startOfYear(now, ctx);
      break;
  }
  return new Date(start.getTime());
}
function dayStart(y, m, d, timeZone) {
  return new Date(new TZDate(y, m - 1, d, timeZone).getTime());
}
function calendarDate(text, shown) {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (!match)
    return void 0;
  const y = year(match[1] ?? "", shown);
  const m = monthNumber(match[2] ?? "", shown);
  const d = Number(match[3]);
  const length = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (!(d >= 1 && d <= length)) {
    throw new UserError("unknown_period", `\`${shown}\` is not a date: ${MONTH_NAMES[m - 1] ?? ""} ${y} has ${length} days.`, `For example ${isoDate(y, m, 1)} or ${isoDate(y, m, length)}.`);
  }
  return { y, m, d };
}
function year(text, shown) {
  const y = Number(text);
  if (!(y >= MIN_YEAR && y <= MAX_YEAR)) {
    throw new UserError("unknown_period", `\`${shown}\` is out of range: years from ${MIN_YEAR} to ${MAX_YEAR} are supported.`, HINT);
  }
  return y;
}
function monthNumber(text, shown) {
  const m = Number(text);
  if (!(m >= 1 && m <= 12)) {
    throw new UserError("unknown_period", `\`${shown}\` is not a valid month: months go from 01 to 12.`, "For example 2026-10 or 2026-10-05.");
  }
  return m;
}
function pad(n) {
  return String(n).padStart(2, "0");
}
function isoDate(y, m, d) {
  return `${y}-${pad(m)}-${pad(d)}`;
}

// dist/src/periods/periodExamples.js
var PERIOD_EXAMPLES = Object.freeze([
  "today",
  "yesterday",
  "this-week",
  "last-week",
  "this-month",
  "last-month",
  "this-quarter",
  "last-quarter",
  "this-year",
  "last-year",
  "last-7-days",
  "last-30-days",
  "last-4-weeks",
  "last-3-months",
  "mtd",
  "qtd",
  "ytd",
  "2026",
  "2026-Q3",
  "2026-10",
  "2026-10-05",
  "2026-10-01..2026-10-15"
]);

// dist/src/periods/shiftPeriod.js
function shiftPeriod(period, n) {
  if (!Number.isInteger(n))
    throw new RangeError(`shiftPeriod: n must be an integer, got ${n}`);
  if (n === 0)
    return { ...period, start: new Date(period.start.getTime()), end: new Date(period.end.getTime()), step: { ...period.step } };
  const { unit, count } = period.step;
  const start = addCalendar(period.start, unit, n * count, period.timeZone);
  const end = addCalendar(period.end, unit, n * count, period.timeZone);
  return {
    start,
    end,
    label: periodLabel(start, end, period.timeZone),
    step: { unit, count },
    timeZone: period.timeZone
  };
}

// dist/src/periods/comparisonPeriod.js
function comparisonPeriod(period, against) {
  if (against === "previous")
    return shiftPeriod(period, -1);
  const zone = period.timeZone;
  if (against === "same-weekday") {
    const weeks = Math.max(1, Math.ceil(localDayCount(period) / 7));
    const start2 = addCalendar(period.start, "week", -weeks, zone);
    const end2 = addCalendar(period.end, "week", -weeks, zone);
    return { start: start2, end: end2, label: periodLabel(start2, end2, zone), step: { ...period.step }, timeZone: zone };
  }
  const start = addCalendar(period.start, "year", -1, zone);
  const end = isLocalMidnight(period.end, zone) ? addCalendar(addCalendar(addCalendar(period.end, "day", -1, zone), "year", -1, zone), "day", 1, zone) : addCalendar(period.end, "year", -1, zone);
  return {
    start,
    end,
    label: periodLabel(start, end, zone),
    step: { ...period.step },
    timeZone: zone
  };
}

// dist/src/periods/rhythmComparison.js
function rhythmComparison(period) {
  return period.step.unit === "day" && period.step.count === 1 ? "same-weekday" : "previous";
}

// dist/src/periods/describePeriod.js
var SEP = " \u2013 ";
function describePeriod(period) {
  const zone = period.timeZone;
  const start = new TZDate(period.start.getTime(), zone);
  const end = new TZDate(period.end.getTime(), zone);
  const startsAtMidnight = isLocalMidnight(period.start, zone);
  const endsAtMidnight = isLocalMidnight(period.end, zone);
  const lastDay = endsAtMidnight ? new TZDate(period.end.getTime() - 1, zone) : end;
  const days = differenceInCalendarDays(lastDay, start, { in: tz(zone) }) + 1;
  const day = days <= 7 ? "EEE d MMM" : "d MMM";
  const time = (d) => format(d, "HH:mm");
  if (days <= 1) {
    const date = format(start, `${day} yyyy`);
    if (startsAtMidnight && endsAtMidnight)
      return date;
    return `${date} ${time(start)}${SEP}${endsAtMidnight ? "24:00" : time(end)}`;
  }
  const sameYear = start.getFullYear() === lastDay.getFullYear();
  const from = format(start, sameYear ? day : `${day} yyyy`) + (startsAtMidnight ? "" : ` ${time(start)}`);
  const to = format(lastDay, `${day} yyyy`) + (endsAtMidnight ? "" : ` ${time(end)}`);
  return `${from}${SEP}${to}`;
}

// dist/src/schedule/cron.js
var import_cron_parser = __toESM(require_dist(), 1);
var DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
function parse(schedule, from) {
  return import_cron_parser.CronExpressionParser.parse(schedule.cron, { currentDate: from, tz: schedule.timeZone });
}
function nextRunAt(schedule, after) {
  try {
    return parse(schedule, after).next().toDate();
  } catch {
    return null;
  }
}
function latestRunAt(schedule, now) {
  try {
    return parse(schedule, new Date(now.getTime() + 1)).prev().toDate();
  } catch {
    return null;
  }
}
function runsBetween(schedule, after, upTo, limit = 1e3) {
  const out = [];
  try {
    const expr = parse(schedule, after);
    while (out.length < limit) {
      const next = expr.next().toDate();
      if (next.getTime() > upTo.getTime())
        break;
      out.push(next);
    }
  } catch {
  }
  return out;
}
var FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day-of-week", min: 0, max: 7 }
];
var PROBE = ["0", "0", "1", "1", "*"];
function cronError(expression) {
  try {
    import_cron_parser.CronExpressionParser.parse(expression, { currentDate: new Date(Date.UTC(2001, 0, 1)), tz: "UTC" }).next();
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
function cronProblem(expression) {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5)
    return `it has ${fields.length} field${fields.length === 1 ? "" : "s"}; a cron expression has five (minute hour day-of-month month day-of-week)`;
  const whole = cronError(expression);
  if (whole === null)
    return null;
  for (const [i, field] of FIELDS.entries()) {
    const typed = fields[i];
    const alone = cronError(PROBE.map((p, j) => j === i ? typed : p).join(" "));
    if (alone !== null)
      return `the ${field.name} field (\`${typed.replace(/`/g, "'").slice(0, 40)}\`) ${fieldProblem(alone, field)}`;
  }
  return `its fields never match a date together (${whole.replace(/\.$/, "")})`;
}
function fieldProblem(message, field) {
  const range = `it goes from ${field.min} to ${field.max}${field.name === "day-of-week" ? " (Sunday is 0 or 7; sun\u2013sat work too)" : field.name === "month" ? " (jan\u2013dec work too)" : ""}`;
  if (/NaN|Invalid characters/i.test(message))
    return `is not a number, a range such as 1-5, a list such as 1,3 or a step such as */15: ${range}`;
  if (/got value|got range/i.test(message))
    return `is out of range: ${range}`;
  if (/Invalid range/i.test(message))
    return "runs backwards: write the smaller number first, e.g. 1-5";
  if (/repeat at every 0/i.test(message))
    return "has a step of 0: a step is at least 1, e.g. */15";
  if (/list/i.test(message))
    return "has an empty or malformed item in its list: write items between commas, e.g. 1,3,5";
  return `is not valid: ${range}`;
}
var pad2 = (n) => String(n).padStart(2, "0");
function describeSchedule(schedule) {
  const fields = schedule.cron.trim().split(/\s+/);
  if (fields.length === 5) {
    const [min, hour, dom, month, dow] = fields;
    const simple = /^\d{1,2}$/;
    if (min === "0" && hour === "*" && dom === "*" && month === "*" && dow === "*")
      return "every hour, on the hour";
    if (simple.test(min) && simple.test(hour) && month === "*") {
      const time = `${pad2(Number(hour))}:${pad2(Number(min))}`;
      if (dom === "*" && dow === "*")
        return `every day at ${time}`;
      if (dom === "*" && dow === "1-5")
        return `every weekday at ${time}`;
      if (dom === "*" && /^[0-7](,[0-7])*$/.test(dow)) {
        const days = dow.split(",").map((d) => DAY_NAMES[Number(d) % 7]);
        return `every ${days.length === 1 ? days[0] : `${days.slice(0, -1).join(", ")} and ${days[days.length - 1]}`} at ${time}`;
      }
      if (dow === "*" && dom === "L")
        return `on the last day of every month at ${time}`;
      if (dow === "*" && simple.test(dom))
        return `on the ${ordinal(Number(dom))} of every month at ${time}`;
    }
  }
  return `cron ${schedule.cron}`;
}
function ordinal(n) {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13)
    return `${n}th`;
  return `${n}${["th", "st", "nd", "rd"][n % 10] ?? "th"}`;
}

export {
  parsePeriod,
  PERIOD_EXAMPLES,
  shiftPeriod,
  comparisonPeriod,
  rhythmComparison,
  describePeriod,
  nextRunAt,
  latestRunAt,
  runsBetween,
  cronProblem,
  describeSchedule
};
