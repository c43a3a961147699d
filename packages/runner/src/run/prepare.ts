import { maxPlannedVUs, maxPossibleVUs } from "../execution/schedule/index.js";
import { ExecutionSegmentError, ExecutionTuple } from "../execution/segments/index.js";
import { registerBuiltinMetrics } from "../metrics/builtin.js";
import { MetricsEngine } from "../metrics/engine.js";
import { GroupTree } from "../metrics/groups.js";
import { MetricRegistry } from "../metrics/metric.js";
import { requireFor } from "../modules/require.js";
import {
  type CliOverrides,
  normalizeOptions,
  OptionsError,
  type Scenario,
  type TestOptions,
} from "../options/index.js";
import { findUnawaitedCalls } from "../script/await-check.js";
import { bundleScript, type ScriptBundle } from "../script/bundle.js";
import { compileBundle } from "../script/compile.js";
import { ScriptError, ScriptErrors } from "../script/errors.js";
import { bindThresholds, parseThresholds, ThresholdError, type ThresholdSet } from "../thresholds/index.js";
import { VirtualUser } from "../vu/virtual-user.js";
import { TestClock } from "./clock.js";
import { TestAbort, type TestContext } from "./context.js";
import { ExitCode } from "./exit-codes.js";
import { RunFailure } from "./failure.js";
import { FileCache } from "./files.js";
import { type Logger, RepeatLimiter } from "./logger.js";
import { describeScriptError } from "./script-failure.js";

/** What a run needs that does not come from the script. */
export interface PrepareOptions {
  scriptPath: string;
  /** `__ENV`: by default the process environment, with `-e KEY=VALUE` values on top. */
  env: Record<string, string>;
  /** Options given on the command line; they win over the script's. */
  overrides?: CliOverrides;
  logger: Logger;
}

/** A script that passed every check, with its options read and its thresholds bound: ready to run. */
export interface PreparedTest {
  readonly ctx: TestContext;
  readonly bundle: ScriptBundle;
  /** The VU that read the options; it runs setup and teardown (as `__VU` 0). */
  readonly initVu: VirtualUser;
  readonly thresholds: ThresholdSet;
  readonly tuple: ExecutionTuple;
  /** The scenarios as normalized (whole-test numbers); executors scale them with {@link tuple}. */
  readonly scenarios: readonly Scenario[];
  /** VUs to initialise before the start. */
  readonly initialVUs: number;
  /** The most VUs the scenarios may use (arrival-rate `maxVUs` included). */
  readonly maxPossibleVUs: number;
  /** `__VU` (unique in the whole test, across instances) of this instance's n-th VU. */
  vuId(idInInstance: number): number;
}

/**
 * Loads a script and checks everything that can be checked before the first VU runs: syntax,
 * un-awaited waiting calls, init code, options, thresholds, the execution segment. Every problem
 * becomes a {@link RunFailure} whose message names the file, line and column or the option.
 *
 * @example
 * const prepared = await prepareTest({ scriptPath: "test.js", env: { ...process.env }, logger });
 */
export async function prepareTest(options: PrepareOptions): Promise<PreparedTest> {
  const bundle = await scriptStage(() => bundleScript(options.scriptPath));
  const unawaited = [...bundle.sources].flatMap(([file, source]) => findUnawaitedCalls(source, file));
  if (unawaited.length > 0) {
    const errors = unawaited.map(
      (call) =>
        new ScriptError(
          call.message,
          "validation",
          { file: relative(bundle, call.file), line: call.line, column: call.column },
          lineOf(bundle, call.file, call.line),
        ),
    );
    throw new RunFailure(new ScriptErrors(errors).message, ExitCode.scriptException);
  }
  const script = await scriptStage(async () => compileBundle(bundle));
  const registry = new MetricRegistry();
  const abort = new TestAbort();
  const ctx: TestContext = {
    options: normalizeOptions(undefined),
    script,
    registry,
    metrics: registerBuiltinMetrics(registry),
    engine: new MetricsEngine(registry),
    groups: new GroupTree(),
    files: new FileCache(bundle.baseDir),
    clock: new TestClock(),
    env: Object.freeze({ ...options.env }),
    sharedArrays: new Map(),
    logger: options.logger,
    errors: new RepeatLimiter(options.logger),
    stats: {
      vusInitialized: 0,
      vusActive: 0,
      iterationsCompleted: 0,
      iterationsInterrupted: 0,
      iterationsFailed: 0,
    },
    abort,
  };
  const initVu = new VirtualUser(0, 0, ctx);
  try {
    initVu.init(requireFor(initVu));
  } catch (error) {
    throw new RunFailure(describeScriptError(script, error, "init"), ExitCode.scriptException, {
      cause: error,
    });
  }
  const testOptions = configStage(() =>
    normalizeOptions(initVu.instance?.exports.options, options.overrides),
  );
  (ctx as { options: TestOptions }).options = testOptions;
  const thresholds = configStage(() =>
    bindThresholds(parseThresholds(testOptions.thresholds), registry.all()),
  );
  ctx.engine.keepSubmetrics(thresholds.subMetrics);
  const tuple = configStage(() =>
    ExecutionTuple.create(testOptions.executionSegment, testOptions.executionSegmentSequence),
  );
  const scenarios = testOptions.scenarios;
  for (const scenario of scenarios) {
    if (typeof initVu.instance?.exports[scenario.exec] !== "function") {
      const hint =
        scenario.exec === "default"
          ? "export default async function () { ... }"
          : `export async function ${scenario.exec}() { ... }`;
      throw new RunFailure(
        `scenarios.${scenario.name}.exec: the script exports no function "${scenario.exec}"; add \`${hint}\``,
        ExitCode.invalidConfig,
      );
    }
  }
  return {
    ctx,
    bundle,
    initVu,
    thresholds,
    tuple,
    scenarios,
    initialVUs: maxPlannedVUs(scenarios, tuple),
    maxPossibleVUs: maxPossibleVUs(scenarios, tuple),
    vuId: (idInInstance) => (tuple.isWholeTest ? idInInstance : tuple.globalIndexOf(idInInstance - 1) + 1),
  };
}

async function scriptStage<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ScriptError)
      throw new RunFailure(error.format(), ExitCode.scriptException, { cause: error });
    throw error;
  }
}

function configStage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (
      error instanceof OptionsError ||
      error instanceof ThresholdError ||
      error instanceof ExecutionSegmentError
    ) {
      throw new RunFailure(error.message, ExitCode.invalidConfig, { cause: error });
    }
    throw error;
  }
}

function relative(bundle: ScriptBundle, file: string): string {
  return file.startsWith(bundle.baseDir) ? file.slice(bundle.baseDir.length + 1) : file;
}

function lineOf(bundle: ScriptBundle, file: string, line: number): string | undefined {
  return bundle.sources.get(file)?.split("\n")[line - 1];
}
