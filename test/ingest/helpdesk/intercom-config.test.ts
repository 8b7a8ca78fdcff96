/**
 * Intercom settings: the access token as a Bearer token with the API
 * version, the region's host, and clear messages (never echoing the token)
 * when something is missing or wrong.
 */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.ts";
import { configError } from "../../helpers.ts";
import { configuredSources } from "../../../src/ingest/helpdesk/index.ts";

describe("Intercom configuration", () => {
  it("an access token alone syncs the US workspace host, sent as a Bearer token with Intercom-Version 2.14", () => {
    const config = loadConfig({ INTERCOM_ACCESS_TOKEN: "dG9rOmFiYw==" });
    expect(config.sync).toMatchObject({ intercom: { baseUrl: "https://api.intercom.io", token: "dG9rOmFiYw==" } });
    const [intercom] = configuredSources(config.sync!);
    expect(intercom!.source.id).toBe("intercom");
    expect(intercom!.source.label).toBe("Intercom (api.intercom.io)");
    expect(intercom!.http.headers).toEqual({ authorization: "Bearer dG9rOmFiYw==", "intercom-version": "2.14" });
    expect(intercom!.http.budgets.api).toEqual({ requests: 166, perMs: 10_000 });
    expect(intercom!.http.resetAt?.(new Headers({ "x-ratelimit-reset": "1487332520" }))).toBe(1487332520_000);
  });

  it("INTERCOM_REGION eu and au choose Intercom's European and Australian hosts; INTERCOM_URL overrides them", () => {
    expect(loadConfig({ INTERCOM_ACCESS_TOKEN: "t", INTERCOM_REGION: "eu" }).sync?.intercom?.baseUrl).toBe("https://api.eu.intercom.io");
    expect(loadConfig({ INTERCOM_ACCESS_TOKEN: "t", INTERCOM_REGION: " AU " }).sync?.intercom?.baseUrl).toBe("https://api.au.intercom.io");
    expect(loadConfig({ INTERCOM_ACCESS_TOKEN: "t", INTERCOM_URL: "http://127.0.0.1:9000/" }).sync?.intercom?.baseUrl).toBe("http://127.0.0.1:9000");
  });

  it("says what is missing or wrong, where to get the token, and never repeats it", () => {
    expect(configError({ INTERCOM_REGION: "eu" })).toMatch(/INTERCOM_ACCESS_TOKEN is missing: .*Developer Hub → your app → Authentication/);
    const region = configError({ INTERCOM_ACCESS_TOKEN: "s3cret-ic-token", INTERCOM_REGION: "europe" });
    expect(region).toContain("INTERCOM_REGION (got `europe`) is not an Intercom region: use us (api.intercom.io), eu (api.eu.intercom.io) or au (api.au.intercom.io)");
    expect(region).not.toContain("s3cret-ic-token");
    expect(configError({ INTERCOM_ACCESS_TOKEN: "s3cret-ic-token", DATA_URL: "postgres://x@h/db" })).toContain("DATA_URL is set together with a help desk");
  });
});
