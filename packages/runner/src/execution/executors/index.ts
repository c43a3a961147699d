import { runArrivalRate } from "./arrival-rate.js";
import { runConstantVus } from "./constant-vus.js";
import type { ExecutorContext, ExternalControl } from "./context.js";
import { runExternallyControlled } from "./externally-controlled.js";
import { runPerVuIterations, runSharedIterations } from "./iterations.js";
import { runRampingVus } from "./ramping-vus.js";

export type { ExecutorContext, ExternalControl } from "./context.js";

/** Runs one scenario on this instance with its executor, until its last iteration ends. */
export function runExecutor(
  context: ExecutorContext,
  onExternalControl: (control: ExternalControl | undefined) => void,
): Promise<void> {
  switch (context.run.scenario.executor) {
    case "shared-iterations":
      return runSharedIterations(context);
    case "per-vu-iterations":
      return runPerVuIterations(context);
    case "constant-vus":
      return runConstantVus(context);
    case "ramping-vus":
      return runRampingVus(context);
    case "constant-arrival-rate":
    case "ramping-arrival-rate":
      return runArrivalRate(context);
    case "externally-controlled":
      return runExternallyControlled(context, onExternalControl);
  }
}
