/**
 * The plain-language word lists: filler people put around a question, the
 * words for each dimension, number words, and the words before a value.
 * Filler is dropped only after metric names, period phrases, `by` phrases and
 * known values had their chance, so a value that is a common word still wins.
 */
import { table } from "../wordTable.ts";

/** Question words, politeness and glue: dropped where nothing else reads them. */
export const FILLER = new Set([
  "how", "hows", "how's", "what", "whats", "what's", "whatre", "what're", "which", "who", "when", "where's", "wheres",
  "was", "were", "is", "are", "be", "been", "being", "am", "isnt", "isn't", "arent", "aren't",
  "did", "do", "does", "doing", "done", "has", "have", "had", "having", "get", "got", "getting", "give", "gimme",
  "show", "showing", "tell", "let", "lets", "let's", "see", "know", "check", "pull", "fetch", "display", "report", "find",
  "me", "us", "we", "i", "i'd", "id", "i'm", "im", "you", "our", "ours", "my", "your", "their", "its", "it", "it's", "that", "this's", "there",
  "please", "pls", "plz", "thanks", "thank", "thx", "hey", "hi", "hello", "yo", "ok", "okay", "so", "just", "quick", "quickly", "now", "currently",
  "the", "a", "an", "some", "any", "all", "of", "for", "on", "in", "at", "to", "from", "via", "through", "over", "during", "within", "about", "into",
  "and", "or", "&", "+", "also", "then", "like", "looking", "look", "looks", "trend", "trending", "trends", "going", "go", "goes", "went",
  "can", "could", "would", "will", "should", "may", "might", "want", "wanna", "need", "like", "love",
  "many", "much", "number", "count", "total", "amount", "overall", "level", "levels", "value", "values", "figure", "figures",
  "numbers", "stats", "statistics", "metric", "metrics", "kpi", "kpis", "rate", "score", "scores", "percentage", "percent", "%",
  "average", "avg", "mean", "data", "results", "result", "performance", "perform", "performed", "performing",
  "been", "up", "out", "handled", "received", "came", "come", "coming", "new", "had", "with",
  "so-far", "far", "yet", "until", "till", "right", "exactly", "roughly", "approximately", "currently", "current-state",
  // What the rows are: `frt for high priority tickets`, `aht on billing calls`, `retention for enterprise customers`.
  "ticket", "tickets", "call", "calls", "customer", "customers", "client", "clients", "traffic", "visit", "visits", "visitor", "visitors",
  "session", "sessions", "survey", "surveys", "response", "responses", "answer", "answers", "conversation", "conversations",
  "case", "cases", "request", "requests", "interaction", "interactions", "contact", "contacts", "user", "users", "side", "queue's",
  "review", "reviews", "comment", "comments", "reply", "replies", "bot", "one", "question", "long", "take", "takes", "took", "resolve",
  "created", "opened", "raised", "submitted", "logged", "filed",
  "lately", "recently", "recent", "typically", "usually", "again", "as", "counts", "things",
  // Rankings and direction: the answer ranks and judges the change itself.
  "best", "worst", "highest", "lowest", "top", "bottom", "most", "least", "ranked", "ranking", "rank", "leaderboard",
  "better", "worse", "improving", "improved", "getting", "dropped", "drop", "dropping", "rise", "rising", "changed", "change",
  "team's", "company", "company's", "whole", "entire", "everyone", "everything", "overview", "summary", "update", "status",
]);

/** Words that leave values out: never filler, refused with a hint (they would silently read as the opposite). */
export const NEGATIONS = new Set(["not", "except", "excluding", "exclude", "without", "besides", "other-than", "non", "minus", "but"]);

/** Words after which an unknown word is most likely a value someone expected us to know ("csat for Zorro"). */
export const VALUE_PREPOSITIONS = new Set(["for", "on", "in", "via", "from", "through", "at", "over", "of"]);

