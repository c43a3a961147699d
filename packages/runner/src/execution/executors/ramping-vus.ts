import type { RampingVus } from "../../options/index.js";
import { rampingVusSteps } from "../schedule/index.js";
import { VuLoops } from "../vu-loops.js";
import type { ExecutorContext } from "./context.js";
import { scheduleEnd } from "./timing.js";

/**
 * ramping-vus: the number of looping VUs follows this instance's share of the stages. VUs removed
 * by a ramp-down finish their iteration within `gracefulRampDown`; at the end of the last stage,
 * `gracefulStop` applies.
 */
export async function runRampingVus({ run, pool, tuple }: ExecutorContext): Promise<void> {
  const s = run.scenario as RampingVus;
  const plan = rampingVusSteps(s, tuple);
  const duration = s.stages.reduce((sum, stage) => sum + stage.duration, 0);
  const loops = new VuLoops(run, pool, () => true);
  run.progress = () => (duration === 0 ? 1 : Math.min(1, (run.ctx.clock.now() - run.startedAt) / duration));
  const timeUp = new AbortController();
  const cancel = scheduleEnd(run, duration, s.gracefulStop, () => {
    timeUp.abort();
    loops.finish();
  });
  for (const step of plan.raw) {
    if (!(await run.ctx.clock.until(run.startedAt + step.atMs, timeUp.signal))) break;
    const change = step.vus - loops.active;
    if (change > 0) await loops.addMany(change);
    else if (change < 0) loops.remove(-change, s.gracefulRampDown);
  }
  if (!timeUp.signal.aborted) await run.ctx.clock.until(run.startedAt + duration, run.signal);
  loops.finish();
  await loops.settled();
  cancel();
}
