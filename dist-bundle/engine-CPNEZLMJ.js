import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  createEngine,
  openConnector
} from "./chunk-E2CN6URJ.js";
import "./chunk-BKWQTBMA.js";
import "./chunk-V4RWK56N.js";
export {
  createEngine,
  openConnector
};
