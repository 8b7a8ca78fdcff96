import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  measureRanges
} from "./chunk-BKWQTBMA.js";

// dist/src/connectors/cache.js
var ResultCache = class {
  maxBytes;
  entries = /* @__PURE__ */ new Map();
  bytes = 0;
  constructor(maxBytes) {
    this.maxBytes = maxBytes;
  }
  get(key, now) {
    const e = this.entries.get(key);
    if (e === void 0)
      return void 0;
    this.entries.delete(key);
    if (e.until <= now) {
      this.bytes -= e.bytes;
      return void 0;
    }
    this.entries.set(key, e);
    return structuredClone(e.result);
  }
  set(key, result, until) {
    const bytes = 2 * (key.length + JSON.stringify(result).length);
    if (bytes > this.maxBytes)
      return;
    const old = this.entries.get(key);
    if (old !== void 0) {
      this.entries.delete(key);
      this.bytes -= old.bytes;
    }
    this.entries.set(key, { result: structuredClone(result), bytes, until });
    this.bytes += bytes;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes)
        break;
      this.entries.delete(k);
      this.bytes -= e.bytes;
    }
  }
  /** Entries and their bytes, for tests and logs. */
  get size() {
    return { entries: this.entries.size, bytes: this.bytes };
  }
};
var DEFAULT_MAX_BYTES = 32 * 1024 * 1024;
function cacheClosedPeriods(inner, opts) {
  const cache = new ResultCache(opts.maxBytes ?? DEFAULT_MAX_BYTES);
  const ttl = opts.ttlMs ?? 0;
  const scope = async (dataset) => {
    const version = await inner.dataVersion?.(dataset);
    if (version !== void 0)
      return { version, until: Infinity };
    if (ttl > 0)
      return { version: "ttl", until: opts.clock.now().getTime() + ttl };
    return null;
  };
  const keyOf = (q, range, version) => JSON.stringify([version, q.dataset, q.measures, q.filters, q.groupBy ?? null, q.timeZone, range.start.getTime(), range.end.getTime()]);
  const measurePeriods = async (query) => {
    const s = await scope(query.dataset);
    const now = opts.clock.now().getTime();
    const { ranges, ...rest } = query;
    const closed = (r) => s !== null && r.end.getTime() < now && r.start.getTime() <= r.end.getTime();
    const keys = ranges.map((r) => closed(r) ? keyOf(rest, r, s.version) : null);
    const out = keys.map((k) => k === null ? void 0 : cache.get(k, now));
    const missing = ranges.flatMap((_r, i) => out[i] === void 0 ? [i] : []);
    if (missing.length > 0) {
      const computed = await measureRanges(inner, { ...rest, ranges: missing.map((i) => ranges[i]) });
      missing.forEach((i, j) => {
        out[i] = computed[j];
        if (keys[i] !== null)
          cache.set(keys[i], computed[j], s.until);
      });
    }
    return out;
  };
  const wrapped = Object.create(inner);
  Object.assign(wrapped, {
    cache,
    measurePeriods,
    async measure(query) {
      const { range, ...rest } = query;
      return (await measurePeriods({ ...rest, ranges: [range] }))[0];
    }
  });
  return wrapped;
}

// dist/src/engine.js
async function createEngine(config, deps) {
  const opened = deps.connector ?? await openConnector(config, deps);
  const connector = cacheClosedPeriods(opened, { clock: deps.clock, ...config.dataUrl ? { ttlMs: config.dataCacheTtlMs } : {} });
  const duck = "helpdesk" in opened ? opened : void 0;
  const helpdesk = config.sync ? await import("./helpdesk-2FP34Z7M.js") : void 0;
  for (const warning of config.sync && helpdesk ? helpdesk.syncWarnings(config.sync) : [])
    deps.log.warn(warning);
  const sync = config.sync && helpdesk && duck?.helpdesk ? helpdesk.createSyncEngine(config.sync, duck.helpdesk, { clock: deps.clock, log: deps.log, onSynced: () => duck.reload(), ...deps.grants ? { grants: deps.grants } : {} }) : void 0;
  return {
    connector,
    ...sync ? { sync } : {},
    options: config.metricOptions,
    clock: deps.clock,
    timeZone: config.timeZone,
    weekStartsOn: config.weekStartsOn,
    defaultPeriod: config.defaultPeriod,
    log: deps.log
  };
}
async function openConnector(config, deps) {
  if (config.dataUrl) {
    const [{ loadMapping }, { createPostgresConnector }] = await Promise.all([import("./mapping-V2YBHT7L.js"), import("./postgres-32CSQGS7.js")]);
    const mapping = await loadMapping(config.dataDir);
    return createPostgresConnector({
      url: config.dataUrl,
      statementTimeoutMs: config.dataStatementTimeoutMs,
      ...mapping?.tables ? { tables: mapping.tables } : {},
      log: deps.log,
      clock: deps.clock
    });
  }
  const { openDuckDbConnector } = await import("./duckdb-FPR5IPHJ.js");
  const sourceLabels = config.sync ? (await import("./helpdesk-2FP34Z7M.js")).sourceLabels : void 0;
  return openDuckDbConnector({
    dataDir: config.dataDir,
    clock: deps.clock,
    timeZone: config.timeZone,
    log: deps.log,
    ...deps.sample ? { sample: deps.sample } : {},
    ...config.sync && sourceLabels ? { helpdesk: true, sourceLabels: sourceLabels(config.sync) } : {}
  });
}

export {
  createEngine,
  openConnector
};
