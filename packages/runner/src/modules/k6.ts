import { extendKey, tagsKey } from "../metrics/tags.js";
import { IterationInterrupted } from "../vu/interrupt.js";
import type { VirtualUser } from "../vu/virtual-user.js";

type Checks = Record<string, ((value: unknown) => unknown) | unknown>;

/**
 * Resolves after `ms` of wall time, or rejects with {@link IterationInterrupted} as soon as the
 * VU's iteration is interrupted. Used by `sleep()` and anything else a script waits on.
 */
export function interruptibleDelay(vu: VirtualUser, ms: number): Promise<void> {
  const signal = vu.signal;
  if (signal.aborted) return Promise.reject(new IterationInterrupted());
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new IterationInterrupted());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** The `k6` module of one VU: check, group, sleep, fail. */
export function createK6Module(vu: VirtualUser) {
  const ctx = vu.ctx;
  return {
    /** Records each named condition as a `checks` sample; true when all pass. */
    check(value: unknown, checks: Checks, tags?: Record<string, unknown>): boolean {
      if (vu.inInit)
        throw new Error(
          "check() can only be used inside a function that runs during the test, not in the init context",
        );
      let all = true;
      const extra = tags ? stringTags(tags) : undefined;
      for (const name of Object.keys(checks)) {
        const condition = checks[name];
        const passed = Boolean(typeof condition === "function" ? condition(value) : condition);
        all &&= passed;
        ctx.groups.recordCheck(vu.groupPath, name, passed);
        let key = extendKey(vu.tagsKey, "check", name);
        if (extra) key += tagsKey(extra);
        const base = vu.tags;
        ctx.engine
          .byKey(key, () => ({ ...base, ...extra, check: name }))
          .add(ctx.metrics.checks, passed ? 1 : 0);
      }
      return all;
    },

    /**
     * Runs `fn` inside a named group; its samples carry the group tag and its duration is a
     * `group_duration` sample. An async `fn` must be awaited: `await group("login", async () => {...})`.
     */
    group<T>(name: string, fn: () => T): T {
      if (typeof fn !== "function") throw new TypeError(`group("${name}", fn): fn must be a function`);
      if (name.includes("::")) throw new Error(`group name "${name}" cannot contain "::"`);
      const previous = vu.enterGroup(name);
      const started = performance.now();
      const end = () => {
        vu.series().add(ctx.metrics.group_duration, performance.now() - started);
        vu.leaveGroup(previous);
      };
      let result: T;
      try {
        result = fn();
      } catch (error) {
        end();
        throw error;
      }
      if (result instanceof Promise) return result.finally(end) as T;
      end();
      return result;
    },

    /** Waits `seconds` (fractions allowed). Must be awaited: `await sleep(1)`. */
    sleep(seconds: number): Promise<void> {
      const s = Number(seconds);
      if (!Number.isFinite(s) || s < 0)
        throw new TypeError(`sleep(${String(seconds)}): give a number of seconds >= 0`);
      return interruptibleDelay(vu, s * 1000);
    },

    /** Fails the current iteration with a message. */
    fail(message?: string): never {
      throw new Error(message === undefined ? "fail() called" : String(message));
    },
  };
}

/** Tag values as k6 keeps them: strings. */
export function stringTags(tags: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) out[k] = String(v);
  return out;
}
