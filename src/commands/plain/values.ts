/**
 * Known values of a dataset's dimensions, looked up by what someone typed:
 * `email` → channel=email, `Diane` → agent=Diane, `customer care call` →
 * channel=customer care call. Case-insensitive; a value of several words
 * matches those words in a row; a first name matches a full name when only
 * one value starts with it.
 */

/** Distinct values per dimension, as the data holds them. */
export type KnownValues = Readonly<Record<string, readonly string[]>>;

export interface ValueReading {
  field: string;
  value: string;
}

export interface ValueIndex {
  /** The readings of the words from `words[i]` on, longest first, and how many words they use; undefined: no value starts here. */
  at(words: string[], i: number, only?: string): { readings: ValueReading[]; used: number } | undefined;
  /** Every value, for did-you-mean. */
  all: Array<ValueReading & { key: string }>;
  /** The dimensions that have values. */
  fields: string[];
}

/** Longest value, in words, looked for. */
const MAX_VALUE_WORDS = 4;

/**
 * An index over the known values (dimensions not in `dimensions` are left out).
 * @example valueIndex({ channel: ["email"] }, ["channel"]).at(["email"], 0) // { readings: [{ field: "channel", value: "email" }], used: 1 }
 */
export function valueIndex(values: KnownValues | undefined, dimensions: readonly string[]): ValueIndex {
  const exact = new Map<string, ValueReading[]>();
  const firstWord = new Map<string, ValueReading[]>();
  const all: Array<ValueReading & { key: string }> = [];
  const fields: string[] = [];
  for (const field of dimensions) {
    const list = values?.[field];
    if (!list || list.length === 0) continue;
    fields.push(field);
    for (const value of list) {
      const key = keyOf(value);
      if (key === "" || key.split(" ").length > MAX_VALUE_WORDS) continue;
      add(exact, key, { field, value });
      all.push({ field, value, key });
      const first = key.split(" ")[0]!;
      if (first !== key && first.length > 2) add(firstWord, first, { field, value });
    }
  }
  return {
    all,
    fields,
    at(words, i, only) {
      const keep = (r: ValueReading[] | undefined) => (r ?? []).filter((x) => only === undefined || x.field === only);
      for (let used = Math.min(MAX_VALUE_WORDS, words.length - i); used >= 1; used--) {
        const readings = keep(exact.get(keyOf(words.slice(i, i + used).join(" "))));
        if (readings.length > 0) return { readings, used };
      }
      const byFirst = keep(firstWord.get(keyOf(words[i] ?? "")));
      return byFirst.length > 0 ? { readings: byFirst, used: 1 } : undefined;
    },
  };
}

function add(map: Map<string, ValueReading[]>, key: string, reading: ValueReading): void {
  const list = map.get(key) ?? [];
  if (!list.some((r) => r.field === reading.field && r.value === reading.value)) list.push(reading);
  map.set(key, list);
}

/** How values compare: lower case, runs of spaces, hyphens and underscores as one space. */
export function keyOf(text: string): string {
  return text.toLowerCase().replace(/[\s_-]+/g, " ").trim();
}
