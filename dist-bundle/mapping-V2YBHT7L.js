import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  DURATIONS,
  EPOCH_FORMATS,
  FILE_FORMATS,
  MAPPING_FILE,
  MAPPING_KEYS,
  SURVEY_KINDS,
  hasOffset,
  keyPath,
  loadMapping,
  mappingError,
  parseMapping,
  regexProblem,
  toStrptime
} from "./chunk-OEDVJTH3.js";
import "./chunk-WW7OP26R.js";
import "./chunk-JKOOICHZ.js";
import "./chunk-LJ4WEFEH.js";
import "./chunk-4VIX3REZ.js";
import "./chunk-56SDGBO4.js";
import "./chunk-V4RWK56N.js";
export {
  DURATIONS,
  EPOCH_FORMATS,
  FILE_FORMATS,
  MAPPING_FILE,
  MAPPING_KEYS,
  SURVEY_KINDS,
  hasOffset,
  keyPath,
  loadMapping,
  mappingError,
  parseMapping,
  regexProblem,
  toStrptime
};
