/**
 * The Teams app package: the zip Teams accepts for upload — manifest.json,
 * color.png (192×192) and outline.png (32×32) at the root of the archive —
 * with the bot's Microsoft App ID put in place of `${MICROSOFT_APP_ID}` in
 * manifest/teams/manifest.json. `npm run package:teams` writes it.
 *
 * @example
 * const { zip } = await buildTeamsAppPackage({ appId: process.env.MICROSOFT_APP_ID });
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import yazl from "yazl";
import { UserError } from "../../src/errors.ts";
import { projectFile } from "../../src/projectFile.ts";

export const TEAMS_MANIFEST_DIR = projectFile("manifest/teams/", import.meta.url);
export const APP_ID_PLACEHOLDER = "${MICROSOFT_APP_ID}";
/** The files of the package, in the order they are written. */
export const PACKAGE_FILES = ["manifest.json", "color.png", "outline.png"] as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A fixed date, so that the same inputs make the same zip.
const MTIME = new Date("2026-01-01T00:00:00Z");

export interface TeamsAppPackage {
  zip: Buffer;
  /** The manifest as packaged, the app id in place. */
  manifest: Record<string, unknown>;
}

export async function buildTeamsAppPackage(opts: { appId: string | undefined; manifestDir?: string }): Promise<TeamsAppPackage> {
  const appId = opts.appId?.trim() ?? "";
  const hint = "Copy the Microsoft App ID of your Azure Bot (Azure portal → the bot → Settings → Configuration) into .env as MICROSOFT_APP_ID, then run `npm run package:teams` again.";
  if (!appId) throw new UserError("config", "MICROSOFT_APP_ID is not set: the Teams app package names the bot by its Microsoft App ID.", hint);
  if (!GUID.test(appId)) throw new UserError("config", `MICROSOFT_APP_ID (got \`${appId}\`) is not an app id: it is a GUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301.`, hint);

  const dir = opts.manifestDir ?? TEAMS_MANIFEST_DIR;
  const template = await readFile(join(dir, "manifest.json"), "utf8");
  if (!template.includes(APP_ID_PLACEHOLDER)) throw new Error(`${join(dir, "manifest.json")} has no ${APP_ID_PLACEHOLDER} to put the app id in`);
  const text = template.split(APP_ID_PLACEHOLDER).join(appId);
  const manifest = JSON.parse(text) as Record<string, unknown>;
  const [color, outline] = await Promise.all([readFile(join(dir, "color.png")), readFile(join(dir, "outline.png"))]);

  const archive = new yazl.ZipFile();
  archive.addBuffer(Buffer.from(text, "utf8"), "manifest.json", { mtime: MTIME });
  archive.addBuffer(color, "color.png", { mtime: MTIME });
  archive.addBuffer(outline, "outline.png", { mtime: MTIME });
  archive.end();
  const chunks: Buffer[] = [];
  for await (const chunk of archive.outputStream) chunks.push(chunk as Buffer);
  return { zip: Buffer.concat(chunks), manifest };
}
