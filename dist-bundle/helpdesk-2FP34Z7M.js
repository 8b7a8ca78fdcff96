import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  SyncEngine,
  configuredSources,
  createSyncEngine,
  sourceLabels,
  syncWarnings
} from "./chunk-G7LRNXSY.js";
import "./chunk-J3DLGG7V.js";
import "./chunk-ABZKDEB3.js";
import "./chunk-2PPZ62ZY.js";
import "./chunk-SGRIXTUX.js";
import "./chunk-4VIX3REZ.js";
import "./chunk-IJGJCVMD.js";
import "./chunk-V4RWK56N.js";
export {
  SyncEngine,
  configuredSources,
  createSyncEngine,
  sourceLabels,
  syncWarnings
};
