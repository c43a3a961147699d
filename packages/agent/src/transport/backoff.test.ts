import { describe, expect, it } from "vitest";
import { recordingLogger } from "../loopback-target.test-helpers.js";
import { Backoff, withRetry } from "./backoff.js";
import { AgentApiError, isRetryable } from "./errors.js";

const fast = { initialDelayMs: 1, maxDelayMs: 4, maxElapsedMs: 1000 };

function failing(errors: unknown[]): { attempt: () => Promise<string>; calls: () => number } {
  let calls = 0;
  return {
    attempt: async () => {
      const error = errors[calls++];
      if (error) throw error;
      return "ok";
    },
    calls: () => calls,
  };
}

const connectionRefused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), {
  code: "ECONNREFUSED",
});

describe("withRetry", () => {
  it("retries connection errors and 5xx until the request succeeds", async () => {
    const logger = recordingLogger();
    const { attempt, calls } = failing([connectionRefused, new AgentApiError("GET /x", 503, "busy")]);
    await expect(withRetry("GET /x", attempt, { logger, policy: fast })).resolves.toBe("ok");
    expect(calls()).toBe(3);
    expect(logger.lines[0]).toMatch(
      /^WARN GET \/x failed \(1 time\), retrying in \d+ ms: connect ECONNREFUSED/,
    );
  });

  it("never retries a 4xx answer", async () => {
    const { attempt, calls } = failing([
      new AgentApiError("POST /agent/v1/state", 403, "another run"),
      undefined,
    ]);
    await expect(withRetry("x", attempt, { logger: recordingLogger(), policy: fast })).rejects.toThrow(
      "POST /agent/v1/state answered 403: another run",
    );
    expect(calls()).toBe(1);
  });

  it("gives up with the last error when the time runs out", async () => {
    const { attempt, calls } = failing(Array(1000).fill(connectionRefused));
    const started = Date.now();
    await expect(
      withRetry("x", attempt, { logger: recordingLogger(), policy: { ...fast, maxElapsedMs: 50 } }),
    ).rejects.toThrow(/ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(500);
    expect(calls()).toBeGreaterThan(3);
  });

  it("stops waiting when its signal aborts", async () => {
    const controller = new AbortController();
    const { attempt } = failing(Array(1000).fill(connectionRefused));
    const pending = withRetry("x", attempt, {
      logger: recordingLogger(),
      signal: controller.signal,
      policy: { initialDelayMs: 10_000, maxDelayMs: 10_000, maxElapsedMs: Number.POSITIVE_INFINITY },
    });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toThrow(/abort/i);
  });
});

describe("isRetryable", () => {
  it("tells transient failures from final ones", () => {
    expect(isRetryable(new AgentApiError("r", 500, ""))).toBe(true);
    expect(isRetryable(new AgentApiError("r", 429, ""))).toBe(false);
    expect(isRetryable(Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }))).toBe(true);
    expect(isRetryable(Object.assign(new Error("self-signed"), { code: "SELF_SIGNED_CERT_IN_CHAIN" }))).toBe(
      false,
    );
    expect(isRetryable(Object.assign(new Error("altname"), { code: "ERR_TLS_CERT_ALTNAME_INVALID" }))).toBe(
      false,
    );
    expect(isRetryable(new TypeError("bug"))).toBe(false);
  });
});

describe("Backoff", () => {
  it("doubles up to its maximum, with jitter between half and all of each step", () => {
    const backoff = new Backoff({ initialDelayMs: 100, maxDelayMs: 400 });
    const steps = [100, 200, 400, 400];
    for (const step of steps) {
      const delay = backoff.next();
      expect(delay).toBeGreaterThanOrEqual(step / 2);
      expect(delay).toBeLessThanOrEqual(step);
    }
    backoff.reset();
    expect(backoff.next()).toBeLessThanOrEqual(100);
  });
});
