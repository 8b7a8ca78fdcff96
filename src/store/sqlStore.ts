/**
 * The Store over SQL, shared by SQLite and Postgres. Every method is one
 * statement, so each is atomic on its own; the two that arbitrate between
 * replicas are single conditional writes: `claimRun` an
 * `INSERT … ON CONFLICT … DO UPDATE … WHERE <claim free> RETURNING`, and
 * `claimOutbox` an `UPDATE … WHERE <claim free> RETURNING` of one row (a row
 * lock in Postgres, the file's write lock in SQLite). A claim is free when its
 * lease ran out or its owner's heartbeat (table `processes`) stopped. A driver supplies the
 * connection (`query`), the dialect and the tables' spelled-out names.
 */
import type { Comparison } from "../periods/types.ts";
import type { Dialect } from "./dialect.ts";
import type { TableName } from "./migrations.ts";
import type { AlertRule, AlertState, ClaimedPost, Digest, MessageRef, OutboxEntry, RunKey, Store } from "./store.ts";

export type Row = Record<string, unknown>;

export interface SqlDriver {
  dialect: Dialect;
  table: TableName;
  /** Runs one statement with `$1`-style parameters (raw values: the driver applies `dialect.param`) and returns its rows. */
  query(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

type SlackKey = { enterpriseId?: string; teamId?: string };

const COMPARISONS: readonly string[] = ["previous", "same-weekday", "last-year"] satisfies Comparison[];

/** A stored comparison as the entity's optional field: absent when null (by the period's rhythm). */
function comparisonOf(value: unknown): { comparison?: Comparison } {
  return typeof value === "string" && COMPARISONS.includes(value) ? { comparison: value as Comparison } : {};
}

export function createSqlStore({ dialect: d, table: t, query, close }: SqlDriver): Store {
  const T = {
    digests: t("digests"),
    alertRules: t("alert_rules"),
    alertStates: t("alert_states"),
    runs: t("runs"),
    outbox: t("outbox"),
    slack: t("slack_installations"),
    references: t("conversation_references"),
    processes: t("processes"),
    refusedBlocks: t("slack_refused_blocks"),
    grants: t("helpdesk_grants"),
  };
  /** True when the process owning `claim.owner` stopped its heartbeat before `now` (a parameter). */
  const ownerGone = (claim: string, now: string) => `EXISTS (SELECT 1 FROM ${T.processes} p WHERE p.owner = ${claim}.owner AND p.expires_at < ${now})`;
  /** An outbox row (alias o) that may be taken at $1: due, or being sent by someone whose lease or heartbeat ran out. */
  const outboxFree = `((o.status = 'pending' AND o.next_attempt_at <= $1) OR (o.status = 'sending' AND (o.lease_until < $1 OR ${ownerGone("o", "$1")})))`;

  const json = (value: unknown): string => JSON.stringify(value ?? null);
  const jsonOrNull = (value: unknown): string | null => (value == null ? null : JSON.stringify(value));
  const instantOrNull = (value: unknown): Date | null => (value == null ? null : d.readInstant(value));
  const readJsonOrNull = (value: unknown): unknown => (value == null ? null : d.readJson(value));
  const text = (value: unknown): string => String(value);
  const textOrNull = (value: unknown): string | null => (value == null ? null : String(value));

  /** Inserts `row`, or replaces every non-key column of the row with the same key. */
  async function upsert(table: string, row: Row, key: string[]): Promise<void> {
    const columns = Object.keys(row);
    const updates = columns.filter((c) => !key.includes(c)).map((c) => `${c} = excluded.${c}`);
    await query(
      `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")})
       ON CONFLICT (${key.join(", ")}) DO UPDATE SET ${updates.join(", ")}`,
      Object.values(row),
    );
  }

  /** `WHERE` over a destination filter, or nothing. */
  function destinationWhere(filter: { workspace?: string; channel?: string } = {}): { where: string; params: string[] } {
    const params: string[] = [];
    const conditions: string[] = [];
    for (const column of ["workspace", "channel"] as const) {
      const value = filter[column];
      if (value === undefined) continue;
      params.push(value);
      conditions.push(`${column} = $${params.length}`);
    }
    return { where: conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : "", params };
  }

  // --- rows ⇄ entities

  const digestRow = (g: Digest): Row => ({
    id: g.id,
    platform: g.destination.platform,
    workspace: g.destination.workspace,
    channel: g.destination.channel,
    cron: g.schedule.cron,
    time_zone: g.schedule.timeZone,
    metrics: json(g.metrics),
    period: g.period,
    comparison: g.comparison ?? null,
    paused: g.paused,
    created_by: g.createdBy,
    created_at: g.createdAt,
  });

  const toDigest = (r: Row): Digest => ({
    id: text(r.id),
    destination: { platform: text(r.platform) as Digest["destination"]["platform"], workspace: text(r.workspace), channel: text(r.channel) },
    schedule: { cron: text(r.cron), timeZone: text(r.time_zone) },
    metrics: d.readJson(r.metrics) as string[],
    period: text(r.period),
    ...comparisonOf(r.comparison),
    paused: d.readBool(r.paused),
    createdBy: text(r.created_by),
    createdAt: d.readInstant(r.created_at),
  });

  const alertRuleRow = (a: AlertRule): Row => ({
    id: a.id,
    platform: a.destination.platform,
    workspace: a.destination.workspace,
    channel: a.destination.channel,
    metric: a.metric,
    condition: json(a.condition),
    period: a.period,
    filters: a.filters,
    comparison: a.comparison ?? null,
    cron: a.schedule.cron,
    time_zone: a.schedule.timeZone,
    min_n: a.minN,
    for_checks: a.forChecks,
    cooldown_ms: a.cooldownMs,
    muted: a.muted,
    created_by: a.createdBy,
    created_at: a.createdAt,
  });

  const toAlertRule = (r: Row): AlertRule => {
    // Rules written before version 4 kept a change rule's comparison in its condition (`vs`).
    const { vs, ...condition } = d.readJson(r.condition) as AlertRule["condition"] & { vs?: unknown };
    return {
      id: text(r.id),
      destination: { platform: text(r.platform) as AlertRule["destination"]["platform"], workspace: text(r.workspace), channel: text(r.channel) },
      metric: text(r.metric),
      condition: condition as AlertRule["condition"],
      period: text(r.period),
      filters: text(r.filters),
      ...comparisonOf(r.comparison ?? (vs === "last-year" ? vs : null)),
      schedule: { cron: text(r.cron), timeZone: text(r.time_zone) },
      minN: d.readNumber(r.min_n),
      forChecks: d.readNumber(r.for_checks),
      cooldownMs: d.readNumber(r.cooldown_ms),
      muted: d.readBool(r.muted),
      createdBy: text(r.created_by),
      createdAt: d.readInstant(r.created_at),
    };
  };

  const alertStateRow = (s: AlertState): Row => ({
    rule_id: s.ruleId,
    status: s.status,
    breaches: s.breaches,
    last_value: s.lastValue,
    last_checked_at: s.lastCheckedAt,
    fired_at: s.firedAt,
    notified_at: s.notifiedAt,
    thread: jsonOrNull(s.thread),
    snoozed_until: s.snoozedUntil,
    acknowledged_by: s.acknowledgedBy,
  });

  const toAlertState = (r: Row): AlertState => ({
    ruleId: text(r.rule_id),
    status: text(r.status) as AlertState["status"],
    breaches: d.readNumber(r.breaches),
    lastValue: r.last_value == null ? null : Number(r.last_value),
    lastCheckedAt: instantOrNull(r.last_checked_at),
    firedAt: instantOrNull(r.fired_at),
    notifiedAt: instantOrNull(r.notified_at),
    thread: readJsonOrNull(r.thread) as MessageRef | null,
    snoozedUntil: instantOrNull(r.snoozed_until),
    acknowledgedBy: textOrNull(r.acknowledged_by),
  });

  const toOutboxEntry = (r: Row): OutboxEntry => ({
    id: text(r.id),
    run: r.run_schedule_id == null ? null : { scheduleId: text(r.run_schedule_id), scheduledAt: d.readInstant(r.run_scheduled_at) },
    destination: { platform: text(r.platform) as OutboxEntry["destination"]["platform"], workspace: text(r.workspace), channel: text(r.channel) },
    payload: d.readJson(r.payload),
    replaceOf: readJsonOrNull(r.replace_of) as MessageRef | null,
    threadOf: readJsonOrNull(r.thread_of) as MessageRef | null,
    attempts: d.readNumber(r.attempts),
    nextAttemptAt: d.readInstant(r.next_attempt_at),
    status: text(r.status) as OutboxEntry["status"],
    lastError: textOrNull(r.last_error),
    delivered: readJsonOrNull(r.delivered) as MessageRef | null,
  });

  const toRunKey = (r: Row): RunKey => ({ scheduleId: text(r.schedule_id), scheduledAt: d.readInstant(r.scheduled_at) });

  function slackKey(key: SlackKey): [string, string] {
    const enterpriseId = key.enterpriseId ?? "";
    const teamId = key.teamId ?? "";
    if (enterpriseId === "" && teamId === "") throw new Error("A Slack installation is keyed by an enterpriseId, a teamId or both; neither was given");
    return [enterpriseId, teamId];
  }

  function leaseEnd(now: Date, leaseMs: number): Date {
    if (!(Number.isFinite(leaseMs) && leaseMs > 0)) throw new RangeError(`A lease must be a positive number of milliseconds, got ${leaseMs}`);
    return new Date(now.getTime() + leaseMs);
  }

  return {
    // --- digests

    async saveDigest(digest) {
      await upsert(T.digests, digestRow(digest), ["id"]);
    },

    async getDigest(id) {
      const [row] = await query(`SELECT * FROM ${T.digests} WHERE id = $1`, [id]);
      return row ? toDigest(row) : null;
    },

    async listDigests(filter) {
      const { where, params } = destinationWhere(filter);
      return (await query(`SELECT * FROM ${T.digests} ${where} ORDER BY created_at, id`, params)).map(toDigest);
    },

    async deleteDigest(id) {
      return (await query(`DELETE FROM ${T.digests} WHERE id = $1 RETURNING id`, [id])).length > 0;
    },

    // --- alert rules and their state

    async saveAlertRule(rule) {
      await upsert(T.alertRules, alertRuleRow(rule), ["id"]);
    },

    async getAlertRule(id) {
      const [row] = await query(`SELECT * FROM ${T.alertRules} WHERE id = $1`, [id]);
      return row ? toAlertRule(row) : null;
    },

    async listAlertRules(filter) {
      const { where, params } = destinationWhere(filter);
      return (await query(`SELECT * FROM ${T.alertRules} ${where} ORDER BY created_at, id`, params)).map(toAlertRule);
    },

    async deleteAlertRule(id) {
      // The state goes with it: alert_states.rule_id references the rule ON DELETE CASCADE.
      return (await query(`DELETE FROM ${T.alertRules} WHERE id = $1 RETURNING id`, [id])).length > 0;
    },

    async getAlertState(ruleId) {
      const [row] = await query(`SELECT * FROM ${T.alertStates} WHERE rule_id = $1`, [ruleId]);
      return row ? toAlertState(row) : null;
    },

    async saveAlertState(state) {
      try {
        await upsert(T.alertStates, alertStateRow(state), ["rule_id"]);
      } catch (e) {
        // The rule was deleted while it was being checked: its state goes with it.
        if (!d.isForeignKeyViolation(e)) throw e;
      }
    },

    // --- exactly-once runs

    async claimRun(key, owner, leaseMs, now) {
      const rows = await query(
        `INSERT INTO ${T.runs} AS r (schedule_id, scheduled_at, owner, status, lease_until, claimed_at)
         VALUES ($1, $2, $3, 'claimed', $4, $5)
         ON CONFLICT (schedule_id, scheduled_at) DO UPDATE
           SET owner = excluded.owner, lease_until = excluded.lease_until, claimed_at = excluded.claimed_at
           WHERE r.status = 'claimed' AND (r.lease_until < excluded.claimed_at OR ${ownerGone("r", "excluded.claimed_at")})
         RETURNING owner`,
        [key.scheduleId, key.scheduledAt, owner, leaseEnd(now, leaseMs), now],
      );
      return rows.length === 1;
    },

    async finishRun(key, owner, status, now) {
      // Only the owner still holding the claim finishes it; a run never claimed is recorded as finished.
      await query(
        `INSERT INTO ${T.runs} AS r (schedule_id, scheduled_at, owner, status, lease_until, claimed_at, finished_at)
         VALUES ($1, $2, $3, $4, NULL, NULL, $5)
         ON CONFLICT (schedule_id, scheduled_at) DO UPDATE
           SET status = excluded.status, lease_until = NULL, finished_at = excluded.finished_at
           WHERE r.owner = excluded.owner AND r.status = 'claimed'`,
        [key.scheduleId, key.scheduledAt, owner, status, now],
      );
    },

    async lastRun(scheduleId) {
      const [row] = await query(`SELECT MAX(scheduled_at) AS last FROM ${T.runs} WHERE schedule_id = $1`, [scheduleId]);
      return instantOrNull(row?.last);
    },

    async abandonedRuns(now) {
      const rows = await query(
        `SELECT schedule_id, scheduled_at FROM ${T.runs} r WHERE r.status = 'claimed' AND (r.lease_until < $1 OR ${ownerGone("r", "$1")}) ORDER BY scheduled_at, schedule_id`,
        [now],
      );
      return rows.map(toRunKey);
    },

    // --- processes

    async heartbeat(owner, now, ttlMs) {
      await query(
        `INSERT INTO ${T.processes} AS p (owner, started_at, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (owner) DO UPDATE SET expires_at = excluded.expires_at`,
        [owner, now, leaseEnd(now, ttlMs)],
      );
    },

    async releaseOwner(owner, now) {
      const gone = new Date(now.getTime() - 1);
      await query(
        `INSERT INTO ${T.processes} AS p (owner, started_at, expires_at) VALUES ($1, $2, $2)
         ON CONFLICT (owner) DO UPDATE SET expires_at = excluded.expires_at`,
        [owner, gone],
      );
      // Rows of processes gone for a week: their claims have long been taken over or finished.
      await query(`DELETE FROM ${T.processes} WHERE expires_at < $1`, [new Date(now.getTime() - 7 * 86_400_000)]);
    },

    // --- outbox

    async enqueue(entry) {
      await query(
        `INSERT INTO ${T.outbox}
           (id, run_schedule_id, run_scheduled_at, platform, workspace, channel, payload, replace_of, thread_of, attempts, next_attempt_at, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, 'pending')
         ON CONFLICT (id) DO NOTHING`,
        [
          entry.id,
          entry.run?.scheduleId ?? null,
          entry.run?.scheduledAt ?? null,
          entry.destination.platform,
          entry.destination.workspace,
          entry.destination.channel,
          json(entry.payload),
          jsonOrNull(entry.replaceOf),
          jsonOrNull(entry.threadOf),
          entry.nextAttemptAt,
        ],
      );
    },

    async dueOutbox(now, limit) {
      if (limit < 1) return [];
      const rows = await query(`SELECT o.* FROM ${T.outbox} o WHERE ${outboxFree} ORDER BY o.seq LIMIT $2`, [now, Math.floor(limit)]);
      return rows.map(toOutboxEntry);
    },

    async claimOutbox(id, owner, now, leaseMs): Promise<ClaimedPost | null> {
      // In SET, columns read their values from before the update: a row still `sending` was abandoned mid-send.
      const [row] = await query(
        `UPDATE ${T.outbox} AS o
           SET status = 'sending', owner = $3, lease_until = $4, attempts = o.attempts + 1,
               first_sent_at = COALESCE(o.first_sent_at, $1),
               in_doubt = CASE WHEN o.status = 'sending' THEN TRUE ELSE o.in_doubt END
         WHERE o.id = $2 AND ${outboxFree}
         RETURNING *`,
        [now, id, owner, leaseEnd(now, leaseMs)],
      );
      if (!row) return null;
      return { entry: toOutboxEntry(row), inDoubt: d.readBool(row.in_doubt), firstSentAt: d.readInstant(row.first_sent_at) };
    },

    async holdOutbox(id, owner, now, leaseMs) {
      const rows = await query(
        `UPDATE ${T.outbox} SET lease_until = $4 WHERE id = $1 AND owner = $2 AND status = 'sending' AND lease_until >= $3 RETURNING id`,
        [id, owner, now, leaseEnd(now, leaseMs)],
      );
      return rows.length === 1;
    },

    async markDelivered(id, ref, now) {
      await query(
        `UPDATE ${T.outbox} SET status = 'delivered', delivered = $2, delivered_at = $3, lease_until = NULL, owner = NULL, in_doubt = FALSE WHERE id = $1`,
        [id, json(ref), now],
      );
    },

    async markFailed(id, error, nextAttemptAt, dead, opts = {}) {
      await query(
        `UPDATE ${T.outbox} SET status = $2, last_error = $3, next_attempt_at = $4, lease_until = NULL, owner = NULL, in_doubt = $5
         WHERE id = $1 AND status IN ('pending', 'sending')`,
        [id, dead ? "dead" : "pending", error, nextAttemptAt, opts.inDoubt ?? false],
      );
    },

    async getOutbox(id) {
      const [row] = await query(`SELECT * FROM ${T.outbox} WHERE id = $1`, [id]);
      return row ? toOutboxEntry(row) : null;
    },

    // --- chat platform installations

    async saveSlackInstallation(key, installation) {
      const [enterpriseId, teamId] = slackKey(key);
      await upsert(T.slack, { enterprise_id: enterpriseId, team_id: teamId, installation: json(installation) }, ["enterprise_id", "team_id"]);
    },

    async getSlackInstallation(key) {
      const [row] = await query(`SELECT installation FROM ${T.slack} WHERE enterprise_id = $1 AND team_id = $2`, slackKey(key));
      return row ? d.readJson(row.installation) : null;
    },

    async deleteSlackInstallation(key) {
      await query(`DELETE FROM ${T.slack} WHERE enterprise_id = $1 AND team_id = $2`, slackKey(key));
    },

    async saveConversationReference(conversationId, reference, now) {
      await upsert(T.references, { conversation_id: conversationId, reference: json(reference), updated_at: now }, ["conversation_id"]);
    },

    async getConversationReference(conversationId) {
      const [row] = await query(`SELECT reference FROM ${T.references} WHERE conversation_id = $1`, [conversationId]);
      return row ? d.readJson(row.reference) : null;
    },

    async listConversationReferences() {
      const rows = await query(`SELECT conversation_id, reference FROM ${T.references} ORDER BY conversation_id`);
      return rows.map((r) => ({ conversationId: text(r.conversation_id), reference: d.readJson(r.reference) }));
    },

    async refusedSlackBlocks(workspace) {
      const rows = await query(`SELECT block_type FROM ${T.refusedBlocks} WHERE workspace = $1 ORDER BY block_type`, [workspace]);
      return rows.map((r) => text(r.block_type));
    },

    async saveHelpdeskGrant(source, grant, now) {
      await upsert(T.grants, { source, credentials: json(grant), updated_at: now }, ["source"]);
    },

    async getHelpdeskGrant(source) {
      const [row] = await query(`SELECT credentials FROM ${T.grants} WHERE source = $1`, [source]);
      return row ? d.readJson(row.credentials) : null;
    },

    async deleteHelpdeskGrant(source) {
      await query(`DELETE FROM ${T.grants} WHERE source = $1`, [source]);
    },

    async refuseSlackBlocks(workspace, blockTypes, now) {
      for (const blockType of new Set(blockTypes)) {
        await query(`INSERT INTO ${T.refusedBlocks} (workspace, block_type, refused_at) VALUES ($1, $2, $3) ON CONFLICT (workspace, block_type) DO NOTHING`, [workspace, blockType, now]);
      }
    },

    close,
  };
}
