import { defineConfig } from "vitest/config";

// The tests start real agent processes; on a busy 2-core machine that takes more than vitest's default 5 s.
// The AWS SDK warns once per process that its releases after early 2027 need Node 22 (we pin one
// that supports Node 20; see README): noise in every test run.
export default defineConfig({
  test: { testTimeout: 30_000, env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } },
});
