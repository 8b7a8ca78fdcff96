/**
 * Runs `work` over `items` with at most `limit` in flight at once, in order
 * of start; resolves when all are done. A rejection does not stop the others
 * (callers handle their own errors); the first one is rethrown at the end.
 *
 * @example
 * await forEachConcurrently(digests, 8, (d) => build(d)); // 1,000 digests, 8 at a time
 */
export async function forEachConcurrently<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      try {
        await work(items[i]!, i);
      } catch (e) {
        failures.push(e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failures.length > 0) throw failures[0];
}
