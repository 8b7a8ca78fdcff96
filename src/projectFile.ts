import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * A path in the project (manifest/teams/, docs/ …), found from the module
 * asking: the nearest folder above it that holds package.json. So the same
 * code finds it run by tsx from adapters/ and compiled from dist/adapters/.
 *
 * @example projectFile("manifest/teams/", import.meta.url) // "/srv/bot/manifest/teams/"
 */
export function projectFile(relative: string, from: string): string {
  let dir = dirname(fileURLToPath(from));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${fileURLToPath(from)}: cannot find ${relative}`);
    dir = parent;
  }
  return join(dir, relative);
}
