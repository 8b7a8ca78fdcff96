/**
 * Versioned schema migrations, written once for both dialects (the types come
 * from the dialect). Each database records the versions applied to it in
 * `schema_migrations`; opening a store applies the missing ones, in order, in
 * one transaction. A released migration is never edited: add the next version.
 */
import type { Dialect } from "./dialect.ts";

/** A table's name as the SQL must spell it (schema-qualified in Postgres). */
export type TableName = (name: string) => string;

export interface Migration {
  version: number;
  name: string;
  /** The statements, separated by semicolons. */
  sql(d: Dialect, t: TableName): string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "digests, alert rules and state, runs, outbox, installations, conversation references",
    sql: ({ types: { text, instant, json, bool, int, bigint, double, serialKey }, tableOptions }, t) => `
      CREATE TABLE ${t("digests")} (
        id ${text} PRIMARY KEY,
        platform ${text} NOT NULL,
        workspace ${text} NOT NULL,
        channel ${text} NOT NULL,
        cron ${text} NOT NULL,
        time_zone ${text} NOT NULL,
        metrics ${json} NOT NULL,
        period ${text} NOT NULL,
        paused ${bool} NOT NULL,
        created_by ${text} NOT NULL,
        created_at ${instant} NOT NULL
      )${tableOptions};
      CREATE INDEX digests_by_destination ON ${t("digests")} (workspace, channel);

      CREATE TABLE ${t("alert_rules")} (
        id ${text} PRIMARY KEY,
        platform ${text} NOT NULL,
        workspace ${text} NOT NULL,
        channel ${text} NOT NULL,
        metric ${text} NOT NULL,
        condition ${json} NOT NULL,
        period ${text} NOT NULL,
        filters ${text} NOT NULL,
        cron ${text} NOT NULL,
        time_zone ${text} NOT NULL,
        min_n ${int} NOT NULL,
        for_checks ${int} NOT NULL,
        cooldown_ms ${bigint} NOT NULL,
        muted ${bool} NOT NULL,
        created_by ${text} NOT NULL,
        created_at ${instant} NOT NULL
      )${tableOptions};
      CREATE INDEX alert_rules_by_destination ON ${t("alert_rules")} (workspace, channel);

      CREATE TABLE ${t("alert_states")} (
        rule_id ${text} PRIMARY KEY REFERENCES ${t("alert_rules")} (id) ON DELETE CASCADE,
        status ${text} NOT NULL CHECK (status IN ('ok', 'pending', 'firing', 'resolved', 'no_data', 'source_error')),
        breaches ${int} NOT NULL,
        last_value ${double},
        last_checked_at ${instant},
        fired_at ${instant},
        notified_at ${instant},
        thread ${json},
        snoozed_until ${instant},
        acknowledged_by ${text}
      )${tableOptions};

      CREATE TABLE ${t("runs")} (
        schedule_id ${text} NOT NULL,
        scheduled_at ${instant} NOT NULL,
        owner ${text} NOT NULL,
        status ${text} NOT NULL CHECK (status IN ('claimed', 'done', 'skipped', 'failed')),
        lease_until ${instant},
        claimed_at ${instant},
        finished_at ${instant},
        PRIMARY KEY (schedule_id, scheduled_at)
      )${tableOptions};
      CREATE INDEX runs_claimed ON ${t("runs")} (lease_until) WHERE status = 'claimed';

      CREATE TABLE ${t("outbox")} (
        seq ${serialKey},
        id ${text} NOT NULL UNIQUE,
        run_schedule_id ${text},
        run_scheduled_at ${instant},
        platform ${text} NOT NULL,
        workspace ${text} NOT NULL,
        channel ${text} NOT NULL,
        payload ${json} NOT NULL,
        replace_of ${json},
        thread_of ${json},
        attempts ${int} NOT NULL DEFAULT 0,
        next_attempt_at ${instant} NOT NULL,
        status ${text} NOT NULL CHECK (status IN ('pending', 'sending', 'delivered', 'dead')),
        lease_until ${instant},
        last_error ${text},
        delivered ${json},
        delivered_at ${instant}
      )${tableOptions};
      CREATE INDEX outbox_due ON ${t("outbox")} (next_attempt_at, seq) WHERE status IN ('pending', 'sending');

      CREATE TABLE ${t("slack_installations")} (
        enterprise_id ${text} NOT NULL,
        team_id ${text} NOT NULL,
        installation ${json} NOT NULL,
        PRIMARY KEY (enterprise_id, team_id)
      )${tableOptions};

      CREATE TABLE ${t("conversation_references")} (
        conversation_id ${text} PRIMARY KEY,
        reference ${json} NOT NULL,
        updated_at ${instant} NOT NULL
      )${tableOptions};
    `,
  },
  {
    version: 2,
    name: "process heartbeats; outbox posts claimed one at a time by a process, with what is in doubt",
    sql: ({ types: { text, instant, bool }, tableOptions }, t) => `
      CREATE TABLE ${t("processes")} (
        owner ${text} PRIMARY KEY,
        started_at ${instant} NOT NULL,
        expires_at ${instant} NOT NULL
      )${tableOptions};
      ALTER TABLE ${t("outbox")} ADD COLUMN owner ${text};
      ALTER TABLE ${t("outbox")} ADD COLUMN first_sent_at ${instant};
      ALTER TABLE ${t("outbox")} ADD COLUMN in_doubt ${bool} NOT NULL DEFAULT FALSE;
      CREATE INDEX outbox_by_owner ON ${t("outbox")} (owner) WHERE status = 'sending';
    `,
  },
  {
    version: 3,
    name: "Slack block types a workspace refused (invalid_blocks), so later posts there skip them",
    sql: ({ types: { text, instant }, tableOptions }, t) => `
      CREATE TABLE ${t("slack_refused_blocks")} (
        workspace ${text} NOT NULL,
        block_type ${text} NOT NULL,
        refused_at ${instant} NOT NULL,
        PRIMARY KEY (workspace, block_type)
      )${tableOptions};
    `,
  },
  {
    version: 4,
    name: "what digests and alert rules compare with (vs previous|same-weekday|last-year); null: by the period's rhythm",
    sql: ({ types: { text } }, t) => `
      ALTER TABLE ${t("digests")} ADD COLUMN comparison ${text} CHECK (comparison IN ('previous', 'same-weekday', 'last-year'));
      ALTER TABLE ${t("alert_rules")} ADD COLUMN comparison ${text} CHECK (comparison IN ('previous', 'same-weekday', 'last-year'));
    `,
  },
  {
    version: 5,
    name: "help-desk OAuth grants (Zendesk access and refresh tokens), kept encrypted by the store's wrapper (secrets.ts)",
    sql: ({ types: { text, instant, json }, tableOptions }, t) => `
      CREATE TABLE ${t("helpdesk_grants")} (
        source ${text} PRIMARY KEY,
        credentials ${json} NOT NULL,
        updated_at ${instant} NOT NULL
      )${tableOptions};
    `,
  },
];

