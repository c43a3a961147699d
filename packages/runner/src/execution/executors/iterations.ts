import type { PerVuIterations, SharedIterations } from "../../options/index.js";
import { scaledScenario } from "../schedule/index.js";
import { VuLoops } from "../vu-loops.js";
import type { ExecutorContext } from "./context.js";
import { scheduleEnd } from "./timing.js";

/** shared-iterations: `vus` VUs share `iterations` iterations, within `maxDuration`. */
export async function runSharedIterations({ run, pool, tuple }: ExecutorContext): Promise<void> {
  const s = scaledScenario(run.scenario as SharedIterations, tuple);
  let claimed = 0;
  const loops = new VuLoops(run, pool, () => {
    if (claimed >= s.iterations) return false;
    claimed++;
    return true;
  });
  run.progress = () => (s.iterations === 0 ? 1 : claimed / s.iterations);
  await drive(loops, s.vus, s.maxDuration, s.gracefulStop);
}

/** per-vu-iterations: each of `vus` VUs runs `iterations` iterations, within `maxDuration`. */
export async function runPerVuIterations({ run, pool, tuple }: ExecutorContext): Promise<void> {
  const s = scaledScenario(run.scenario as PerVuIterations, tuple);
  const loops = new VuLoops(run, pool, (iteration) => iteration < s.iterations);
  const total = s.vus * s.iterations;
  run.progress = () => (total === 0 ? 1 : Math.min(1, run.iterationsStarted / total));
  await drive(loops, s.vus, s.maxDuration, s.gracefulStop);
}

async function drive(loops: VuLoops, vus: number, maxDuration: number, gracefulStop: number): Promise<void> {
  await loops.addMany(vus);
  const cancel = scheduleEnd(loops.run, maxDuration, gracefulStop, () => loops.finish());
  await loops.settled();
  cancel();
}
