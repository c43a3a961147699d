import { TestAbortRequested } from "../vu/interrupt.js";
import type { VirtualUser } from "../vu/virtual-user.js";

/** The `k6/execution` module of one VU: what the script can know about where it runs. */
export function createExecutionModule(vu: VirtualUser) {
  const ctx = vu.ctx;
  const tags = new Proxy({} as Record<string, string>, {
    get: (_, name) => (typeof name === "string" ? vu.tags[name] : undefined),
    set: (_, name, value) => {
      if (typeof name !== "string") return false;
      if (value !== null && typeof value === "object")
        throw new TypeError(`exec.vu.tags.${name}: tag values must be strings, numbers or booleans`);
      vu.setTag(name, value);
      return true;
    },
    deleteProperty: (_, name) => {
      if (typeof name === "string") vu.deleteTag(name);
      return true;
    },
    has: (_, name) => typeof name === "string" && name in vu.tags,
    ownKeys: () => Object.keys(vu.tags),
    getOwnPropertyDescriptor: (_, name) =>
      typeof name === "string" && name in vu.tags
        ? { value: vu.tags[name], enumerable: true, configurable: true, writable: true }
        : undefined,
  });
  const run = () => {
    if (!vu.scenario)
      throw new Error(
        "exec.scenario is only available while a scenario runs, not in the init context or setup",
      );
    return vu.scenario;
  };
  return {
    vu: {
      get idInTest() {
        return vu.id;
      },
      get idInInstance() {
        return vu.idInInstance;
      },
      get iterationInInstance() {
        return vu.iterationsInInstance - 1;
      },
      get iterationInScenario() {
        return vu.iterationInScenario;
      },
      tags,
      metrics: { tags },
    },
    scenario: {
      get name() {
        return run().name;
      },
      get executor() {
        return run().scenario.executor;
      },
      get startTime() {
        return Math.round(performance.timeOrigin + run().startedAt);
      },
      get progress() {
        return run().progress();
      },
      get iterationInInstance() {
        return run().iterationsStarted - 1;
      },
      get iterationInTest() {
        return run().iterationsStarted - 1;
      },
    },
    instance: {
      get iterationsCompleted() {
        return ctx.stats.iterationsCompleted;
      },
      get iterationsInterrupted() {
        return ctx.stats.iterationsInterrupted;
      },
      get vusActive() {
        return ctx.stats.vusActive;
      },
      get vusInitialized() {
        return ctx.stats.vusInitialized;
      },
      get currentTestRunDuration() {
        return ctx.clock.now();
      },
    },
    test: {
      /** Stops the whole test; the run ends with k6's "aborted by script" exit code 108. */
      abort(reason?: string): never {
        throw new TestAbortRequested(
          reason ? `test aborted by the script: ${reason}` : "test aborted by the script",
        );
      },
      get options() {
        return ctx.options;
      },
    },
  };
}
