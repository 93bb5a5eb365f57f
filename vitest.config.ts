import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // GPU tests share the software adapter's two cores; generous limits keep them from flaking.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
