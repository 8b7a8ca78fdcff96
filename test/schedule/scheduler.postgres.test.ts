/**
 * The exactly-once scenarios on Postgres, the store for several replicas:
 * each scheduler has its own connection pool to one schema of its own.
 */
import { describe } from "vitest";
import { openPostgresStore } from "../../src/store/postgres.ts";
import { describePostgres, dropSchema, uniqueSchemaName } from "../support/postgres.ts";
import { replicaScenarios } from "./replicas.ts";

await describePostgres("the scheduler on Postgres", (url) => {
  describe("several schedulers on one Postgres store", () => {
    replicaScenarios(async () => {
      const schema = uniqueSchemaName("schedule");
      return {
        open: () => openPostgresStore(url, { schema, poolSize: 4 }),
        dispose: () => dropSchema(url, schema),
      };
    });
  });
});
