import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// dist/src/periods/isTimeZone.js
var known = /* @__PURE__ */ new Set();
function isTimeZone(zone) {
  if (known.has(zone))
    return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
  } catch {
    return false;
  }
  known.add(zone);
  return true;
}

export {
  isTimeZone
};
