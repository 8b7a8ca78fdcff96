/**
 * `npm start`, `serve`, `ask` and `sync` run the compiled code
 * (scripts/launch.mjs): built into dist/ when missing — a fresh clone — or
 * older than the sources, and answering exactly as the TypeScript does under
 * tsx; `ask` and `sync` from the bundle in dist/bundle/. Run in a copy of the
 * project, so the checkout's own dist/ is left alone.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, symlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureSampleData } from "../../src/connectors/duckdb/sample.ts";
import { ran, type Run } from "../support/process.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const NOW = "2026-11-22T14:05:00Z";

function run(args: string[], cwd: string, env: Record<string, string>): Promise<Run> {
  return ran(spawn(process.execPath, args, { cwd, env: { ...process.env, LOG_LEVEL: "error", DATA_URL: "", ...env }, stdio: ["ignore", "pipe", "pipe"] }));
}

/** The same command under tsx, from the checkout's sources. */
function underTsx(args: string[], env: Record<string, string>): Promise<Run> {
  return run(["--import", pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href, join(ROOT, ...args[0]!.split("/")), ...args.slice(1)], ROOT, env);
}

let copy: string;
let dataDir: string;

beforeAll(async () => {
  copy = await mkdtemp(join(tmpdir(), "cs-launch-"));
  dataDir = await mkdtemp(join(tmpdir(), "cs-launch-data-"));
  for (const part of ["src", "adapters", "scripts", "manifest", "package.json", "tsconfig.json", "tsconfig.build.json"]) {
    await cp(join(ROOT, part), join(copy, part), { recursive: true });
  }
  await symlink(join(ROOT, "node_modules"), join(copy, "node_modules"));
  // The sample for NOW, written once: every `--now NOW` run reads it from here instead of writing its own.
  await ensureSampleData(dataDir, new Date(NOW));
});

afterAll(async () => {
  await rm(copy, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

describe("the compiled start", { timeout: 300_000 }, () => {
  it("compiles on the first run of a fresh copy, answers as tsx does, and does not compile again while nothing changed", async () => {
    const question = ["--now", NOW, "csat last-month by channel"];
    const first = await run([join(copy, "scripts", "launch.mjs"), "ask", ...question], copy, { DATA_DIR: dataDir });
    expect(first.stderr).toContain("Compiling the bot into dist/");
    expect(first.code).toBe(0);
    // The one-shot commands were bundled (esbuild is there in node_modules, as tsx's compiler).
    expect(existsSync(join(copy, "dist", "bundle", "ask.js"))).toBe(true);
    expect(existsSync(join(copy, "dist", "bundle", "sync.js"))).toBe(true);
    const tsx = await underTsx(["adapters/console/ask.ts", ...question], { DATA_DIR: dataDir });
    expect(tsx.code).toBe(0);
    expect(first.stdout).toBe(tsx.stdout);
    expect(first.stdout).toMatch(/Customer satisfaction/);

    const second = await run([join(copy, "scripts", "launch.mjs"), "ask", ...question], copy, { DATA_DIR: dataDir });
    expect(second.stderr).not.toContain("Compiling");
    expect(second.stdout).toBe(tsx.stdout);
  });

  it("the bundled ask answers every kind of command and format byte for byte as tsx does, exit codes included", async () => {
    const cases = [
      ["--now", NOW, "--format", "slack", "frt this-month by channel"],
      ["--now", NOW, "--format", "teams", "aht last-week vs previous"],
      ["--now", NOW, "help"],
      ["--now", NOW, "define csat"],
      ["--now", NOW, "digest list"],
      // cron-parser, outside the bundle, required when a schedule is read.
      ["--now", NOW, 'digest add cron "0 9 * * 1-5" csat'],
      ["--now", NOW, 'digest add cron "0 25 * * 1-5" csat'],
      ["--now", NOW, "csat lsat-week"],
      ["--now", "yesterday", "csat"],
    ];
    // A new digest's id is random.
    const same = (s: string) => s.replaceAll(/\bd-[a-z0-9]{3}\b/g, "d-…");
    for (const args of cases) {
      const [bundled, tsx] = await Promise.all([run([join(copy, "scripts", "launch.mjs"), "ask", ...args], copy, { DATA_DIR: dataDir }), underTsx(["adapters/console/ask.ts", ...args], { DATA_DIR: dataDir })]);
      expect({ args, code: bundled.code, stdout: same(bundled.stdout), stderr: bundled.stderr }).toEqual({ args, code: tsx.code, stdout: same(tsx.stdout), stderr: tsx.stderr });
    }
  });

  it("the bundled sync says what tsx says", async () => {
    const env = { DATA_DIR: dataDir };
    const [bundled, tsx] = await Promise.all([run([join(copy, "scripts", "launch.mjs"), "sync"], copy, env), underTsx(["adapters/console/sync.ts"], env)]);
    expect(tsx.stderr).toMatch(/No help desk is configured/);
    expect({ code: bundled.code, stdout: bundled.stdout, stderr: bundled.stderr }).toEqual({ code: tsx.code, stdout: tsx.stdout, stderr: tsx.stderr });
  });

  it("an edited source is bundled again: the next ask runs the edit", async () => {
    const file = join(copy, "adapters", "console", "ask.ts");
    const source = await readFile(file, "utf8");
    await writeFile(file, source.replace("export const USAGE = 'Usage: npm run ask", "export const USAGE = 'Edited usage: npm run ask"));
    const r = await run([join(copy, "scripts", "launch.mjs"), "ask", "--help"], copy, { DATA_DIR: dataDir });
    expect(r.stderr).toContain("Compiling the bot into dist/");
    expect(r.stdout).toMatch(/^Edited usage: npm run ask/);
    await writeFile(file, source);
  });

  it("compiles again when a source is newer than the build, so an edit is never run stale", async () => {
    const later = new Date(Date.now() + 5_000);
    const file = join(copy, "src", "report.ts");
    await utimes(file, later, later);
    const r = await run([join(copy, "scripts", "launch.mjs"), "ask", "--now", NOW, "help"], copy, { DATA_DIR: dataDir });
    expect(r.stderr).toContain("Compiling the bot into dist/");
    expect(r.code).toBe(0);
  });

  it("a compile error stops the start with tsc's message, not a stale run", async () => {
    await writeFile(join(copy, "src", "broken.ts"), "export const x: number = 'not a number';\n");
    const r = await run([join(copy, "scripts", "launch.mjs"), "ask", "help"], copy, { DATA_DIR: dataDir });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/Compiling failed/);
    await rm(join(copy, "src", "broken.ts"));
  });

  it("the compiled Teams package finds manifest/teams from dist/", async () => {
    const r = await run(["--input-type=module", "--eval", `const m = await import(${JSON.stringify(pathToFileURL(join(copy, "dist", "adapters", "teams", "appPackage.js")).href)}); console.log(m.TEAMS_MANIFEST_DIR);`], copy, {});
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe(join(copy, "manifest", "teams") + "/");
  });
});
