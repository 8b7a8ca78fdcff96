import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  RICH_BLOCKS,
  SLACK_ACTIONS,
  SLACK_BREAKDOWN_ROWS,
  SLACK_LIMITS,
  chartLabels,
  escapeMrkdwn,
  renderSlack,
  richBlocksOf,
  trendChart
} from "./chunk-YQSV74KV.js";
import "./chunk-VUFOXOOR.js";
import "./chunk-EHXIIG3R.js";
import "./chunk-ZFLCWV4S.js";
import "./chunk-AEFEDGW7.js";
import "./chunk-LJ4WEFEH.js";
import "./chunk-IJGJCVMD.js";
import "./chunk-V4RWK56N.js";
export {
  RICH_BLOCKS,
  SLACK_ACTIONS,
  SLACK_BREAKDOWN_ROWS,
  SLACK_LIMITS,
  chartLabels,
  escapeMrkdwn,
  renderSlack,
  richBlocksOf,
  trendChart
};
