import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  openStore
} from "../../chunk-D5VWMOH2.js";
import {
  formatDuration
} from "../../chunk-EHXIIG3R.js";
import {
  createLogger,
  loadConfig,
  loadDotEnv
} from "../../chunk-6T7RVNI7.js";
import "../../chunk-HOYQVK22.js";
import "../../chunk-CSHTK5G7.js";
import {
  redactSecrets
} from "../../chunk-U2R7LURL.js";
import "../../chunk-ZFLCWV4S.js";
import {
  createSyncEngine,
  sourceLabels,
  syncWarnings
} from "../../chunk-G7LRNXSY.js";
import {
  asGrant,
  installUrl,
  oauthApp
} from "../../chunk-J3DLGG7V.js";
import "../../chunk-ABZKDEB3.js";
import "../../chunk-2PPZ62ZY.js";
import {
  systemClock
} from "../../chunk-4RZMS7CF.js";
import "../../chunk-77HYBQ6Z.js";
import "../../chunk-AEFEDGW7.js";
import {
  openDuckDbConnector
} from "../../chunk-Y56PHGTA.js";
import "../../chunk-SGRIXTUX.js";
import "../../chunk-J4GUSURJ.js";
import "../../chunk-OEDVJTH3.js";
import "../../chunk-WW7OP26R.js";
import "../../chunk-JKOOICHZ.js";
import {
  isUserError
} from "../../chunk-LJ4WEFEH.js";
import "../../chunk-4VIX3REZ.js";
import "../../chunk-IJGJCVMD.js";
import "../../chunk-56SDGBO4.js";
import "../../chunk-V4RWK56N.js";

// dist/adapters/console/sync.js
import { pathToFileURL } from "node:url";
async function main(out, err, deps = {}) {
  const argv = deps.argv ?? process.argv.slice(2);
  const connect = argv.indexOf("--connect");
  const connectTo = connect >= 0 ? argv[connect + 1] : void 0;
  if (connect >= 0 && connectTo !== "zendesk") {
    err(`--connect takes the help desk to connect: \`npm run sync -- --connect zendesk\` (got ${connectTo === void 0 ? "nothing" : `"${connectTo}"`}).`);
    return 2;
  }
  let config;
  try {
    if (!deps.env)
      loadDotEnv();
    config = loadConfig(deps.env ?? process.env);
  } catch (e) {
    if (!isUserError(e))
      throw e;
    err(`${e.message}
${e.hint ?? ""}`);
    return 2;
  }
  if (!config.sync) {
    err("No help desk is configured: set ZENDESK_SUBDOMAIN, ZENDESK_CLIENT_ID, ZENDESK_CLIENT_SECRET and ZENDESK_REDIRECT_URL (Zendesk over OAuth), or LIVEAGENT_URL and LIVEAGENT_API_KEY, or FRESHDESK_DOMAIN and FRESHDESK_API_KEY, or INTERCOM_ACCESS_TOKEN (see .env.example).");
    return 2;
  }
  const clock = deps.clock ?? systemClock;
  const log = createLogger(config.logLevel);
  for (const warning of syncWarnings(config.sync))
    err(`Warning: ${warning}`);
  const app = config.sync.zendesk ? oauthApp(config.sync.zendesk) : void 0;
  let store;
  if (app) {
    try {
      store = await openStore({ ...config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}, ...config.encryptionKey ? { encryptionKey: config.encryptionKey } : {}, dataDir: config.dataDir, log });
    } catch (e) {
      if (!isUserError(e))
        throw e;
      err(`${e.message}
${e.hint ?? ""}`);
      return 2;
    }
  }
  if (connectTo === "zendesk") {
    try {
      return await printConnect(out, err, app, store);
    } finally {
      await store?.close();
    }
  }
  try {
    return await syncOnce(out, err, { config, clock, log, ...store ? { grants: store } : {}, ...deps.sources ? { sources: deps.sources } : {} });
  } finally {
    await store?.close();
  }
}
async function printConnect(out, err, app, grants) {
  if (!app || !grants) {
    err("Zendesk is not set up for OAuth: set ZENDESK_SUBDOMAIN, ZENDESK_CLIENT_ID, ZENDESK_CLIENT_SECRET and ZENDESK_REDIRECT_URL (see .env.example), with the bot's /zendesk/oauth_redirect address listed in the OAuth client's Redirect URLs.");
    return 2;
  }
  const grant = asGrant(await grants.getHelpdeskGrant("zendesk"));
  out(`To connect Zendesk (${new URL(app.baseUrl).host}), a Zendesk admin opens:

  ${installUrl(app.redirectUrl)}
`);
  if (!app.redirectUrl)
    out("(Set ZENDESK_REDIRECT_URL to the bot's public https://\u2026/zendesk/oauth_redirect to print the full address; it must match the OAuth client's Redirect URL.)");
  out("The bot must be running and reachable at that address (npm run serve) to take Zendesk's answer; only a Zendesk admin's grant is kept.");
  out(grant === null ? "Zendesk is not connected yet." : `Zendesk is connected already${grant.connectedBy ? ` (by ${grant.connectedBy})` : ""}; connecting again replaces that grant.`);
  return 0;
}
async function syncOnce(out, err, ctx) {
  const { config, clock, log } = ctx;
  if (!config.sync)
    return 2;
  let connector;
  try {
    connector = await openDuckDbConnector({ dataDir: config.dataDir, clock, timeZone: config.timeZone, log, helpdesk: true, sourceLabels: sourceLabels(config.sync) });
  } catch (e) {
    err(redactSecrets(`Cannot open the help-desk store in ${config.dataDir}: ${e instanceof Error ? e.message : String(e)}`));
    return isUserError(e) ? 2 : 1;
  }
  try {
    const store = connector.helpdesk;
    if (!store)
      throw new Error("the DuckDB connector opened without its help-desk store");
    const engine = createSyncEngine(config.sync, store, { clock, log, ...ctx.grants ? { grants: ctx.grants } : {}, ...ctx.sources ? { sources: ctx.sources } : {} });
    const summaries = await engine.runOnce();
    for (const s of summaries) {
      if (s.error)
        err(redactSecrets(summaryLine(s)));
      else
        out(redactSecrets(summaryLine(s)));
    }
    return summaries.some((s) => s.error) ? 1 : 0;
  } finally {
    await connector.close?.();
  }
}
function summaryLine(s) {
  const stored = `${s.pages} page${s.pages === 1 ? "" : "s"}, ${s.upserted.toLocaleString("en-US")} record${s.upserted === 1 ? "" : "s"} stored, ${s.deleted} deleted, ${s.skipped} skipped, in ${formatDuration(Math.max(1, Math.round(s.ms / 1e3)))}`;
  return s.error ? `${s.label}: stopped after ${stored}: ${s.error}. The next sync resumes from there.` : `${s.label}: up to date \u2014 ${stored}.`;
}
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main((s) => process.stdout.write(`${s}
`), (s) => process.stderr.write(`${s}
`)).then((code) => {
    process.exitCode = code;
  });
}
export {
  main,
  summaryLine
};
