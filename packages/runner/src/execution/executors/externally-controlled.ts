import type { ExternallyControlled } from "../../options/index.js";
import { scaledScenario } from "../schedule/index.js";
import { VuLoops } from "../vu-loops.js";
import type { ExecutorContext, ExternalControl } from "./context.js";
import { scheduleEnd } from "./timing.js";

/**
 * externally-controlled: `vus` VUs loop for `duration` (0: until stopped); the control API changes
 * the number of VUs while it runs, up to `maxVUs`.
 */
export async function runExternallyControlled(
  { run, pool, tuple }: ExecutorContext,
  onControl: (control: ExternalControl | undefined) => void,
): Promise<void> {
  const s = scaledScenario(run.scenario as ExternallyControlled, tuple);
  const loops = new VuLoops(run, pool, () => true);
  run.progress = () =>
    s.duration === 0 ? 0 : Math.min(1, (run.ctx.clock.now() - run.startedAt) / s.duration);
  const setVUs = (vus: number) => {
    const change = vus - loops.active;
    if (change > 0) for (let i = 0; i < change; i++) loops.add();
    else if (change < 0) loops.remove(-change, 0);
  };
  onControl({ setVUs });
  setVUs(s.vus);
  let cancel = () => {};
  const timeUp = new Promise<void>((resolve) => {
    run.signal.addEventListener("abort", () => resolve(), { once: true });
    if (s.duration > 0) cancel = scheduleEnd(run, s.duration, s.gracefulStop, resolve);
  });
  await timeUp;
  loops.finish();
  onControl(undefined);
  await loops.settled();
  cancel();
}
