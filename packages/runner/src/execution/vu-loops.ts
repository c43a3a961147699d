import type { VirtualUser } from "../vu/virtual-user.js";
import type { ScenarioRun } from "./scenario-run.js";
import type { VuPool } from "./vu-pool.js";

/** How many VUs start before the event loop gets a turn. */
const START_BATCH = 50;

interface Loop {
  vu: VirtualUser;
  stop: AbortController;
  /** Set when the VU should finish its current iteration and leave. */
  leaving: boolean;
  /** Set once the loop has stopped starting iterations; it cannot be called back after that. */
  exited: boolean;
  graceTimer: NodeJS.Timeout | undefined;
  done: Promise<void>;
}

/**
 * VUs that each run iterations back to back, as the VU-based executors (shared and per-VU
 * iterations, constant and ramping VUs, externally controlled) do. A VU can be asked to leave
 * after its current iteration, with a grace period after which the iteration is interrupted.
 */
export class VuLoops {
  readonly #loops: Loop[] = [];

  constructor(
    readonly run: ScenarioRun,
    readonly pool: VuPool,
    /** Asked before each iteration; false ends the VU's loop. `iteration` counts this VU's iterations in the scenario so far. */
    readonly mayStart: (iteration: number) => boolean,
  ) {}

  /** How many VUs are looping and not leaving. */
  get active(): number {
    let n = 0;
    for (const loop of this.#loops) if (!loop.leaving) n++;
    return n;
  }

  /**
   * Adds a looping VU: first by calling back one that was asked to leave and is still finishing
   * its iteration (as k6's ramping-vus does), else by borrowing one from the pool. False when the
   * pool is exhausted.
   */
  add(): boolean {
    if (this.#reactivate()) return true;
    const vu = this.pool.takeOrCreate();
    if (!vu) return false;
    this.#start(vu);
    return true;
  }

  /** Calls back a VU that was asked to leave and is still finishing its iteration; false when there is none. */
  #reactivate(): boolean {
    const returning = this.#loops.find((l) => l.leaving && !l.exited && !l.stop.signal.aborted);
    if (!returning) return false;
    returning.leaving = false;
    clearTimeout(returning.graceTimer);
    returning.graceTimer = undefined;
    return true;
  }

  #start(vu: VirtualUser): void {
    const stop = new AbortController();
    const onScenarioStop = () => stop.abort();
    this.run.signal.addEventListener("abort", onScenarioStop, { once: true });
    const loop: Loop = {
      vu,
      stop,
      leaving: false,
      exited: false,
      graceTimer: undefined,
      done: Promise.resolve(),
    };
    loop.done = this.#loop(loop).finally(() => {
      clearTimeout(loop.graceTimer);
      this.run.signal.removeEventListener("abort", onScenarioStop);
      const i = this.#loops.indexOf(loop);
      if (i >= 0) this.#loops.splice(i, 1);
      this.run.ctx.stats.vusActive--;
      this.pool.give(vu);
    });
    this.#loops.push(loop);
    this.run.ctx.stats.vusActive++;
  }

  async #loop(loop: Loop): Promise<void> {
    const { vu, stop } = loop;
    const clock = this.run.ctx.clock;
    vu.join(this.run, stop.signal);
    let iteration = 0;
    while (!loop.leaving && !stop.signal.aborted) {
      if (clock.paused) await clock.whenRunning();
      if (loop.leaving || stop.signal.aborted || !this.mayStart(iteration)) break;
      iteration++;
      await vu.iterate();
    }
    loop.exited = true;
  }

  /**
   * Adds `count` looping VUs, a batch at a time, letting the event loop run between batches: the
   * first VUs' requests go out while later VUs start, instead of every VU waiting for the last one
   * to be set up. Resolves once all were added (or the pool ran out).
   */
  async addMany(count: number): Promise<void> {
    // Reserve every VU first: a VU that finishes early must not be taken again as one of the new
    // VUs, or per-VU executors would run some VUs twice and others never.
    const reserved: VirtualUser[] = [];
    for (let i = 0; i < count; i++) {
      if (this.#reactivate()) continue;
      const vu = this.pool.takeOrCreate();
      if (!vu) break;
      reserved.push(vu);
    }
    for (let i = 0; i < reserved.length; i++) {
      this.#start(reserved[i] as VirtualUser);
      if (i % START_BATCH === START_BATCH - 1 && i + 1 < reserved.length)
        await new Promise((r) => setImmediate(r));
    }
  }

  /**
   * Asks the newest `count` VUs to leave after their current iteration, interrupting any iteration
   * still running `graceMs` later (k6's gracefulRampDown).
   */
  remove(count: number, graceMs: number): void {
    for (let i = this.#loops.length - 1; i >= 0 && count > 0; i--) {
      const loop = this.#loops[i];
      if (!loop || loop.leaving) continue;
      loop.leaving = true;
      count--;
      loop.graceTimer = setTimeout(() => loop.stop.abort(), graceMs);
    }
  }

  /** Asks every VU to leave after its current iteration (the scenario's time is up). */
  finish(): void {
    for (const loop of this.#loops) loop.leaving = true;
  }

  /** Resolves when every VU has left. */
  async settled(): Promise<void> {
    while (this.#loops.length > 0) await Promise.all(this.#loops.map((l) => l.done));
  }
}
