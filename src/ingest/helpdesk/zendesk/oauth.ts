/**
 * Zendesk OAuth (authorization code grant, with refresh), as Zendesk
 * documents it: "OAuth Tokens for Grant Types" (POST /oauth/tokens with
 * grant_type authorization_code or refresh_token; the answer has
 * access_token, refresh_token, expires_in, refresh_token_expires_in),
 * "Using OAuth authentication with your application" (GET
 * /oauth/authorizations/new with response_type=code, client_id,
 * redirect_uri, scope, state) and "Announcing support for OAuth refresh
 * token grant type and OAuth access and refresh token expirations" (a
 * refresh returns a new refresh token and deletes the previous tokens;
 * clients created after 30 Apr 2026 have expiry enforced).
 *
 * The grant lives in the Store (encrypted, secrets.ts). `zendeskTokens`
 * hands the sync a bearer token, refreshed a few minutes before it expires;
 * one refresh at a time (the old refresh token stops working after it). A
 * grant Zendesk no longer honours (revoked, expired, the admin left) is a
 * SyncHttpError saying an admin must connect again, which `sources` and the
 * sync log show.
 *
 * @example
 * const tokens = zendeskTokens({ app, grants: store, connectHint: "open https://bot.example.com/zendesk/install" });
 * const http = createSyncHttp({ ..., headers: () => tokens.headers() });
 */
import { SyncHttpError } from "../types.ts";

/** What the bot keeps of a Zendesk grant. Times are epoch ms; null: Zendesk gave no expiry. */
export interface ZendeskGrant {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: number | null;
  refreshExpiresAt: number | null;
  scope: string;
  /** Who connected it, for people: "Ada Admin (admin)". */
  connectedBy?: string;
}

/** The OAuth client registered in Zendesk (Admin Center → Apps and integrations → APIs → OAuth clients). */
export interface ZendeskOAuthApp {
  /** https://acme.zendesk.com */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /**
   * The bot's /zendesk/oauth_redirect, exactly as listed in the client's
   * Redirect URLs (ZENDESK_REDIRECT_URL); when unset, the install route
   * takes it from the address the admin's browser used.
   */
  redirectUrl?: string;
}

/** Where grants are kept: the Store. */
export interface GrantStore {
  saveHelpdeskGrant(source: string, grant: unknown, now: Date): Promise<void>;
  getHelpdeskGrant(source: string): Promise<unknown | null>;
}

/** The scope asked for: reading is all the sync does. */
export const ZENDESK_SCOPE = "read";
/** A token this close to its expiry is refreshed first. */
export const REFRESH_MARGIN_MS = 5 * 60_000;
const SOURCE = "zendesk";

/**
 * Where an admin approves the bot: `/oauth/authorizations/new` on the account.
 *
 * @example
 * authorizeUrl(app, "st4te"); // https://acme.zendesk.com/oauth/authorizations/new?response_type=code&client_id=…
 */
export function authorizeUrl(app: ZendeskOAuthApp & { redirectUrl: string }, state: string): string {
  const u = new URL(`${app.baseUrl}/oauth/authorizations/new`);
  u.searchParams.set("response_type", "code");
  u.searchParams.set("client_id", app.clientId);
  u.searchParams.set("redirect_uri", app.redirectUrl);
  u.searchParams.set("scope", ZENDESK_SCOPE);
  u.searchParams.set("state", state);
  return u.toString();
}

/**
 * The code from the redirect exchanged for tokens.
 *
 * @example
 * const grant = await exchangeCode(app, code, Date.now());
 */
export function exchangeCode(app: ZendeskOAuthApp & { redirectUrl: string }, code: string, now: number): Promise<ZendeskGrant> {
  return tokenRequest(app, { grant_type: "authorization_code", code, redirect_uri: app.redirectUrl }, now);
}

/**
 * New tokens for a grant's refresh token (the old ones stop working).
 *
 * @example
 * const fresh = await refreshGrant(app, grant, Date.now());
 */
export async function refreshGrant(app: ZendeskOAuthApp, grant: ZendeskGrant, now: number): Promise<ZendeskGrant> {
  if (grant.refreshToken === null) throw new GrantRefused("the grant has no refresh token");
  const fresh = await tokenRequest(app, { grant_type: "refresh_token", refresh_token: grant.refreshToken }, now);
  return { ...fresh, ...(grant.connectedBy ? { connectedBy: grant.connectedBy } : {}) };
}

/** Zendesk refused the grant itself (invalid_grant, invalid_client, 401): only an admin connecting again helps. */
export class GrantRefused extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "GrantRefused";
  }
}

