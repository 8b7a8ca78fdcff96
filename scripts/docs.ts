/**
 * `npm run docs`: writes the per-metric reference of docs/metrics.md from the
 * catalog (scripts/metricsDoc.ts). `npm run docs -- --check` changes nothing
 * and exits 1 when the file is stale.
 */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { withMetricReference } from "./metricsDoc.ts";

const FILE = fileURLToPath(new URL("../docs/metrics.md", import.meta.url));

async function main(): Promise<number> {
  const current = await readFile(FILE, "utf8");
  const next = withMetricReference(current);
  if (process.argv.includes("--check")) {
    if (next === current) return 0;
    process.stderr.write("docs/metrics.md is stale: run `npm run docs` and commit it.\n");
    return 1;
  }
  if (next !== current) await writeFile(FILE, next);
  process.stdout.write(next === current ? "docs/metrics.md is up to date.\n" : "docs/metrics.md updated from the catalog.\n");
  return 0;
}

process.exitCode = await main();
