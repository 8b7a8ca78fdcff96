import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  openStore
} from "./chunk-D5VWMOH2.js";
import "./chunk-U2R7LURL.js";
import "./chunk-LJ4WEFEH.js";
import "./chunk-V4RWK56N.js";
export {
  openStore
};
