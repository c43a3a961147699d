import {
  ControlError,
  type ControlGroup,
  type ControlMetric,
  type ControlStatus,
  ExecutionStatus,
  type RunControl,
} from "../control/index.js";
import { type ExternalControl, runExecutor } from "../execution/executors/index.js";
import { ScenarioRun } from "../execution/scenario-run.js";
import type { ExecutionTuple } from "../execution/segments/index.js";
import { VuPool } from "../execution/vu-pool.js";
import type { GroupTree } from "../metrics/groups.js";
import type { Metric } from "../metrics/metric.js";
import { type SinkView, sinkView } from "../metrics/sink-view.js";
import { requireFor } from "../modules/require.js";
import type { Scenario, TestOptions } from "../options/index.js";
import type { MetricOutput } from "../output/output.js";
import type { ThresholdRound, ThresholdSet } from "../thresholds/index.js";
import { VirtualUser } from "../vu/virtual-user.js";
import type { AbortCause, InstanceStats, TestContext } from "./context.js";
import { ExitCode, type ExitCodeValue } from "./exit-codes.js";
import { RunFailure } from "./failure.js";
import type { Logger } from "./logger.js";
import type { PreparedTest } from "./prepare.js";
import { describeScriptError } from "./script-failure.js";

/** How a finished run ended, and everything its summary is made from. */
export interface RunResult {
  exitCode: ExitCodeValue;
  /** Why the test stopped early, when it did. */
  aborted: { cause: AbortCause; reason: string } | undefined;
  thresholds: ThresholdRound;
  /** Test time from the start of the scenarios to the end of the last, ms. */
  durationMs: number;
  sink(name: string): SinkView | undefined;
  groups: GroupTree;
  stats: InstanceStats;
  options: TestOptions;
  /** Every metric of the test, built in and custom. */
  metrics: readonly Metric[];
  /** The sub-metrics thresholds named. */
  submetrics: readonly { name: string; metric: string }[];
  /** The script's `handleSummary`, when it exports one. */
  handleSummary: ((data: unknown) => unknown) | undefined;
}

/** Settings of one run that do not come from the script. */
export interface RunSettings {
  /** Start initialised and paused; the control API's `PATCH {paused: false}` starts the test. */
  paused?: boolean;
  noSetup?: boolean;
  noTeardown?: boolean;
  outputs?: MetricOutput[];
  logger: Logger;
  /** Aggregation period of the metric stream, ms (default 1000). */
  periodMs?: number;
  /**
   * Whether this runner acts on thresholds itself (default true). An agent runs one share of a
   * distributed test: its thresholds are evaluated by the platform on the aggregate of all agents,
   * never on one share, so an agent turns this off and its own abortOnFail never fires.
   */
  thresholds?: boolean;
}

const THRESHOLD_INTERVAL_MS = 2000;

/** The verdict of a runner that leaves thresholds to someone else. */
const NO_THRESHOLDS: ThresholdRound = { ok: true, results: [], failedMetrics: [], abort: undefined };

/**
 * One test on this runner: VUs, scenarios, setup and teardown, metrics, thresholds. It is also the
 * {@link RunControl} the control API drives, so that an agent can start it paused, hand it setup
 * data and start every instance together.
 */
export class TestRun implements RunControl {
  readonly ctx: TestContext;
  readonly pool: VuPool;
  readonly #prepared: PreparedTest;
  readonly #settings: RunSettings;
  readonly #thresholds: ThresholdSet;
  readonly #tuple: ExecutionTuple;
  readonly #setupVu: VirtualUser;
  readonly #runs: ScenarioRun[] = [];
  #status: ExecutionStatus = ExecutionStatus.Created;
  #paused: boolean;
  #resume: (() => void) | undefined;
  #setupJson: string | undefined;
  #hasSetupData = false;
  #external: ExternalControl | undefined;
  #externalMaxVUs = 0;
  #tainted = false;
  #lastRound: ThresholdRound | undefined;
  #endedAt = 0;
  #gaugesSampled = false;
  #endLinger: (() => void) | undefined;

