import { describe, expect, it } from "vitest";
import { createGate, forEachConcurrently } from "../src/concurrency.ts";

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe("a gate of 2 places", () => {
  it("runs at most 2 at once and lets the others in in the order they came", async () => {
    const gate = createGate(2);
    let inFlight = 0;
    let most = 0;
    const started: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        gate.run(
          async () => {
            started.push(i);
            most = Math.max(most, ++inFlight);
            await tick();
            inFlight--;
          },
          5_000,
          () => new Error("waited too long"),
        ),
      ),
    );
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it("rejects a call that waited longer than its limit, gives up its place in line, and keeps serving the rest", async () => {
    const gate = createGate(1);
    const slow = gate.run(() => tick(80), 5_000, () => new Error("unexpected"));
    const impatient = gate.run(async () => "ran", 20, (ms) => new Error(`busy for ${ms} ms`));
    const patient = gate.run(async () => "ran", 5_000, () => new Error("unexpected"));
    await expect(impatient).rejects.toThrow(/busy for \d+ ms/);
    await slow;
    expect(await patient).toBe("ran");
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it("frees its place when the work fails", async () => {
    const gate = createGate(1);
    await expect(gate.run(() => Promise.reject(new Error("boom")), 1_000, () => new Error("unexpected"))).rejects.toThrow("boom");
    expect(await gate.run(async () => 42, 1_000, () => new Error("unexpected"))).toBe(42);
  });
});

describe("forEachConcurrently", () => {
  it("keeps at most the limit in flight and still runs every item when one fails", async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    await expect(
      forEachConcurrently([1, 2, 3, 4, 5], 2, async (n) => {
        most = Math.max(most, ++inFlight);
        await tick();
        inFlight--;
        if (n === 2) throw new Error("two failed");
        done.push(n);
      }),
    ).rejects.toThrow("two failed");
    expect(most).toBe(2);
    expect(done.sort()).toEqual([1, 3, 4, 5]);
  });
});
