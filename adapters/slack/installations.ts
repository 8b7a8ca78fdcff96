/**
 * Bolt's InstallationStore over the project's Store: each workspace that
 * installs the app (OAuth) is kept in the bot's database (SQLite or
 * Postgres), never in memory or a file, so every replica and every restart
 * authorizes the same workspaces.
 *
 * An org-wide install (Enterprise Grid) is keyed by its enterprise id alone,
 * any other install by its team id alone, and lookups use the same rule.
 */
import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import type { Store } from "../../src/store/store.ts";

type Key = { enterpriseId: string } | { teamId: string };

function keyOfInstallation(installation: Installation): Key {
  if (installation.isEnterpriseInstall && installation.enterprise?.id) return { enterpriseId: installation.enterprise.id };
  if (installation.team?.id) return { teamId: installation.team.id };
  throw new Error("A Slack installation without a team or an enterprise id cannot be stored");
}

function keyOfQuery(query: InstallationQuery<boolean>): Key {
  if (query.isEnterpriseInstall && query.enterpriseId) return { enterpriseId: query.enterpriseId };
  if (query.teamId) return { teamId: query.teamId };
  throw new Error("A Slack installation query without a team or an enterprise id");
}

export function storeInstallations(store: Store): InstallationStore {
  return {
    async storeInstallation(installation) {
      await store.saveSlackInstallation(keyOfInstallation(installation), installation);
    },
    async fetchInstallation(query) {
      const found = await store.getSlackInstallation(keyOfQuery(query));
      // Bolt turns this into "authorization failed" and ignores the request.
      if (!found) throw new Error(`This Slack workspace has not installed the app (${JSON.stringify(keyOfQuery(query))})`);
      return found as Installation;
    },
    async deleteInstallation(query) {
      await store.deleteSlackInstallation(keyOfQuery(query));
    },
  };
}
