import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// dist/src/store/dialect.js
var errorCode = (error) => typeof error === "object" && error !== null ? error.code : void 0;
var sqliteDialect = {
  name: "sqlite",
  types: {
    text: "TEXT",
    instant: "INTEGER",
    json: "TEXT",
    bool: "INTEGER",
    int: "INTEGER",
    bigint: "INTEGER",
    double: "REAL",
    serialKey: "INTEGER PRIMARY KEY"
  },
  tableOptions: " STRICT",
  param: (value) => value instanceof Date ? value.getTime() : typeof value === "boolean" ? Number(value) : value,
  readInstant: (value) => new Date(Number(value)),
  readJson: (value) => JSON.parse(String(value)),
  readBool: (value) => Number(value) !== 0,
  readNumber: (value) => Number(value),
  isForeignKeyViolation: (error) => errorCode(error) === "SQLITE_CONSTRAINT_FOREIGNKEY"
};
var postgresDialect = {
  name: "postgres",
  types: {
    text: "text",
    instant: "timestamptz",
    json: "jsonb",
    bool: "boolean",
    int: "integer",
    bigint: "bigint",
    double: "double precision",
    serialKey: "bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
  },
  tableOptions: "",
  param: (value) => value,
  readInstant: (value) => value instanceof Date ? value : new Date(String(value)),
  // `pg` parses json and jsonb itself.
  readJson: (value) => value,
  readBool: (value) => value === true,
  readNumber: (value) => Number(value),
  isForeignKeyViolation: (error) => errorCode(error) === "23503"
};

// dist/src/store/migrations.js
var MIGRATIONS = [
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
    `
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
    `
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
    `
  },
  {
    version: 4,
    name: "what digests and alert rules compare with (vs previous|same-weekday|last-year); null: by the period's rhythm",
    sql: ({ types: { text } }, t) => `
      ALTER TABLE ${t("digests")} ADD COLUMN comparison ${text} CHECK (comparison IN ('previous', 'same-weekday', 'last-year'));
      ALTER TABLE ${t("alert_rules")} ADD COLUMN comparison ${text} CHECK (comparison IN ('previous', 'same-weekday', 'last-year'));
    `
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
    `
  }
];
function schemaMigrationsSql({ types: { int, text, instant }, tableOptions }, t) {
  return `CREATE TABLE IF NOT EXISTS ${t("schema_migrations")} (
    version ${int} PRIMARY KEY,
    name ${text} NOT NULL,
    applied_at ${instant} NOT NULL
  )${tableOptions}`;
}
var appliedVersionsSql = (t) => `SELECT version FROM ${t("schema_migrations")}`;
var recordMigrationSql = (t) => `INSERT INTO ${t("schema_migrations")} (version, name, applied_at) VALUES ($1, $2, $3)`;
function pendingMigrations(applied) {
  const done = new Set(applied);
  return MIGRATIONS.filter((m) => !done.has(m.version));
}

