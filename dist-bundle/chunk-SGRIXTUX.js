import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// dist/src/ingest/helpdesk/types.js
var SYNCED_DATASETS = ["tickets", "responses", "surveys", "calls"];
var SyncHttpError = class extends Error {
  status;
  constructor(message, status, options) {
    super(message, options);
    this.status = status;
    this.name = "SyncHttpError";
  }
};

export {
  SYNCED_DATASETS,
  SyncHttpError
};
