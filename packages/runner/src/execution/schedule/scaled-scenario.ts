import type { Scenario, SharedIterations } from "../../options/index.js";
import type { ExecutionTuple } from "../segments/index.js";

/**
 * This instance's share of a scenario: every VU count scaled by the tuple, the way k6's executor
 * configs scale them (`GetVUs`, `GetIterations`, `GetPreAllocatedVUs`, ...):
 *
 * - shared-iterations: `vus` scaled; `iterations` re-segmented by the (unscaled) VUs first, so that
 *   iterations go to the instances that have VUs;
 * - per-vu-iterations: `vus` only (scaling iterations too would shrink the test quadratically);
 * - constant-vus, externally-controlled: `vus` (and `maxVUs`);
 * - ramping-vus: `startVUs` and every stage target (use {@link rampingVusSteps} for when each VU
 *   of this instance starts and stops);
 * - arrival-rate: `preAllocatedVUs` and `maxVUs`. Rates stay global: an instance starts the global
 *   iterations it owns, at their global times (see {@link arrivalIterations}).
 *
 * @example thirds of { executor: "constant-vus", vus: 10 } → vus 4, 3 and 3
 */
export function scaledScenario<S extends Scenario>(scenario: S, tuple: ExecutionTuple): S {
  // Each case spreads the scenario and only changes counts, so the executor, and the type, are kept.
  return scaleCounts(scenario, tuple) as S;
}

function scaleCounts(scenario: Scenario, tuple: ExecutionTuple): Scenario {
  const scale = (count: number): number => tuple.scale(count);
  switch (scenario.executor) {
    case "shared-iterations":
      return { ...scenario, vus: scale(scenario.vus), iterations: sharedIterationsShare(scenario, tuple) };
    case "per-vu-iterations":
    case "constant-vus":
      return { ...scenario, vus: scale(scenario.vus) };
    case "ramping-vus":
      return {
        ...scenario,
        startVUs: scale(scenario.startVUs),
        stages: scenario.stages.map((stage) => ({ ...stage, target: scale(stage.target) })),
      };
    case "constant-arrival-rate":
    case "ramping-arrival-rate":
      return {
        ...scenario,
        preAllocatedVUs: scale(scenario.preAllocatedVUs),
        maxVUs: scale(scenario.maxVUs),
      };
    case "externally-controlled":
      return { ...scenario, vus: scale(scenario.vus), maxVUs: scale(scenario.maxVUs) };
  }
}

/**
 * k6's `SharedIterationsConfig.GetIterations`: re-segment by the VUs, then scale the iterations
 * with the new tuple; an instance without VUs gets no iterations.
 */
function sharedIterationsShare(scenario: SharedIterations, tuple: ExecutionTuple): number {
  if (tuple.scale(scenario.vus) === 0) return 0;
  return tuple.getNewExecutionTupleFromValue(scenario.vus).scale(scenario.iterations);
}
