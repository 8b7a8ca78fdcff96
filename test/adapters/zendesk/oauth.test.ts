/**
 * Connecting Zendesk over OAuth through the bot's own HTTP server (real
 * loopback): /zendesk/install sends the admin to
 * <subdomain>.zendesk.com/oauth/authorizations/new with the client id, the
 * `read` scope and a signed state; /zendesk/oauth_redirect accepts only that
 * state from the same browser, exchanges the code with the fake Zendesk
 * (test/fakes/zendesk.ts), and keeps the grant, encrypted in the Store, only
 * when the user is a Zendesk admin.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { serve } from "../../../adapters/http/serve.ts";
import { createHttpServer } from "../../../adapters/http/server.ts";
import { zendeskRoutes } from "../../../adapters/zendesk/routes.ts";
import { loadConfig } from "../../../src/config.ts";
import type { Engine } from "../../../src/commands/answer.ts";
import { asGrant, type ZendeskOAuthApp } from "../../../src/ingest/helpdesk/zendesk/oauth.ts";
import { silentLogger } from "../../../src/log.ts";
import { openStore } from "../../../src/store/index.ts";
import type { Store } from "../../../src/store/store.ts";
import { startFakeZendesk, type FakeZendesk, type FakeZendeskOptions } from "../../fakes/zendesk.ts";

const CLIENT = { clientId: "metrics_bot", clientSecret: "zd-client-secret-for-tests" };
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!();
});

async function store(): Promise<Store> {
  const dir = await mkdtemp(join(tmpdir(), "zendesk-oauth-"));
  const s = await openStore({ dataDir: dir, encryptionKey: randomBytes(32) });
  cleanup.push(async () => {
    await s.close();
    await rm(dir, { recursive: true, force: true });
  });
  return s;
}

/** The bot's routes on loopback, talking to `zendeskUrl`. */
async function bot(zendeskUrl: string, grants: Store): Promise<{ url: string; app: ZendeskOAuthApp }> {
  const http = createHttpServer({ routes: [], log: silentLogger });
  const { port } = await http.listen(0, "127.0.0.1");
  await http.close();
  const app: ZendeskOAuthApp = { baseUrl: zendeskUrl, ...CLIENT, redirectUrl: `http://127.0.0.1:${port}/zendesk/oauth_redirect` };
  const server = createHttpServer({ routes: zendeskRoutes({ app, grants, log: silentLogger }), log: silentLogger });
  await server.listen(port, "127.0.0.1");
  cleanup.push(() => server.close(0));
  return { url: `http://127.0.0.1:${port}`, app };
}

/** A fake Zendesk with `oauth`, a fresh Store, and the bot's routes on loopback talking to that Zendesk. */
async function connecting(oauth: NonNullable<FakeZendeskOptions["oauth"]>): Promise<{ zd: FakeZendesk; s: Store; url: string }> {
  const zd = await startFakeZendesk({ oauth });
  cleanup.push(() => zd.close());
  const s = await store();
  const { url } = await bot(zd.url, s);
  return { zd, s, url };
}

/** Opens the bot's /zendesk/install without going on to Zendesk: the signed state it sends and the cookie that goes with it. */
async function installStarted(url: string): Promise<{ state: string; cookie: string }> {
  const install = await fetch(`${url}/zendesk/install`, { redirect: "manual" });
  const state = new URL(install.headers.get("location")!).searchParams.get("state")!;
  const cookie = install.headers.get("set-cookie")!.split(";")[0]!;
  return { state, cookie };
}

/** What a browser does: follow redirects by hand, carrying the bot's cookie. */
async function browse(start: string): Promise<{ status: number; text: string; hops: string[] }> {
  const hops: string[] = [];
  let cookie = "";
  let url = start;
  for (let i = 0; i < 5; i++) {
    const res = await fetch(url, { redirect: "manual", headers: cookie ? { cookie } : {} });
    const set = res.headers.get("set-cookie");
    if (set) cookie = set.split(";")[0]!;
    const location = res.headers.get("location");
    if (res.status !== 302 || !location) return { status: res.status, text: await res.text(), hops };
    await res.body?.cancel();
    hops.push(location);
    url = location;
  }
  throw new Error("too many redirects");
}

