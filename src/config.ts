/**
 * One zod schema over the environment. `loadConfig(env)` returns a typed
 * config or throws a UserError whose message says how to fix each variable.
 * Every variable is listed, with a comment, in `.env.example`.
 */
import * as z from "zod";
import { UserError } from "./errors.ts";
import type { LogLevel } from "./log.ts";
import { DEFAULT_METRIC_OPTIONS, type MetricOptions } from "./metrics/types.ts";
import { parsePeriod } from "./periods/index.ts";
import type { WeekStart } from "./periods/types.ts";
import { isTimeZone } from "./periods/isTimeZone.ts";
import { INTERCOM_HOSTS } from "./ingest/helpdesk/intercom/index.ts";
import { redactSecrets, redactValue } from "./redact.ts";
import { cronProblem } from "./schedule/cron.ts";
import { decodeKey } from "./store/secrets.ts";

const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;


/** A postgres:// URL that the driver can take: parsed as a URL, with a host (or a socket folder in ?host=). */
function postgresUrlProblem(u: string): string | undefined {
  if (!/^postgres(ql)?:\/\//i.test(u)) return "must be a postgres:// URL";
  let url: URL;
  try {
    url = new URL(u);
  } catch {
    return "is not a URL that can be read: percent-encode special characters in the user name and password (@ as %40, : as %3A, / as %2F, space as %20)";
  }
  // An unencoded / in a password ends the host early: postgres://bot:pa/ss@db/x reads as host "pa"… and database "ss@db/x".
  if (url.pathname.includes("@")) return "is not a URL that can be read: percent-encode special characters in the user name and password (@ as %40, : as %3A, / as %2F, space as %20)";
  if (url.hostname === "" && !url.searchParams.has("host")) return "has no host: write it as postgres://host:5432/database, with user:password@ before the host when needed";
  if (url.port !== "" && !(Number(url.port) > 0 && Number(url.port) < 65536)) return "has a port that is not a number from 1 to 65535";
  return undefined;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A Slack team (workspace) id or an Enterprise Grid organisation id. */
const SLACK_TEAM_OR_ENTERPRISE = /^[TE][A-Z0-9]{2,}$/;
/** A comma-separated list, blanks dropped. */
const idList = (s: string) => s.split(",").map((id) => id.trim()).filter((id) => id !== "");
/** The kinds of Azure Bot resource botbuilder can authenticate as (MICROSOFT_APP_TYPE). */
const TEAMS_APP_TYPES = ["MultiTenant", "SingleTenant", "UserAssignedMSI"] as const;

/** How often help desks are synced unless SYNC_CRON says otherwise: every 15 minutes. */
const DEFAULT_SYNC_CRON = "*/15 * * * *";

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
    .superRefine((u, ctx) => {
      const problem = postgresUrlProblem(u);
      if (problem) ctx.addIssue({ code: "custom", message: `${problem} (leave it unset to read files from DATA_DIR)` });
    })
    .optional(),
  DATA_STATEMENT_TIMEOUT_MS: z.coerce
    .number({ message: "must be a number of milliseconds such as 15000" })
    .int({ message: "must be a whole number of milliseconds such as 15000" })
    .positive({ message: "must be a positive number of milliseconds such as 15000" })
    .default(15_000),
  DATA_CACHE_TTL_SECONDS: z.coerce
    .number({ message: "must be a number of seconds such as 300 (0: ask DATA_URL every time)" })
    .int({ message: "must be a whole number of seconds such as 300 (0: ask DATA_URL every time)" })
    .min(0, { message: "must be 0 or more seconds, such as 300 (0: ask DATA_URL every time)" })
    .default(300),
  DATABASE_URL: z
    .string()
    .superRefine((u, ctx) => {
      const problem = postgresUrlProblem(u);
      if (problem) ctx.addIssue({ code: "custom", message: `${problem} (leave it unset to keep state in a SQLite file in DATA_DIR)` });
    })
    .optional(),
  BOT_ENCRYPTION_KEY: z
    .string()
    .refine((k) => decodeKey(k) !== undefined, {
      message: "is not a 32-byte key: use 32 random bytes as base64 or hex, e.g. the output of `openssl rand -base64 32` (keep it: the saved Slack installations need it)",
    })
    .optional(),
  BOT_ADMINS: z
    .string()
    .default("")
    .transform((s) => s.split(",").map((id) => id.trim()).filter((id) => id !== "")),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"], { message: "must be debug, info, warn, error or silent" }).default("info"),
  PORT: z.coerce.number({ message: "must be a port number such as 3000" }).int({ message: "must be a port number such as 3000" }).min(0).max(65535).default(3000),
  SLACK_SIGNING_SECRET: z.string().optional(),
  SLACK_BOT_TOKEN: z
    .string()
    .refine((t) => t.startsWith("xoxb-"), { message: "is not a bot token: copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions" })
    .optional(),
  SLACK_APP_TOKEN: z
    .string()
    .refine((t) => t.startsWith("xapp-"), { message: "is not an app-level token: create one (xapp-…) with the connections:write scope under Basic Information → App-Level Tokens" })
    .optional(),
  SLACK_CLIENT_ID: z.string().optional(),
  SLACK_CLIENT_SECRET: z.string().optional(),
  SLACK_STATE_SECRET: z.string().optional(),
  SLACK_ALLOWED_TEAMS: z
    .string()
    .transform(idList)
    .refine((ids) => ids.length > 0 && ids.every((id) => SLACK_TEAM_OR_ENTERPRISE.test(id)), {
      message:
        "must be Slack team or Enterprise Grid ids, comma-separated, such as T0123ABCD,E0456EFGH: a workspace's id is the T… in its web address (app.slack.com/client/T…/…), and the bot logs the id of every workspace it refuses",
    })
    .optional(),
  SLACK_API_URL: z
    .string()
    .refine((u) => /^https?:\/\/[^/]/.test(u), { message: "must be an http(s) URL such as https://slack.com/api/ (leave it unset for Slack itself)" })
    .optional(),
  SYNC_CRON: z
    .string()
    .default(DEFAULT_SYNC_CRON)
    .superRefine((c, ctx) => {
      // The default is a valid expression: the cron parser is loaded only to check one that was set.
      const problem = c === DEFAULT_SYNC_CRON ? null : cronProblem(c);
      if (problem) ctx.addIssue({ code: "custom", message: `is not a cron expression: ${problem}; e.g. */15 * * * * (every 15 minutes)` });
    }),
  SYNC_HISTORY_DAYS: z.coerce
    .number({ message: "must be a number of days such as 365" })
    .int({ message: "must be a whole number of days such as 365" })
    .positive({ message: "must be a positive number of days such as 365" })
    .default(365),
  ZENDESK_SUBDOMAIN: z
    .string()
    .transform((s) => s.trim().replace(/\.zendesk\.com\/?$/i, "").replace(/^https?:\/\//i, ""))
    .refine((s) => /^[a-z0-9][a-z0-9-]*$/i.test(s), { message: "is not a Zendesk subdomain: use the part before .zendesk.com, e.g. acme for acme.zendesk.com" })
    .optional(),
  ZENDESK_URL: z
    .string()
    .refine((u) => /^https?:\/\/[^/]/.test(u), { message: "must be an http(s) URL such as https://acme.zendesk.com (leave it unset to use ZENDESK_SUBDOMAIN)" })
    .optional(),
  ZENDESK_EMAIL: z.string().optional(),
  ZENDESK_API_TOKEN: z.string().optional(),
  ZENDESK_OAUTH_TOKEN: z.string().optional(),
  ZENDESK_CLIENT_ID: z.string().trim().optional(),
  ZENDESK_CLIENT_SECRET: z.string().optional(),
  ZENDESK_REDIRECT_URL: z
    .string()
    .trim()
    .refine((u) => /^https?:\/\/[^/]+(\/.*)?\/zendesk\/oauth_redirect$/.test(u), {
      message: "must be the bot's public address of /zendesk/oauth_redirect, such as https://bot.example.com/zendesk/oauth_redirect (the same URL as in the Zendesk OAuth client's Redirect URLs)",
    })
    .optional(),
  LIVEAGENT_URL: z
    .string()
    .refine((u) => /^https?:\/\/[^/]/.test(u), { message: "must be your LiveAgent URL such as https://acme.ladesk.com" })
    .optional(),
  LIVEAGENT_API_KEY: z.string().optional(),
  LIVEAGENT_TIMEZONE: z
    .string()
    .refine(isTimeZone, { message: "is not an IANA time zone: use the zone of your LiveAgent account, such as Europe/Bratislava or UTC" })
    .optional(),
  FRESHDESK_DOMAIN: z
    .string()
    .transform((s) => s.trim().replace(/^https?:\/\//i, "").replace(/\.freshdesk\.com\/?$/i, ""))
    .refine((s) => /^[a-z0-9][a-z0-9-]*$/i.test(s), { message: "is not a Freshdesk domain: use the part before .freshdesk.com, e.g. acme for acme.freshdesk.com" })
    .optional(),
  FRESHDESK_URL: z
    .string()
    .refine((u) => /^https?:\/\/[^/]/.test(u), { message: "must be an http(s) URL such as https://acme.freshdesk.com (leave it unset to use FRESHDESK_DOMAIN)" })
    .optional(),
  FRESHDESK_API_KEY: z.string().optional(),
  INTERCOM_ACCESS_TOKEN: z.string().optional(),
  INTERCOM_REGION: z
    .string()
    .transform((r) => r.trim().toLowerCase())
    .refine((r): r is "us" | "eu" | "au" => r === "us" || r === "eu" || r === "au", { message: "is not an Intercom region: use us (api.intercom.io), eu (api.eu.intercom.io) or au (api.au.intercom.io), the one your workspace is hosted in" })
    .optional(),
  INTERCOM_URL: z
    .string()
    .refine((u) => /^https?:\/\/[^/]/.test(u), { message: "must be an http(s) URL such as https://api.intercom.io (leave it unset to use INTERCOM_REGION)" })
    .optional(),
  MICROSOFT_APP_ID: z
    .string()
    .refine((id) => GUID.test(id.trim()), { message: "is not an app id: copy the Microsoft App ID (a GUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301) from the Azure Bot resource → Settings → Configuration" })
    .optional(),
  MICROSOFT_APP_PASSWORD: z.string().optional(),
  MICROSOFT_APP_TENANT_ID: z
    .string()
    .refine((id) => GUID.test(id.trim()), { message: "is not a tenant id: copy the Directory (tenant) ID, a GUID, from the bot's app registration → Overview in Microsoft Entra ID" })
    .optional(),
  TEAMS_ALLOWED_TENANTS: z
    .string()
    .transform(idList)
    .refine((ids) => ids.length > 0 && ids.every((id) => GUID.test(id)), {
      message:
        "must be Microsoft 365 tenant ids (GUIDs), comma-separated: copy your organisation's Directory (tenant) ID from Microsoft Entra ID → Overview; the bot logs the id of every tenant it refuses",
    })
    .transform((ids) => ids.map((id) => id.toLowerCase()))
    .optional(),
  MICROSOFT_APP_TYPE: z
    .preprocess(
      (v) => (typeof v === "string" ? (TEAMS_APP_TYPES.find((t) => t.toLowerCase() === v.trim().toLowerCase()) ?? v) : v),
      z.enum(TEAMS_APP_TYPES, { message: "must be MultiTenant, SingleTenant or UserAssignedMSI: the Type of App shown in the Azure Bot resource → Settings → Configuration" }),
    )
    .optional(),
  TEAMS_AUTH: z
    .preprocess((v) => (typeof v === "string" ? v.trim().toLowerCase() : v), z.enum(["on", "off"], { message: "must be on (the default: Bot Framework tokens required) or off (local use with the Bot Framework Emulator, this machine only)" }))
    .optional(),
}).superRefine((e, ctx) => {
  // Which Slack mode the variables describe, and what each mode still lacks.
  const missing = (name: string, fix: string) => ctx.addIssue({ code: "custom", path: [name], message: `is missing: ${fix}` });
  const oauth = Boolean(e.SLACK_CLIENT_ID || e.SLACK_CLIENT_SECRET || e.SLACK_STATE_SECRET);
  if (oauth) {
    if (e.SLACK_BOT_TOKEN) {
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_BOT_TOKEN"],
        message: "is set together with SLACK_CLIENT_ID: unset SLACK_BOT_TOKEN for multi-workspace installs (OAuth), or unset SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET for one workspace",
      });
    }
    if (!e.SLACK_CLIENT_ID) missing("SLACK_CLIENT_ID", "copy it from Basic Information → App Credentials");
    if (!e.SLACK_CLIENT_SECRET) missing("SLACK_CLIENT_SECRET", "copy it from Basic Information → App Credentials");
    if (!e.SLACK_STATE_SECRET) missing("SLACK_STATE_SECRET", "set any long random string (e.g. the output of `openssl rand -hex 32`); it signs the OAuth state");
  }
  const slack = oauth || Boolean(e.SLACK_BOT_TOKEN || e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET);
  if (slack && !oauth && !e.SLACK_BOT_TOKEN) {
    missing("SLACK_BOT_TOKEN", "copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions, or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET for multi-workspace installs");
  }
  if (slack && !e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
    missing("SLACK_SIGNING_SECRET", "copy it from Basic Information → App Credentials (or set SLACK_APP_TOKEN to use Socket Mode instead of a public URL)");
  }
}).superRefine((e, ctx) => {
  // Teams (botbuilder): what each kind of Azure Bot needs besides its app id.
  const issue = (name: string, message: string) => ctx.addIssue({ code: "custom", path: [name], message });
  if (e.TEAMS_AUTH === "off" && (e.MICROSOFT_APP_ID || e.MICROSOFT_APP_PASSWORD || e.MICROSOFT_APP_TENANT_ID || e.MICROSOFT_APP_TYPE)) {
    issue("TEAMS_AUTH", "turns Teams authentication off, but MICROSOFT_APP_* variables are set: unset TEAMS_AUTH to authenticate with them, or unset them for local use without authentication");
    return;
  }
  if (!e.MICROSOFT_APP_ID) {
    if (e.MICROSOFT_APP_PASSWORD || e.MICROSOFT_APP_TENANT_ID || e.MICROSOFT_APP_TYPE) {
      issue("MICROSOFT_APP_ID", "is missing: copy the Microsoft App ID from the Azure Bot resource → Settings → Configuration (or unset the other MICROSOFT_APP_* variables and set TEAMS_AUTH=off to run the Teams endpoint without authentication, on this machine only)");
    }
    return;
  }
  const type = e.MICROSOFT_APP_TYPE ?? "MultiTenant";
  if (type === "UserAssignedMSI") {
    if (e.MICROSOFT_APP_PASSWORD) issue("MICROSOFT_APP_PASSWORD", "must not be set with MICROSOFT_APP_TYPE=UserAssignedMSI: a managed identity has no password; unset it");
    if (!e.MICROSOFT_APP_TENANT_ID) issue("MICROSOFT_APP_TENANT_ID", "is missing: a UserAssignedMSI bot needs its tenant; copy the Directory (tenant) ID from the Azure Bot resource → Settings → Configuration");
    return;
  }
  if (!e.MICROSOFT_APP_PASSWORD) {
    issue("MICROSOFT_APP_PASSWORD", "is missing: create a client secret in the bot's app registration → Certificates & secrets (Azure Bot → Settings → Configuration → Manage Password) and copy its Value");
  }
  if (type === "SingleTenant" && !e.MICROSOFT_APP_TENANT_ID) {
    issue("MICROSOFT_APP_TENANT_ID", "is missing: a SingleTenant bot needs its tenant; copy the Directory (tenant) ID from the app registration → Overview");
  }
  if (type === "MultiTenant" && !e.MICROSOFT_APP_TENANT_ID && !e.TEAMS_ALLOWED_TENANTS) {
    issue(
      "TEAMS_ALLOWED_TENANTS",
      "is missing: a MultiTenant bot would answer any Microsoft 365 organisation that uploads its app package; set TEAMS_ALLOWED_TENANTS to your organisation's Directory (tenant) ID (Microsoft Entra ID → Overview; several comma-separated), or set MICROSOFT_APP_TENANT_ID",
    );
  }
}).superRefine((e, ctx) => {
  // Help desks: each needs its address and its credentials, and sync writes into the embedded DuckDB store.
  const issue = (name: string, message: string) => ctx.addIssue({ code: "custom", path: [name], message });
  const zendeskOAuthApp = Boolean(e.ZENDESK_CLIENT_ID || e.ZENDESK_CLIENT_SECRET || e.ZENDESK_REDIRECT_URL);
  const zendesk = Boolean(e.ZENDESK_SUBDOMAIN || e.ZENDESK_URL || e.ZENDESK_EMAIL || e.ZENDESK_API_TOKEN || e.ZENDESK_OAUTH_TOKEN || zendeskOAuthApp);
  if (zendesk) {
    if (!e.ZENDESK_SUBDOMAIN && !e.ZENDESK_URL) issue("ZENDESK_SUBDOMAIN", "is missing: set it to the part before .zendesk.com (acme for acme.zendesk.com)");
    if (zendeskOAuthApp) {
      // OAuth (the main path): the client registered in Admin Center → Apps and integrations → APIs → OAuth clients.
      const where = "from the OAuth client an admin adds in Zendesk Admin Center → Apps and integrations → APIs → OAuth clients";
      if (!e.ZENDESK_CLIENT_ID) issue("ZENDESK_CLIENT_ID", `is missing: the client's Identifier, ${where}`);
      if (!e.ZENDESK_CLIENT_SECRET) issue("ZENDESK_CLIENT_SECRET", `is missing: the client's Secret, ${where}`);
    } else if (!e.ZENDESK_OAUTH_TOKEN && !(e.ZENDESK_API_TOKEN && e.ZENDESK_EMAIL)) {
      if (e.ZENDESK_API_TOKEN) issue("ZENDESK_EMAIL", "is missing: the email of the Zendesk admin the API token belongs to");
      else if (e.ZENDESK_EMAIL) issue("ZENDESK_API_TOKEN", "is missing; but Zendesk no longer lets accounts create API tokens: set ZENDESK_CLIENT_ID, ZENDESK_CLIENT_SECRET and ZENDESK_REDIRECT_URL instead (OAuth)");
      else issue("ZENDESK_CLIENT_ID", "is missing: Zendesk is connected over OAuth; set ZENDESK_CLIENT_ID, ZENDESK_CLIENT_SECRET and ZENDESK_REDIRECT_URL, then have a Zendesk admin open /zendesk/install");
    }
  }
  const liveagent = Boolean(e.LIVEAGENT_URL || e.LIVEAGENT_API_KEY);
  if (liveagent) {
    if (!e.LIVEAGENT_URL) issue("LIVEAGENT_URL", "is missing: your LiveAgent address, such as https://acme.ladesk.com");
    if (!e.LIVEAGENT_API_KEY) issue("LIVEAGENT_API_KEY", "is missing: create an API v3 key in LiveAgent → Configuration → System → API");
  }
  const freshdesk = Boolean(e.FRESHDESK_DOMAIN || e.FRESHDESK_URL || e.FRESHDESK_API_KEY);
  if (freshdesk) {
    if (!e.FRESHDESK_DOMAIN && !e.FRESHDESK_URL) issue("FRESHDESK_DOMAIN", "is missing: set it to the part before .freshdesk.com (acme for acme.freshdesk.com)");
    if (!e.FRESHDESK_API_KEY) issue("FRESHDESK_API_KEY", "is missing: in Freshdesk, your profile picture → Profile settings → View API key");
  }
  if ((zendesk || liveagent || freshdesk) && e.DATA_URL) {
    issue("DATA_URL", "is set together with a help desk: help-desk sync keeps its copy in the embedded DuckDB store in DATA_DIR; unset DATA_URL, or unset the ZENDESK_* / LIVEAGENT_* / FRESHDESK_* variables");
  }
  const intercom = Boolean(e.INTERCOM_ACCESS_TOKEN || e.INTERCOM_REGION || e.INTERCOM_URL);
  if (intercom) {
    if (!e.INTERCOM_ACCESS_TOKEN) issue("INTERCOM_ACCESS_TOKEN", "is missing: copy your app's access token from the Intercom Developer Hub → your app → Authentication");
    if (e.DATA_URL && !zendesk && !liveagent) {
      issue("DATA_URL", "is set together with a help desk: help-desk sync keeps its copy in the embedded DuckDB store in DATA_DIR; unset DATA_URL, or unset the INTERCOM_* variables");
    }
  }
});

/** Never echoed back in a configuration error: they are credentials (or may contain a password). */
const SECRET_VARIABLES = new Set(["ZENDESK_API_TOKEN", "ZENDESK_OAUTH_TOKEN", "ZENDESK_CLIENT_SECRET", "LIVEAGENT_API_KEY", "FRESHDESK_API_KEY", "INTERCOM_ACCESS_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET", "DATA_URL", "DATABASE_URL", "MICROSOFT_APP_PASSWORD", "BOT_ENCRYPTION_KEY"]);

/** How the bot talks to Slack: one workspace with a bot token, or any workspace that installs it (OAuth). */
export type SlackConfig = {
  /** Verifies HTTP requests; not needed in Socket Mode. */
  signingSecret?: string;
  /** Socket Mode (no public URL) when set. */
  appToken?: string;
  /** Another Web API base URL (a local fake in tests); Slack's own when unset. */
  apiUrl?: string;
  /**
   * SLACK_ALLOWED_TEAMS: the team and Enterprise Grid ids whose requests are
   * answered and where digests and alerts may post. Unset: the bot token's own
   * workspace (one workspace), or none at all (OAuth) — see adapters/slack/allowed.ts.
   */
  allowedTeams?: string[];
} & ({ mode: "single"; botToken: string } | { mode: "oauth"; clientId: string; clientSecret: string; stateSecret: string });

/** How the Teams bot authenticates with the Bot Framework (botbuilder's ConfigurationBotFrameworkAuthentication). */
export interface TeamsConfig {
  appId: string;
  /** Client secret; absent for UserAssignedMSI. */
  appPassword?: string;
  /** Required for SingleTenant and UserAssignedMSI. */
  tenantId?: string;
  appType: (typeof TEAMS_APP_TYPES)[number];
}

/** The help desks to keep a local copy of (src/ingest/helpdesk/). */
export interface SyncConfig {
  /** SYNC_CRON, UTC. */
  cron: string;
  /** A first sync pulls this many days back. */
  historyDays: number;
  zendesk?: {
    baseUrl: string;
    /**
     * oauth-app: the main path, tokens from an admin's grant (/zendesk/install), kept in the Store and refreshed;
     * oauth: a fixed bearer token (not refreshed); token: an API token, which Zendesk retires on 30 Apr 2027.
     */
    auth:
      | { kind: "oauth-app"; clientId: string; clientSecret: string; redirectUrl?: string }
      | { kind: "token"; email: string; token: string }
      | { kind: "oauth"; token: string };
  };
  liveagent?: { baseUrl: string; apiKey: string; timeZone?: string };
  /** https://<FRESHDESK_DOMAIN>.freshdesk.com (or FRESHDESK_URL) and the API key (Basic auth, the key as user). */
  freshdesk?: { baseUrl: string; apiKey: string };
  /** INTERCOM_URL, or the API host of INTERCOM_REGION; the access token is sent as a Bearer token. */
  intercom?: { baseUrl: string; token: string };
}

export interface Config {
  /** Where the team's files (and, by default, the bot's SQLite state) live. */
  dataDir: string;
  /** A Postgres database to read the datasets from instead of files. */
  dataUrl?: string;
  /** Longest a query to DATA_URL may run, in ms. */
  dataStatementTimeoutMs: number;
  /** How long figures of ended periods read from DATA_URL are reused (0: never). Files are cached until they change. */
  dataCacheTtlMs: number;
  /** A Postgres database for the bot's own state (several replicas); SQLite in dataDir otherwise. */
  databaseUrl?: string;
  /** Chat user ids allowed to manage digests and alerts besides Slack workspace admins. */
  admins: string[];
  /** BOT_ENCRYPTION_KEY, 32 bytes: encrypts the Slack tokens in the Store; DATA_DIR/encryption.key when unset. */
  encryptionKey?: Buffer;
  timeZone: string;
  weekStartsOn: WeekStart;
  defaultPeriod: string;
  metricOptions: MetricOptions;
  logLevel: LogLevel;
  /** The port of the HTTP server (Slack events, Teams messages, /healthz). */
  port: number;
  /** Present when Slack credentials are configured. */
  slack?: SlackConfig;
  /** Present when MICROSOFT_APP_ID is set. */
  teams?: TeamsConfig;
  /**
   * The Microsoft 365 tenants (lower-case GUIDs) the Teams bot serves: TEAMS_ALLOWED_TENANTS, else
   * MICROSOFT_APP_TENANT_ID. Absent only with authentication off and neither set: every tenant (local use).
   */
  teamsAllowedTenants?: string[];
  /**
   * TEAMS_AUTH=off: the Teams endpoint without authentication, for the Bot
   * Framework Emulator and tests on this machine only. Without an app id and
   * without this, Teams is not served.
   */
  teamsAuthOff: boolean;
  /** Present when a help desk is configured. */
  sync?: SyncConfig;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "not set", as in most .env tooling.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "environment");
      // A URL is shown without its credentials (https://***@host/…); a secret not at all.
      const value = typeof present[name] === "string" && !SECRET_VARIABLES.has(name) ? ` (got \`${redactValue(present[name])}\`)` : "";
      return `${name}${value} ${issue.message}`;
    });
    throw new UserError(
      "config",
      redactSecrets(`The configuration has ${problems.length === 1 ? "a problem" : "problems"}:\n- ${problems.join("\n- ")}`),
      "Fix the variables above in your environment or .env file; .env.example lists each one.",
    );
  }
  const e = parsed.data;
  const slack = slackConfig(e);
  const teams = teamsConfig(e);
  const sync = syncConfig(e);
  const teamsAllowedTenants = e.TEAMS_ALLOWED_TENANTS ?? (e.MICROSOFT_APP_TENANT_ID ? [e.MICROSOFT_APP_TENANT_ID.trim().toLowerCase()] : undefined);
  const [cesMin, cesMax] = e.CES_SCALE.split("-").map((x) => Number(x.trim())) as [number, number];
  return {
    dataDir: e.DATA_DIR,
    admins: e.BOT_ADMINS,
    ...(e.DATA_URL ? { dataUrl: e.DATA_URL } : {}),
    dataStatementTimeoutMs: e.DATA_STATEMENT_TIMEOUT_MS,
    dataCacheTtlMs: e.DATA_CACHE_TTL_SECONDS * 1000,
    ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
    ...(e.BOT_ENCRYPTION_KEY ? { encryptionKey: decodeKey(e.BOT_ENCRYPTION_KEY)! } : {}),
    timeZone: e.BOT_TIMEZONE,
    weekStartsOn: DAYS.indexOf(e.BOT_WEEK_START as (typeof DAYS)[number]) as WeekStart,
    defaultPeriod: e.BOT_DEFAULT_PERIOD,
    logLevel: e.LOG_LEVEL,
    port: e.PORT,
    ...(slack ? { slack } : {}),
    ...(teams ? { teams } : {}),
    ...(teamsAllowedTenants ? { teamsAllowedTenants } : {}),
    teamsAuthOff: e.TEAMS_AUTH === "off",
    ...(sync ? { sync } : {}),
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

function slackConfig(e: z.infer<typeof schema>): SlackConfig | undefined {
  const common = {
    ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
    ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
    // The Web API client appends method names to this base, so it must end with a slash.
    ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL.endsWith("/") ? e.SLACK_API_URL : `${e.SLACK_API_URL}/` } : {}),
    ...(e.SLACK_ALLOWED_TEAMS ? { allowedTeams: e.SLACK_ALLOWED_TEAMS } : {}),
  };
  if (e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET) {
    return { mode: "oauth", clientId: e.SLACK_CLIENT_ID, clientSecret: e.SLACK_CLIENT_SECRET, stateSecret: e.SLACK_STATE_SECRET, ...common };
  }
  if (e.SLACK_BOT_TOKEN) return { mode: "single", botToken: e.SLACK_BOT_TOKEN, ...common };
  return undefined;
}

