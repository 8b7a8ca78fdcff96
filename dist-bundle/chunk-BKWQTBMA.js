import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// dist/src/connectors/connector.js
function measureRanges(connector, query) {
  if (connector.measurePeriods)
    return connector.measurePeriods(query);
  const { ranges, ...rest } = query;
  return Promise.all(ranges.map((range) => connector.measure({ ...rest, range })));
}

export {
  measureRanges
};
