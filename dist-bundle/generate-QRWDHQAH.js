import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  startOfMonth
} from "./chunk-77HYBQ6Z.js";
import {
  addDays,
  addMonths,
  startOfDay
} from "./chunk-AEFEDGW7.js";
import {
  TZDate,
  tzOffset
} from "./chunk-IJGJCVMD.js";
import {
  DATASETS
} from "./chunk-56SDGBO4.js";
import "./chunk-V4RWK56N.js";

// dist/src/ingest/sample/random.js
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = a + 1831565813 >>> 0;
    let t = a;
    t = Math.imul(t ^ t >>> 15, t | 1);
    t ^= t + Math.imul(t ^ t >>> 7, t | 61);
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
}
function streamSeed(seed, name) {
  let h = 2166136261 ^ seed >>> 0;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 2246822507);
  h ^= h >>> 13;
  return h >>> 0;
}
var Rng = class {
  next;
  spare = null;
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  /** Uniform in [0, 1). */
  random() {
    return this.next();
  }
  /** Uniform in [lo, hi). */
  uniform(lo, hi) {
    return lo + (hi - lo) * this.next();
  }
  /** Integer in [lo, hi] (both inclusive). */
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p) {
    return this.next() < p;
  }
  pick(items) {
    if (items.length === 0)
      throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)];
  }
  /** One of `items`, with probability proportional to its weight. */
  weighted(items) {
    let total = 0;
    for (const [, w] of items)
      total += w;
    let u = this.next() * total;
    for (const [item, w] of items) {
      u -= w;
      if (u < 0)
        return item;
    }
    return items[items.length - 1][0];
  }
  /** Standard normal (Box–Muller). */
  normal() {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    while (u === 0)
      u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
  /** Lognormal with the given median and log-space standard deviation. */
  lognormal(median, sigma) {
    return median * Math.exp(sigma * this.normal());
  }
  /** Exponential with the given mean. */
  exponential(mean) {
    return -mean * Math.log(1 - this.next());
  }
  /** Poisson with mean `lambda` (Knuth for small means, normal approximation above 50). */
  poisson(lambda) {
    if (lambda <= 0)
      return 0;
    if (lambda > 50)
      return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
};

// dist/src/ingest/sample/generate.js
var SAMPLE_TIME_ZONE = "Europe/Vilnius";
var SAMPLE_TEAM_NAME = "Northwind Support";
var DEFAULT_SAMPLE_SEED = 20261122;
var MIN = 6e4;
var H = 36e5;
var DAY = 864e5;
var SAMPLE_TEAMS = {
  billing: ["Aino", "Marta", "Jonas"],
  technical: ["Liis", "Mikko", "Rasa", "Tomas"],
  onboarding: ["Eeva", "Karl", "Nadia"]
};
var TEAM_OF = new Map(Object.entries(SAMPLE_TEAMS).flatMap(([team, agents]) => agents.map((a) => [a, team])));
var ALL_AGENTS = Object.values(SAMPLE_TEAMS).flat();
var AGENT_TRAITS = {
  Aino: { speed: 0.85, skill: 0.04 },
  Marta: { speed: 1, skill: 0 },
  Jonas: { speed: 1.25, skill: -0.05 },
  Liis: { speed: 0.8, skill: 0.05 },
  Mikko: { speed: 1.1, skill: -0.02 },
  Rasa: { speed: 0.95, skill: 0.02 },
  Tomas: { speed: 1.3, skill: -0.06 },
  Eeva: { speed: 0.9, skill: 0.03 },
  Karl: { speed: 1.05, skill: 0 },
  Nadia: { speed: 1.15, skill: -0.03 }
};
var CHANNELS = [
  ["email", 0.38],
  ["chat", 0.3],
  ["phone", 0.12],
  ["web", 0.12],
  ["social", 0.08]
];
var CHANNEL_TIMES = {
  chat: { frt: 90, resolve: 20 * 60, reply: 60 },
  phone: { frt: 10 * 60, resolve: H / 1e3, reply: 15 * 60 },
  social: { frt: 40 * 60, resolve: 6 * 3600, reply: 45 * 60 },
  web: { frt: 90 * 60, resolve: 12 * 3600, reply: 2 * 3600 },
  email: { frt: 2 * 3600, resolve: 20 * 3600, reply: 3 * 3600 }
};
var CSAT_BASE = { chat: 0.85, phone: 0.83, email: 0.79, web: 0.78, social: 0.76 };
var PRIORITIES = [
  ["low", 0.2],
  ["normal", 0.53],
  ["high", 0.2],
  ["urgent", 0.05],
  [null, 0.02]
];
var PRIORITY_SPEED = { low: 1.3, normal: 1, high: 0.7, urgent: 0.4 };
var TICKET_HOURS_WEEKDAY = norm([2, 1.5, 1, 1, 1, 1.5, 3, 6, 11, 14, 14.5, 13.5, 11, 11.5, 12, 11, 10, 8, 6, 5, 4, 3.5, 3, 2.5]);
var TICKET_HOURS_WEEKEND = norm([3, 2, 1.5, 1, 1, 1, 1.5, 2.5, 4, 6, 7.5, 8, 8, 8, 7.5, 7.5, 7, 6.5, 6, 5.5, 5, 4.5, 4, 3.5]);
var CALL_HOURS_WEEKDAY = norm([0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 2, 7, 10, 11, 10.5, 8, 8.5, 9, 8.5, 8, 6, 3, 1.5, 1, 0.6, 0.4, 0.3]);
var CALL_HOURS_WEEKEND = norm([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 2, 6, 8, 8, 7, 7, 7, 6.5, 6, 4, 1.5, 0.8, 0.5, 0.3, 0.2, 0.1]);
var SESSION_HOURS = norm([3, 2, 1.5, 1, 1, 1.5, 2.5, 4, 6, 7, 7.5, 7.5, 7, 7, 7, 7, 7, 7, 7.5, 8, 8, 7, 5.5, 4]);
var DAYTIME_HOURS = norm([0.5, 0.3, 0.2, 0.2, 0.2, 0.3, 1, 3, 6, 8, 9, 9, 8, 8, 8, 8, 7, 6, 4, 3, 2.5, 2, 1.5, 1]);
var TICKETS_PER_DAY = [50, 165, 160, 155, 152, 140, 55];
var CALLS_PER_DAY = [15, 95, 88, 85, 84, 75, 25];
var SESSIONS_PER_DAY = [220, 300, 295, 290, 285, 260, 230];
var FEEDBACK_PER_DAY = [4, 7, 6, 6, 6, 6, 4];
var NEW_CUSTOMERS_PER_DAY = [1.6, 4.4, 4.2, 4.2, 4.1, 3.9, 1.8];
function norm(xs) {
  const total = xs.reduce((a, b) => a + b, 0);
  return xs.map((x) => x / total);
}
function sampleStory(end, timeZone = SAMPLE_TIME_ZONE) {
  const dipStart = startOfDay(new TZDate(end.getTime() - 45 * DAY, timeZone));
  const spikeStart = startOfMonth(addMonths(new TZDate(end.getTime(), timeZone), -3));
  return {
    csatDip: { start: new Date(dipStart.getTime()), end: new Date(addDays(dipStart, 10).getTime()), team: "technical" },
    churnSpike: { start: new Date(spikeStart.getTime()), end: new Date(addMonths(spikeStart, 1).getTime()) },
    timeZone
  };
}
var LocalClock = class {
  timeZone;
  cache = /* @__PURE__ */ new Map();
  constructor(timeZone) {
    this.timeZone = timeZone;
  }
  offset(ms) {
    const bucket = Math.floor(ms / H);
    let off = this.cache.get(bucket);
    if (off === void 0) {
      off = tzOffset(this.timeZone, new Date(bucket * H)) * MIN;
      this.cache.set(bucket, off);
    }
    return off;
  }
  /** Days since 1970-01-01 in local time. */
  day(ms) {
    return Math.floor((ms + this.offset(ms)) / DAY);
  }
  hour(ms) {
    return Math.floor(((ms + this.offset(ms)) % DAY + DAY) % DAY / H);
  }
  /** 0 = Sunday. */
  weekday(ms) {
    return ((this.day(ms) + 4) % 7 + 7) % 7;
  }
  businessHours(ms) {
    const wd = this.weekday(ms);
    const h = this.hour(ms);
    return wd >= 1 && wd <= 5 && h >= 8 && h < 18;
  }
};
var SampleWorld = class {
  seed;
  clock;
  start;
  end;
  story;
  dipStart;
  dipEnd;
  spikeStart;
  spikeEnd;
  dayNoise = /* @__PURE__ */ new Map();
  noiseRng;
  constructor(seed, end, days) {
    this.seed = seed;
    this.clock = new LocalClock(SAMPLE_TIME_ZONE);
    this.end = end.getTime();
    this.start = this.end - days * DAY;
    this.story = sampleStory(end);
    this.dipStart = this.story.csatDip.start.getTime();
    this.dipEnd = this.story.csatDip.end.getTime();
    this.spikeStart = this.story.churnSpike.start.getTime();
    this.spikeEnd = this.story.churnSpike.end.getTime();
    this.noiseRng = this.rng("day-noise");
  }
  rng(stream) {
    return new Rng(streamSeed(this.seed, stream));
  }
  /** Growth trend: 0.9 at the start of the window, 1.1 at its end. */
  trend(progress) {
    return 0.9 + 0.2 * progress;
  }
  /** A day-to-day multiplier (busy and quiet days), the same for every dataset. */
  noise(day) {
    let v = this.dayNoise.get(day);
    if (v === void 0) {
      v = Math.exp(0.1 * this.noiseRng.normal());
      this.dayNoise.set(day, v);
    }
    return v;
  }
  inDip(t) {
    return t >= this.dipStart && t < this.dipEnd;
  }
  *slots() {
    const span = this.end - this.start;
    for (let s = Math.floor(this.start / H) * H; s < this.end; s += H) {
      const lo = Math.max(s, this.start);
      const hi = Math.min(s + H, this.end);
      if (hi <= lo)
        continue;
      const mid = s + H / 2;
      yield {
        lo,
        hi,
        frac: (hi - lo) / H,
        hour: this.clock.hour(mid),
        weekday: this.clock.weekday(mid),
        progress: (mid - this.start) / span
      };
    }
  }
  /** Expected events in a slot for a daily mean per weekday and hour profiles. */
  rate(slot, perDay, weekdayHours, weekendHours) {
    const weekend = slot.weekday === 0 || slot.weekday === 6;
    const profile = weekend ? weekendHours : weekdayHours;
    return perDay[slot.weekday] * profile[slot.hour] * this.trend(slot.progress) * this.noise(this.clock.day(slot.lo)) * slot.frac;
  }
  /** Random instants in a slot, `count` of them. */
  timesIn(rng, slot, count) {
    const out = [];
    for (let i = 0; i < count; i++)
      out.push(Math.floor(slot.lo + rng.random() * (slot.hi - slot.lo)));
    return out.sort((a, b) => a - b);
  }
  /** Keeps a derived time only when it is before `end`. */
  before(t) {
    return t < this.end ? t : null;
  }
};
function generateSampleData(opts) {
  const days = opts.days ?? 580;
  if (!Number.isFinite(opts.end.getTime()))
    throw new Error("generateSampleData: end is not a valid date");
  if (!(days > 0))
    throw new Error("generateSampleData: days must be positive");
  const g = new SampleWorld(opts.seed ?? DEFAULT_SAMPLE_SEED, opts.end, days);
  const customers = generateCustomers(g);
  const customerPicker = activeCustomerPicker(customers);
  const { tickets, responses, surveys } = generateTickets(g, customerPicker);
  const data = {
    tickets,
    responses,
    surveys,
    calls: generateCalls(g),
    customers: customers.map((c) => ({
      id: c.id,
      started_at: c.started,
      churned_at: c.churned,
      referred: c.referred,
      segment: c.segment,
      plan: c.plan
    })),
    orders: generateOrders(g, customers),
    feedback: generateFeedback(g),
    quality_reviews: generateQualityReviews(g, tickets),
    sessions: generateSessions(g),
    engagement: generateEngagement(g, customers)
  };
  for (const [id, rows] of Object.entries(data)) {
    const tf = DATASETS[id].timeField;
    rows.sort((a, b) => a[tf] - b[tf]);
  }
  return data;
}
function pad(n, width = 6) {
  return String(n).padStart(width, "0");
}
function generateCustomers(g) {
  const rng = g.rng("customers");
  const starts = [];
  for (let i = 0; i < 1800; i++) {
    starts.push(Math.floor(g.start - rng.uniform(1, 1100) * DAY));
  }
  for (let day = g.clock.day(g.start); ; day++) {
    const dayStart = Math.max(g.start, day * DAY - g.clock.offset(day * DAY));
    if (dayStart >= g.end)
      break;
    const mid = dayStart + DAY / 2;
    const wd = g.clock.weekday(mid);
    const progress = Math.min(1, Math.max(0, (mid - g.start) / (g.end - g.start)));
    const n = rng.poisson(NEW_CUSTOMERS_PER_DAY[wd] * g.trend(progress));
    for (let i = 0; i < n; i++) {
      const t = Math.floor(dayStart + (7 + rng.random() * 14) * H);
      if (t >= g.start && t < g.end)
        starts.push(t);
    }
  }
  starts.sort((a, b) => a - b);
  const customers = starts.map((started, i) => {
    const segment = rng.weighted([
      ["smb", 0.64],
      ["mid-market", 0.25],
      ["enterprise", 0.09],
      [null, 0.02]
    ]);
    const plan = segment === "enterprise" ? "enterprise" : segment === "mid-market" ? rng.weighted([["pro", 0.7], ["enterprise", 0.3]]) : rng.weighted([["basic", 0.6], ["pro", 0.4]]);
    return {
      id: `C${pad(i + 1, 5)}`,
      started,
      churned: null,
      referred: started >= g.start ? rng.chance(0.2) : rng.chance(0.15),
      segment,
      plan: rng.chance(0.01) ? null : plan
    };
  });
  const hazard = (monthly) => 1 - Math.pow(1 - monthly, 1 / 30.4);
  const normal = hazard(0.017);
  const spike = hazard(0.055);
  for (const c of customers) {
    let t = Math.max(c.started, g.start);
    while (t < g.end) {
      const next = Math.min(t + DAY, g.end);
      const h = t >= g.spikeStart && t < g.spikeEnd ? spike : normal;
      if (rng.random() < h * ((next - t) / DAY)) {
        c.churned = Math.floor(t + rng.random() * (next - t));
        break;
      }
      t = next;
    }
  }
  return customers;
}
function activeCustomerPicker(customers) {
  return (rng, t) => {
    for (let i = 0; i < 6; i++) {
      const c = rng.pick(customers);
      if (c.started <= t && (c.churned === null || c.churned > t))
        return c.id;
    }
    return null;
  };
}
function generateTickets(g, pickCustomer) {
  const rng = g.rng("tickets");
  const srng = g.rng("surveys");
  const tickets = [];
  const responses = [];
  const surveys = [];
  let surveySeq = 0;
  const surveyId = () => `S${pad(++surveySeq, 7)}`;
  for (const slot of g.slots()) {
    const n = rng.poisson(g.rate(slot, TICKETS_PER_DAY, TICKET_HOURS_WEEKDAY, TICKET_HOURS_WEEKEND));
    for (const created of g.timesIn(rng, slot, n)) {
      const id = `T${pad(tickets.length + 1)}`;
      const dip = g.inDip(created);
      const team = rng.weighted([
        ["billing", 0.3],
        ["technical", dip ? 0.6 : 0.45],
        ["onboarding", 0.25]
      ]);
      const channel = rng.weighted(CHANNELS);
      const priority = rng.weighted(PRIORITIES);
      const isComplaint = rng.chance(0.03);
      const times = CHANNEL_TIMES[channel];
      const techTrouble = dip && team === "technical";
      const agentName = rng.pick(SAMPLE_TEAMS[team]);
      const traits = AGENT_TRAITS[agentName];
      const prio = PRIORITY_SPEED[priority ?? "normal"];
      let agent = agentName;
      let ticketTeam = team;
      let first;
      let resolved;
      let frtSeconds = 0;
      const closedWithoutReply = rng.chance(0.02);
      if (closedWithoutReply) {
        first = null;
        resolved = g.before(created + Math.round(rng.lognormal(2 * 3600, 1)) * 1e3);
        if (resolved === null || rng.chance(0.5))
          agent = null;
      } else {
        const offHours = !g.clock.businessHours(created);
        frtSeconds = Math.max(5, Math.round(rng.lognormal(times.frt, channel === "chat" ? 0.8 : 1) * prio * traits.speed * (offHours ? channel === "chat" ? 3 : 4 : 1) * (techTrouble ? 1.5 : 1)));
        first = g.before(created + frtSeconds * 1e3);
        if (first === null) {
          agent = null;
          resolved = null;
          if (rng.chance(0.1))
            ticketTeam = null;
        } else if (rng.chance(5e-3)) {
          resolved = g.before(first + Math.floor(rng.uniform(10, 60) * DAY));
        } else {
          const resolveSeconds = Math.round(rng.lognormal(times.resolve, 1) * prio * (team === "technical" ? 1.3 : 1) * (techTrouble ? 2 : 1) * (isComplaint ? 2 : 1));
          resolved = g.before(first + Math.max(30, resolveSeconds) * 1e3);
        }
      }
      let escalated = null;
      if (rng.chance(isComplaint ? 0.4 : 0.015)) {
        let e = created + Math.round(rng.lognormal(3 * 3600, 1)) * 1e3;
        if (resolved !== null && e >= resolved)
          e = created + Math.floor((resolved - created) * 0.3);
        escalated = g.before(e);
      }
      tickets.push({
        id,
        created_at: created,
        first_response_at: first,
        resolved_at: resolved,
        escalated_at: escalated,
        channel,
        agent,
        team: ticketTeam,
        priority,
        is_complaint: isComplaint
      });
      if (first !== null) {
        const k = channel === "chat" ? rng.int(1, 4) : channel === "phone" ? rng.int(1, 2) : rng.int(1, 5);
        responses.push({ ticket_id: id, responded_at: first, response_seconds: frtSeconds, agent, channel });
        let prev = first;
        for (let i = 1; i < k; i++) {
          let at;
          if (resolved !== null)
            at = first + Math.floor((resolved - first) * i / (k - 1));
          else
            at = prev + Math.floor(rng.exponential(times.resolve / k) * 1e3) + 1e3;
          if (at >= g.end)
            break;
          const gap = Math.max(1, Math.floor((at - prev) / 1e3));
          const seconds = Math.max(1, Math.min(gap, Math.round(rng.lognormal(times.reply, 1) * traits.speed)));
          responses.push({ ticket_id: id, responded_at: at, response_seconds: seconds, agent, channel });
          prev = at;
        }
      }
      if (resolved !== null && first !== null) {
        const slow = resolved - created > 3 * DAY;
        const survey = (kind, score, min, max, at) => {
          surveys.push({
            id: surveyId(),
            kind,
            score,
            scale_min: min,
            scale_max: max,
            submitted_at: at,
            channel,
            agent,
            team: ticketTeam,
            ticket_id: id,
            customer_id: pickCustomer(srng, at)
          });
        };
        const when = () => g.before(resolved + Math.round(srng.lognormal(1.5 * 3600, 1.2)) * 1e3);
        if (srng.chance(0.3)) {
          const at = when();
          if (at !== null) {
            let p = CSAT_BASE[channel] + traits.skill - (slow ? 0.1 : 0);
            if (g.inDip(at))
              p = team === "technical" ? 0.45 : p - 0.05;
            const positive = srng.chance(p);
            if (srng.chance(0.06)) {
              const score = positive ? srng.weighted([[8, 35], [9, 35], [10, 30]]) : srng.weighted([[1, 5], [2, 5], [3, 8], [4, 10], [5, 14], [6, 18], [7, 20]]);
              survey("csat", score, 1, 10, at);
            } else {
              const score = positive ? srng.chance(0.55) ? 5 : 4 : srng.weighted([[3, 50], [2, 25], [1, 25]]);
              survey("csat", score, 1, 5, at);
            }
          }
        }
        if (srng.chance(0.08)) {
          const at = when();
          if (at !== null)
            survey("nps", npsScore(srng, g.inDip(at) && team === "technical" ? -0.15 : 0), 0, 10, at);
        }
        if (srng.chance(0.12)) {
          const at = when();
          if (at !== null) {
            const base = srng.weighted([[1, 18], [2, 28], [3, 22], [4, 14], [5, 9], [6, 6], [7, 3]]);
            survey("ces", Math.min(7, base + (slow ? 1 : 0)), 1, 7, at);
          }
        }
      }
    }
  }
  const rrng = g.rng("relationship-nps");
  for (const slot of g.slots()) {
    const n = rrng.poisson(2 * DAYTIME_HOURS[slot.hour] * slot.frac);
    for (const at of g.timesIn(rrng, slot, n)) {
      surveys.push({
        id: surveyId(),
        kind: "nps",
        score: npsScore(rrng, 0),
        scale_min: 0,
        scale_max: 10,
        submitted_at: at,
        channel: "email",
        agent: null,
        team: null,
        ticket_id: null,
        customer_id: pickCustomer(rrng, at)
      });
    }
  }
  return { tickets, responses, surveys };
}
function npsScore(rng, shift) {
  const u = rng.random();
  if (u < 0.5 + shift)
    return rng.chance(0.55) ? 10 : 9;
  if (u < 0.78 + shift / 2)
    return rng.chance(0.5) ? 8 : 7;
  return rng.weighted([[0, 3], [1, 2], [2, 3], [3, 5], [4, 7], [5, 12], [6, 14]]);
}
function generateCalls(g) {
  const rng = g.rng("calls");
  const calls = [];
  for (const slot of g.slots()) {
    const expected = g.rate(slot, CALLS_PER_DAY, CALL_HOURS_WEEKDAY, CALL_HOURS_WEEKEND);
    const perHour = expected / slot.frac;
    const n = rng.poisson(expected);
    for (const queued of g.timesIn(rng, slot, n)) {
      const id = `CL${pad(calls.length + 1, 7)}`;
      const topic = rng.weighted([
        ["billing", 0.3],
        ["technical", 0.35],
        ["account", 0.2],
        ["orders", 0.12],
        [null, 0.03]
      ]);
      const row = {
        id,
        queued_at: queued,
        answered_at: null,
        ended_at: null,
        hold_seconds: 0,
        wrap_up_seconds: 0,
        blocked: false,
        agent: null,
        topic
      };
      calls.push(row);
      if (rng.chance(0.018 + 15e-4 * perHour)) {
        row.blocked = true;
        continue;
      }
      const wait = Math.max(1, Math.round(rng.lognormal(8 * (1 + perHour / 8), 1)));
      const patience = rng.lognormal(120, 0.8);
      if (wait > patience) {
        row.ended_at = g.before(queued + Math.round(patience) * 1e3);
        continue;
      }
      const answered = g.before(queued + wait * 1e3);
      if (answered === null)
        continue;
      const agent = rng.pick(ALL_AGENTS);
      row.answered_at = answered;
      row.agent = agent;
      const talk = Math.round(rng.lognormal(300, 0.7) * AGENT_TRAITS[agent].speed);
      const hold = rng.chance(0.35) ? Math.round(rng.lognormal(60, 0.8)) : 0;
      const ended = g.before(answered + (talk + hold) * 1e3);
      if (ended === null)
        continue;
      row.ended_at = ended;
      row.hold_seconds = hold;
      row.wrap_up_seconds = Math.round(rng.lognormal(45, 0.6));
    }
  }
  return calls;
}
function generateOrders(g, customers) {
  const rng = g.rng("orders");
  const orders = [];
  const perDay = { smb: 0.065, "mid-market": 0.14, enterprise: 0.25 };
  const median = { smb: 60, "mid-market": 150, enterprise: 280 };
  for (const c of customers) {
    const from = Math.max(c.started, g.start);
    const to = Math.min(c.churned ?? g.end, g.end);
    const rate = perDay[c.segment ?? "smb"] ?? 0.065;
    const med = median[c.segment ?? "smb"] ?? 60;
    let t = from + rng.exponential(1 / rate) * DAY;
    while (t < to) {
      const amount = Math.min(500, Math.max(20, rng.lognormal(med, 0.6)));
      orders.push({
        id: "",
        customer_id: c.id,
        ordered_at: Math.floor(t),
        amount: Math.round(amount * 100) / 100,
        gross_margin: rng.chance(0.04) ? null : Math.round(rng.uniform(0.3, 0.7) * 1e3) / 1e3
      });
      t += rng.exponential(1 / rate) * DAY;
    }
  }
  orders.sort((a, b) => a.ordered_at - b.ordered_at);
  orders.forEach((o, i) => {
    o.id = `O${pad(i + 1, 7)}`;
  });
  return orders;
}
function generateFeedback(g) {
  const rng = g.rng("feedback");
  const rows = [];
  for (const slot of g.slots()) {
    const n = rng.poisson(g.rate(slot, FEEDBACK_PER_DAY, DAYTIME_HOURS, DAYTIME_HOURS));
    for (const received of g.timesIn(rng, slot, n)) {
      const sentiment = rng.weighted([
        ["positive", 0.45],
        ["neutral", 0.25],
        ["negative", g.inDip(received) ? 0.45 : 0.25],
        [null, 0.05]
      ]);
      const replied = rng.chance(sentiment === "negative" ? 0.85 : 0.65);
      rows.push({
        id: `F${pad(rows.length + 1)}`,
        received_at: received,
        responded_at: replied ? g.before(received + Math.round(rng.lognormal(4 * 3600, 1)) * 1e3) : null,
        channel: rng.chance(0.55) ? "social" : "review site",
        sentiment
      });
    }
  }
  return rows;
}
var CRITERIA = [
  { criterion: "greeting", weight: 1 },
  { criterion: "accuracy", weight: 3 },
  { criterion: "tone", weight: 2 },
  { criterion: "resolution", weight: 3 }
];
function generateQualityReviews(g, tickets) {
  const rng = g.rng("quality");
  const byCreated = tickets.slice().sort((a, b) => a.created_at - b.created_at);
  const created = byCreated.map((t) => t.created_at);
  const lowerBound = (x) => {
    let lo = 0;
    let hi = created.length;
    while (lo < hi) {
      const mid = lo + hi >> 1;
      if (created[mid] < x)
        lo = mid + 1;
      else
        hi = mid;
    }
    return lo;
  };
  const rows = [];
  let reviews = 0;
  const reviewHours = norm([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0.6, 1, 1, 1, 1, 0.5, 0, 0, 0, 0, 0, 0]);
  const perDay = [0, 15, 15, 15, 15, 15, 0];
  for (const slot of g.slots()) {
    const n = rng.poisson(g.rate(slot, perDay, reviewHours, reviewHours));
    for (const at of g.timesIn(rng, slot, n)) {
      const lo = lowerBound(at - 14 * DAY);
      const hi = lowerBound(at - DAY);
      let ticket = null;
      for (let i = 0; i < 10 && hi > lo; i++) {
        const t = byCreated[lo + Math.floor(rng.random() * (hi - lo))];
        if (t.agent !== null && t.resolved_at !== null && t.resolved_at < at) {
          ticket = t;
          break;
        }
      }
      const agent = ticket !== null ? ticket.agent : rng.pick(ALL_AGENTS);
      const team = TEAM_OF.get(agent) ?? "";
      const reviewId = `QR${pad(++reviews)}`;
      const base = 82 + AGENT_TRAITS[agent].skill * 100 - (g.inDip(at) && team === "technical" ? 8 : 0);
      const criteria = rng.chance(0.4) ? CRITERIA.slice(1) : CRITERIA;
      for (const c of criteria) {
        rows.push({
          review_id: reviewId,
          ticket_id: ticket !== null ? ticket.id : null,
          agent,
          reviewed_at: at,
          criterion: c.criterion,
          weight: c.weight,
          score: Math.round(Math.min(100, Math.max(0, base + 10 * rng.normal())))
        });
      }
    }
  }
  return rows;
}
function generateSessions(g) {
  const rng = g.rng("sessions");
  const rows = [];
  const visitors = [];
  const sources = [
    ["organic", 0.4],
    ["paid", 0.15],
    ["direct", 0.25],
    ["referral", 0.1],
    ["social", 0.1]
  ];
  const conversion = { organic: 0.035, paid: 0.06, direct: 0.045, referral: 0.05, social: 0.02 };
  for (const slot of g.slots()) {
    const n = rng.poisson(g.rate(slot, SESSIONS_PER_DAY, SESSION_HOURS, SESSION_HOURS));
    for (const started of g.timesIn(rng, slot, n)) {
      const isNew = visitors.length < 50 || rng.chance(0.58);
      let visitor;
      if (isNew) {
        visitor = `V${pad(visitors.length + 1, 7)}`;
        visitors.push(visitor);
      } else {
        const back = Math.floor(visitors.length * Math.pow(rng.random(), 3));
        visitor = visitors[visitors.length - 1 - back];
      }
      const source = rng.weighted(sources);
      const converted = rng.chance(conversion[source] * (isNew ? 0.85 : 1.3));
      const duration = Math.max(3, Math.round(rng.lognormal(converted ? 300 : 100, 1)));
      const pages = Math.max(1, Math.round(duration / 50 + rng.normal() * 1.2 + 0.5));
      rows.push({
        id: `W${pad(rows.length + 1, 7)}`,
        visitor_id: visitor,
        started_at: started,
        duration_seconds: duration,
        pages,
        converted,
        source,
        is_new_visitor: isNew
      });
    }
  }
  return rows;
}
function generateEngagement(g, customers) {
  const rng = g.rng("engagement");
  const months = [];
  for (let m = startOfMonth(new TZDate(g.start, SAMPLE_TIME_ZONE)); m.getTime() < g.end; m = addMonths(m, 1)) {
    months.push(m.getTime());
  }
  const programmes = [
    { programme: "loyalty", stay: 0.85, join: 0.1, initial: 0.4 },
    { programme: "training", stay: 0.55, join: 0.05, initial: 0.1 }
  ];
  const rows = [];
  for (const c of customers) {
    const state = programmes.map(() => null);
    for (let i = 0; i < months.length; i++) {
      const start = months[i];
      const next = months[i + 1] ?? Number.POSITIVE_INFINITY;
      if (c.started >= next || c.churned !== null && c.churned < start)
        continue;
      programmes.forEach((p, j) => {
        const prev = state[j];
        const active = prev === null || prev === void 0 ? rng.chance(p.initial) : rng.chance(prev ? p.stay : p.join);
        state[j] = active;
        rows.push({ customer_id: c.id, period_start: start, programme: p.programme, active });
      });
    }
  }
  return rows;
}
export {
  DEFAULT_SAMPLE_SEED,
  SAMPLE_TEAMS,
  SAMPLE_TEAM_NAME,
  SAMPLE_TIME_ZONE,
  generateSampleData,
  sampleStory
};
