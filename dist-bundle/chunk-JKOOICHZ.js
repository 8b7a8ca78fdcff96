import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// dist/src/suggest.js
function editDistance(a, b, max = Infinity) {
  if (Math.abs(a.length - b.length) > max)
    return max + 1;
  const cols = b.length + 1;
  const band = max;
  const big = Number.MAX_SAFE_INTEGER;
  let twoBack = new Array(cols).fill(big);
  let oneBack = Array.from({ length: cols }, (_, j) => j <= band ? j : big);
  let row = new Array(cols).fill(big);
  let previousMin = 0;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - band);
    const to = Math.min(b.length, i + band);
    row.fill(big, Math.max(0, from - 1), Math.min(cols, to + 2));
    row[0] = i <= band ? i : big;
    let rowMin = row[0];
    for (let j = from; j <= to; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(oneBack[j] + 1, row[j - 1] + 1, oneBack[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, twoBack[j - 2] + 1);
      row[j] = best;
      if (best < rowMin)
        rowMin = best;
    }
    if (rowMin > max && previousMin > max)
      return max + 1;
    previousMin = rowMin;
    [twoBack, oneBack, row] = [oneBack, row, twoBack];
  }
  const d = oneBack[b.length];
  return d > max ? max + 1 : d;
}
function suggest(input, candidates) {
  const typed = input.toLowerCase();
  if (typed.length === 0)
    return void 0;
  const allowed = Math.min(4, Math.max(1, Math.floor(typed.length / 3)));
  let best;
  let bestDistance = allowed + 1;
  for (const candidate of candidates) {
    const d = editDistance(typed, candidate.toLowerCase(), Math.min(allowed, bestDistance - 1));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best !== void 0 && bestDistance <= allowed)
    return best;
  const prefixed = candidates.filter((c) => typed.length >= 3 && c.length >= typed.length && c.toLowerCase().startsWith(typed));
  return prefixed.length === 1 ? prefixed[0] : void 0;
}

export {
  suggest
};
