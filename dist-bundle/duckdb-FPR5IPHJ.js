import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  openDuckDbConnector
} from "./chunk-Y56PHGTA.js";
import "./chunk-SGRIXTUX.js";
import "./chunk-J4GUSURJ.js";
import "./chunk-OEDVJTH3.js";
import "./chunk-WW7OP26R.js";
import "./chunk-JKOOICHZ.js";
import "./chunk-LJ4WEFEH.js";
import "./chunk-4VIX3REZ.js";
import "./chunk-IJGJCVMD.js";
import "./chunk-56SDGBO4.js";
import "./chunk-V4RWK56N.js";
export {
  openDuckDbConnector
};