describe("/zendesk/install", () => {
  it("with ZENDESK_SUBDOMAIN=acme and a client id, redirects to acme.zendesk.com/oauth/authorizations/new with that client_id, the read scope and a state", async () => {
    const config = loadConfig({ ZENDESK_SUBDOMAIN: "acme", ...{ ZENDESK_CLIENT_ID: CLIENT.clientId, ZENDESK_CLIENT_SECRET: CLIENT.clientSecret }, ZENDESK_REDIRECT_URL: "https://bot.example.com/zendesk/oauth_redirect", PORT: "0" });
    const s = await store();
    // Mounted by serve() on the shared server, beside /healthz.
    const engine = { log: silentLogger } as unknown as Engine;
    const serving = await serve({ ...config, port: 0 }, { engine, store: s, log: silentLogger, host: "127.0.0.1" });
    cleanup.push(() => serving.close());
    const res = await fetch(`http://127.0.0.1:${serving.port}/zendesk/install`, { redirect: "manual" });
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get("location")!);
    expect(`${to.origin}${to.pathname}`).toBe("https://acme.zendesk.com/oauth/authorizations/new");
    expect(Object.fromEntries(to.searchParams)).toEqual({
      response_type: "code",
      client_id: "metrics_bot",
      redirect_uri: "https://bot.example.com/zendesk/oauth_redirect",
      scope: "read",
      state: expect.stringMatching(/^[\w-]{22}\.\d{13}\.[\w-]{43}$/),
    });
    expect(to.searchParams.toString()).not.toContain(CLIENT.clientSecret);
    expect(res.headers.get("set-cookie")).toMatch(/^zendesk_oauth_state=[\w-]{22}; Max-Age=600; Path=\/zendesk; HttpOnly; SameSite=Lax; Secure$/);
  });

  it("without ZENDESK_REDIRECT_URL, sends Zendesk back to the address the browser used (a proxy's X-Forwarded-Proto and -Host first)", async () => {
    const config = loadConfig({ ZENDESK_SUBDOMAIN: "acme", ZENDESK_CLIENT_ID: CLIENT.clientId, ZENDESK_CLIENT_SECRET: CLIENT.clientSecret });
    const s = await store();
    const serving = await serve({ ...config, port: 0 }, { engine: { log: silentLogger } as unknown as Engine, store: s, log: silentLogger, host: "127.0.0.1" });
    cleanup.push(() => serving.close());
    const direct = await fetch(`http://127.0.0.1:${serving.port}/zendesk/install`, { redirect: "manual" });
    expect(new URL(direct.headers.get("location")!).searchParams.get("redirect_uri")).toBe(`http://127.0.0.1:${serving.port}/zendesk/oauth_redirect`);
    expect(direct.headers.get("set-cookie")).not.toContain("Secure");
    const proxied = await fetch(`http://127.0.0.1:${serving.port}/zendesk/install`, { redirect: "manual", headers: { "x-forwarded-proto": "https", "x-forwarded-host": "metrics.acme.com" } });
    const to = new URL(proxied.headers.get("location")!);
    expect(to.host).toBe("acme.zendesk.com");
    expect(to.searchParams.get("redirect_uri")).toBe("https://metrics.acme.com/zendesk/oauth_redirect");
    expect(proxied.headers.get("set-cookie")).toContain("; Secure");
  });
});

describe("/zendesk/oauth_redirect", () => {
  it("an admin's approval: the code is exchanged, the grant kept encrypted with who gave it, and a page says so", async () => {
    const { zd, s, url } = await connecting({ ...CLIENT, user: { id: 7, name: "Ada Admin", role: "admin" } });
    const done = await browse(`${url}/zendesk/install`);
    expect(done.hops.map((h) => new URL(h).pathname)).toEqual(["/oauth/authorizations/new", "/zendesk/oauth_redirect"]);
    expect(done.status).toBe(200);
    expect(done.text).toContain("Zendesk is connected");
    expect(done.text).toContain("Ada Admin (admin)");
    expect(zd.oauth.tokenRequests).toEqual([
      { grant_type: "authorization_code", code: expect.stringMatching(/^zd-code-/), redirect_uri: `${url}/zendesk/oauth_redirect`, client_id: "metrics_bot", client_secret: CLIENT.clientSecret, scope: "read" },
    ]);
    const grant = asGrant(await s.getHelpdeskGrant("zendesk"))!;
    expect(zd.oauth.access.has(grant.accessToken)).toBe(true);
    expect(zd.oauth.refresh.has(grant.refreshToken!)).toBe(true);
    expect(grant.connectedBy).toBe("Ada Admin (admin)");
    expect(grant.expiresAt! - Date.now()).toBeGreaterThan(3500_000);
  });

  it("an agent's approval is refused and nothing is kept: the exports are allowed for admins only", async () => {
    const { s, url } = await connecting({ ...CLIENT, user: { id: 8, name: "Al Agent", role: "agent" } });
    const done = await browse(`${url}/zendesk/install`);
    expect(done.status).toBe(403);
    expect(done.text).toContain("Only a Zendesk admin can connect Zendesk");
    expect(done.text).toContain("Al Agent is a Zendesk <strong>agent</strong>");
    expect(await s.getHelpdeskGrant("zendesk")).toBeNull();
  });

  it("refuses a state it did not sign, an expired or replayed one, and one from another browser, before asking Zendesk anything", async () => {
    const { zd, s, url } = await connecting(CLIENT);
    const { state, cookie } = await installStarted(url);

    const forged = await fetch(`${url}/zendesk/oauth_redirect?code=x&state=${encodeURIComponent(state.replace(/.$/, (c) => (c === "A" ? "B" : "A")))}`, { headers: { cookie } });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain("the state was not made by this bot");
    const otherBrowser = await fetch(`${url}/zendesk/oauth_redirect?code=x&state=${encodeURIComponent(state)}`);
    expect(otherBrowser.status).toBe(400);
    expect(await otherBrowser.text()).toContain("started in another browser");
    const none = await fetch(`${url}/zendesk/oauth_redirect?code=x`, { headers: { cookie } });
    expect(await none.text()).toContain("the link has no state from this bot");
    expect(zd.oauth.tokenRequests).toEqual([]);
    expect(await s.getHelpdeskGrant("zendesk")).toBeNull();
  });

  it("says what Zendesk said when the admin declines", async () => {
    const { url } = await connecting(CLIENT);
    const { state, cookie } = await installStarted(url);
    const res = await fetch(`${url}/zendesk/oauth_redirect?error=access_denied&error_description=${encodeURIComponent("The end-user or authorization server denied the request.")}&state=${encodeURIComponent(state)}`, { headers: { cookie } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Zendesk said: The end-user or authorization server denied the request.");
  });
});
