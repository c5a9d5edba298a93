import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["scripts/build.js"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