/** What people call each dimension (singular and plural). */
export const DIMENSION_WORDS: Record<string, string> = table({
  channel: "channel", channels: "channel", medium: "channel", media: "channel",
  agent: "agent", agents: "agent", rep: "agent", reps: "agent", person: "agent", people: "agent", staff: "agent",
  "team-member": "agent", "team-members": "agent", advisor: "agent", advisors: "agent", employee: "agent", employees: "agent",
  team: "team", teams: "team", group: "team", groups: "team", queue: "team", queues: "team", department: "team", departments: "team",
  priority: "priority", priorities: "priority",
  topic: "topic", topics: "topic", reason: "topic", reasons: "topic", category: "topic", categories: "topic",
  segment: "segment", segments: "segment",
  plan: "plan", plans: "plan", tier: "plan", tiers: "plan",
  sentiment: "sentiment", sentiments: "sentiment",
  criterion: "criterion", criteria: "criterion",
  source: "source", sources: "source", "traffic-source": "source", "traffic-sources": "source",
  programme: "programme", programmes: "programme", program: "programme", programs: "programme",
});

/** Phrases that introduce a breakdown, longest first; each is followed by a dimension. */
export const BY_PHRASES: readonly string[][] = [
  ["broken", "down", "by"], ["break", "down", "by"], ["breakdown", "by"], ["broken", "out", "by"], ["break", "it", "down", "by"],
  ["split", "by"], ["split", "out", "by"], ["grouped", "by"], ["group", "by"], ["sliced", "by"], ["segmented", "by"],
  ["for", "each"], ["for", "every"], ["by", "each"], ["per"], ["by"], ["each"], ["across"],
];

/** Number words people write instead of digits ("last two weeks"). */
export const NUMBER_WORDS: Record<string, number> = table({
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, ninety: 90,
  a: 1, an: 1, couple: 2, few: 3, several: 3,
});

/** Words before a bare dimension that ask for a breakdown: `which agent has the best csat`, `top agents by csat`. */
export const RANKING_WORDS = new Set(["which", "what", "top", "bottom", "best", "worst", "each", "every", "all", "highest", "lowest"]);

/** Plain names of metrics the catalog does not list as aliases, in the catalog's word form. */
export const METRIC_SYNONYMS: Record<string, string> = table({
  "time-to-first-response": "frt",
  "time-to-first-reply": "frt",
  "first-reply": "frt",
  "reply-time": "art",
  "reply-times": "art",
  "average-wait": "asa",
  "avg-wait": "asa",
  "wait": "asa",
  "hold-time": "asa",
  "handle": "aht",
  "talk-time": "aht",
  "ticket-count": "ticket_volume",
  "ticket-counts": "ticket_volume",
  "ticket": "ticket_volume",
  "number-of-tickets": "ticket_volume",
  "nps-score": "nps",
  "churned": "churn_rate",
  "churning": "churn_rate",
  "first-contact": "frt",
});

/**
 * Filler that is grammar, never a dimension value: a question that drops only
 * these (and reads without known values) needs no look-up of values. Any other
 * dropped word (`new`, `support`, `tickets`) might be a value, so it is read again with them.
 */
export const FUNCTION_WORDS = new Set([
  "how", "hows", "how's", "what", "whats", "what's", "which", "who", "when", "was", "were", "is", "are", "be", "been", "am",
  "did", "do", "does", "has", "have", "had", "get", "got", "give", "gimme", "show", "tell", "let", "lets", "let's", "see", "me", "us",
  "we", "i", "i'd", "you", "our", "my", "your", "their", "its", "it", "that", "there", "please", "pls", "plz", "thanks", "thank",
  "thx", "hey", "hi", "hello", "ok", "okay", "so", "just", "the", "a", "an", "of", "for", "on", "in", "at", "to", "from", "via",
  "over", "during", "within", "about", "and", "or", "&", "+", "can", "could", "would", "will", "many", "much", "number", "far", "yet",
]);

