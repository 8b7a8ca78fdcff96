import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  DEFAULT_METRIC_OPTIONS
} from "./chunk-HOYQVK22.js";
import {
  cronProblem,
  parsePeriod
} from "./chunk-CSHTK5G7.js";
import {
  decodeKey,
  redactSecrets,
  redactValue
} from "./chunk-U2R7LURL.js";
import {
  INTERCOM_HOSTS
} from "./chunk-ABZKDEB3.js";
import {
  external_exports
} from "./chunk-WW7OP26R.js";
import {
  UserError
} from "./chunk-LJ4WEFEH.js";
import {
  isTimeZone
} from "./chunk-4VIX3REZ.js";

// dist/src/config.js
var DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
function postgresUrlProblem(u) {
  if (!/^postgres(ql)?:\/\//i.test(u))
    return "must be a postgres:// URL";
  let url;
  try {
    url = new URL(u);
  } catch {
    return "is not a URL that can be read: percent-encode special characters in the user name and password (@ as %40, : as %3A, / as %2F, space as %20)";
  }
  if (url.pathname.includes("@"))
    return "is not a URL that can be read: percent-encode special characters in the user name and password (@ as %40, : as %3A, / as %2F, space as %20)";
  if (url.hostname === "" && !url.searchParams.has("host"))
    return "has no host: write it as postgres://host:5432/database, with user:password@ before the host when needed";
  if (url.port !== "" && !(Number(url.port) > 0 && Number(url.port) < 65536))
    return "has a port that is not a number from 1 to 65535";
  return void 0;
}
var GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
var SLACK_TEAM_OR_ENTERPRISE = /^[TE][A-Z0-9]{2,}$/;
var idList = (s) => s.split(",").map((id) => id.trim()).filter((id) => id !== "");
var TEAMS_APP_TYPES = ["MultiTenant", "SingleTenant", "UserAssignedMSI"];
var schema = external_exports.object({
  BOT_TIMEZONE: external_exports.string().default("UTC").refine(isTimeZone, { message: "is not an IANA time zone: use a name such as Europe/Vilnius, America/New_York or UTC" }),
  BOT_WEEK_START: external_exports.string().default("monday").transform((s) => s.toLowerCase()).refine((s) => DAYS.includes(s), { message: "must be a day name such as monday or sunday" }),
  BOT_DEFAULT_PERIOD: external_exports.string().default("last-7-days").refine((p) => {
    try {
      parsePeriod(p, { now: /* @__PURE__ */ new Date(), timeZone: "UTC", weekStartsOn: 1 });
      return true;
    } catch {
      return false;
    }
  }, { message: "is not a period: use one such as last-7-days, last-week or this-month" }),
  CES_SCALE: external_exports.string().default("1-7").refine((s) => /^\d+\s*-\s*\d+$/.test(s) && Number(s.split("-")[0]) < Number(s.split("-")[1]), {
    message: "must be min-max such as 1-7, 1-5 or 1-10"
  }),
  CES_DIRECTION: external_exports.enum(["lower", "higher"], { message: "must be lower (how much effort) or higher (how easy)" }).default("lower"),
  SERVICE_LEVEL_TARGET_MINUTES: external_exports.coerce.number({ message: "must be a number of minutes" }).positive().default(60),
  RETENTION_VARIANT: external_exports.enum(["standard", "end_over_start"], { message: "must be standard or end_over_start" }).default("standard"),
  ENGAGEMENT_WEIGHTS: external_exports.string().default("loyalty:2,training:1").refine((s) => s.split(",").every((part) => /^\s*[\w-]+\s*:\s*\d+(\.\d+)?\s*$/.test(part)), {
    message: "must be programme:weight pairs such as loyalty:2,training:1"
  }),
  CURRENCY: external_exports.string().default("USD").refine((c) => /^[A-Z]{3}$/.test(c), { message: "must be an ISO 4217 code such as USD or EUR" }),
  DATA_DIR: external_exports.string().default("./data"),
  DATA_URL: external_exports.string().superRefine((u, ctx) => {
    const problem = postgresUrlProblem(u);
    if (problem)
      ctx.addIssue({ code: "custom", message: `${problem} (leave it unset to read files from DATA_DIR)` });
  }).optional(),
  DATA_STATEMENT_TIMEOUT_MS: external_exports.coerce.number({ message: "must be a number of milliseconds such as 15000" }).int({ message: "must be a whole number of milliseconds such as 15000" }).positive({ message: "must be a positive number of milliseconds such as 15000" }).default(15e3),
  DATA_CACHE_TTL_SECONDS: external_exports.coerce.number({ message: "must be a number of seconds such as 300 (0: ask DATA_URL every time)" }).int({ message: "must be a whole number of seconds such as 300 (0: ask DATA_URL every time)" }).min(0, { message: "must be 0 or more seconds, such as 300 (0: ask DATA_URL every time)" }).default(300),
  DATABASE_URL: external_exports.string().superRefine((u, ctx) => {
    const problem = postgresUrlProblem(u);
    if (problem)
      ctx.addIssue({ code: "custom", message: `${problem} (leave it unset to keep state in a SQLite file in DATA_DIR)` });
  }).optional(),
  BOT_ENCRYPTION_KEY: external_exports.string().refine((k) => decodeKey(k) !== void 0, {
    message: "is not a 32-byte key: use 32 random bytes as base64 or hex, e.g. the output of `openssl rand -base64 32` (keep it: the saved Slack installations need it)"
  }).optional(),
  BOT_ADMINS: external_exports.string().default("").transform((s) => s.split(",").map((id) => id.trim()).filter((id) => id !== "")),
  LOG_LEVEL: external_exports.enum(["debug", "info", "warn", "error", "silent"], { message: "must be debug, info, warn, error or silent" }).default("info"),
  PORT: external_exports.coerce.number({ message: "must be a port number such as 3000" }).int({ message: "must be a port number such as 3000" }).min(0).max(65535).default(3e3),
  SLACK_SIGNING_SECRET: external_exports.string().optional(),
  SLACK_BOT_TOKEN: external_exports.string().refine((t) => t.startsWith("xoxb-"), { message: "is not a bot token: copy the Bot User OAuth Token (xoxb-\u2026) from OAuth & Permissions" }).optional(),
  SLACK_APP_TOKEN: external_exports.string().refine((t) => t.startsWith("xapp-"), { message: "is not an app-level token: create one (xapp-\u2026) with the connections:write scope under Basic Information \u2192 App-Level Tokens" }).optional(),
  SLACK_CLIENT_ID: external_exports.string().optional(),
  SLACK_CLIENT_SECRET: external_exports.string().optional(),
  SLACK_STATE_SECRET: external_exports.string().optional(),
  SLACK_ALLOWED_TEAMS: external_exports.string().transform(idList).refine((ids) => ids.length > 0 && ids.every((id) => SLACK_TEAM_OR_ENTERPRISE.test(id)), {
    message: "must be Slack team or Enterprise Grid ids, comma-separated, such as T0123ABCD,E0456EFGH: a workspace's id is the T\u2026 in its web address (app.slack.com/client/T\u2026/\u2026), and the bot logs the id of every workspace it refuses"
  }).optional(),
  SLACK_API_URL: external_exports.string().refine((u) => /^https?:\/\/[^/]/.test(u), { message: "must be an http(s) URL such as https://slack.com/api/ (leave it unset for Slack itself)" }).optional(),
  SYNC_CRON: external_exports.string().default("*/15 * * * *").superRefine((c, ctx) => {
    const problem = cronProblem(c);
    if (problem)
      ctx.addIssue({ code: "custom", message: `is not a cron expression: ${problem}; e.g. */15 * * * * (every 15 minutes)` });
  }),
  SYNC_HISTORY_DAYS: external_exports.coerce.number({ message: "must be a number of days such as 365" }).int({ message: "must be a whole number of days such as 365" }).positive({ message: "must be a positive number of days such as 365" }).default(365),
  ZENDESK_SUBDOMAIN: external_exports.string().transform((s) => s.trim().replace(/\.zendesk\.com\/?$/i, "").replace(/^https?:\/\//i, "")).refine((s) => /^[a-z0-9][a-z0-9-]*$/i.test(s), { message: "is not a Zendesk subdomain: use the part before .zendesk.com, e.g. acme for acme.zendesk.com" }).optional(),
  ZENDESK_URL: external_exports.string().refine((u) => /^https?:\/\/[^/]/.test(u), { message: "must be an http(s) URL such as https://acme.zendesk.com (leave it unset to use ZENDESK_SUBDOMAIN)" }).optional(),
  ZENDESK_EMAIL: external_exports.string().optional(),
  ZENDESK_API_TOKEN: external_exports.string().optional(),
  ZENDESK_OAUTH_TOKEN: external_exports.string().optional(),
  ZENDESK_CLIENT_ID: external_exports.string().trim().optional(),
  ZENDESK_CLIENT_SECRET: external_exports.string().optional(),
  ZENDESK_REDIRECT_URL: external_exports.string().trim().refine((u) => /^https?:\/\/[^/]+(\/.*)?\/zendesk\/oauth_redirect$/.test(u), {
    message: "must be the bot's public address of /zendesk/oauth_redirect, such as https://bot.example.com/zendesk/oauth_redirect (the same URL as in the Zendesk OAuth client's Redirect URLs)"
  }).optional(),
  LIVEAGENT_URL: external_exports.string().refine((u) => /^https?:\/\/[^/]/.test(u), { message: "must be your LiveAgent URL such as https://acme.ladesk.com" }).optional(),
  LIVEAGENT_API_KEY: external_exports.string().optional(),
  LIVEAGENT_TIMEZONE: external_exports.string().refine(isTimeZone, { message: "is not an IANA time zone: use the zone of your LiveAgent account, such as Europe/Bratislava or UTC" }).optional(),
  FRESHDESK_DOMAIN: external_exports.string().transform((s) => s.trim().replace(/^https?:\/\//i, "").replace(/\.freshdesk\.com\/?$/i, "")).refine((s) => /^[a-z0-9][a-z0-9-]*$/i.test(s), { message: "is not a Freshdesk domain: use the part before .freshdesk.com, e.g. acme for acme.freshdesk.com" }).optional(),
  FRESHDESK_URL: external_exports.string().refine((u) => /^https?:\/\/[^/]/.test(u), { message: "must be an http(s) URL such as https://acme.freshdesk.com (leave it unset to use FRESHDESK_DOMAIN)" }).optional(),
  FRESHDESK_API_KEY: external_exports.string().optional(),
  INTERCOM_ACCESS_TOKEN: external_exports.string().optional(),
  INTERCOM_REGION: external_exports.string().transform((r) => r.trim().toLowerCase()).refine((r) => r === "us" || r === "eu" || r === "au", { message: "is not an Intercom region: use us (api.intercom.io), eu (api.eu.intercom.io) or au (api.au.intercom.io), the one your workspace is hosted in" }).optional(),
  INTERCOM_URL: external_exports.string().refine((u) => /^https?:\/\/[^/]/.test(u), { message: "must be an http(s) URL such as https://api.intercom.io (leave it unset to use INTERCOM_REGION)" }).optional(),
  MICROSOFT_APP_ID: external_exports.string().refine((id) => GUID.test(id.trim()), { message: "is not an app id: copy the Microsoft App ID (a GUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301) from the Azure Bot resource \u2192 Settings \u2192 Configuration" }).optional(),
  MICROSOFT_APP_PASSWORD: external_exports.string().optional(),
  MICROSOFT_APP_TENANT_ID: external_exports.string().refine((id) => GUID.test(id.trim()), { message: "is not a tenant id: copy the Directory (tenant) ID, a GUID, from the bot's app registration \u2192 Overview in Microsoft Entra ID" }).optional(),
  TEAMS_ALLOWED_TENANTS: external_exports.string().transform(idList).refine((ids) => ids.length > 0 && ids.every((id) => GUID.test(id)), {
    message: "must be Microsoft 365 tenant ids (GUIDs), comma-separated: copy your organisation's Directory (tenant) ID from Microsoft Entra ID \u2192 Overview; the bot logs the id of every tenant it refuses"
  }).transform((ids) => ids.map((id) => id.toLowerCase())).optional(),
  MICROSOFT_APP_TYPE: external_exports.preprocess((v) => typeof v === "string" ? TEAMS_APP_TYPES.find((t) => t.toLowerCase() === v.trim().toLowerCase()) ?? v : v, external_exports.enum(TEAMS_APP_TYPES, { message: "must be MultiTenant, SingleTenant or UserAssignedMSI: the Type of App shown in the Azure Bot resource \u2192 Settings \u2192 Configuration" })).optional(),
  TEAMS_AUTH: external_exports.preprocess((v) => typeof v === "string" ? v.trim().toLowerCase() : v, external_exports.enum(["on", "off"], { message: "must be on (the default: Bot Framework tokens required) or off (local use with the Bot Framework Emulator, this machine only)" })).optional()
}).superRefine((e, ctx) => {
  const missing = (name, fix) => ctx.addIssue({ code: "custom", path: [name], message: `is missing: ${fix}` });
  const oauth = Boolean(e.SLACK_CLIENT_ID || e.SLACK_CLIENT_SECRET || e.SLACK_STATE_SECRET);
  if (oauth) {
    if (e.SLACK_BOT_TOKEN) {
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_BOT_TOKEN"],
        message: "is set together with SLACK_CLIENT_ID: unset SLACK_BOT_TOKEN for multi-workspace installs (OAuth), or unset SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET for one workspace"
      });
    }
    if (!e.SLACK_CLIENT_ID)
      missing("SLACK_CLIENT_ID", "copy it from Basic Information \u2192 App Credentials");
    if (!e.SLACK_CLIENT_SECRET)
      missing("SLACK_CLIENT_SECRET", "copy it from Basic Information \u2192 App Credentials");
    if (!e.SLACK_STATE_SECRET)
      missing("SLACK_STATE_SECRET", "set any long random string (e.g. the output of `openssl rand -hex 32`); it signs the OAuth state");
  }
  const slack = oauth || Boolean(e.SLACK_BOT_TOKEN || e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET);
  if (slack && !oauth && !e.SLACK_BOT_TOKEN) {
    missing("SLACK_BOT_TOKEN", "copy the Bot User OAuth Token (xoxb-\u2026) from OAuth & Permissions, or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET for multi-workspace installs");
  }
  if (slack && !e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
    missing("SLACK_SIGNING_SECRET", "copy it from Basic Information \u2192 App Credentials (or set SLACK_APP_TOKEN to use Socket Mode instead of a public URL)");
  }
}).superRefine((e, ctx) => {
  const issue = (name, message) => ctx.addIssue({ code: "custom", path: [name], message });
  if (e.TEAMS_AUTH === "off" && (e.MICROSOFT_APP_ID || e.MICROSOFT_APP_PASSWORD || e.MICROSOFT_APP_TENANT_ID || e.MICROSOFT_APP_TYPE)) {
    issue("TEAMS_AUTH", "turns Teams authentication off, but MICROSOFT_APP_* variables are set: unset TEAMS_AUTH to authenticate with them, or unset them for local use without authentication");
    return;
  }
  if (!e.MICROSOFT_APP_ID) {
    if (e.MICROSOFT_APP_PASSWORD || e.MICROSOFT_APP_TENANT_ID || e.MICROSOFT_APP_TYPE) {
      issue("MICROSOFT_APP_ID", "is missing: copy the Microsoft App ID from the Azure Bot resource \u2192 Settings \u2192 Configuration (or unset the other MICROSOFT_APP_* variables and set TEAMS_AUTH=off to run the Teams endpoint without authentication, on this machine only)");
    }
    return;
  }
  const type = e.MICROSOFT_APP_TYPE ?? "MultiTenant";
  if (type === "UserAssignedMSI") {
    if (e.MICROSOFT_APP_PASSWORD)
      issue("MICROSOFT_APP_PASSWORD", "must not be set with MICROSOFT_APP_TYPE=UserAssignedMSI: a managed identity has no password; unset it");
    if (!e.MICROSOFT_APP_TENANT_ID)
      issue("MICROSOFT_APP_TENANT_ID", "is missing: a UserAssignedMSI bot needs its tenant; copy the Directory (tenant) ID from the Azure Bot resource \u2192 Settings \u2192 Configuration");
    return;
  }
  if (!e.MICROSOFT_APP_PASSWORD) {
    issue("MICROSOFT_APP_PASSWORD", "is missing: create a client secret in the bot's app registration \u2192 Certificates & secrets (Azure Bot \u2192 Settings \u2192 Configuration \u2192 Manage Password) and copy its Value");
  }
  if (type === "SingleTenant" && !e.MICROSOFT_APP_TENANT_ID) {
    issue("MICROSOFT_APP_TENANT_ID", "is missing: a SingleTenant bot needs its tenant; copy the Directory (tenant) ID from the app registration \u2192 Overview");
  }
  if (type === "MultiTenant" && !e.MICROSOFT_APP_TENANT_ID && !e.TEAMS_ALLOWED_TENANTS) {
    issue("TEAMS_ALLOWED_TENANTS", "is missing: a MultiTenant bot would answer any Microsoft 365 organisation that uploads its app package; set TEAMS_ALLOWED_TENANTS to your organisation's Directory (tenant) ID (Microsoft Entra ID \u2192 Overview; several comma-separated), or set MICROSOFT_APP_TENANT_ID");
  }
}).superRefine((e, ctx) => {
  const issue = (name, message) => ctx.addIssue({ code: "custom", path: [name], message });
  const zendeskOAuthApp = Boolean(e.ZENDESK_CLIENT_ID || e.ZENDESK_CLIENT_SECRET || e.ZENDESK_REDIRECT_URL);
  const zendesk = Boolean(e.ZENDESK_SUBDOMAIN || e.ZENDESK_URL || e.ZENDESK_EMAIL || e.ZENDESK_API_TOKEN || e.ZENDESK_OAUTH_TOKEN || zendeskOAuthApp);
  if (zendesk) {
    if (!e.ZENDESK_SUBDOMAIN && !e.ZENDESK_URL)
      issue("ZENDESK_SUBDOMAIN", "is missing: set it to the part before .zendesk.com (acme for acme.zendesk.com)");
    if (zendeskOAuthApp) {
      const where = "from the OAuth client an admin adds in Zendesk Admin Center \u2192 Apps and integrations \u2192 APIs \u2192 OAuth clients";
      if (!e.ZENDESK_CLIENT_ID)
        issue("ZENDESK_CLIENT_ID", `is missing: the client's Identifier, ${where}`);
      if (!e.ZENDESK_CLIENT_SECRET)
        issue("ZENDESK_CLIENT_SECRET", `is missing: the client's Secret, ${where}`);
    } else if (!e.ZENDESK_OAUTH_TOKEN && !(e.ZENDESK_API_TOKEN && e.ZENDESK_EMAIL)) {
      if (e.ZENDESK_API_TOKEN)
        issue("ZENDESK_EMAIL", "is missing: the email of the Zendesk admin the API token belongs to");
      else if (e.ZENDESK_EMAIL)
        issue("ZENDESK_API_TOKEN", "is missing; but Zendesk no longer lets accounts create API tokens: set ZENDESK_CLIENT_ID, ZENDESK_CLIENT_SECRET and ZENDESK_REDIRECT_URL instead (OAuth)");
      else
        issue("ZENDESK_CLIENT_ID", "is missing: Zendesk is connected over OAuth; set ZENDESK_CLIENT_ID, ZENDESK_CLIENT_SECRET and ZENDESK_REDIRECT_URL, then have a Zendesk admin open /zendesk/install");
    }
  }
  const liveagent = Boolean(e.LIVEAGENT_URL || e.LIVEAGENT_API_KEY);
  if (liveagent) {
    if (!e.LIVEAGENT_URL)
      issue("LIVEAGENT_URL", "is missing: your LiveAgent address, such as https://acme.ladesk.com");
    if (!e.LIVEAGENT_API_KEY)
      issue("LIVEAGENT_API_KEY", "is missing: create an API v3 key in LiveAgent \u2192 Configuration \u2192 System \u2192 API");
  }
  const freshdesk = Boolean(e.FRESHDESK_DOMAIN || e.FRESHDESK_URL || e.FRESHDESK_API_KEY);
  if (freshdesk) {
    if (!e.FRESHDESK_DOMAIN && !e.FRESHDESK_URL)
      issue("FRESHDESK_DOMAIN", "is missing: set it to the part before .freshdesk.com (acme for acme.freshdesk.com)");
    if (!e.FRESHDESK_API_KEY)
      issue("FRESHDESK_API_KEY", "is missing: in Freshdesk, your profile picture \u2192 Profile settings \u2192 View API key");
  }
  if ((zendesk || liveagent || freshdesk) && e.DATA_URL) {
    issue("DATA_URL", "is set together with a help desk: help-desk sync keeps its copy in the embedded DuckDB store in DATA_DIR; unset DATA_URL, or unset the ZENDESK_* / LIVEAGENT_* / FRESHDESK_* variables");
  }
  const intercom = Boolean(e.INTERCOM_ACCESS_TOKEN || e.INTERCOM_REGION || e.INTERCOM_URL);
  if (intercom) {
    if (!e.INTERCOM_ACCESS_TOKEN)
      issue("INTERCOM_ACCESS_TOKEN", "is missing: copy your app's access token from the Intercom Developer Hub \u2192 your app \u2192 Authentication");
    if (e.DATA_URL && !zendesk && !liveagent) {
      issue("DATA_URL", "is set together with a help desk: help-desk sync keeps its copy in the embedded DuckDB store in DATA_DIR; unset DATA_URL, or unset the INTERCOM_* variables");
    }
  }
});
var SECRET_VARIABLES = /* @__PURE__ */ new Set(["ZENDESK_API_TOKEN", "ZENDESK_OAUTH_TOKEN", "ZENDESK_CLIENT_SECRET", "LIVEAGENT_API_KEY", "FRESHDESK_API_KEY", "INTERCOM_ACCESS_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET", "DATA_URL", "DATABASE_URL", "MICROSOFT_APP_PASSWORD", "BOT_ENCRYPTION_KEY"]);
function loadConfig(env = process.env) {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== void 0 && v !== ""));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "environment");
      const value = typeof present[name] === "string" && !SECRET_VARIABLES.has(name) ? ` (got \`${redactValue(present[name])}\`)` : "";
      return `${name}${value} ${issue.message}`;
    });
    throw new UserError("config", redactSecrets(`The configuration has ${problems.length === 1 ? "a problem" : "problems"}:
- ${problems.join("\n- ")}`), "Fix the variables above in your environment or .env file; .env.example lists each one.");
  }
  const e = parsed.data;
  const slack = slackConfig(e);
  const teams = teamsConfig(e);
  const sync = syncConfig(e);
  const teamsAllowedTenants = e.TEAMS_ALLOWED_TENANTS ?? (e.MICROSOFT_APP_TENANT_ID ? [e.MICROSOFT_APP_TENANT_ID.trim().toLowerCase()] : void 0);
  const [cesMin, cesMax] = e.CES_SCALE.split("-").map((x) => Number(x.trim()));
  return {
    dataDir: e.DATA_DIR,
    admins: e.BOT_ADMINS,
    ...e.DATA_URL ? { dataUrl: e.DATA_URL } : {},
    dataStatementTimeoutMs: e.DATA_STATEMENT_TIMEOUT_MS,
    dataCacheTtlMs: e.DATA_CACHE_TTL_SECONDS * 1e3,
    ...e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {},
    ...e.BOT_ENCRYPTION_KEY ? { encryptionKey: decodeKey(e.BOT_ENCRYPTION_KEY) } : {},
    timeZone: e.BOT_TIMEZONE,
    weekStartsOn: DAYS.indexOf(e.BOT_WEEK_START),
    defaultPeriod: e.BOT_DEFAULT_PERIOD,
    logLevel: e.LOG_LEVEL,
    port: e.PORT,
    ...slack ? { slack } : {},
    ...teams ? { teams } : {},
    ...teamsAllowedTenants ? { teamsAllowedTenants } : {},
    teamsAuthOff: e.TEAMS_AUTH === "off",
    ...sync ? { sync } : {},
    metricOptions: {
      ...DEFAULT_METRIC_OPTIONS,
      ces: { min: cesMin, max: cesMax, direction: e.CES_DIRECTION },
      serviceLevel: { ticketTargetMinutes: e.SERVICE_LEVEL_TARGET_MINUTES },
      retentionVariant: e.RETENTION_VARIANT,
      engagementWeights: Object.fromEntries(e.ENGAGEMENT_WEIGHTS.split(",").map((part) => {
        const [programme, weight] = part.split(":").map((x) => x.trim());
        return [programme, Number(weight)];
      })),
      currency: e.CURRENCY
    }
  };
}
function slackConfig(e) {
  const common = {
    ...e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {},
    ...e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {},
    // The Web API client appends method names to this base, so it must end with a slash.
    ...e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL.endsWith("/") ? e.SLACK_API_URL : `${e.SLACK_API_URL}/` } : {},
    ...e.SLACK_ALLOWED_TEAMS ? { allowedTeams: e.SLACK_ALLOWED_TEAMS } : {}
  };
  if (e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET) {
    return { mode: "oauth", clientId: e.SLACK_CLIENT_ID, clientSecret: e.SLACK_CLIENT_SECRET, stateSecret: e.SLACK_STATE_SECRET, ...common };
  }
  if (e.SLACK_BOT_TOKEN)
    return { mode: "single", botToken: e.SLACK_BOT_TOKEN, ...common };
  return void 0;
}
function teamsConfig(e) {
  if (!e.MICROSOFT_APP_ID)
    return void 0;
  return {
    appId: e.MICROSOFT_APP_ID.trim(),
    appType: e.MICROSOFT_APP_TYPE ?? "MultiTenant",
    ...e.MICROSOFT_APP_PASSWORD ? { appPassword: e.MICROSOFT_APP_PASSWORD } : {},
    ...e.MICROSOFT_APP_TENANT_ID ? { tenantId: e.MICROSOFT_APP_TENANT_ID.trim() } : {}
  };
}
function syncConfig(e) {
  const zendeskUrl = e.ZENDESK_URL ?? (e.ZENDESK_SUBDOMAIN ? `https://${e.ZENDESK_SUBDOMAIN}.zendesk.com` : void 0);
  const zendesk = zendeskUrl === void 0 ? void 0 : {
    baseUrl: zendeskUrl.replace(/\/+$/, ""),
    auth: e.ZENDESK_CLIENT_ID && e.ZENDESK_CLIENT_SECRET ? { kind: "oauth-app", clientId: e.ZENDESK_CLIENT_ID, clientSecret: e.ZENDESK_CLIENT_SECRET, ...e.ZENDESK_REDIRECT_URL ? { redirectUrl: e.ZENDESK_REDIRECT_URL } : {} } : e.ZENDESK_OAUTH_TOKEN ? { kind: "oauth", token: e.ZENDESK_OAUTH_TOKEN } : { kind: "token", email: e.ZENDESK_EMAIL ?? "", token: e.ZENDESK_API_TOKEN ?? "" }
  };
  const liveagent = e.LIVEAGENT_URL && e.LIVEAGENT_API_KEY ? { baseUrl: e.LIVEAGENT_URL.replace(/\/+$/, ""), apiKey: e.LIVEAGENT_API_KEY, ...e.LIVEAGENT_TIMEZONE ? { timeZone: e.LIVEAGENT_TIMEZONE } : {} } : void 0;
  const freshdeskUrl = e.FRESHDESK_URL ?? (e.FRESHDESK_DOMAIN ? `https://${e.FRESHDESK_DOMAIN}.freshdesk.com` : void 0);
  const freshdesk = freshdeskUrl && e.FRESHDESK_API_KEY ? { baseUrl: freshdeskUrl.replace(/\/+$/, ""), apiKey: e.FRESHDESK_API_KEY } : void 0;
  const intercom = e.INTERCOM_ACCESS_TOKEN ? { baseUrl: (e.INTERCOM_URL ?? INTERCOM_HOSTS[e.INTERCOM_REGION ?? "us"]).replace(/\/+$/, ""), token: e.INTERCOM_ACCESS_TOKEN } : void 0;
  if (!zendesk && !liveagent && !freshdesk && !intercom)
    return void 0;
  return { cron: e.SYNC_CRON, historyDays: e.SYNC_HISTORY_DAYS, ...zendesk ? { zendesk } : {}, ...liveagent ? { liveagent } : {}, ...freshdesk ? { freshdesk } : {}, ...intercom ? { intercom } : {} };
}

