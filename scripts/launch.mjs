#!/usr/bin/env node
/**
 * Runs the bot's compiled code: `node scripts/launch.mjs <start|serve|ask|sync> [arguments]`
 * (what `npm start`, `npm run serve`, `npm run ask` and `npm run sync` call).
 *
 * The TypeScript in src/ and adapters/ is compiled to dist/ by `npm run build`
 * (tsc -p tsconfig.build.json). When dist/ is missing or older than any
 * source file or tsconfig, it is built first, so a fresh clone and an edited
 * checkout both run what is in the sources; a lock keeps two starts from
 * building at once. Compiled code starts in well under half the time tsx needs
 * to compile on every start; tsx stays for development and tests.
 *
 * The one-shot commands (`ask`, `sync`) run from a bundle, dist/bundle/, made
 * after tsc by esbuild (a devDependency, also tsx's compiler): Node then loads a few
 * files instead of some three hundred modules, which is most of a one-shot
 * question's start. Packages with native code or of their own size (DuckDB's
 * bindings, SQLite, pg, Bolt, botbuilder …) stay outside it, loaded by Node
 * from node_modules as before. Without esbuild they run from dist/ as tsc left it.
 *
 * Plain JavaScript on purpose: it must run before anything is compiled.
 *
 * @example
 * node scripts/launch.mjs ask "csat last-week"
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The compiled entry of each command. */
export const ENTRIES = {
  start: "src/main.js",
  serve: "src/main.js",
  ask: "adapters/console/ask.js",
  sync: "adapters/console/sync.js",
};

/** The commands run from the bundle, and the source of each. */
export const BUNDLED = {
  ask: "adapters/console/ask.ts",
  sync: "adapters/console/sync.ts",
};

/**
 * The packages put into the bundle: plain JavaScript, loaded on every
 * question, and many files each. Anything else is imported from node_modules
 * when first needed (cron-parser and luxon, for instance, only by schedules).
 */
const INLINED = ["zod", "date-fns", "@date-fns/tz", "@duckdb/node-api", "@stdlib/"];

/** The folders compiled, and the files whose change means compiling again. */
const SOURCES = ["src", "adapters"];
const CONFIGS = ["tsconfig.json", "tsconfig.build.json", "package.json"];
const STAMP = ".build-stamp";

/** The newest modification time (ms) of the sources under `root`. */
export function newestSource(root) {
  let newest = 0;
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith(".ts")) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const folder of SOURCES) walk(join(root, folder));
  for (const file of CONFIGS) {
    try {
      newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
    } catch {
      // not there
    }
  }
  return newest;
}

/** True when `root`'s dist/ was not built, or was built before a source changed. */
export function isStale(root) {
  let built;
  try {
    built = statSync(join(root, "dist", STAMP)).mtimeMs;
  } catch {
    return true;
  }
  return newestSource(root) > built;
}

/**
 * Bundles the BUNDLED commands of `root` into dist/bundle/ with esbuild, one
 * file per command and chunks for what each loads only when needed. Returns
 * false, leaving no command to run from it, when esbuild cannot be loaded.
 */
export async function bundle(root) {
  const out = join(root, "dist", "bundle");
  // The commands go first: without esbuild, or when it fails, nothing stale is run.
  for (const command of Object.keys(BUNDLED)) rmSync(join(out, `${command}.js`), { force: true });
  let esbuild;
  try {
    esbuild = await import(pathToFileURL(createRequire(join(root, "package.json")).resolve("esbuild")).href);
  } catch {
    return false;
  }
  const inlined = (name) => INLINED.some((p) => (p.endsWith("/") ? name.startsWith(p) : name === p || name.startsWith(`${p}/`)));
  const result = await esbuild.build({
    absWorkingDir: root,
    metafile: true,
    entryPoints: Object.fromEntries(Object.entries(BUNDLED).map(([command, source]) => [command, join(root, source)])),
    outdir: out,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: true,
    logLevel: "error",
    // Bundled CommonJS packages, and the requires rewritten below, reach what stays outside (DuckDB's native bindings, cron-parser) through Node's require.
    banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
    plugins: [
      {
        name: "cs-metrics-bot",
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith("node:") || !inlined(args.path) ? { path: args.path, external: true } : undefined));
          // `createRequire(import.meta.url)("pkg")` (CommonJS packages, required rather than imported): bundled as a require.
          b.onLoad({ filter: /\.ts$/ }, async (args) => {
            const text = await readFile(args.path, "utf8");
            if (!text.includes("createRequire(import.meta.url)(")) return undefined;
            return { contents: text.replaceAll("createRequire(import.meta.url)(", "require("), loader: "ts" };
          });
        },
      },
    ],
  });
  // Chunks of earlier builds are removed once an hour old: a command still running from one (a long sync) keeps its chunks.
  const made = new Set(Object.keys(result.metafile.outputs).map((f) => join(root, f)));
  for (const name of readdirSync(out)) {
    const file = join(out, name);
    if (!made.has(file) && Date.now() - statSync(file).mtimeMs > 3_600_000) rmSync(file, { force: true });
  }
  return true;
}

/** Compiles `root` into dist/ (once, whoever else is starting), printing progress on stderr; throws when tsc fails. */
export async function build(root, log = (line) => process.stderr.write(`${line}\n`)) {
  const lock = join(root, "dist", ".building");
  mkdirSync(join(root, "dist"), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
      // Someone else is building: wait for them, unless their lock is older than any build takes (they died).
      let age = 0;
      try {
        age = Date.now() - statSync(lock).mtimeMs;
      } catch {
        continue;
      }
      if (age > 300_000) rmSync(lock, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      if (!isStale(root)) return;
    }
  }
  try {
    if (!isStale(root)) return;
    log("Compiling the bot into dist/ (first start, or the sources changed) …");
    // The stamp takes the time the compile started: a source saved meanwhile makes the next start compile again.
    const begun = new Date();
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    const result = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
    if (result.status !== 0) throw new Error(`Compiling failed (tsc exited with ${result.status ?? result.signal}): fix the errors above, or run \`npm run build\` to see them again.`);
    await bundle(root);
    const stamp = join(root, "dist", STAMP);
    writeFileSync(stamp, `${begun.toISOString()}\n`);
    utimesSync(stamp, begun, begun);
    log(`Compiled in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (command === "build") {
    try {
      rmSync(join(ROOT, "dist", STAMP), { force: true });
      await build(ROOT);
    } catch (e) {
      process.stderr.write(`${e.message}\n`);
      process.exitCode = 1;
    }
    return;
  }
  const entry = ENTRIES[command];
  if (entry === undefined) {
    process.stderr.write(`Usage: node scripts/launch.mjs <${Object.keys(ENTRIES).join("|")}|build> [arguments]\n`);
    process.exitCode = 2;
    return;
  }
  try {
    if (isStale(ROOT)) await build(ROOT);
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exitCode = 1;
    return;
  }
  const bundled = command in BUNDLED ? join(ROOT, "dist", "bundle", `${command}.js`) : undefined;
  const file = bundled !== undefined && existsSync(bundled) ? bundled : join(ROOT, "dist", entry);
  // The entry checks it is the program being run (import.meta.url against argv[1]), as under tsx.
  process.argv = [process.argv[0], file, ...(command === "serve" ? ["serve"] : []), ...args];
  await import(pathToFileURL(file).href);
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) await main();
