/**
 * Every Slack limit a message must keep (docs/architecture.md, "Platform
 * facts"; docs.slack.dev/reference/block-kit/blocks and the pages of the
 * data_visualization and table blocks), as a list of what was broken —
 * empty when the message is fine. Shared by the renderer and limits tests.
 */
import { SLACK_LIMITS, type SlackMessage, type SlackText } from "../../src/render/slack.ts";

export function slackViolations(message: SlackMessage): string[] {
  const found: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) found.push(what);
  };
  check(message.text.trim().length > 0, "fallback text is empty");
  check(message.blocks.length <= SLACK_LIMITS.blocks, `${message.blocks.length} blocks`);
  check(JSON.stringify(message.blocks).length <= SLACK_LIMITS.messageChars, `blocks are ${JSON.stringify(message.blocks).length} characters`);
  check(message.blocks.filter((b) => b.type === "data_visualization").length <= SLACK_LIMITS.charts, "more than two charts");
  check(message.blocks.filter((b) => b.type === "table").length <= SLACK_LIMITS.tables, "more than one table");
  const textOk = (t: SlackText | undefined, max: number, where: string) => {
    if (t) check(t.text.length <= max && t.text.length > 0, `${where} text is ${t.text.length} characters`);
  };
  const actionIds = new Set<string>();
  message.blocks.forEach((block, i) => {
    switch (block.type) {
      case "header":
        textOk(block.text, SLACK_LIMITS.header, `header ${i}`);
        break;
      case "section":
        check(block.text !== undefined || (block.fields?.length ?? 0) > 0, `section ${i} is empty`);
        textOk(block.text, SLACK_LIMITS.sectionText, `section ${i}`);
        check((block.fields?.length ?? 0) <= SLACK_LIMITS.fields, `section ${i} has ${block.fields?.length} fields`);
        block.fields?.forEach((f, j) => textOk(f, SLACK_LIMITS.fieldText, `section ${i} field ${j}`));
        break;
      case "context":
        check(block.elements.length <= SLACK_LIMITS.contextElements, `context ${i} has ${block.elements.length} elements`);
        block.elements.forEach((e, j) => textOk(e, SLACK_LIMITS.sectionText, `context ${i} element ${j}`));
        break;
      case "actions":
        check(block.elements.length <= SLACK_LIMITS.actionsElements, `actions ${i} has ${block.elements.length} elements`);
        for (const b of block.elements) {
          check(b.text.text.length <= SLACK_LIMITS.buttonText, `button ${b.text.text}`);
          check(b.value.length <= SLACK_LIMITS.buttonValue, `button value of ${b.text.text}`);
          check(!actionIds.has(b.action_id), `action id ${b.action_id} twice`);
          actionIds.add(b.action_id);
        }
        break;
      case "data_visualization": {
        const { chart } = block;
        const categories = chart.axis_config.categories;
        check(block.title.length > 0 && block.title.length <= SLACK_LIMITS.chartTitle, `chart ${i} title is ${block.title.length} characters`);
        check(chart.series.length >= 1 && chart.series.length <= SLACK_LIMITS.chartSeries, `chart ${i} has ${chart.series.length} series`);
        check(new Set(categories).size === categories.length, `chart ${i} repeats a category`);
        for (const label of [...categories, ...chart.series.map((s) => s.name)]) check(label.length > 0 && label.length <= SLACK_LIMITS.chartLabel, `chart ${i} label "${label}"`);
        for (const axis of [chart.axis_config.x_label, chart.axis_config.y_label]) check(axis === undefined || axis.length <= SLACK_LIMITS.chartTitle, `chart ${i} axis label`);
        for (const s of chart.series) {
          check(s.data.length >= 1 && s.data.length <= SLACK_LIMITS.chartPoints, `chart ${i} series ${s.name} has ${s.data.length} points`);
          check(JSON.stringify(s.data.map((d) => d.label)) === JSON.stringify(categories), `chart ${i} series ${s.name} does not follow the categories`);
          for (const d of s.data) check(typeof d.value === "number" && Number.isFinite(d.value), `chart ${i} value ${d.value} of ${d.label}`);
        }
        break;
      }
      case "table":
        check(block.rows.length >= 1 && block.rows.length <= SLACK_LIMITS.tableRows, `table ${i} has ${block.rows.length} rows`);
        for (const row of block.rows) {
          check(row.length === block.rows[0]!.length && row.length <= SLACK_LIMITS.tableColumns, `table ${i} row of ${row.length} cells`);
          for (const cell of row) check(cell.text.length > 0 && cell.text.length <= SLACK_LIMITS.tableCell, `table ${i} cell of ${cell.text.length} characters`);
        }
        check((block.column_settings?.length ?? 0) <= SLACK_LIMITS.tableColumns, `table ${i} column settings`);
        break;
      case "divider":
        break;
    }
  });
  return found;
}

/** Every piece of text in a message that Slack reads as mrkdwn or plain text, or shows in a chart or table. */
export function slackTexts(message: SlackMessage): string[] {
  return message.blocks.flatMap((block): string[] => {
    switch (block.type) {
      case "header":
        return [block.text.text];
      case "section":
        return [...(block.text ? [block.text.text] : []), ...(block.fields ?? []).map((f) => f.text)];
      case "context":
        return block.elements.map((e) => e.text);
      case "actions":
        return block.elements.map((b) => b.text.text);
      case "data_visualization":
        return [block.title, ...block.chart.axis_config.categories, ...block.chart.series.map((s) => s.name)];
      case "table":
        return block.rows.flat().map((c) => c.text);
      default:
        return [];
    }
  });
}
