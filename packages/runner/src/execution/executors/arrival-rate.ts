import type { ConstantArrivalRate, RampingArrivalRate } from "../../options/index.js";
import type { VirtualUser } from "../../vu/virtual-user.js";
import { arrivalIterations, scaledScenario } from "../schedule/index.js";
import type { ExecutorContext } from "./context.js";
import { scheduleEnd } from "./timing.js";

/**
 * constant-arrival-rate and ramping-arrival-rate: iterations start on schedule whatever the VUs
 * do. Each instance starts only the global iterations its segment owns, at their global time, so
 * the instances of one test together start exactly the planned iterations. With no VU free and
 * `maxVUs` reached, the iteration is dropped and counted in `dropped_iterations`.
 */
export async function runArrivalRate({ run, pool, tuple }: ExecutorContext): Promise<void> {
  const unscaled = run.scenario as ConstantArrivalRate | RampingArrivalRate;
  const s = scaledScenario(unscaled, tuple);
  const ctx = run.ctx;
  const duration =
    s.executor === "constant-arrival-rate" ? s.duration : s.stages.reduce((sum, st) => sum + st.duration, 0);
  const idle: VirtualUser[] = [];
  let held = 0;
  const borrow = (): VirtualUser | undefined => {
    if (held >= s.maxVUs) return undefined;
    const vu = pool.takeOrCreate();
    if (!vu) return undefined;
    held++;
    ctx.stats.vusActive++;
    vu.join(run, run.signal);
    return vu;
  };
  for (let i = 0; i < s.preAllocatedVUs; i++) {
    const vu = borrow();
    if (vu) idle.push(vu);
  }
  const running = new Set<Promise<void>>();
  const dropped = ctx.engine.tagged(run.tags);
  const cancel = scheduleEnd(run, duration, s.gracefulStop, () => {});
  run.progress = () => (duration === 0 ? 1 : Math.min(1, (ctx.clock.now() - run.startedAt) / duration));

  const cursor = arrivalIterations(unscaled, tuple);
  while (cursor.advance()) {
    if (!(await ctx.clock.until(run.startedAt + cursor.atMs, run.signal))) break;
    const vu = idle.pop() ?? borrow();
    if (!vu) {
      dropped.add(ctx.metrics.dropped_iterations, 1);
      continue;
    }
    const iteration = vu.iterate().then(() => {
      running.delete(iteration);
      idle.push(vu);
    });
    running.add(iteration);
  }
  await ctx.clock.until(run.startedAt + duration, run.signal);
  while (running.size > 0) await Promise.all(running);
  cancel();
  for (const vu of idle) pool.give(vu);
  ctx.stats.vusActive -= held;
}
