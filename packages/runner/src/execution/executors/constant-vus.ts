import type { ConstantVus } from "../../options/index.js";
import { scaledScenario } from "../schedule/index.js";
import { VuLoops } from "../vu-loops.js";
import type { ExecutorContext } from "./context.js";
import { scheduleEnd } from "./timing.js";

/** constant-vus: `vus` VUs loop for `duration`. */
export async function runConstantVus({ run, pool, tuple }: ExecutorContext): Promise<void> {
  const s = scaledScenario(run.scenario as ConstantVus, tuple);
  const loops = new VuLoops(run, pool, () => true);
  run.progress = () => Math.min(1, (run.ctx.clock.now() - run.startedAt) / s.duration);
  await loops.addMany(s.vus);
  const cancel = scheduleEnd(run, s.duration, s.gracefulStop, () => loops.finish());
  await loops.settled();
  cancel();
}
