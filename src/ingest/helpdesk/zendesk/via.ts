/**
 * Zendesk's via ids: `via.channel` may be an integer instead of a via type
 * ("channel": 4 is "mail"). The table is Zendesk's "Via types reference"
 * (developer.zendesk.com/documentation/ticketing/reference-guides/via-types):
 * ids 0–41 as that page lists them; 42–57 in the page's order, of which 56
 * (mobile) is also the example on the "Via object reference" page. An id not
 * listed stays unknown.
 *
 * @example
 * viaType(4); // "mail"
 * viaType("web_form"); // "web_form"
 */
export const ZENDESK_VIA_IDS: Readonly<Record<number, string>> = {
  0: "web_form",
  4: "mail",
  5: "web_service",
  8: "rule",
  9: "linked_problem",
  10: "group_deletion",
  11: "user_change",
  12: "user_deletion",
  13: "group_change",
  14: "resource_push",
  15: "iphone",
  16: "get_satisfaction",
  17: "dropbox",
  19: "merge",
  20: "batch",
  21: "recovered_from_suspended_tickets",
  22: "automatic_solution_suggestions",
  23: "twitter_favorite",
  24: "topic",
  25: "user_merge",
  26: "twitter_dm",
  27: "closed_ticket",
  28: "logmein_rescue",
  29: "chat",
  30: "twitter",
  31: "ticket_sharing",
  32: "macro_reference",
  33: "voicemail",
  34: "phone_call_inbound",
  35: "phone_call_outbound",
  36: "blog",
  37: "text_message",
  38: "facebook_post",
  39: "import",
  40: "github",
  41: "facebook_message",
  42: "lotus",
  43: "monitor_event",
  44: "api_voicemail",
  45: "api_phone_call_inbound",
  46: "api_phone_call_outbound",
  47: "churned_account",
  48: "web_widget",
  49: "mobile_sdk",
  50: "helpcenter",
  51: "sample_ticket",
  52: "sample_interactive_ticket",
  53: "admin_setting",
  54: "satisfaction_prediction",
  55: "any_channel",
  56: "mobile",
  57: "sms",
};

/** A `via.channel` as a via type: integers through ZENDESK_VIA_IDS (numeric strings too); null when absent or not listed. */
export function viaType(channel: unknown): string | null {
  if (typeof channel === "string" && channel.trim() !== "" && !/^\d+$/.test(channel.trim())) return channel.trim();
  const id = typeof channel === "number" ? channel : typeof channel === "string" && channel.trim() !== "" ? Number(channel.trim()) : NaN;
  return Number.isInteger(id) ? (ZENDESK_VIA_IDS[id] ?? null) : null;
}
