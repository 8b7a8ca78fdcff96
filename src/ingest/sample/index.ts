/**
 * The sample-data connector: a memory connector over the fictional
 * "Northwind Support" team's data, reaching up to `now`.
 *
 * @example
 * const connector = sampleConnector(new Date());
 * await connector.describe(); // ten datasets, source "sample data (fictional team)"
 */
import type { Connector } from "../../connectors/connector.ts";
import { createMemoryConnector } from "../../connectors/memory.ts";
import { generateSampleData } from "./generate.ts";

export {
  DEFAULT_SAMPLE_SEED,
  SAMPLE_TEAMS,
  SAMPLE_TEAM_NAME,
  SAMPLE_TIME_ZONE,
  generateSampleData,
  sampleStory,
  type SampleDataOptions,
  type SampleStory,
} from "./generate.ts";

import { SAMPLE_SOURCE } from "./source.ts";

export { SAMPLE_SOURCE };

/** A memory connector over `generateSampleData({ end: now })`. */
export function sampleConnector(now: Date): Connector {
  return createMemoryConnector(generateSampleData({ end: now }), {
    name: "sample",
    source: SAMPLE_SOURCE,
    description: "the built-in sample data, in memory",
  });
}
