import { normalizeOptions, type Scenario } from "../../options/index.js";

/**
 * One normalized scenario written as in a script, e.g.
 * `scenarioOf<RampingVus>({ executor: "ramping-vus", stages: [...] })`.
 */
export function scenarioOf<S extends Scenario>(raw: Record<string, unknown>, name = "test"): S {
  const [scenario] = normalizeOptions({ scenarios: { [name]: raw } }).scenarios;
  return scenario as S;
}
