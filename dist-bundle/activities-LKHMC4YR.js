import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  ADAPTIVE_CARD,
  cardAttachment,
  cardMessage,
  commandText,
  conversationRoot,
  destinationOf,
  requestOf,
  stripMarkup,
  summaryOf,
  tenantOf,
  threadConversation
} from "./chunk-6TNAY3D3.js";
import "./chunk-VUFOXOOR.js";
import "./chunk-EHXIIG3R.js";
import "./chunk-ZFLCWV4S.js";
import "./chunk-AEFEDGW7.js";
import "./chunk-LJ4WEFEH.js";
import "./chunk-IJGJCVMD.js";
import "./chunk-V4RWK56N.js";
export {
  ADAPTIVE_CARD,
  cardAttachment,
  cardMessage,
  commandText,
  conversationRoot,
  destinationOf,
  requestOf,
  stripMarkup,
  summaryOf,
  tenantOf,
  threadConversation
};
