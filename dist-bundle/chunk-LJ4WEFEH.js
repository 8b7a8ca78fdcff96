import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// dist/src/errors.js
var UserError = class extends Error {
  code;
  hint;
  name = "UserError";
  constructor(code, message, hint) {
    super(message);
    this.code = code;
    this.hint = hint;
  }
};
function isUserError(e) {
  return e instanceof UserError;
}
var SourceError = class extends Error {
  source;
  name = "SourceError";
  constructor(message, source, options) {
    super(message, options);
    this.source = source;
  }
};
var DataProblemError = class extends SourceError {
  problems;
  constructor(problems, source) {
    super(problems.join(" "), source);
    this.problems = problems;
  }
};
var UnavailableError = class extends Error {
  metric;
  missing;
  name = "UnavailableError";
  constructor(metric, missing) {
    super(unavailableMessage(metric.name, missing));
    this.metric = metric;
    this.missing = missing;
  }
};
function unavailableMessage(name, missing) {
  return `${name} is not available from your data: it needs ${neededFields(missing)}.`;
}
function neededFields(missing) {
  const byDataset = /* @__PURE__ */ new Map();
  for (const m of missing)
    byDataset.set(m.dataset, [...byDataset.get(m.dataset) ?? [], `\`${m.field}\``]);
  const list = (xs) => xs.length <= 1 ? xs.join("") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;
  return list([...byDataset].map(([dataset, fields]) => `${list(fields)} in ${dataset}`));
}
function faultId() {
  return Math.random().toString(36).slice(2, 8).toUpperCase();
}

export {
  UserError,
  isUserError,
  SourceError,
  DataProblemError,
  UnavailableError,
  neededFields,
  faultId
};
