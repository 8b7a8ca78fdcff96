/**
 * `npm run package:teams`: writes the Teams app package — the zip to upload
 * in Teams (Apps → Manage your apps → Upload an app) — to
 * dist/teams/metrics-teams-app.zip, with MICROSOFT_APP_ID (from the
 * environment or .env) as the app and bot id. Another path: `-- --out <file>`.
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { buildTeamsAppPackage, PACKAGE_FILES } from "../adapters/teams/appPackage.ts";
import { isUserError } from "../src/errors.ts";

async function main(): Promise<number> {
  if (existsSync(".env")) process.loadEnvFile(".env");
  const args = process.argv.slice(2);
  const at = args.indexOf("--out");
  const out = resolve(at >= 0 && args[at + 1] ? args[at + 1]! : "dist/teams/metrics-teams-app.zip");
  try {
    const { zip, manifest } = await buildTeamsAppPackage({ appId: process.env["MICROSOFT_APP_ID"] });
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, zip);
    process.stdout.write(`Wrote ${out} (${PACKAGE_FILES.join(", ")}; app id ${String(manifest["id"])}, version ${String(manifest["version"])}).\n`);
    return 0;
  } catch (e) {
    if (!isUserError(e)) throw e;
    process.stderr.write(`${e.message}\n${e.hint ?? ""}\n`);
    return 2;
  }
}

main().then((code) => {
  process.exitCode = code;
});
