import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  toDate
} from "./chunk-AEFEDGW7.js";

// node_modules/date-fns/startOfMonth.js
function startOfMonth(date, options) {
  const _date = toDate(date, options?.in);
  _date.setDate(1);
  _date.setHours(0, 0, 0, 0);
  return _date;
}

export {
  startOfMonth
};