async function tokenRequest(app: ZendeskOAuthApp, body: Record<string, string>, now: number): Promise<ZendeskGrant> {
  const res = await fetch(`${app.baseUrl}/oauth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ ...body, client_id: app.clientId, client_secret: app.clientSecret, scope: ZENDESK_SCOPE }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Described below by status.
  }
  if (!res.ok) {
    const error = typeof json["error"] === "string" ? json["error"] : `${res.status} ${res.statusText}`;
    // 4xx: the grant or the client is not accepted; 5xx: Zendesk is unwell, try again later.
    if (res.status >= 400 && res.status < 500) throw new GrantRefused(`Zendesk's /oauth/tokens answered ${res.status} (${error})`);
    throw new Error(`Zendesk's /oauth/tokens answered ${res.status} (${error})`);
  }
  const access = json["access_token"];
  if (typeof access !== "string" || access === "") throw new Error("Zendesk's /oauth/tokens answered without an access_token");
  const seconds = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v > 0 ? now + v * 1000 : null);
  return {
    accessToken: access,
    refreshToken: typeof json["refresh_token"] === "string" && json["refresh_token"] !== "" ? json["refresh_token"] : null,
    expiresAt: seconds(json["expires_in"]),
    refreshExpiresAt: seconds(json["refresh_token_expires_in"]),
    scope: typeof json["scope"] === "string" ? json["scope"] : ZENDESK_SCOPE,
  };
}

/** A stored value as a grant, or null when it is not one. */
export function asGrant(v: unknown): ZendeskGrant | null {
  const g = v as Partial<ZendeskGrant> | null;
  if (g === null || typeof g !== "object" || typeof g.accessToken !== "string") return null;
  return {
    accessToken: g.accessToken,
    refreshToken: typeof g.refreshToken === "string" ? g.refreshToken : null,
    expiresAt: typeof g.expiresAt === "number" ? g.expiresAt : null,
    refreshExpiresAt: typeof g.refreshExpiresAt === "number" ? g.refreshExpiresAt : null,
    scope: typeof g.scope === "string" ? g.scope : ZENDESK_SCOPE,
    ...(typeof g.connectedBy === "string" ? { connectedBy: g.connectedBy } : {}),
  };
}

export interface ZendeskTokens {
  /** `{ authorization: "Bearer …" }` with a token valid for a few minutes at least. */
  headers(): Promise<Record<string, string>>;
}

/**
 * Bearer tokens from the stored grant, refreshed before they expire.
 * `connectHint` tells people how an admin connects (the install URL).
 */
export function zendeskTokens(opts: { app: ZendeskOAuthApp; grants: GrantStore; connectHint: string; now?: () => number }): ZendeskTokens {
  const now = opts.now ?? Date.now;
  let refreshing: Promise<ZendeskGrant> | null = null;
  const refused = (why: string) =>
    new SyncHttpError(`Zendesk no longer accepts the bot's OAuth grant (${why}): an admin must connect Zendesk again — ${opts.connectHint}`, 401);

  const refresh = async (grant: ZendeskGrant): Promise<ZendeskGrant> => {
    try {
      const fresh = await refreshGrant(opts.app, grant, now());
      await opts.grants.saveHelpdeskGrant(SOURCE, fresh, new Date(now()));
      return fresh;
    } catch (e) {
      if (!(e instanceof GrantRefused)) throw e;
      // Another replica may have refreshed first (the old refresh token then stops working): use what it saved.
      const latest = asGrant(await opts.grants.getHelpdeskGrant(SOURCE));
      if (latest !== null && latest.refreshToken !== grant.refreshToken && !expiring(latest, now())) return latest;
      throw refused(e.message);
    }
  };

  return {
    async headers() {
      let grant = asGrant(await opts.grants.getHelpdeskGrant(SOURCE));
      if (grant === null) throw new SyncHttpError(`Zendesk is not connected yet: an admin must connect it — ${opts.connectHint}`, 401);
      if (expiring(grant, now())) {
        if (grant.refreshExpiresAt !== null && grant.refreshExpiresAt <= now()) throw refused("its refresh token expired");
        const current = grant;
        refreshing ??= refresh(current).finally(() => {
          refreshing = null;
        });
        grant = await refreshing;
      }
      return { authorization: `Bearer ${grant.accessToken}` };
    },
  };
}

function expiring(grant: ZendeskGrant, now: number): boolean {
  return grant.expiresAt !== null && grant.expiresAt - now <= REFRESH_MARGIN_MS;
}
