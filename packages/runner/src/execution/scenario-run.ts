import { setMaxListeners } from "node:events";
import type { Tags } from "../metrics/tags.js";
import type { Scenario } from "../options/index.js";
import type { TestContext } from "../run/context.js";

/**
 * One scenario while it runs on this instance: what its VUs need to know about it (for tags,
 * `__ENV`, `k6/execution`) and the signal that interrupts its iterations when it must stop.
 */
export class ScenarioRun {
  readonly name: string;
  readonly exec: string;
  /** Tags every sample of this scenario carries before group and request tags. */
  readonly tags: Tags;
  /** `__ENV` for this scenario's iterations: the test's environment with the scenario's `env` on top. */
  readonly env: Readonly<Record<string, string>>;
  /** Iterations this instance started in this scenario, for `exec.scenario.iterationInInstance`. */
  iterationsStarted = 0;
  /** Test-clock time the scenario started, ms. */
  startedAt = 0;
  /** 0..1, as `exec.scenario.progress` and the progress line show it. */
  progress: () => number = () => 0;
  readonly #stop = new AbortController();

  constructor(
    readonly scenario: Scenario,
    readonly ctx: TestContext,
  ) {
    this.name = scenario.name;
    this.exec = scenario.exec;
    this.tags = Object.freeze({ ...ctx.options.tags, ...scenario.tags, scenario: scenario.name });
    this.env =
      Object.keys(scenario.env).length === 0 ? ctx.env : Object.freeze({ ...ctx.env, ...scenario.env });
    // Every VU of the scenario listens to this signal: thousands of listeners are expected here.
    setMaxListeners(0, this.#stop.signal);
  }

  /** Aborted when the scenario's iterations must end now (after gracefulStop, or when the test aborts). */
  get signal(): AbortSignal {
    return this.#stop.signal;
  }

  /** Interrupts every running iteration of this scenario. */
  interrupt(): void {
    this.#stop.abort();
  }
}
