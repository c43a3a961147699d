import type { BuiltinMetrics } from "../metrics/builtin.js";
import type { MetricsEngine } from "../metrics/engine.js";
import type { GroupTree } from "../metrics/groups.js";
import type { MetricRegistry } from "../metrics/metric.js";
import type { TestOptions } from "../options/index.js";
import type { CompiledScript } from "../script/compile.js";
import type { TestClock } from "./clock.js";
import type { FileCache } from "./files.js";
import type { Logger, RepeatLimiter } from "./logger.js";

/** Counters about this runner instance, for `k6/execution`'s `instance` and the progress line. */
export interface InstanceStats {
  vusInitialized: number;
  vusActive: number;
  iterationsCompleted: number;
  iterationsInterrupted: number;
  iterationsFailed: number;
}

/** Why a test ended before its scenarios did. */
export type AbortCause = "script" | "threshold" | "user" | "signal";

/**
 * What every VU and script module of one test shares: the options, the compiled script, the
 * metrics, the clock and the instance counters.
 */
export interface TestContext {
  readonly options: TestOptions;
  readonly script: CompiledScript;
  readonly registry: MetricRegistry;
  readonly metrics: BuiltinMetrics;
  readonly engine: MetricsEngine;
  readonly groups: GroupTree;
  readonly files: FileCache;
  readonly clock: TestClock;
  /** `__ENV` as the test started: the process environment and `-e` values. */
  readonly env: Readonly<Record<string, string>>;
  readonly sharedArrays: Map<string, readonly unknown[]>;
  readonly logger: Logger;
  readonly errors: RepeatLimiter;
  readonly stats: InstanceStats;
  /** Stops the whole test; running iterations are interrupted. */
  readonly abort: TestAbort;
}

/**
 * The test-wide "stop now": set once, by the script (`exec.test.abort()`), a failed `abortOnFail`
 * threshold, the control API or a signal; everything that must stop listens to it.
 */
export class TestAbort {
  #reason: { cause: AbortCause; reason: string } | undefined;
  #listeners: (() => void)[] = [];

  /** Why the test was aborted, once it was. */
  get reason(): { cause: AbortCause; reason: string } | undefined {
    return this.#reason;
  }

  /** Aborts the test; only the first call counts. */
  abort(cause: AbortCause, reason: string): void {
    if (this.#reason) return;
    this.#reason = { cause, reason };
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const listener of listeners) listener();
  }

  /** Calls `listener` when the test is aborted (at once if it already was). */
  onAbort(listener: () => void): void {
    if (this.#reason) listener();
    else this.#listeners.push(listener);
  }
}
