/**
 * Connecting Zendesk over OAuth, on the shared HTTP server:
 *
 *   GET /zendesk/install         → 302 to https://<subdomain>.zendesk.com/oauth/authorizations/new
 *                                   (authorization code, `read` scope, a signed `state` + cookie)
 *   GET /zendesk/oauth_redirect  ← Zendesk sends the admin back with `code` and `state`
 *
 * "Admin" here is Zendesk's own role: the redirect exchanges the code, asks
 * `GET /api/v2/users/me` who granted it, and keeps the grant only when that
 * user's role is `admin` — the ticket export and satisfaction ratings are
 * "Allowed for: Admins", so an agent's grant could not sync anyway. An
 * agent is told so, and nothing is stored. The grant (access and refresh
 * tokens) goes to the Store, encrypted; the sync refreshes it (oauth.ts).
 *
 * @example
 * const routes = zendeskRoutes({ app, grants: store, log, onConnected: () => sync.runOnce() });
 * createHttpServer({ routes: [...routes, ...slack.routes], log });
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { escapeHtml } from "../http/html.ts";
import { asGrant, authorizeUrl, exchangeCode, GrantRefused, type GrantStore, type ZendeskOAuthApp } from "../../src/ingest/helpdesk/zendesk/oauth.ts";
import type { Logger } from "../../src/log.ts";
import type { Route } from "../http/server.ts";
import { checkState, cookie, newState, STATE_COOKIE, STATE_TTL_MS } from "./state.ts";

export interface ZendeskRoutesOptions {
  app: ZendeskOAuthApp;
  grants: GrantStore;
  log: Logger;
  /** After a grant is stored (e.g. sync now). */
  onConnected?: () => void;
  now?: () => number;
}

export const INSTALL_PATH = "/zendesk/install";
export const REDIRECT_PATH = "/zendesk/oauth_redirect";

export function zendeskRoutes(opts: ZendeskRoutesOptions): Route[] {
  const now = opts.now ?? Date.now;
  const host = new URL(opts.app.baseUrl).host;
  /** ZENDESK_REDIRECT_URL, or this bot's /zendesk/oauth_redirect at the address the browser used (the same on the way back). */
  const appFor = (req: IncomingMessage) => ({ ...opts.app, redirectUrl: opts.app.redirectUrl ?? `${publicOrigin(req)}${REDIRECT_PATH}` });

  const install = (req: IncomingMessage, res: ServerResponse) => {
    const app = appFor(req);
    const secure = app.redirectUrl.startsWith("https:");
    const { state, nonce } = newState(opts.app.clientSecret, now());
    res.writeHead(302, {
      Location: authorizeUrl(app, state),
      "Set-Cookie": `${STATE_COOKIE}=${nonce}; Max-Age=${STATE_TTL_MS / 1000}; Path=/zendesk; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`,
      "Cache-Control": "no-store",
    });
    res.end();
  };

  const redirect = async (req: IncomingMessage, res: ServerResponse) => {
    const q = new URL(req.url ?? "/", "http://localhost").searchParams;
    const again = `<p><a href="${INSTALL_PATH}">Start again</a>.</p>`;
    const problem = checkState(opts.app.clientSecret, q.get("state"), cookie(req.headers.cookie, STATE_COOKIE), now());
    if (problem !== null) {
      opts.log.warn("zendesk oauth redirect refused", { reason: problem });
      return page(res, 400, "Zendesk was not connected", `<p>The answer from Zendesk could not be trusted: ${escapeHtml(problem)}.</p>${again}`);
    }
    const denied = q.get("error");
    if (denied !== null) {
      return page(res, 400, "Zendesk was not connected", `<p>Zendesk said: ${escapeHtml(q.get("error_description") ?? denied)}.</p>${again}`);
    }
    const code = q.get("code");
    if (!code) return page(res, 400, "Zendesk was not connected", `<p>Zendesk sent no authorization code.</p>${again}`);

    let grant;
    try {
      grant = await exchangeCode(appFor(req), code, now());
    } catch (e) {
      opts.log.warn("zendesk oauth code exchange failed", { error: e instanceof Error ? e.message : String(e) });
      const why = e instanceof GrantRefused ? "Zendesk refused the code (used already, expired, or the client id, secret or redirect URL do not match the OAuth client)" : "Zendesk could not be reached";
      return page(res, 502, "Zendesk was not connected", `<p>${escapeHtml(why)}.</p>${again}`);
    }
    const me = await whoAmI(opts.app.baseUrl, grant.accessToken).catch(() => null);
    if (me === null) return page(res, 502, "Zendesk was not connected", `<p>Zendesk did not say who granted access (GET /api/v2/users/me failed).</p>${again}`);
    if (me.role !== "admin") {
      opts.log.warn("zendesk oauth grant refused: not an admin", { role: me.role });
      return page(
        res,
        403,
        "Only a Zendesk admin can connect Zendesk",
        `<p>${escapeHtml(me.name)} is a Zendesk <strong>${escapeHtml(me.role)}</strong>. The ticket export and satisfaction ratings the bot reads are allowed for admins only, so the grant was not kept.</p><p>Ask an admin of ${escapeHtml(host)} to open <code>${INSTALL_PATH}</code>.</p>`,
      );
    }
    const connectedBy = `${me.name} (admin)`;
    await opts.grants.saveHelpdeskGrant("zendesk", { ...grant, connectedBy }, new Date(now()));
    opts.log.info("zendesk connected over oauth", { host, refreshable: grant.refreshToken !== null });
    opts.onConnected?.();
    page(res, 200, "Zendesk is connected", `<p>Connected to ${escapeHtml(host)} as ${escapeHtml(connectedBy)}. The bot syncs now and then on its schedule; <code>sources</code> shows how it went.</p>`);
  };

  return [
    { method: "GET", path: INSTALL_PATH, handler: install },
    { method: "GET", path: REDIRECT_PATH, handler: redirect },
  ];
}

/** Whether a Zendesk grant is stored (for `npm run sync -- --connect zendesk`). */
export async function connectedBy(grants: GrantStore): Promise<string | null> {
  const grant = asGrant(await grants.getHelpdeskGrant("zendesk"));
  return grant === null ? null : (grant.connectedBy ?? "someone");
}

/** The scheme and host the browser reached the bot at (a proxy's X-Forwarded-* first). */
function publicOrigin(req: IncomingMessage): string {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.split(",")[0]?.trim();
  const proto = first(req.headers["x-forwarded-proto"]) ?? ((req.socket as { encrypted?: boolean }).encrypted ? "https" : "http");
  const hostHeader = first(req.headers["x-forwarded-host"]) ?? req.headers.host ?? "localhost";
  return `${proto}://${hostHeader}`;
}

async function whoAmI(baseUrl: string, token: string): Promise<{ name: string; role: string }> {
  const res = await fetch(`${baseUrl}/api/v2/users/me.json`, { headers: { authorization: `Bearer ${token}`, accept: "application/json" }, signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`users/me answered ${res.status}`);
  const user = ((await res.json()) as { user?: { name?: unknown; role?: unknown } }).user;
  return { name: typeof user?.name === "string" ? user.name : "someone", role: typeof user?.role === "string" ? user.role : "unknown" };
}

function page(res: ServerResponse, status: number, title: string, body: string): void {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(html), "Cache-Control": "no-store" });
  res.end(html);
}
