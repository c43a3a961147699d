import type { BoundTarget } from "./bind.js";
import { evaluateThreshold } from "./evaluate.js";
import type { Sink } from "./metric.js";
import type { SubMetricSpec } from "./sub-metric.js";

/**
 * When an evaluation happens: `periodic` while the test runs (every 2 s in k6; may request an abort),
 * `final` once after the test (decides the run's outcome; never requests an abort).
 */
export type EvaluationPhase = "periodic" | "final";

/** Gives the whole-test sink kept under a metric or sub-metric name, or `undefined` if it has no data. */
export type SinkLookup = (name: string) => Sink | undefined;

/** One threshold's state after an evaluation. */
export interface ThresholdResult {
  /** The metric or sub-metric name (`metric{tags}`). */
  readonly name: string;
  /** The expression as written. */
  readonly source: string;
  /** Whether it held at this evaluation; the final evaluation's `ok` is the threshold's verdict. */
  readonly ok: boolean;
  /** The aggregated value checked; `null` without data. */
  readonly value: number | null;
  /** Whether it failed at this or any earlier evaluation of this set. */
  readonly everFailed: boolean;
  readonly abortOnFail: boolean;
}

/** A request to stop the test because an `abortOnFail` threshold failed. */
export interface ThresholdAbort {
  /** The first failing `abortOnFail` threshold past its `delayAbortEval`. */
  readonly threshold: ThresholdResult;
  /** k6's message, naming every metric with a failing threshold. */
  readonly message: string;
}

/** The outcome of one evaluation of every threshold. */
export interface ThresholdRound {
  /** True when every threshold held. */
  readonly ok: boolean;
  /** Every threshold, in the order of `options.thresholds`. */
  readonly results: readonly ThresholdResult[];
  /** Names of the metrics and sub-metrics with a failing threshold, sorted as k6 sorts them. */
  readonly failedMetrics: readonly string[];
  /** Set when a periodic evaluation finds reason to stop the test. */
  readonly abort: ThresholdAbort | undefined;
}

/**
 * The thresholds of a test, bound to its metrics (made by `bindThresholds`), with the little state k6
 * keeps between evaluations. The runner calls {@link evaluate} every 2 s and once at the end; the
 * platform calls it the same way on data aggregated from every agent.
 */
export class ThresholdSet {
  /** Per threshold, in `results` order: has it ever failed? */
  readonly #everFailed: boolean[] = [];

  /** @param targets the metrics and sub-metrics with thresholds, in `options.thresholds` order */
  constructor(readonly targets: readonly BoundTarget[]) {}

  /** The sub-metrics the engine must keep a whole-test sink for, under their `name`. */
  get subMetrics(): SubMetricSpec[] {
    return this.targets.flatMap((target) => (target.subMetric ? [target.subMetric] : []));
  }

  /**
   * Evaluates every threshold on the sinks as they are now. In the `periodic` phase a failing
   * `abortOnFail` threshold requests an abort once more than its `delayAbortEval` of test time has
   * passed (k6 compares strictly); the `final` phase never does.
   *
   * @param sinkOf the whole-test sink of a metric or sub-metric name
   * @param elapsedMs test time so far, for counter rates and `delayAbortEval`
   */
  evaluate(sinkOf: SinkLookup, elapsedMs: number, phase: EvaluationPhase): ThresholdRound {
    const results: ThresholdResult[] = [];
    const failedMetrics = new Set<string>();
    let aborting: ThresholdResult | undefined;

    for (const target of this.targets) {
      const sink = sinkOf(target.name);
      for (const spec of target.thresholds) {
        const { ok, value } = evaluateThreshold(spec.expression, sink, elapsedMs);
        const everFailed = this.#everFailed[results.length] === true || !ok;
        this.#everFailed[results.length] = everFailed;
        const result: ThresholdResult = {
          name: target.name,
          source: spec.expression.source,
          ok,
          value,
          everFailed,
          abortOnFail: spec.abortOnFail,
        };
        results.push(result);
        if (ok) continue;
        failedMetrics.add(target.name);
        const pastDelay = spec.delayAbortEvalMs === undefined || elapsedMs > spec.delayAbortEvalMs;
        if (phase === "periodic" && spec.abortOnFail && pastDelay) aborting ??= result;
      }
    }

    const failed = [...failedMetrics].sort();
    const abort = aborting && {
      threshold: aborting,
      message: `thresholds on metrics '${failed.join(", ")}' were crossed; at least one has abortOnFail enabled, stopping test prematurely`,
    };
    return { ok: failed.length === 0, results, failedMetrics: failed, abort };
  }
}
