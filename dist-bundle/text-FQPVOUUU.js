import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  TEXT_BREAKDOWN_ROWS,
  changeAmountText,
  conditionText,
  renderText,
  staleDigestLines,
  unavailableDigestLine
} from "./chunk-VUFOXOOR.js";
import "./chunk-EHXIIG3R.js";
import "./chunk-ZFLCWV4S.js";
import "./chunk-AEFEDGW7.js";
import "./chunk-LJ4WEFEH.js";
import "./chunk-IJGJCVMD.js";
import "./chunk-V4RWK56N.js";
export {
  TEXT_BREAKDOWN_ROWS,
  changeAmountText,
  conditionText,
  renderText,
  staleDigestLines,
  unavailableDigestLine
};
