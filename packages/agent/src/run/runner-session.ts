import { setTimeout as sleep } from "node:timers/promises";
import { type Logger, type MetricOutput, prepareTest, type RunResult, TestRun } from "@barrage/runner";
import type { SetupResult } from "../transport/index.js";

/** k6's ExecutionStatus.PausedBeforeRun wire value: VUs initialised, waiting for the start. */
const PAUSED_BEFORE_RUN = 4;
const READY_POLL_MS = 10;

/** What the runner needs from the assignment. */
export interface SessionPlan {
  scriptPath: string;
  /** This instance's execution segment and the run's segment sequence. */
  segment: string;
  sequence: string;
  env: Record<string, string>;
  periodMs: number;
  outputs: MetricOutput[];
  logger: Logger;
}

/**
 * This instance's share of the test in the runner, driven by the coordinator: prepared on its
 * execution segment, started paused with setup and teardown left to explicit commands (they run
 * once per test, on one instance), then unpaused at the agreed instant.
 */
export class RunnerSession {
  readonly #run: TestRun;
  /** Settles when the runner ends: its result, or the `RunFailure` that stopped it. */
  readonly result: Promise<RunResult>;

  private constructor(run: TestRun) {
    this.#run = run;
    this.result = run.run();
  }

  /**
   * Loads the script, initialises this segment's VUs and resolves once they wait paused for the
   * start. Throws the runner's `RunFailure` (script error, bad options) when it cannot.
   */
  static async prepare(plan: SessionPlan): Promise<RunnerSession> {
    const prepared = await prepareTest({
      scriptPath: plan.scriptPath,
      env: plan.env,
      overrides: { executionSegment: plan.segment, executionSegmentSequence: plan.sequence },
      logger: plan.logger,
    });
    const run = new TestRun(prepared, {
      paused: true,
      noSetup: true,
      noTeardown: true,
      // The platform judges thresholds on the aggregate of every agent, never on this one's share.
      thresholds: false,
      outputs: plan.outputs,
      periodMs: plan.periodMs,
      logger: plan.logger,
    });
    const session = new RunnerSession(run);
    await session.#pausedBeforeRun();
    return session;
  }

  /** The runner's control API has no "ready" event; poll its status, failing with the run if it fails first. */
  async #pausedBeforeRun(): Promise<void> {
    let settled = false;
    const ended = this.result.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    while (this.#run.status().status !== PAUSED_BEFORE_RUN) {
      await Promise.race([ended, sleep(READY_POLL_MS)]);
      if (settled) {
        await this.result;
        throw new Error("the runner ended before its VUs were ready to start");
      }
    }
  }

  /** VUs initialised on this instance. */
  get vus(): number {
    return this.#run.status().vusMax;
  }

  /** Runs the script's `setup()` here and returns its data, or the error to report. */
  async runSetup(): Promise<SetupResult> {
    try {
      await this.#run.runSetup();
      return { data: this.#run.getSetupData() ?? null };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }

  /** Hands the data of `setup()` (run on whichever instance) to every VU here. */
  setSetupData(data: unknown): void {
    this.#run.setSetupData(data);
  }

  /** Unpauses the VUs. */
  start(): void {
    this.#run.setPaused(false);
  }

  /** Stops the test (k6: stopped from the REST API, exit code 103). */
  stop(): void {
    this.#run.stop();
  }

  /** Stops the test because the agent process is being terminated (k6: external abort, exit code 105). */
  stopBySignal(): void {
    this.#run.stopBySignal();
  }

  /** Runs the script's `teardown()` here, with the setup data. */
  async runTeardown(): Promise<void> {
    await this.#run.runTeardown();
  }
}
