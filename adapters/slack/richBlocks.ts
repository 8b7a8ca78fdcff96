/**
 * Blocks not every Slack client shows (`data_visualization`, `table`): a
 * message is sent with them; when Slack refuses it with `invalid_blocks`
 * about one of them, it is sent again with that block's fallback instead
 * (render/slack.ts: the sparkline for a chart, section fields for a table),
 * and the workspace is remembered in the Store, so later posts there — also
 * after a restart, also from another replica once it has read the Store —
 * leave the block out without trying it first. No answer is lost to a
 * client that lacks a block.
 *
 * Slack's refusal: the Web API answers `{ ok: false, error: "invalid_blocks",
 * errors: [...], response_metadata: { messages: ["[ERROR] … [json-pointer:/blocks/3/type]"] } }`
 * (docs.slack.dev/reference/methods/chat.postMessage, "Errors"); a
 * response_url answers HTTP 400 with `invalid_blocks` as its body
 * (docs.slack.dev/messaging/sending-messages-using-incoming-webhooks, "Handling errors"),
 * which Bolt's `respond` turns into a RespondError carrying only the status.
 */
import { RICH_BLOCKS, richBlocksOf, type RichBlock } from "../../src/render/slack.ts";
import type { Logger } from "../../src/log.ts";
import type { Store } from "../../src/store/store.ts";
import { platformError } from "./actions.ts";

/** A message as far as a refusal is concerned: its blocks, by type. */
type Blocks = { blocks?: unknown };

/** What Slack's refusals name: `[json-pointer:/blocks/3…]`. */
const POINTER = /json-pointer:\/blocks\/(\d+)/g;

export class RichBlockSupport {
  /** Refused block types per workspace, as read from (and written to) the Store. */
  private readonly known = new Map<string, Promise<Set<RichBlock>>>();

  constructor(
    private readonly store: Pick<Store, "refusedSlackBlocks" | "refuseSlackBlocks">,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * The rich block types this workspace refused so far. When the Store cannot
   * be read, none: the message is tried with them (a refusal is still caught),
   * and the Store is asked again next time.
   */
  refused(workspace: string): Promise<Set<RichBlock>> {
    let known = this.known.get(workspace);
    if (!known) {
      known = this.store.refusedSlackBlocks(workspace).then(
        (types) => new Set(RICH_BLOCKS.filter((t) => types.includes(t))),
        (error: unknown) => {
          this.known.delete(workspace);
          this.log.warn("could not read which Slack blocks this workspace refused; trying them", { workspace, error });
          return new Set<RichBlock>();
        },
      );
      this.known.set(workspace, known);
    }
    return known;
  }

  /**
   * Renders for what the workspace can show and sends; on `invalid_blocks`
   * about a rich block, remembers the refusal and sends again without it.
   * Any other failure (or a refusal of a message without rich blocks) is thrown as it is.
   */
  async send<M, T>(workspace: string | undefined, render: (refused: ReadonlySet<RichBlock>) => M, send: (message: M) => Promise<T>): Promise<T> {
    const key = workspace ?? "";
    const refused = new Set(await this.refused(key));
    for (;;) {
      const message = render(refused);
      try {
        return await send(message);
      } catch (error) {
        const dropped = refusedBlocks(error, message);
        // Nothing rich to leave out, or only what was left out already: the refusal is about something else.
        if (dropped.length === 0 || dropped.every((type) => refused.has(type))) throw error;
        for (const type of dropped) refused.add(type);
        this.known.set(key, Promise.resolve(new Set(refused)));
        // Not remembered across restarts if the Store cannot be written; the message still goes.
        await this.store.refuseSlackBlocks(key, dropped, this.now()).catch((e: unknown) => this.log.warn("could not remember the Slack blocks a workspace refused", { workspace: key, error: e }));
        this.log.info("slack refused blocks; sending again without them, and skipping them in this workspace from now on", { workspace: key, blocks: dropped });
      }
    }
  }
}

/**
 * The rich block types a failed send was refused for: the ones Slack's
 * error points at, or — when it points at none (a response_url says only
 * "400") — every rich block the message holds. Empty when the failure is
 * not an `invalid_blocks` refusal, or is about other blocks.
 */
export function refusedBlocks(error: unknown, sent: unknown): RichBlock[] {
  const message = (sent ?? {}) as Blocks;
  const rich = richBlocksOf(message);
  if (rich.length === 0 || !isInvalidBlocks(error)) return [];
  const data = (error as { data?: { errors?: unknown; response_metadata?: { messages?: unknown } } }).data;
  const said = [data?.errors, data?.response_metadata?.messages].flatMap((list) => (Array.isArray(list) ? list.map(String) : []));
  const pointed = new Set<string>();
  for (const line of said) for (const match of line.matchAll(POINTER)) pointed.add((message.blocks as Array<{ type?: string }> | undefined)?.[Number(match[1])]?.type ?? "");
  if (pointed.size === 0) return rich;
  return rich.filter((type) => pointed.has(type));
}

/** A Web API `invalid_blocks`, or a response_url that answered 400 (Bolt's RespondError), or 200 with `invalid_blocks` in its body. */
function isInvalidBlocks(error: unknown): boolean {
  if (platformError(error) === "invalid_blocks") return true;
  const e = error as { code?: unknown; statusCode?: unknown } | undefined;
  return e?.code === "slack_bolt_respond_error" && e.statusCode === 400;
}

/**
 * Posts to a response_url through Bolt's `respond`, turning an answer whose
 * body says `invalid_blocks` into the same refusal as a 400.
 */
export async function respondChecked<A>(respond: (args: A) => Promise<unknown>, args: A): Promise<void> {
  const response = await respond(args);
  if (response instanceof Response) {
    const body = await response.text().catch(() => "");
    if (/invalid_blocks/.test(body)) throw Object.assign(new Error("response_url refused the blocks"), { data: { error: "invalid_blocks" } });
  }
}
