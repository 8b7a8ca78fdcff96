/**
 * Report → Slack Block Kit message. Pure: the same report always gives the
 * same JSON, which stays inside every Block Kit limit (DESIGN.md):
 * ≤ 50 blocks, section text ≤ 3,000, ≤ 10 fields of ≤ 2,000, header ≤ 150,
 * context ≤ 10 elements, button text ≤ 75, and the whole message kept small.
 */
import type { AlertReport, DefineReport, ErrorReport, HelpReport, MetricReport, Report } from "../report.ts";
import {
  answerNotes,
  noDataText,
  changeArrow,
  datesLine,
  describeChange,
  filterText,
  formatInstant,
  formatInterval,
  formatResult,
  formatValue,
  sampleSize,
  sparkline,
  stepNoun,
  summaryLine,
} from "./format.ts";
import { renderText } from "./text.ts";

export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  header: 150,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2000,
  /** Messages near 13,000 characters of blocks have been refused even inside the other limits. */
  messageChars: 12_000,
} as const;

/** Breakdown rows shown before "and N more". */
export const SLACK_BREAKDOWN_ROWS = 15;

export type SlackText = { type: "plain_text"; text: string; emoji?: boolean } | { type: "mrkdwn"; text: string };
export type SlackBlock =
  | { type: "header"; text: { type: "plain_text"; text: string; emoji?: boolean } }
  | { type: "section"; text?: SlackText; fields?: SlackText[]; block_id?: string }
  | { type: "context"; elements: SlackText[] }
  | { type: "divider" }
  | { type: "actions"; block_id?: string; elements: SlackButton[] };
export interface SlackButton {
  type: "button";
  text: { type: "plain_text"; text: string; emoji?: boolean };
  action_id: string;
  value: string;
  style?: "primary" | "danger";
}
export interface SlackMessage {
  /** Fallback text for notifications and clients that cannot show blocks. */
  text: string;
  blocks: SlackBlock[];
}

/** The buttons under a metric answer; each re-runs the command path with a changed command. */
export const SLACK_ACTIONS = {
  byChannel: "rerun_by_channel",
  byAgent: "rerun_by_agent",
  vsLastYear: "rerun_vs_last_year",
  share: "share_in_channel",
  /** Alert buttons: their value is the management command (`alert ack a-4fq`), run through the command path. */
  alertAck: "alert_ack",
  alertSnooze: "alert_snooze",
  alertMute: "alert_mute",
} as const;

/** Slack mrkdwn treats &, < and > as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const md = (text: string, max: number = SLACK_LIMITS.sectionText): SlackText => ({ type: "mrkdwn", text: clip(text, max) });
const plain = (text: string, max: number): { type: "plain_text"; text: string; emoji: true } => ({
  type: "plain_text",
  text: clip(text, max),
  emoji: true,
});

export function renderSlack(report: Report, opts: { shared?: boolean } = {}): SlackMessage {
  switch (report.kind) {
    case "metric":
      return metricMessage(report, opts.shared ?? false);
    case "help":
      return helpMessage(report);
    case "define":
      return defineMessage(report);
    case "error":
      return errorMessage(report);
    case "alert":
      return alertMessage(report);
    default:
      return textMessage(report);
  }
}

const ALERT_ICONS: Record<AlertReport["notice"], string> = {
  firing: ":rotating_light:",
  repeat: ":rotating_light:",
  resolved: ":white_check_mark:",
  no_data: ":grey_question:",
  source_error: ":warning:",
};

/**
 * An alert: what the text says, with Acknowledge / Snooze 24h / Mute rule while it
 * is firing. The buttons run `alert ack|snooze|mute <id>`, so permissions are
 * the command path's.
 */