// dist/src/dotenv.js
import { statSync } from "node:fs";
import { resolve } from "node:path";
function loadDotEnv(path = ".env") {
  let isFile;
  try {
    isFile = statSync(path).isFile();
  } catch (e) {
    if (e.code === "ENOENT")
      return;
    throw new UserError("config", `${path} could not be read (${e.code ?? e.message}).`, `Make ${resolve(path)} readable by the bot, or remove it and set the variables in the environment.`);
  }
  if (!isFile) {
    throw new UserError("config", `${path} is a folder, not a file of settings.`, `Remove or rename the folder ${resolve(path)}, and put the settings in a file named ${path} (copy .env.example), or set them in the environment.`);
  }
  try {
    process.loadEnvFile(path);
  } catch (e) {
    throw new UserError("config", `${path} could not be read (${e.code ?? e.message}).`, `Make ${resolve(path)} readable by the bot, or remove it and set the variables in the environment.`);
  }
}

// dist/src/log.js
var ORDER = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };
function createLogger(level = "info", write = (l) => process.stderr.write(`${l}
`)) {
  const emit = (at) => (message, fields = {}) => {
    if (ORDER[at] < ORDER[level])
      return;
    const plain = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v]));
    write(redactSecrets(JSON.stringify({ time: (/* @__PURE__ */ new Date()).toISOString(), level: at, message, ...plain })));
  };
  return { info: emit("info"), warn: emit("warn"), error: emit("error") };
}

export {
  loadConfig,
  loadDotEnv,
  createLogger
};
