/**
 * "Wait until the fake has received N things": the fakes call `wake()` after
 * every request they record, and `waitFor` resolves once `read()` holds at
 * least `count` items, or rejects after `timeoutMs` with `describe(got)`.
 *
 * @example
 * const waiters = createWaiters();
 * // in the request handler: posts.push(post); waiters.wake();
 * waiters.waitFor(() => posts, 2, 5000, (got) => `expected 2 posts, got ${got}`);
 */
export interface Waiters {
  wake(): void;
  waitFor<T>(read: () => T[], count: number, timeoutMs: number, describe: (got: number) => string): Promise<T[]>;
}

export function createWaiters(): Waiters {
  const pending = new Set<() => void>();
  return {
    wake() {
      for (const check of [...pending]) check();
    },
    waitFor(read, count, timeoutMs, describe) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(check);
          reject(new Error(describe(read().length)));
        }, timeoutMs);
        function check() {
          const got = read();
          if (got.length < count) return;
          clearTimeout(timer);
          pending.delete(check);
          resolve(got);
        }
        pending.add(check);
        check();
      });
    },
  };
}
