import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);

// dist/src/concurrency.js
async function forEachConcurrently(items, limit, work) {
  let next = 0;
  const failures = [];
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        await work(items[i], i);
      } catch (e) {
        failures.push(e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failures.length > 0)
    throw failures[0];
}
function createGate(size) {
  let running = 0;
  const waiting = [];
  const release = () => {
    const next = waiting.shift();
    if (next)
      next.start();
    else
      running--;
  };
  return {
    get load() {
      return { running, waiting: waiting.length };
    },
    async run(work, maxWaitMs, onTimeout) {
      if (running >= size || waiting.length > 0) {
        const queuedAt = Date.now();
        await new Promise((resolve, reject) => {
          const waiter = {
            start: () => {
              clearTimeout(timer);
              resolve();
            }
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
    }
  };
}

export {
  forEachConcurrently,
  createGate
};