// dist/src/store/sqlStore.js
var COMPARISONS = ["previous", "same-weekday", "last-year"];
function comparisonOf(value) {
  return typeof value === "string" && COMPARISONS.includes(value) ? { comparison: value } : {};
}
function createSqlStore({ dialect: d, table: t, query, close }) {
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
    grants: t("helpdesk_grants")
  };
  const ownerGone = (claim, now) => `EXISTS (SELECT 1 FROM ${T.processes} p WHERE p.owner = ${claim}.owner AND p.expires_at < ${now})`;
  const outboxFree = `((o.status = 'pending' AND o.next_attempt_at <= $1) OR (o.status = 'sending' AND (o.lease_until < $1 OR ${ownerGone("o", "$1")})))`;
  const json = (value) => JSON.stringify(value ?? null);
  const jsonOrNull = (value) => value == null ? null : JSON.stringify(value);
  const instantOrNull = (value) => value == null ? null : d.readInstant(value);
  const readJsonOrNull = (value) => value == null ? null : d.readJson(value);
  const text = (value) => String(value);
  const textOrNull = (value) => value == null ? null : String(value);
  async function upsert(table, row, key) {
    const columns = Object.keys(row);
    const updates = columns.filter((c) => !key.includes(c)).map((c) => `${c} = excluded.${c}`);
    await query(`INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")})
       ON CONFLICT (${key.join(", ")}) DO UPDATE SET ${updates.join(", ")}`, Object.values(row));
  }
  function destinationWhere(filter = {}) {
    const params = [];
    const conditions = [];
    for (const column of ["workspace", "channel"]) {
      const value = filter[column];
      if (value === void 0)
        continue;
      params.push(value);
      conditions.push(`${column} = $${params.length}`);
    }
    return { where: conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : "", params };
  }
  const digestRow = (g) => ({
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
    created_at: g.createdAt
  });
  const toDigest = (r) => ({
    id: text(r.id),
    destination: { platform: text(r.platform), workspace: text(r.workspace), channel: text(r.channel) },
    schedule: { cron: text(r.cron), timeZone: text(r.time_zone) },
    metrics: d.readJson(r.metrics),
    period: text(r.period),
    ...comparisonOf(r.comparison),
    paused: d.readBool(r.paused),
    createdBy: text(r.created_by),
    createdAt: d.readInstant(r.created_at)
  });
  const alertRuleRow = (a) => ({
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
    created_at: a.createdAt
  });
  const toAlertRule = (r) => {
    const { vs, ...condition } = d.readJson(r.condition);
    return {
      id: text(r.id),
      destination: { platform: text(r.platform), workspace: text(r.workspace), channel: text(r.channel) },
      metric: text(r.metric),
      condition,
      period: text(r.period),
      filters: text(r.filters),
      ...comparisonOf(r.comparison ?? (vs === "last-year" ? vs : null)),
      schedule: { cron: text(r.cron), timeZone: text(r.time_zone) },
      minN: d.readNumber(r.min_n),
      forChecks: d.readNumber(r.for_checks),
      cooldownMs: d.readNumber(r.cooldown_ms),
      muted: d.readBool(r.muted),
      createdBy: text(r.created_by),
      createdAt: d.readInstant(r.created_at)
    };
  };
  const alertStateRow = (s) => ({
    rule_id: s.ruleId,
    status: s.status,
    breaches: s.breaches,
    last_value: s.lastValue,
    last_checked_at: s.lastCheckedAt,
    fired_at: s.firedAt,
    notified_at: s.notifiedAt,
    thread: jsonOrNull(s.thread),
    snoozed_until: s.snoozedUntil,
    acknowledged_by: s.acknowledgedBy
  });
  const toAlertState = (r) => ({
    ruleId: text(r.rule_id),
    status: text(r.status),
    breaches: d.readNumber(r.breaches),
    lastValue: r.last_value == null ? null : Number(r.last_value),
    lastCheckedAt: instantOrNull(r.last_checked_at),
    firedAt: instantOrNull(r.fired_at),
    notifiedAt: instantOrNull(r.notified_at),
    thread: readJsonOrNull(r.thread),
    snoozedUntil: instantOrNull(r.snoozed_until),
    acknowledgedBy: textOrNull(r.acknowledged_by)
  });
  const toOutboxEntry = (r) => ({
    id: text(r.id),
    run: r.run_schedule_id == null ? null : { scheduleId: text(r.run_schedule_id), scheduledAt: d.readInstant(r.run_scheduled_at) },
    destination: { platform: text(r.platform), workspace: text(r.workspace), channel: text(r.channel) },
    payload: d.readJson(r.payload),
    replaceOf: readJsonOrNull(r.replace_of),
    threadOf: readJsonOrNull(r.thread_of),
    attempts: d.readNumber(r.attempts),
    nextAttemptAt: d.readInstant(r.next_attempt_at),
    status: text(r.status),
    lastError: textOrNull(r.last_error),
    delivered: readJsonOrNull(r.delivered)
  });
  const toRunKey = (r) => ({ scheduleId: text(r.schedule_id), scheduledAt: d.readInstant(r.scheduled_at) });
  function slackKey(key) {
    const enterpriseId = key.enterpriseId ?? "";
    const teamId = key.teamId ?? "";
    if (enterpriseId === "" && teamId === "")
      throw new Error("A Slack installation is keyed by an enterpriseId, a teamId or both; neither was given");
    return [enterpriseId, teamId];
  }
  function leaseEnd(now, leaseMs) {
    if (!(Number.isFinite(leaseMs) && leaseMs > 0))
      throw new RangeError(`A lease must be a positive number of milliseconds, got ${leaseMs}`);
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
        if (!d.isForeignKeyViolation(e))
          throw e;
      }
    },
    // --- exactly-once runs
    async claimRun(key, owner, leaseMs, now) {
      const rows = await query(`INSERT INTO ${T.runs} AS r (schedule_id, scheduled_at, owner, status, lease_until, claimed_at)
         VALUES ($1, $2, $3, 'claimed', $4, $5)
         ON CONFLICT (schedule_id, scheduled_at) DO UPDATE
           SET owner = excluded.owner, lease_until = excluded.lease_until, claimed_at = excluded.claimed_at
           WHERE r.status = 'claimed' AND (r.lease_until < excluded.claimed_at OR ${ownerGone("r", "excluded.claimed_at")})
         RETURNING owner`, [key.scheduleId, key.scheduledAt, owner, leaseEnd(now, leaseMs), now]);
      return rows.length === 1;
    },
    async finishRun(key, owner, status, now) {
      await query(`INSERT INTO ${T.runs} AS r (schedule_id, scheduled_at, owner, status, lease_until, claimed_at, finished_at)
         VALUES ($1, $2, $3, $4, NULL, NULL, $5)
         ON CONFLICT (schedule_id, scheduled_at) DO UPDATE
           SET status = excluded.status, lease_until = NULL, finished_at = excluded.finished_at
           WHERE r.owner = excluded.owner AND r.status = 'claimed'`, [key.scheduleId, key.scheduledAt, owner, status, now]);
    },
    async lastRun(scheduleId) {
      const [row] = await query(`SELECT MAX(scheduled_at) AS last FROM ${T.runs} WHERE schedule_id = $1`, [scheduleId]);
      return instantOrNull(row?.last);
    },
    async abandonedRuns(now) {
      const rows = await query(`SELECT schedule_id, scheduled_at FROM ${T.runs} r WHERE r.status = 'claimed' AND (r.lease_until < $1 OR ${ownerGone("r", "$1")}) ORDER BY scheduled_at, schedule_id`, [now]);
      return rows.map(toRunKey);
    },
    // --- processes
    async heartbeat(owner, now, ttlMs) {
      await query(`INSERT INTO ${T.processes} AS p (owner, started_at, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (owner) DO UPDATE SET expires_at = excluded.expires_at`, [owner, now, leaseEnd(now, ttlMs)]);
    },
    async releaseOwner(owner, now) {
      const gone = new Date(now.getTime() - 1);
      await query(`INSERT INTO ${T.processes} AS p (owner, started_at, expires_at) VALUES ($1, $2, $2)
         ON CONFLICT (owner) DO UPDATE SET expires_at = excluded.expires_at`, [owner, gone]);
      await query(`DELETE FROM ${T.processes} WHERE expires_at < $1`, [new Date(now.getTime() - 7 * 864e5)]);
    },
    // --- outbox
    async enqueue(entry) {
      await query(`INSERT INTO ${T.outbox}
           (id, run_schedule_id, run_scheduled_at, platform, workspace, channel, payload, replace_of, thread_of, attempts, next_attempt_at, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, 'pending')
         ON CONFLICT (id) DO NOTHING`, [
        entry.id,
        entry.run?.scheduleId ?? null,
        entry.run?.scheduledAt ?? null,
        entry.destination.platform,
        entry.destination.workspace,
        entry.destination.channel,
        json(entry.payload),
        jsonOrNull(entry.replaceOf),
        jsonOrNull(entry.threadOf),
        entry.nextAttemptAt
      ]);
    },
    async dueOutbox(now, limit) {
      if (limit < 1)
        return [];
      const rows = await query(`SELECT o.* FROM ${T.outbox} o WHERE ${outboxFree} ORDER BY o.seq LIMIT $2`, [now, Math.floor(limit)]);
      return rows.map(toOutboxEntry);
    },
    async claimOutbox(id, owner, now, leaseMs) {
      const [row] = await query(`UPDATE ${T.outbox} AS o
           SET status = 'sending', owner = $3, lease_until = $4, attempts = o.attempts + 1,
               first_sent_at = COALESCE(o.first_sent_at, $1),
               in_doubt = CASE WHEN o.status = 'sending' THEN TRUE ELSE o.in_doubt END
         WHERE o.id = $2 AND ${outboxFree}
         RETURNING *`, [now, id, owner, leaseEnd(now, leaseMs)]);
      if (!row)
        return null;
      return { entry: toOutboxEntry(row), inDoubt: d.readBool(row.in_doubt), firstSentAt: d.readInstant(row.first_sent_at) };
    },
    async holdOutbox(id, owner, now, leaseMs) {
      const rows = await query(`UPDATE ${T.outbox} SET lease_until = $4 WHERE id = $1 AND owner = $2 AND status = 'sending' AND lease_until >= $3 RETURNING id`, [id, owner, now, leaseEnd(now, leaseMs)]);
      return rows.length === 1;
    },
    async markDelivered(id, ref, now) {
      await query(`UPDATE ${T.outbox} SET status = 'delivered', delivered = $2, delivered_at = $3, lease_until = NULL, owner = NULL, in_doubt = FALSE WHERE id = $1`, [id, json(ref), now]);
    },
    async markFailed(id, error, nextAttemptAt, dead, opts = {}) {
      await query(`UPDATE ${T.outbox} SET status = $2, last_error = $3, next_attempt_at = $4, lease_until = NULL, owner = NULL, in_doubt = $5
         WHERE id = $1 AND status IN ('pending', 'sending')`, [id, dead ? "dead" : "pending", error, nextAttemptAt, opts.inDoubt ?? false]);
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
    close
  };
}

export {
  sqliteDialect,
  postgresDialect,
  schemaMigrationsSql,
  appliedVersionsSql,
  recordMigrationSql,
  pendingMigrations,
  createSqlStore
};
