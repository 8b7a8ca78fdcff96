/**
 * What an inbound Bot Framework activity must hold before botbuilder and the
 * handler see it; anything else is answered 400. botbuilder reads
 * `activity.recipient.id` and each mention's `mentioned.id` without checking,
 * and the ids end up in the Store (where a NUL breaks Postgres).
 */
import { z } from "zod";

const noControl = (s: string) => !/[\u0000-\u001F\u007F]/.test(s);
const id = z.string().min(1).max(1000).refine(noControl, { message: "holds a control character" });
const account = z.looseObject({ id });

const ACTIVITY = z
  .looseObject({
    type: z.string().min(1).max(100),
    serviceUrl: z.string().url().max(2000),
    conversation: z.looseObject({ id }),
    from: account.optional(),
    recipient: account.optional(),
    text: z.string().optional(),
    entities: z.array(z.looseObject({ type: z.string() })).optional(),
    membersAdded: z.array(account).optional(),
  })
  .superRefine((activity, ctx) => {
    if (activity.type === "message" || activity.type === "invoke") {
      if (!activity.from) ctx.addIssue({ code: "custom", path: ["from"], message: "is missing" });
      if (!activity.recipient) ctx.addIssue({ code: "custom", path: ["recipient"], message: "is missing" });
    }
    activity.entities?.forEach((entity, i) => {
      if (entity.type !== "mention") return;
      const mentioned = (entity as { mentioned?: { id?: unknown } }).mentioned;
      if (typeof mentioned?.id !== "string") ctx.addIssue({ code: "custom", path: ["entities", i, "mentioned"], message: "a mention needs mentioned.id" });
    });
  });

/**
 * Why a body is not an activity the bot can handle; undefined when it is one.
 * @example activityProblem({ type: "message" }) // "serviceUrl: …; conversation: …"
 */
export function activityProblem(body: unknown): string | undefined {
  const parsed = ACTIVITY.safeParse(body);
  if (parsed.success) return undefined;
  return parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".") || "activity"}: ${issue.message}`)
    .join("; ");
}