/*
 * Applying them is left to each driver, because what makes it safe differs:
 * SQLite runs it synchronously inside BEGIN IMMEDIATE (an await there would
 * let another connection of the same process block on the lock it holds);
 * Postgres runs it in a transaction holding an advisory lock. Both do:
 * create `schema_migrations`, read the applied versions, then for each pending
 * migration run its SQL and record it.
 */

/** The bookkeeping table, created before anything else is looked at. */
export function schemaMigrationsSql({ types: { int, text, instant }, tableOptions }: Dialect, t: TableName): string {
  return `CREATE TABLE IF NOT EXISTS ${t("schema_migrations")} (
    version ${int} PRIMARY KEY,
    name ${text} NOT NULL,
    applied_at ${instant} NOT NULL
  )${tableOptions}`;
}

export const appliedVersionsSql = (t: TableName): string => `SELECT version FROM ${t("schema_migrations")}`;

/** Parameters: $1 version, $2 name, $3 when. */
export const recordMigrationSql = (t: TableName): string => `INSERT INTO ${t("schema_migrations")} (version, name, applied_at) VALUES ($1, $2, $3)`;

/** The migrations whose versions are not in `applied`, in order. */
export function pendingMigrations(applied: Iterable<number>): Migration[] {
  const done = new Set(applied);
  return MIGRATIONS.filter((m) => !done.has(m.version));
}
