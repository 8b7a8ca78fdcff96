/**
 * Zendesk from configuration (ZENDESK_*): the source, how its requests
 * authenticate, and what the admin is told.
 *
 * - OAuth (ZENDESK_CLIENT_ID, ZENDESK_CLIENT_SECRET, ZENDESK_REDIRECT_URL):
 *   the main path. Tokens come from the grant an admin gave at
 *   /zendesk/install, kept in the Store and refreshed before they expire
 *   (oauth.ts). Without a Store (nothing to keep a grant in) every request
 *   says so.
 * - ZENDESK_OAUTH_TOKEN: a fixed bearer token, not refreshed.
 * - ZENDESK_EMAIL + ZENDESK_API_TOKEN: still works, with a warning: Zendesk
 *   stopped new API tokens on 27 Oct 2026 and all stop working on 30 Apr 2027.
 *
 * @example
 * const configured = configuredZendesk(config.sync.zendesk, { grants: store });
 */
import type { SyncConfig } from "../../../config.ts";
import type { ConfiguredSource } from "../engine.ts";
import { SyncHttpError } from "../types.ts";
import { ZENDESK_BUDGETS, ZENDESK_ADMIN_HINT, zendeskSource } from "./index.ts";
import { zendeskTokens, type GrantStore, type ZendeskOAuthApp } from "./oauth.ts";

type ZendeskConfig = NonNullable<SyncConfig["zendesk"]>;

/** The bot's /zendesk/install, next to the redirect URL configured (without one: the path, on the bot's public address). */
export function installUrl(redirectUrl: string | undefined): string {
  return redirectUrl ? redirectUrl.replace(/\/zendesk\/oauth_redirect$/, "/zendesk/install") : "/zendesk/install on the bot's public address";
}

/** How an admin connects Zendesk, for messages. */
export function connectHint(redirectUrl: string | undefined): string {
  return `a Zendesk admin opens ${installUrl(redirectUrl)} (\`npm run sync -- --connect zendesk\` prints it)`;
}

/** The OAuth client of the configuration, when Zendesk is connected over OAuth. */
export function oauthApp(zendesk: ZendeskConfig): ZendeskOAuthApp | undefined {
  const { auth } = zendesk;
  return auth.kind === "oauth-app"
    ? { baseUrl: zendesk.baseUrl, clientId: auth.clientId, clientSecret: auth.clientSecret, ...(auth.redirectUrl ? { redirectUrl: auth.redirectUrl } : {}) }
    : undefined;
}

export function configuredZendesk(zendesk: ZendeskConfig, deps: { grants?: GrantStore } = {}): ConfiguredSource {
  const { baseUrl, auth } = zendesk;
  const app = oauthApp(zendesk);
  if (app !== undefined && auth.kind === "oauth-app") {
    const hint = connectHint(auth.redirectUrl);
    const grants = deps.grants;
    const tokens = grants ? zendeskTokens({ app, grants, connectHint: hint }) : undefined;
    return {
      source: zendeskSource({ baseUrl, refusedHint: `${ZENDESK_ADMIN_HINT}; if the grant was revoked, an admin must connect Zendesk again — ${hint}` }),
      http: {
        baseUrl,
        budgets: ZENDESK_BUDGETS,
        headers: async () => {
          if (tokens === undefined) throw new SyncHttpError("Zendesk over OAuth needs the bot's Store to keep its grant in; none was opened", null);
          return tokens.headers();
        },
      },
    };
  }
  const authorization = auth.kind === "oauth" ? `Bearer ${auth.token}` : auth.kind === "token" ? `Basic ${Buffer.from(`${auth.email}/token:${auth.token}`).toString("base64")}` : "";
  return { source: zendeskSource({ baseUrl }), http: { baseUrl, headers: { authorization }, budgets: ZENDESK_BUDGETS } };
}

/** What the admin should change, said when the bot or `npm run sync` starts. */
export function zendeskWarnings(zendesk: ZendeskConfig | undefined): string[] {
  if (zendesk === undefined) return [];
  const oauth = "set ZENDESK_CLIENT_ID, ZENDESK_CLIENT_SECRET and ZENDESK_REDIRECT_URL (an OAuth client in Admin Center → Apps and integrations → APIs → OAuth clients), then have a Zendesk admin open /zendesk/install";
  if (zendesk.auth.kind === "token") {
    return [
      `ZENDESK_API_TOKEN: Zendesk is retiring API tokens — no new ones since 27 Oct 2026, unused ones are switched off after 30 days, and all stop working on 30 Apr 2027. Move to OAuth before then: ${oauth}.`,
    ];
  }
  if (zendesk.auth.kind === "oauth") {
    return [`ZENDESK_OAUTH_TOKEN: a fixed OAuth token is never refreshed, and tokens of OAuth clients created after 30 Apr 2026 expire. To stay connected: ${oauth}.`];
  }
  return [];
}
