/**
 * Short readable ids for digests and alert rules: `d-7k3`, `a-4fq`. Letters
 * and digits that are easy to read aloud and to type: no 0/o, 1/l/i.
 */
const ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";

/**
 * A new id with the given prefix and `length` random characters.
 * @example shortId("d", 3) // "d-7k3"
 */
export function shortId(prefix: "d" | "a", length = 3, random: () => number = Math.random): string {
  let id = `${prefix}-`;
  for (let i = 0; i < length; i++) id += ALPHABET[Math.floor(random() * ALPHABET.length) % ALPHABET.length];
  return id;
}

/**
 * A new id not taken yet: three characters while they are easy to find free,
 * longer when they are not.
 */
export async function freeId(prefix: "d" | "a", taken: (id: string) => Promise<boolean>, random: () => number = Math.random): Promise<string> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const id = shortId(prefix, 3 + Math.floor(attempt / 8), random);
    if (!(await taken(id))) return id;
  }
  throw new Error(`could not find a free ${prefix}- id`);
}
