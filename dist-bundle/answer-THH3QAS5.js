import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  CONSOLE_REQUEST,
  answer,
  errorReport,
  shortenEchoes
} from "./chunk-YNXNRXOD.js";
import "./chunk-BKWQTBMA.js";
import "./chunk-OZNSLHGJ.js";
import "./chunk-COQMF2KY.js";
import "./chunk-EHXIIG3R.js";
import "./chunk-HOYQVK22.js";
import "./chunk-CSHTK5G7.js";
import "./chunk-ZFLCWV4S.js";
import "./chunk-2PPZ62ZY.js";
import "./chunk-4RZMS7CF.js";
import "./chunk-77HYBQ6Z.js";
import "./chunk-AEFEDGW7.js";
import "./chunk-JKOOICHZ.js";
import "./chunk-LJ4WEFEH.js";
import "./chunk-4VIX3REZ.js";
import "./chunk-IJGJCVMD.js";
import "./chunk-56SDGBO4.js";
import "./chunk-V4RWK56N.js";
export {
  CONSOLE_REQUEST,
  answer,
  errorReport,
  shortenEchoes
};
