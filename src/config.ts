/**
 * One zod schema over the environment. `loadConfig(env)` returns a typed
 * config or throws a UserError whose message says how to fix each variable.
 * Every variable is listed, with a comment, in `.env.example`.
 */
import { z } from "zod";
import { UserError } from "./errors.ts";
import type { LogLevel } from "./log.ts";
import { DEFAULT_METRIC_OPTIONS, type MetricOptions } from "./metrics/types.ts";
import { parsePeriod } from "./periods/index.ts";
import type { WeekStart } from "./periods/types.ts";

const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const schema = z.object({
  BOT_TIMEZONE: z
    .string()
    .default("UTC")
    .refine(isTimeZone, { message: "is not an IANA time zone: use a name such as Europe/Vilnius, America/New_York or UTC" }),
  BOT_WEEK_START: z
    .string()
    .default("monday")
    .transform((s) => s.toLowerCase())
    .refine((s) => (DAYS as readonly string[]).includes(s), { message: "must be a day name such as monday or sunday" }),
  BOT_DEFAULT_PERIOD: z
    .string()
    .default("last-7-days")
    .refine(
      (p) => {
        try {
          parsePeriod(p, { now: new Date(), timeZone: "UTC", weekStartsOn: 1 });
          return true;
        } catch {
          return false;
        }
      },
      { message: "is not a period: use one such as last-7-days, last-week or this-month" },
    ),
  CES_SCALE: z
    .string()
    .default("1-7")
    .refine((s) => /^\d+\s*-\s*\d+$/.test(s) && Number(s.split("-")[0]) < Number(s.split("-")[1]), {
      message: "must be min-max such as 1-7, 1-5 or 1-10",
    }),
  CES_DIRECTION: z.enum(["lower", "higher"], { message: "must be lower (how much effort) or higher (how easy)" }).default("lower"),
  SERVICE_LEVEL_TARGET_MINUTES: z.coerce.number({ message: "must be a number of minutes" }).positive().default(60),
  RETENTION_VARIANT: z.enum(["standard", "end_over_start"], { message: "must be standard or end_over_start" }).default("standard"),
  ENGAGEMENT_WEIGHTS: z
    .string()
    .default("loyalty:2,training:1")
    .refine((s) => s.split(",").every((part) => /^\s*[\w-]+\s*:\s*\d+(\.\d+)?\s*$/.test(part)), {
      message: "must be programme:weight pairs such as loyalty:2,training:1",
    }),
  CURRENCY: z
    .string()
    .default("USD")
    .refine((c) => /^[A-Z]{3}$/.test(c), { message: "must be an ISO 4217 code such as USD or EUR" }),
  DATA_DIR: z.string().default("./data"),
  DATA_URL: z
    .string()
    .refine((u) => /^postgres(ql)?:\/\//.test(u), { message: "must be a postgres:// URL (leave it unset to read files from DATA_DIR)" })
    .optional(),
  DATABASE_URL: z
    .string()
    .refine((u) => /^postgres(ql)?:\/\//.test(u), { message: "must be a postgres:// URL (leave it unset to keep state in a SQLite file in DATA_DIR)" })
    .optional(),
  BOT_ADMINS: z
    .string()
    .default("")
    .transform((s) => s.split(",").map((id) => id.trim()).filter((id) => id !== "")),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"], { message: "must be debug, info, warn, error or silent" }).default("info"),
});

export interface Config {
  /** Where the team's files (and, by default, the bot's SQLite state) live. */
  dataDir: string;
  /** A Postgres database to read the datasets from instead of files. */
  dataUrl?: string;
  /** A Postgres database for the bot's own state (several replicas); SQLite in dataDir otherwise. */
  databaseUrl?: string;
  /** Chat user ids allowed to manage digests and alerts besides Slack workspace admins. */
  admins: string[];
  timeZone: string;
  weekStartsOn: WeekStart;
  defaultPeriod: string;
  metricOptions: MetricOptions;
  logLevel: LogLevel;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "not set", as in most .env tooling.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "environment");
      const value = typeof present[name] === "string" ? ` (got \`${present[name]}\`)` : "";
      return `${name}${value} ${issue.message}`;
    });
    throw new UserError("config", `The configuration has ${problems.length === 1 ? "a problem" : "problems"}:\n- ${problems.join("\n- ")}`, "Fix the variables above in your environment or .env file; .env.example lists each one.");
  }
  const e = parsed.data;
  const [cesMin, cesMax] = e.CES_SCALE.split("-").map((x) => Number(x.trim())) as [number, number];
  return {
    dataDir: e.DATA_DIR,
    admins: e.BOT_ADMINS,
    ...(e.DATA_URL ? { dataUrl: e.DATA_URL } : {}),
    ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
    timeZone: e.BOT_TIMEZONE,
    weekStartsOn: DAYS.indexOf(e.BOT_WEEK_START as (typeof DAYS)[number]) as WeekStart,
    defaultPeriod: e.BOT_DEFAULT_PERIOD,
    logLevel: e.LOG_LEVEL,
    metricOptions: {
      ...DEFAULT_METRIC_OPTIONS,
      ces: { min: cesMin, max: cesMax, direction: e.CES_DIRECTION },
      serviceLevel: { ticketTargetMinutes: e.SERVICE_LEVEL_TARGET_MINUTES },
      retentionVariant: e.RETENTION_VARIANT,
      engagementWeights: Object.fromEntries(
        e.ENGAGEMENT_WEIGHTS.split(",").map((part) => {
          const [programme, weight] = part.split(":").map((x) => x.trim()) as [string, string];
          return [programme, Number(weight)];
        }),
      ),
      currency: e.CURRENCY,
    },
  };
}
