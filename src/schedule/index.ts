/**
 * Digests and alerts: the `digest …` / `alert …` commands, the alert state
 * machine, digests through the command path, and the exactly-once scheduler
 * with its outbox. Posters for chat platforms plug in through `Poster`.
 */
export { parseManageCommand, defaultMinN, ALERT_DEFAULTS, DEFAULT_DIGEST_METRICS, DEFAULT_DIGEST_PERIOD, type ManageCommand, type ManageContext } from "../commands/parseManage.ts";
export { runManageCommand, canManage, NOT_ADMIN_MESSAGE, type ManageDeps, type Requester } from "./manage.ts";
export { buildDigest, largestMover, changeZ } from "./digest.ts";
export { nextAlertState, initialAlertState, breaches, movedBy, type AlertObservation, type AlertTransition } from "./alertState.ts";
export { checkAlert, findEvidence, pickSegment, alertReport, alertQuestion, badDirection, type AlertCheck } from "./alertCheck.ts";
export { acknowledgeAlert, snoozeAlert, muteRule, unmuteRule } from "./actions.ts";
export { ConsolePoster, type Poster, type Posters, type PostOptions, type TextSink } from "./poster.ts";
export {
  Scheduler,
  processOwner,
  episodeFirstId,
  DEFAULT_CATCH_UP_MS,
  DEFAULT_LEASE_MS,
  DEFAULT_OUTBOX_POLICY,
  type CronJob,
  type CronJobs,
  type DispatchResult,
  type OutboxPolicy,
  type SchedulerOptions,
  type TickResult,
} from "./scheduler.ts";
export { nextRunAt, latestRunAt, runsBetween, describeSchedule, cronProblem } from "./cron.ts";
export { outboxId, readPayload, reviveDates, type OutboxPayload } from "./payload.ts";
export { shortId, freeId } from "./ids.ts";
export { scheduleView, digestView, alertRuleView } from "./views.ts";
export { engineAt } from "./engineAt.ts";
