/**
 * The Teams app package: manifest/teams/manifest.json (a current schema, the
 * bot in personal, team and group chat scopes, the commands it advertises —
 * each one answered by the bot), the two icons (192×192 colour; 32×32 white
 * on transparent, as committed = as the script draws them), and the zip
 * `npm run package:teams` writes, with the app id put in.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pngjs from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_ID_PLACEHOLDER, buildTeamsAppPackage, PACKAGE_FILES, TEAMS_MANIFEST_DIR } from "../../../adapters/teams/appPackage.ts";
import { CATALOG } from "../../../src/metrics/catalog/index.ts";
import { ACCENT, colorIcon, outlineIcon } from "../../../scripts/teams-icons.ts";
import { requestOf } from "../../../adapters/teams/activities.ts";
import { answer } from "../../../src/commands/answer.ts";
import { renderTeams } from "../../../src/render/teams.ts";
import { engineOver } from "../../helpers.ts";
import { APP_ID, sampleData, startTeamsBot, theCard, type TestBot } from "./support.ts";
import { readZip } from "./zip.ts";

const { PNG } = pngjs;
const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

interface Command {
  title: string;
  description: string;
}
interface Manifest {
  $schema: string;
  manifestVersion: string;
  version: string;
  id: string;
  developer: { name: string; websiteUrl: string; privacyUrl: string; termsOfUseUrl: string };
  name: { short: string; full?: string };
  description: { short: string; full: string };
  icons: { color: string; outline: string };
  accentColor: string;
  bots: Array<{ botId: string; scopes: string[]; commandLists: Array<{ scopes: string[]; commands: Command[] }> }>;
}

const manifest = JSON.parse(readFileSync(join(TEAMS_MANIFEST_DIR, "manifest.json"), "utf8")) as Manifest;
const [bot0] = manifest.bots;

const ADVERTISED = ["help", "csat last-week", "nps this-quarter", "frt this-month by agent", "churn last-month", "define <metric>", "digest list", "digest preview", "alert list", "csat yesterday vs same-weekday"];

describe("the Teams app manifest", () => {
  it("uses a current schema (1.17 or later) and names the bot by the app id placeholder", () => {
    const [major, minor] = manifest.manifestVersion.split(".").map(Number) as [number, number];
    expect(major * 100 + minor).toBeGreaterThanOrEqual(117);
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.id).toBe(APP_ID_PLACEHOLDER);
    expect(manifest.bots).toHaveLength(1);
    expect(bot0!.botId).toBe(APP_ID_PLACEHOLDER);
    expect(bot0!.scopes).toEqual(["personal", "team", "groupChat"]);
  });

  it("keeps within the schema's limits", () => {
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect((manifest.name.full ?? "").length).toBeLessThanOrEqual(100);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeLessThanOrEqual(4000);
    expect(manifest.developer.name.length).toBeLessThanOrEqual(32);
    for (const url of [manifest.developer.websiteUrl, manifest.developer.privacyUrl, manifest.developer.termsOfUseUrl]) expect(new URL(url).protocol).toBe("https:");
    expect(manifest.accentColor).toBe(ACCENT);
    expect(bot0!.commandLists.length).toBeLessThanOrEqual(3);
    for (const list of bot0!.commandLists) {
      expect(list.commands.length).toBeLessThanOrEqual(10);
      for (const c of list.commands) {
        expect(c.title.length, c.title).toBeLessThanOrEqual(32);
        expect(c.description.length, c.title).toBeLessThanOrEqual(128);
      }
    }
  });

  it("advertises the same commands in the personal and team scopes (and group chats)", () => {
    const titles = (scope: string) => bot0!.commandLists.find((l) => l.scopes.includes(scope))?.commands.map((c) => c.title);
    expect(titles("personal")).toEqual(ADVERTISED);
    expect(titles("team")).toEqual(ADVERTISED);
    expect(titles("groupChat")).toEqual(ADVERTISED);
  });
});

describe("every command the manifest advertises", () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTeamsBot();
  });
  afterAll(async () => {
    await bot.close();
  });

  it.each(ADVERTISED)("`%s` is answered with a valid card that is not an error", async (title) => {
    const text = title.replace("<metric>", CATALOG[0]!.id);
    const activity = bot.activity("channel-message-mention", (a) => (a.text = `<at>Metrics</at> ${text}`));
    const { card } = theCard(await bot.ask(activity), title);
    // The same command through the command path directly: not an error, and the very card the bot sent.
    const report = await answer(text, engineOver({}, { connector: sampleData(), store: bot.store }), requestOf(activity as unknown as Parameters<typeof requestOf>[0]));
    expect(report.kind, JSON.stringify(report)).not.toBe("error");
    expect(card).toEqual(renderTeams(report));
  });
});

describe("the icons", () => {
  const color = PNG.sync.read(readFileSync(join(TEAMS_MANIFEST_DIR, manifest.icons.color)));
  const outline = PNG.sync.read(readFileSync(join(TEAMS_MANIFEST_DIR, manifest.icons.outline)));
  const pixels = (png: typeof color) => Array.from({ length: png.width * png.height }, (_, i) => [...png.data.subarray(i * 4, i * 4 + 4)] as [number, number, number, number]);

  it("are 192×192 in colour, opaque, on the accent colour", () => {
    expect([color.width, color.height]).toEqual([192, 192]);
    const all = pixels(color);
    expect(all.every(([, , , a]) => a === 255)).toBe(true);
    const accent = ACCENT.slice(1).match(/../g)!.map((h) => parseInt(h, 16));
    expect(all[0]!.slice(0, 3)).toEqual(accent);
  });

  it("are 32×32 in outline: white on transparent, nothing else", () => {
    expect([outline.width, outline.height]).toEqual([32, 32]);
    const all = pixels(outline);
    const white = all.filter(([r, g, b, a]) => r === 255 && g === 255 && b === 255 && a === 255);
    const clear = all.filter(([, , , a]) => a === 0);
    expect(white.length + clear.length).toBe(32 * 32);
    expect(white.length).toBeGreaterThan(50);
    expect(clear.length).toBeGreaterThan(500);
  });

  it("are what scripts/teams-icons.ts draws", () => {
    expect(colorIcon().equals(readFileSync(join(TEAMS_MANIFEST_DIR, "color.png")))).toBe(true);
    expect(outlineIcon().equals(readFileSync(join(TEAMS_MANIFEST_DIR, "outline.png")))).toBe(true);
  });
});

describe("the app package", () => {
  it("is a zip of manifest.json and both icons at its root, with the app id in place", async () => {
    const { zip } = await buildTeamsAppPackage({ appId: APP_ID });
    const entries = readZip(zip);
    expect(entries.map((e) => e.name)).toEqual([...PACKAGE_FILES]);
    const packaged = JSON.parse(entries[0]!.data.toString("utf8")) as Manifest;
    expect(packaged.id).toBe(APP_ID);
    expect(packaged.bots[0]!.botId).toBe(APP_ID);
    expect(entries[0]!.data.toString("utf8")).not.toContain("${");
    expect(entries[1]!.data.equals(readFileSync(join(TEAMS_MANIFEST_DIR, "color.png")))).toBe(true);
    expect(entries[2]!.data.equals(readFileSync(join(TEAMS_MANIFEST_DIR, "outline.png")))).toBe(true);
  });

  it("is not made without an app id, or with one that is not a GUID", async () => {
    await expect(buildTeamsAppPackage({ appId: undefined })).rejects.toThrow("MICROSOFT_APP_ID is not set");
    await expect(buildTeamsAppPackage({ appId: "metrics-bot" })).rejects.toThrow("MICROSOFT_APP_ID (got `metrics-bot`) is not an app id");
  });

  it("is written by `npm run package:teams`, which fails with the fix when MICROSOFT_APP_ID is not set", async () => {
    const dir = await mkdtemp(join(tmpdir(), "teams-package-"));
    try {
      const tsx = join(ROOT, "node_modules", ".bin", "tsx");
      const script = join(ROOT, "scripts", "package-teams.ts");
      const out = join(dir, "app.zip");
      const env = { ...process.env, MICROSOFT_APP_ID: "" };
      const failed = await run(tsx, [script, "--out", out], { cwd: dir, env }).then(
        () => null,
        (e: { code: number; stderr: string }) => e,
      );
      expect(failed?.code).toBe(2);
      expect(failed?.stderr).toContain("MICROSOFT_APP_ID is not set");
      expect(failed?.stderr).toContain("Settings → Configuration");

      const ok = await run(tsx, [script, "--out", out], { cwd: dir, env: { ...env, MICROSOFT_APP_ID: APP_ID } });
      expect(ok.stdout).toContain(`Wrote ${out}`);
      const entries = readZip(await readFile(out));
      expect(entries.map((e) => e.name)).toEqual([...PACKAGE_FILES]);
      expect((JSON.parse(entries[0]!.data.toString("utf8")) as Manifest).id).toBe(APP_ID);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
