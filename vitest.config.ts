import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Limits for hangs, not for speed (speed lives in benchmarks): with Mesa's shader cache empty,
    // lavapipe compiling a ResNet-18 training step's kernels took 250 s of one test on a slow
    // 2-core host (2026-11-28), where 120 s failed three tests of a clean run.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: "forks",
  },
});
