import { ExecutionTuple, maxDurationMs, maxPossibleVUs, type Scenario } from "@barrage/runner";

/** What one scenario needs of the whole test (all instances together). */
export interface ScenarioRequirements {
  name: string;
  executor: Scenario["executor"];
  /** The exported function its iterations run. */
  exec: string;
  startTimeMs: number;
  /** When it ends at the latest, gracefulStop included, from the test's start; null: never (externally controlled). */
  endMs: number | null;
  /** The most VUs it may use at once, arrival-rate `maxVUs` included. */
  maxVUs: number;
}

/** What a run needs: the numbers the plan splits across instances and the admit step checks against limits. */
export interface RunRequirements {
  /** The most VUs alive at any moment over all scenarios (k6's max possible VUs). */
  maxVUs: number;
  /** When the last scenario ends at the latest, gracefulStop included; null when it has no planned end. */
  maxDurationMs: number | null;
  scenarios: ScenarioRequirements[];
}

/**
 * The execution requirements of normalized scenarios over the whole test, computed with the
 * runner's own schedule arithmetic so that they match what the agents will initialise.
 *
 * @example
 * runRequirements(normalizeOptions({ vus: 10, duration: "1m" }).scenarios)
 * // { maxVUs: 10, maxDurationMs: 90000, scenarios: [{ name: "default", ..., maxVUs: 10 }] }
 */
export function runRequirements(scenarios: readonly Scenario[]): RunRequirements {
  const whole = ExecutionTuple.create();
  const finite = (ms: number) => (Number.isFinite(ms) ? ms : null);
  return {
    maxVUs: maxPossibleVUs(scenarios, whole),
    maxDurationMs: finite(maxDurationMs(scenarios, whole)),
    scenarios: scenarios.map((scenario) => ({
      name: scenario.name,
      executor: scenario.executor,
      exec: scenario.exec,
      startTimeMs: scenario.startTime,
      endMs: finite(maxDurationMs([scenario], whole)),
      maxVUs: maxPossibleVUs([scenario], whole),
    })),
  };
}