  constructor(prepared: PreparedTest, settings: RunSettings) {
    this.#prepared = prepared;
    this.#settings = settings;
    this.#paused = settings.paused === true;
    this.#thresholds = prepared.thresholds;
    this.#tuple = prepared.tuple;
    this.ctx = prepared.ctx;
    this.#setupVu = prepared.initVu;
    const external = prepared.scenarios.find((s) => s.executor === "externally-controlled");
    this.#externalMaxVUs = external && "maxVUs" in external ? external.maxVUs : 0;
    const stats = this.ctx.stats;
    this.pool = new VuPool(
      prepared.maxPossibleVUs,
      (idInInstance) => this.#newVu(idInInstance),
      (n) => {
        stats.vusInitialized = n;
      },
    );
  }

  #newVu(idInInstance: number): VirtualUser {
    const vu = new VirtualUser(this.#prepared.vuId(idInInstance), idInInstance, this.ctx);
    try {
      vu.init(requireFor(vu));
    } catch (error) {
      throw new RunFailure(describeScriptError(this.ctx.script, error, "init"), ExitCode.scriptException, {
        cause: error,
      });
    }
    vu.setSetupData(this.#setupJson);
    return vu;
  }

  /** Runs the test to its end and returns how it went. Throws {@link RunFailure} when it cannot run. */
  async run(): Promise<RunResult> {
    const { ctx } = this;
    this.#status = ExecutionStatus.InitVUs;
    await this.pool.initialize(this.#prepared.initialVUs);
    this.#status = ExecutionStatus.InitDone;
    if (!this.#settings.noSetup && !this.#hasSetupData) await this.runSetup();
    if (this.#paused) {
      this.#status = ExecutionStatus.PausedBeforeRun;
      await new Promise<void>((resolve) => {
        this.#resume = resolve;
        this.#onAbort(resolve);
      });
    }
    const outputs = this.#settings.outputs ?? [];
    const periodMs = this.#settings.periodMs ?? 1000;
    ctx.clock.start();
    ctx.engine.startPeriod(Date.now());
    this.#status = ExecutionStatus.Running;
    const flushTimer = setInterval(() => this.#flush(outputs), periodMs);
    const thresholdTimer =
      this.#settings.thresholds === false
        ? undefined
        : setInterval(() => this.#evaluateThresholds("periodic"), THRESHOLD_INTERVAL_MS);
    try {
      await Promise.all(this.#prepared.scenarios.map((scenario) => this.#runScenario(scenario)));
    } finally {
      clearInterval(flushTimer);
      clearInterval(thresholdTimer);
    }
    this.#endedAt = ctx.clock.now();
    if (!this.#settings.noTeardown && this.#aborted?.cause !== "user") await this.#teardown();
    this.#flush(outputs, true);
    await Promise.all([...outputs.map((o) => o.close()), this.pool.closeAll(), this.#setupVu.close()]);
    const thresholds =
      this.#settings.thresholds === false ? NO_THRESHOLDS : this.#evaluateThresholds("final");
    this.#status = ExecutionStatus.Ended;
    for (const [message, count] of ctx.errors.suppressed())
      ctx.logger.error(`${count} more times: ${message}`);
    return {
      exitCode: this.#exitCode(thresholds),
      aborted: this.#aborted,
      thresholds,
      durationMs: this.#endedAt,
      sink: (name) => {
        const agg = ctx.engine.sink(name);
        return agg ? sinkView(agg) : undefined;
      },
      groups: ctx.groups,
      stats: ctx.stats,
      options: ctx.options,
      metrics: ctx.registry.all(),
      submetrics: this.#thresholds.subMetrics,
      handleSummary: this.#exported("handleSummary"),
    };
  }

  #exitCode(thresholds: ThresholdRound): ExitCodeValue {
    switch (this.#aborted?.cause) {
      case "script":
        return ExitCode.scriptAborted;
      case "user":
        return ExitCode.stoppedFromRestApi;
      case "signal":
        return ExitCode.externalAbort;
      default:
        return thresholds.ok ? ExitCode.ok : ExitCode.thresholdsFailed;
    }
  }

  async #runScenario(scenario: Scenario): Promise<void> {
    const run = new ScenarioRun(scenario, this.ctx);
    this.#runs.push(run);
    this.#onAbort(() => run.interrupt());
    if (this.#aborted) return;
    const abort = new AbortController();
    this.#onAbort(() => abort.abort());
    if (!(await this.ctx.clock.until(scenario.startTime, abort.signal))) return;
    run.startedAt = scenario.startTime;
    await runExecutor({ run, pool: this.pool, tuple: this.#tuple }, (control) => {
      this.#external = control;
    });
  }

  /**
   * Ends the current aggregation period. The `vus` gauges are sampled at every period while the
   * test runs, and at the end only if the test was too short to sample them once, so that the
   * summary shows the VUs the test ran with rather than the 0 left after it.
   */
  #flush(outputs: MetricOutput[], final = false): void {
    const { ctx } = this;
    if (!final || !this.#gaugesSampled) {
      const gauges = ctx.engine.tagged({});
      gauges.add(ctx.metrics.vus, final ? ctx.stats.vusInitialized : ctx.stats.vusActive);
      gauges.add(ctx.metrics.vus_max, ctx.stats.vusInitialized);
      this.#gaugesSampled = true;
    }
    const batch = ctx.engine.flush(Date.now());
    for (const output of outputs) {
      try {
        output.write(batch);
      } catch (error) {
        ctx.errors.error(`output ${String(error)}`, `a metric output failed: ${(error as Error).message}`);
      }
    }
  }

  #evaluateThresholds(phase: "periodic" | "final"): ThresholdRound {
    const { ctx } = this;
    const round = this.#thresholds.evaluate(
      (name) => {
        const agg = ctx.engine.sink(name);
        return agg ? sinkView(agg) : undefined;
      },
      phase === "final" ? this.#endedAt : ctx.clock.now(),
      phase,
    );
    this.#lastRound = round;
    if (!round.ok) this.#tainted = true;
    if (round.abort && phase === "periodic") this.#abort("threshold", round.abort.message);
    return round;
  }

  get #aborted(): { cause: AbortCause; reason: string } | undefined {
    return this.ctx.abort.reason;
  }

  #abort(cause: AbortCause, reason: string): void {
    if (!this.#aborted) this.ctx.logger.warn(reason);
    this.ctx.abort.abort(cause, reason);
  }

  #onAbort(listener: () => void): void {
    this.ctx.abort.onAbort(listener);
  }

  #exported(name: string): ((...args: unknown[]) => unknown) | undefined {
    const fn = this.#setupVu.instance?.exports[name];
    return typeof fn === "function" ? (fn as (...args: unknown[]) => unknown) : undefined;
  }

  /** Runs `fn` on the setup VU within `timeoutMs`, inside a group named like k6's ("setup", "teardown"). */
  async #lifecycle(name: "setup" | "teardown", timeoutMs: number, args: unknown[]): Promise<unknown> {
    const fn = this.#exported(name);
    if (!fn) return undefined;
    const vu = this.#setupVu;
    const controller = new AbortController();
    vu.signal = controller.signal;
    const previous = vu.enterGroup(name);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(
          new RunFailure(
            `${name}() did not finish within ${timeoutMs / 1000}s; raise options.${name}Timeout if it needs longer`,
            name === "setup" ? ExitCode.setupTimeout : ExitCode.teardownTimeout,
          ),
        );
      }, timeoutMs);
    });
    try {
      return await Promise.race([Promise.resolve().then(() => fn(...args)), timeout]);
    } catch (error) {
      if (error instanceof RunFailure) throw error;
      if ((error as Error)?.name === "TestAbortRequested") {
        this.#abort("script", (error as Error).message);
        return undefined;
      }
      throw new RunFailure(describeScriptError(this.ctx.script, error, name), ExitCode.scriptException, {
        cause: error,
      });
    } finally {
      clearTimeout(timer);
      vu.leaveGroup(previous);
    }
  }

  async #teardown(): Promise<void> {
    await this.#lifecycle("teardown", this.ctx.options.teardownTimeout, [this.#setupVu.setupData]);
  }

  // --- RunControl: what the control API drives -------------------------------------------------

  status(): ControlStatus {
    return {
      status: this.#status,
      paused: this.#paused,
      vus: this.ctx.stats.vusActive,
      vusMax: this.ctx.stats.vusInitialized,
      stopped: this.#aborted !== undefined,
      running: this.#status === ExecutionStatus.Running,
      tainted: this.#tainted,
      externallyControlled: this.#externalMaxVUs > 0,
    };
  }

  setPaused(paused: boolean): void {
    if (paused === this.#paused) return;
    if (this.#status === ExecutionStatus.Ended) throw new Error("the test has already ended");
    this.#paused = paused;
    if (!paused && this.#resume) {
      const resume = this.#resume;
      this.#resume = undefined;
      resume();
      return;
    }
    if (this.#status !== ExecutionStatus.Running) return;
    if (paused) this.ctx.clock.pause();
    else this.ctx.clock.resume();
  }

  setVUs(vus: number): void {
    if (!this.#external)
      throw new ControlError(400, "Config update error", "the externally-controlled scenario is not running");
    this.#external.setVUs(vus);
  }

  setMaxVUs(vusMax: number): void {
    if (vusMax < this.ctx.stats.vusInitialized) {
      throw new Error(`vus-max cannot go below the ${this.ctx.stats.vusInitialized} VUs already initialised`);
    }
    this.#externalMaxVUs = vusMax;
  }

  stop(): void {
    if (this.#status === ExecutionStatus.Ended) {
      this.#endLinger?.();
      return;
    }
    this.#abort("user", "test run stopped from REST API");
  }

  /** Stops the test because the process got SIGINT or SIGTERM; a second signal ends lingering. */
  stopBySignal(): void {
    if (this.#status === ExecutionStatus.Ended) this.#endLinger?.();
    else
      this.#abort(
        "signal",
        "test interrupted by a signal; stopping the VUs (press Ctrl-C again to quit at once)",
      );
  }

  /** Resolves when a finished run is told to stop (`--linger`). */
  lingered(): Promise<void> {
    return new Promise((resolve) => {
      this.#endLinger = resolve;
    });
  }

  /** Each scenario's name, executor and progress (0..1), for progress displays. */
  scenarioProgress(): { name: string; executor: string; progress: number }[] {
    return this.#prepared.scenarios.map((scenario) => {
      const run = this.#runs.find((r) => r.name === scenario.name);
      return { name: scenario.name, executor: scenario.executor, progress: run ? run.progress() : 0 };
    });
  }

  metrics(): ControlMetric[] {
    const elapsed = Math.max(this.ctx.clock.now(), 1);
    const out: ControlMetric[] = [];
    for (const metric of this.ctx.registry.all()) {
      const agg = this.ctx.engine.sink(metric.name);
      if (!agg) continue;
      const view = sinkView(agg);
      const base = { name: metric.name, contains: metric.contains, tainted: this.#taintOf(metric.name) };
      switch (view.type) {
        case "counter":
          out.push({
            ...base,
            type: "counter",
            sample: { count: view.count, rate: (view.count * 1000) / elapsed },
          });
          break;
        case "gauge":
          out.push({ ...base, type: "gauge", sample: { value: view.value } });
          break;
        case "rate":
          out.push({
            ...base,
            type: "rate",
            sample: { rate: view.passes + view.fails === 0 ? 0 : view.passes / (view.passes + view.fails) },
          });
          break;
        case "trend":
          out.push({
            ...base,
            type: "trend",
            sample: {
              min: view.min,
              max: view.max,
              avg: view.count ? view.sum / view.count : 0,
              med: view.percentile(0.5),
              "p(90)": view.percentile(0.9),
              "p(95)": view.percentile(0.95),
            },
          });
          break;
      }
    }
    return out;
  }

  #taintOf(metric: string): boolean | null {
    const results = this.#lastRound?.results.filter(
      (r) => r.name === metric || r.name.startsWith(`${metric}{`),
    );
    if (!results || results.length === 0) return null;
    return results.some((r) => !r.ok);
  }

  groups(): ControlGroup[] {
    const out: ControlGroup[] = [];
    const walk = (group: ReturnType<GroupTree["root"]>, parentId: string | null) => {
      out.push({
        id: group.id,
        path: group.path,
        name: group.name,
        parentId,
        checks: group.checks.map((c) => ({ ...c })),
      });
      for (const child of group.groups) walk(child, group.id);
    };
    walk(this.ctx.groups.root(), null);
    return out;
  }

  async runSetup(): Promise<void> {
    this.#status = ExecutionStatus.Setup;
    const data = await this.#lifecycle("setup", this.ctx.options.setupTimeout, []);
    this.setSetupData(data);
    this.#status = ExecutionStatus.InitDone;
  }

  getSetupData(): unknown {
    return this.#hasSetupData ? this.#setupVu.setupData : undefined;
  }

  setSetupData(data: unknown): void {
    this.#setupJson = data === undefined ? undefined : JSON.stringify(data);
    this.#hasSetupData = true;
    this.#setupVu.setSetupData(this.#setupJson);
    this.pool.forEach((vu) => {
      vu.setSetupData(this.#setupJson);
    });
  }

  async runTeardown(): Promise<void> {
    await this.#teardown();
  }
}
