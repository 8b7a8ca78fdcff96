import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// dist/src/clock.js
var systemClock = { now: () => /* @__PURE__ */ new Date() };
function fixedClock(instant) {
  return { now: () => new Date(instant.getTime()) };
}

export {
  systemClock,
  fixedClock
};
