import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// dist/src/metrics/types.js
var DEFAULT_METRIC_OPTIONS = {
  ces: { min: 1, max: 7, direction: "lower" },
  serviceLevel: { ticketTargetMinutes: 60 },
  retentionVariant: "standard",
  engagementWeights: { loyalty: 2, training: 1 },
  currency: "USD"
};

export {
  DEFAULT_METRIC_OPTIONS
};
