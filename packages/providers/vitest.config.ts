import { defineConfig } from "vitest/config";

// The tests start real agent processes; on a busy 2-core machine that takes more than vitest's default 5 s.
export default defineConfig({ test: { testTimeout: 30_000 } });
