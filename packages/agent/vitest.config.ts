import { defineConfig } from "vitest/config";

// The end-to-end tests run real tests in the runner over real TLS; on a busy 2-core machine they
// need more than vitest's default 5 s.
export default defineConfig({ test: { testTimeout: 30_000 } });
