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
  const sdkCard = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  sdkCard.parse(card, context);
  const found: string[] = [];
  for (let i = 0; i < context.eventCount; i++) found.push(`parse: ${context.getEventAt(i).message}`);
  for (const e of sdkCard.validateProperties().validationEvents) found.push(`validate: ${e.message}`);
  // An element the SDK silently dropped is also a problem: every element type sent must survive its round trip.
  const sent = typesIn(card);
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
