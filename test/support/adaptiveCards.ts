/**
 * Validates Adaptive Cards with Microsoft's own Adaptive Cards SDK: parse in a
 * 1.5 context (what Teams renders), validate, and check that every element
 * type sent survives the SDK's round trip. Shared by the renderer tests and
 * the Teams adapter tests (every card the bot sends goes through it).
 */
import { createRequire } from "node:module";

interface ValidationEvent {
  phase: number;
  event: number;
  message: string;
}
interface SdkCard {
  parse(json: unknown, context: unknown): void;
  validateProperties(): { validationEvents: ValidationEvent[] };
  toJSON(): unknown;
}
interface Sdk {
  AdaptiveCard: new () => SdkCard;
  SerializationContext: new (version: unknown) => { eventCount: number; getEventAt(i: number): ValidationEvent };
  Versions: { v1_5: unknown };
}
// The package's main entry points at files it does not ship; its bundled build is complete.
const AC = createRequire(import.meta.url)("adaptivecards/dist/adaptivecards.js") as Sdk;

/** Cards bigger than this are reported: Teams refuses messages near 80 KB, so stay well under. */
export const MAX_CARD_BYTES = 40_000;

/** What Microsoft's SDK objects to, parsing and validating the card as version 1.5; empty when the card is fine. */
export function problems(card: unknown): string[] {
  const found: string[] = [];
  // Teams' chart elements are unknown to the SDK: each is checked against the shape Teams documents, and the SDK sees its fallback.
  const asParsed = withChartFallbacks(card, found);
  const sdkCard = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  sdkCard.parse(asParsed, context);
  for (let i = 0; i < context.eventCount; i++) found.push(`parse: ${context.getEventAt(i).message}`);
  for (const e of sdkCard.validateProperties().validationEvents) found.push(`validate: ${e.message}`);
  // An element the SDK silently dropped is also a problem: every element type sent must survive its round trip.
  const sent = typesIn(asParsed);
  const kept = typesIn(sdkCard.toJSON());
  for (const type of sent) if (!kept.has(type)) found.push(`dropped: ${type}`);
  const bytes = JSON.stringify(card).length;
  if (bytes > MAX_CARD_BYTES) found.push(`card is ${bytes} bytes`);
  return found;
}

function typesIn(json: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(json)) json.forEach((x) => typesIn(x, into));
  else if (json && typeof json === "object") {
    for (const [k, v] of Object.entries(json)) {
      if (k === "type" && typeof v === "string") into.add(v);
      else typesIn(v, into);
    }
  }
  return into;
}

/**
 * Teams' chart elements, as documented in "Charts in Adaptive Cards"
 * (https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/charts-in-adaptive-cards)
 * and drawn by Microsoft 365 Agents Playground: `Chart.Line` takes `data` as
 * series `{ legend, values: [{ x, y }] }`; the bar charts take `data` as
 * `[{ x, y }]`. Each chart the bot sends must also carry a `fallback` for
 * clients without charts. Returns the card with every chart replaced by its
 * fallback (what the SDK, a client without charts, sees); what is wrong goes into `found`.
 */
export const CHART_TYPES = new Set(["Chart.Line", "Chart.VerticalBar", "Chart.HorizontalBar"]);

function withChartFallbacks(json: unknown, found: string[]): unknown {
  if (Array.isArray(json)) return json.map((x) => withChartFallbacks(x, found));
  if (!json || typeof json !== "object") return json;
  const element = json as Record<string, unknown>;
  if (typeof element.type === "string" && element.type.startsWith("Chart.")) {
    const type = element.type;
    const point = (p: unknown, xKinds: string[]) =>
      !!p && typeof p === "object" && xKinds.includes(typeof (p as { x?: unknown }).x) && Number.isFinite((p as { y?: unknown }).y as number);
    if (!CHART_TYPES.has(type)) found.push(`chart: ${type} is not a chart the bot draws`);
    else if (!Array.isArray(element.data) || element.data.length === 0) found.push(`chart: ${type} without data`);
    else if (type === "Chart.Line") {
      for (const series of element.data as Array<{ legend?: unknown; values?: unknown }>) {
        if (typeof series.legend !== "string" || !Array.isArray(series.values) || !series.values.every((p) => point(p, ["string", "number"]))) {
          found.push(`chart: ${type} series ${JSON.stringify(series).slice(0, 80)} is not { legend, values: [{ x, y }] }`);
        }
      }
    } else if (!(element.data as unknown[]).every((p) => point(p, ["string"]))) found.push(`chart: ${type} data is not [{ x: string, y: number }]`);
    if (element.title !== undefined && typeof element.title !== "string") found.push(`chart: ${type} title is not text`);
    if (!element.fallback || typeof element.fallback !== "object") {
      found.push(`chart: ${type} has no fallback element`);
      return { type: "TextBlock", text: "(chart)" };
    }
    return withChartFallbacks(element.fallback, found);
  }
  if (typeof element.type === "string" && element.type.startsWith("Action.") && element.fallback && typeof element.fallback === "object") {
    // The SDK takes an action's fallback but does not write it back: it is checked on its own, in a card of its own.
    for (const p of problems({ type: "AdaptiveCard", version: "1.5", body: [], actions: [element.fallback] })) found.push(`fallback of ${element.type}: ${p}`);
    const { fallback: _checked, ...rest } = element;
    return withChartFallbacks(rest, found);
  }
  return Object.fromEntries(Object.entries(element).map(([k, v]) => [k, withChartFallbacks(v, found)]));
}

/** The chart elements of a card, outermost first. */
export function chartsIn(json: unknown, into: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  if (Array.isArray(json)) json.forEach((x) => chartsIn(x, into));
  else if (json && typeof json === "object") {
    const element = json as Record<string, unknown>;
    if (typeof element.type === "string" && element.type.startsWith("Chart.")) into.push(element);
    for (const v of Object.values(element)) chartsIn(v, into);
  }
  return into;
}
