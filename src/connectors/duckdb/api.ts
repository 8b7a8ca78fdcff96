import { createRequire } from "node:module";

/**
 * `@duckdb/node-api`, loaded as the CommonJS package it is. Imported as an
 * ES module, Node first parses every one of its files to find their named
 * exports, which takes about half a second on every start; required, it
 * loads in a fraction of that. Types come from `import type` as usual.
 *
 * @example
 * const instance = await duckdb.DuckDBInstance.create(":memory:");
 */
export const duckdb = createRequire(import.meta.url)("@duckdb/node-api") as typeof import("@duckdb/node-api");