function teamsConfig(e: z.infer<typeof schema>): TeamsConfig | undefined {
  if (!e.MICROSOFT_APP_ID) return undefined;
  return {
    appId: e.MICROSOFT_APP_ID.trim(),
    appType: e.MICROSOFT_APP_TYPE ?? "MultiTenant",
    ...(e.MICROSOFT_APP_PASSWORD ? { appPassword: e.MICROSOFT_APP_PASSWORD } : {}),
    ...(e.MICROSOFT_APP_TENANT_ID ? { tenantId: e.MICROSOFT_APP_TENANT_ID.trim() } : {}),
  };
}

function syncConfig(e: z.infer<typeof schema>): SyncConfig | undefined {
  const zendeskUrl = e.ZENDESK_URL ?? (e.ZENDESK_SUBDOMAIN ? `https://${e.ZENDESK_SUBDOMAIN}.zendesk.com` : undefined);
  const zendesk: SyncConfig["zendesk"] =
    zendeskUrl === undefined
      ? undefined
      : {
          baseUrl: zendeskUrl.replace(/\/+$/, ""),
          auth:
            e.ZENDESK_CLIENT_ID && e.ZENDESK_CLIENT_SECRET
              ? { kind: "oauth-app", clientId: e.ZENDESK_CLIENT_ID, clientSecret: e.ZENDESK_CLIENT_SECRET, ...(e.ZENDESK_REDIRECT_URL ? { redirectUrl: e.ZENDESK_REDIRECT_URL } : {}) }
              : e.ZENDESK_OAUTH_TOKEN
                ? { kind: "oauth", token: e.ZENDESK_OAUTH_TOKEN }
                : { kind: "token", email: e.ZENDESK_EMAIL ?? "", token: e.ZENDESK_API_TOKEN ?? "" },
        };
  const liveagent: SyncConfig["liveagent"] =
    e.LIVEAGENT_URL && e.LIVEAGENT_API_KEY
      ? { baseUrl: e.LIVEAGENT_URL.replace(/\/+$/, ""), apiKey: e.LIVEAGENT_API_KEY, ...(e.LIVEAGENT_TIMEZONE ? { timeZone: e.LIVEAGENT_TIMEZONE } : {}) }
      : undefined;
  const freshdeskUrl = e.FRESHDESK_URL ?? (e.FRESHDESK_DOMAIN ? `https://${e.FRESHDESK_DOMAIN}.freshdesk.com` : undefined);
  const freshdesk: SyncConfig["freshdesk"] = freshdeskUrl && e.FRESHDESK_API_KEY ? { baseUrl: freshdeskUrl.replace(/\/+$/, ""), apiKey: e.FRESHDESK_API_KEY } : undefined;
  const intercom: SyncConfig["intercom"] = e.INTERCOM_ACCESS_TOKEN
    ? { baseUrl: (e.INTERCOM_URL ?? INTERCOM_HOSTS[e.INTERCOM_REGION ?? "us"]).replace(/\/+$/, ""), token: e.INTERCOM_ACCESS_TOKEN }
    : undefined;
  if (!zendesk && !liveagent && !freshdesk && !intercom) return undefined;
  return { cron: e.SYNC_CRON, historyDays: e.SYNC_HISTORY_DAYS, ...(zendesk ? { zendesk } : {}), ...(liveagent ? { liveagent } : {}), ...(freshdesk ? { freshdesk } : {}), ...(intercom ? { intercom } : {}) };
}
