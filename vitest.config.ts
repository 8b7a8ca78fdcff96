import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    // Set-up hooks start servers and open stores: 10 s is not enough on a machine busy with other work.
    hookTimeout: 30_000,
    reporters: ["default", "./test/summary-reporter.ts"],
  },
});
