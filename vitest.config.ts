import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Same V8 wasm settings as the shipped binary (see server/src/analysis/embedded/wasm-tuning.ts).
    setupFiles: ["server/src/analysis/embedded/wasm-tuning.ts"],
    // A private XDG cache dir per run (inherited by workers and spawned servers).
    globalSetup: ["test/setup/private-cache-dir.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Spawned servers and editors are heavy on a 2-core machine; keep parallelism modest.
    maxWorkers: 2,
  },
});