function alertMessage(r: AlertReport): SlackMessage {
  const base = textMessage(r);
  const [first, ...rest] = base.blocks;
  const blocks: SlackBlock[] = [
    ...(first?.type === "section" && first.text ? [{ type: "section" as const, text: md(`${ALERT_ICONS[r.notice]} *${first.text.text}*`) }] : []),
    ...rest,
  ];
  if (r.notice === "firing" || r.notice === "repeat") {
    const id = r.rule.id;
    const button = (text: string, action: string, value: string, style?: "danger"): SlackButton => ({
      type: "button",
      text: plain(text, SLACK_LIMITS.buttonText),
      action_id: action,
      value,
      ...(style ? { style } : {}),
    });
    blocks.push({
      type: "actions",
      block_id: `alert_actions:${id}`,
      elements: [
        button("Acknowledge", SLACK_ACTIONS.alertAck, `alert ack ${id}`),
        button("Snooze 24h", SLACK_ACTIONS.alertSnooze, `alert snooze ${id} 24h`),
        button("Mute rule", SLACK_ACTIONS.alertMute, `alert mute ${id}`, "danger"),
      ],
    });
  }
  return { text: base.text, blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}

function metricMessage(r: MetricReport, shared: boolean): SlackMessage {
  const { metric, result, comparison } = r;
  const filters = filterText(r);
  const blocks: SlackBlock[] = [
    { type: "header", text: plain(`${metric.name} · ${r.current.period.label}`, SLACK_LIMITS.header) },
  ];

  const dates = `${datesLine(r)}${filters ? ` · where ${filters}` : ""}`;
  if (!result) {
    blocks.push({ type: "section", text: md(`*No data* — ${escapeMrkdwn(noDataText(r))}\n${escapeMrkdwn(dates)}`) });
  } else {
    const change = describeChange(comparison, metric);
    const against = comparison.against === "last-year" ? "the same dates last year" : "the previous period";
    const compared = comparison.result
      ? `${changeArrow(comparison.change)} ${change ?? ""} vs ${against} (${formatResult(comparison.result, metric)})`
      : `No data for ${against} to compare with`;
    blocks.push({ type: "section", text: md(`*${escapeMrkdwn(formatResult(result, metric))}*   ${escapeMrkdwn(compared)}`) });

    const fields: SlackText[] = [md(`*Period*\n${escapeMrkdwn(dates)}`, SLACK_LIMITS.fieldText)];
    const size = sampleSize(result, metric);
    if (size) fields.push(md(`*Records*\n${size.replace("n = ", "")}`, SLACK_LIMITS.fieldText));
    const interval = formatInterval(result, metric);
    if (interval) fields.push(md(`*95% interval*\n${escapeMrkdwn(interval)}`, SLACK_LIMITS.fieldText));
    const spark = sparkline(r.trend.map((t) => t.value));
    if (spark) fields.push(md(`*Last ${r.trend.length} ${stepNoun(r.current.period.step.unit, r.current.period.step.count)}*\n\`${spark}\``, SLACK_LIMITS.fieldText));
    for (const extra of result.extras ?? []) {
      fields.push(md(`*${escapeMrkdwn(extra.label)}*\n${escapeMrkdwn(formatValue(extra.value, extra.unit, { currency: metric.currency }))}`, SLACK_LIMITS.fieldText));
    }
    if (comparison.result) {
      fields.push(md(`*${comparison.against === "last-year" ? "Last year" : "Previous period"}*\n${escapeMrkdwn(comparison.dates)}`, SLACK_LIMITS.fieldText));
    }
    blocks.push({ type: "section", fields: fields.slice(0, SLACK_LIMITS.fields) });
    if (result.note) blocks.push({ type: "context", elements: [md(escapeMrkdwn(result.note))] });
  }

  if (r.breakdown && r.breakdown.rows.length > 0) {
    blocks.push({ type: "divider" });
    blocks.push({ type: "section", text: md(breakdownText(r)) });
  }

  const notes = answerNotes(r);
  if (notes.length > 0) blocks.push({ type: "context", elements: notes.map((n) => md(`:warning: ${escapeMrkdwn(n)}`, 1000)) });

  blocks.push({
    type: "context",
    elements: [
      md(`${escapeMrkdwn(metric.name)}: ${escapeMrkdwn(metric.formula)}.`, 1000),
      md(r.freshness ? `Data up to ${formatInstant(r.freshness, r.timeZone)} ${r.timeZone}` : "No records in this dataset yet"),
    ],
  });

  const buttons = metricButtons(r, shared);
  if (buttons.length > 0) blocks.push({ type: "actions", block_id: "metric_actions", elements: buttons });
  return { text: clip(summaryLine(r), 3000), blocks };
}

/** A ranked table in a code block, clipped to the section limit with "and N more". */
function breakdownText(r: MetricReport): string {
  const rows = r.breakdown!.rows;
  const title = `*By ${escapeMrkdwn(r.breakdown!.dimension)}*`;
  const keyWidth = Math.min(24, Math.max(4, ...rows.slice(0, SLACK_BREAKDOWN_ROWS).map((row) => (row.key ?? "(none)").length)));
  const line = (row: (typeof rows)[number], i: number) => {
    const key = clip(row.key ?? "(none)", 24).padEnd(keyWidth);
    const value = row.result ? formatResult(row.result, r.metric) : "no data";
    const share = row.share !== undefined ? ` (${row.share.toFixed(1)}%)` : "";
    const size = row.result ? sampleSize(row.result, r.metric) : undefined;
    return `${String(i + 1).padStart(2)}. ${key}  ${value.padStart(12)}${share}${size ? `  ${size}` : ""}`;
  };
  const lines: string[] = [];
  let shown = 0;
  for (const [i, row] of rows.entries()) {
    if (i >= SLACK_BREAKDOWN_ROWS) break;
    const next = escapeMrkdwn(line(row, i));
    // Leave room for the title, the fences and the "and N more" line.
    if ([title, ...lines, next].join("\n").length + 40 > SLACK_LIMITS.sectionText) break;
    lines.push(next);
    shown++;
  }
  const more = rows.length - shown;
  return `${title}\n\`\`\`${lines.join("\n")}\`\`\`${more > 0 ? `\n…and ${more} more` : ""}`;
}

const FOLLOW_UP_ACTIONS = {
  "by-channel": "rerun_by_channel",
  "by-agent": "rerun_by_agent",
  "vs-last-year": "rerun_vs_last_year",
} as const;

function metricButtons(r: MetricReport, shared: boolean): SlackButton[] {
  const button = (text: string, action: string, value: string, style?: "primary"): SlackButton => ({
    type: "button",
    text: plain(text, SLACK_LIMITS.buttonText),
    action_id: action,
    value: clip(value, SLACK_LIMITS.buttonValue),
    ...(style ? { style } : {}),
  });
  const buttons = r.followUps.map((f) => button(f.label, FOLLOW_UP_ACTIONS[f.kind], f.command));
  if (!shared) buttons.push(button("Share in channel", SLACK_ACTIONS.share, r.command, "primary"));
  // A command too long for a button's value would be cut, and run as something else: such a button is left out.
  return buttons.filter((_button, i) => (i < r.followUps.length ? r.followUps[i]!.command : r.command).length <= SLACK_LIMITS.buttonValue);
}

function helpMessage(r: HelpReport): SlackMessage {
  const metrics = r.metrics.map((m) => `\`${m.id}\` ${escapeMrkdwn(m.name)}`);
  const half = Math.ceil(metrics.length / 2);
  return {
    text: "What I can answer: a metric, a period, and optionally a breakdown, a comparison or a filter.",
    blocks: [
      { type: "header", text: plain("Customer-service metrics", SLACK_LIMITS.header) },
      {
        type: "section",
        text: md("Ask for a metric and a period:\n`<metric> [period] [by <dimension>] [vs previous|last-year] [where <field>=<value>]`\n" + r.examples.map((e) => `• \`${e}\``).join("\n")),
      },
      { type: "section", fields: [md(metrics.slice(0, half).join("\n"), SLACK_LIMITS.fieldText), md(metrics.slice(half).join("\n"), SLACK_LIMITS.fieldText)] },
      { type: "context", elements: [md(`Periods: ${r.periods.map((p) => `\`${p}\``).join(", ")}`), md("`define <metric>` explains a metric.")] },
    ],
  };
}

function defineMessage(r: DefineReport): SlackMessage {
  const m = r.metric;
  const direction = { higher: "higher is better", lower: "lower is better", neutral: "neither direction is better" }[m.direction];
  const fields = [
    md(`*Direction*\n${direction}`, SLACK_LIMITS.fieldText),
    md(`*Dataset*\n${m.dataset}`, SLACK_LIMITS.fieldText),
    md(`*Freshness*\n${r.freshness ? `${formatInstant(r.freshness, r.timeZone ?? "UTC")} ${r.timeZone ?? "UTC"}` : "no records yet"}`, SLACK_LIMITS.fieldText),
  ];
  if (r.scale) fields.push(md(`*Scale*\n${escapeMrkdwn(r.scale)}`, SLACK_LIMITS.fieldText));
  if (r.dimensions.length) fields.push(md(`*By / where*\n${r.dimensions.join(", ")}`, SLACK_LIMITS.fieldText));
  if (m.aliases.length) fields.push(md(`*Also called*\n${escapeMrkdwn(m.aliases.join(", "))}`, SLACK_LIMITS.fieldText));
  return {
    text: `${m.name} (${m.id}): ${m.formula}`,
    blocks: [
      { type: "header", text: plain(`${m.name} (${m.id})`, SLACK_LIMITS.header) },
      { type: "section", text: md(`*Formula:* ${escapeMrkdwn(m.formula)}.`) },
      { type: "section", fields },
      { type: "context", elements: [md(`Try: ${r.examples.map((e) => `\`${e}\``).join(" · ")}`)] },
    ],
  };
}

function errorMessage(r: ErrorReport): SlackMessage {
  const icon = r.cause === "user" ? ":bulb:" : r.cause === "unavailable" ? ":information_source:" : ":warning:";
  const blocks: SlackBlock[] = [{ type: "section", text: md(`${icon} ${escapeMrkdwn(r.message)}`) }];
  if (r.hint) blocks.push({ type: "context", elements: [md(escapeMrkdwn(r.hint))] });
  return { text: clip(r.hint ? `${r.message} ${r.hint}` : r.message, 3000), blocks };
}

/** Any other report, as its text in sections (chunked to the section limit). */
function textMessage(report: Report): SlackMessage {
  const text = renderText(report);
  const chunks: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    if ((current + line).length + 10 > SLACK_LIMITS.sectionText) {
      chunks.push(current);
      current = "";
    }
    current += `${line}\n`;
  }
  if (current.trim()) chunks.push(current);
  // Whatever the report, the message stays under the size Slack refuses (lists come a page at a time; this is the backstop).
  const blocks: SlackBlock[] = [];
  let size = 0;
  for (const chunk of chunks) {
    const section = escapeMrkdwn(chunk.trimEnd());
    if (blocks.length === SLACK_LIMITS.blocks - 1 || size + Math.min(section.length, SLACK_LIMITS.sectionText) > SLACK_LIMITS.messageChars - 200) {
      blocks.push({ type: "context", elements: [md("…cut here: the rest is too long for one Slack message.")] });
      break;
    }
    blocks.push({ type: "section", text: md(section) });
    size += Math.min(section.length, SLACK_LIMITS.sectionText);
  }
  return { text: clip(text.split("\n")[0] ?? "", 3000), blocks };
}
