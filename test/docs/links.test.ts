/**
 * A clone of the project alone holds every document a user needs: nothing in
 * the README, docs/, src/, .env.example or manifest/ points outside the
 * project (a relative path that climbs above its root, a path on the machine
 * it was written on),
 * and every relative link in the README and docs/ leads to a file that is in
 * the project.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, extname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TEXT = new Set([".md", ".ts", ".json", ".yaml", ".yml", ".example"]);

function files(path: string): string[] {
  const full = join(ROOT, path);
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full).flatMap((name) => files(join(path, name)));
}

const CHECKED = ["README.md", "docs", "src", ".env.example", "manifest"].flatMap(files).filter((f) => TEXT.has(extname(f)));

/** An absolute path on a machine: a home or work folder, a file URL, a Windows drive. */
const MACHINE_PATH = /\/(work|home|Users|root|tmp|mnt)\/[\w.-]+\/|file:\/\/|[A-Z]:\\\\/;

/** The reasons `line` of `file` (relative to the root) points outside the project: relative paths that climb above the root, machine paths. */
function outside(file: string, line: string): string[] {
  const climbing = [...line.matchAll(/(?:\.\.\/+)+[\w.-]+(?:\/[\w.-]+)*/g)].map((m) => m[0]).filter((p) => relative(ROOT, resolve(dirname(join(ROOT, file)), p)).startsWith(".."));
  return [...climbing, ...(MACHINE_PATH.test(line) ? [line.match(MACHINE_PATH)![0]] : [])];
}

describe("documents stay inside the project", () => {
  it("checks the README, docs/, src/, .env.example and manifest/", () => {
    expect(CHECKED).toEqual(expect.arrayContaining(["README.md", "docs/data.md", "docs/architecture.md", "docs/metrics.md", ".env.example", "src/main.ts", "manifest/teams/manifest.json"]));
  });

  it("has no path that points outside the project (a folder beside it, a machine's absolute path)", () => {
    const found = CHECKED.flatMap((file) =>
      readFileSync(join(ROOT, file), "utf8")
        .split("\n")
        .flatMap((line, i) => (outside(file, line).length > 0 ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });

  it("links, in the README and docs/, only to files that are in the project", () => {
    const broken: string[] = [];
    for (const file of CHECKED.filter((f) => f.endsWith(".md"))) {
      for (const m of readFileSync(join(ROOT, file), "utf8").matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1]!.split("#")[0]!;
        if (target === "" || /^[a-z]+:/i.test(target)) continue;
        const path = resolve(dirname(join(ROOT, file)), decodeURIComponent(target));
        const inside = !relative(ROOT, path).startsWith("..");
        if (!inside || !existsSync(path)) broken.push(`${file}: ${m[1]}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("would notice a link to a folder beside the project, or a machine path, and not a link inside it", () => {
    expect(outside("README.md", "see [METRICS.md](../team-notes/METRICS.md)")).toEqual(["../team-notes/METRICS.md"]);
    expect(outside("docs/data.md", "see [the catalog](../../notes/METRICS.md)")).toEqual(["../../notes/METRICS.md"]);
    expect(outside("README.md", "read /work/main/docs/data.md")).toEqual(["/work/main/"]);
    expect(outside("docs/data.md", "see [the metrics](../docs/metrics.md)")).toEqual([]);
    expect(outside("README.md", "see [`docs/data.md`](docs/data.md)")).toEqual([]);
  });
});
