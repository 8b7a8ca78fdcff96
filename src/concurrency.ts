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

/** A gate that lets at most `size` calls run at once. */
export interface Gate {
  /**
   * Runs `work` once a place is free. Waiters go in the order they came, so
   * none is passed over for ever; one that waits longer than `maxWaitMs` is
   * rejected with `onTimeout()` instead, and its place in line is given up.
   */
  run<T>(work: () => Promise<T>, maxWaitMs: number, onTimeout: (waitedMs: number) => Error): Promise<T>;
  /** Calls running and waiting now. */
  readonly load: { running: number; waiting: number };
}

/**
 * @example
 * const gate = createGate(10);                 // the pool's size
 * await gate.run(() => pool.query(sql), 15_000, (ms) => new Error(`busy for ${ms} ms`));
 */
export function createGate(size: number): Gate {
  let running = 0;
  const waiting: Array<{ start: () => void }> = [];
  // A finished call hands its place straight to the first waiter (running stays the same), so no newcomer slips in between.
  const release = () => {
    const next = waiting.shift();
    if (next) next.start();
    else running--;
  };
  return {
    get load() {
      return { running, waiting: waiting.length };
    },
    async run(work, maxWaitMs, onTimeout) {
      if (running >= size || waiting.length > 0) {
        const queuedAt = Date.now();
        await new Promise<void>((resolve, reject) => {
          const waiter = {
            start: () => {
              clearTimeout(timer);
              resolve();
            },
          };
          const timer = setTimeout(() => {
            waiting.splice(waiting.indexOf(waiter), 1);
            reject(onTimeout(Date.now() - queuedAt));
          }, maxWaitMs);
          waiting.push(waiter);
        });
      } else {
        running++;
      }
      try {
        return await work();
      } finally {
        release();
      }
    },
  };
}
