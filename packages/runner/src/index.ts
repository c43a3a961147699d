/**
 * The Barrage load engine: runs a k6-style script with virtual users and executors, records
 * metrics as per-period aggregates, evaluates thresholds, and exposes k6's control API.
 *
 * @example
 * const prepared = await prepareTest({ scriptPath: "test.js", env: {}, logger: consoleLogger });
 * const result = await new TestRun(prepared, { logger: consoleLogger }).run();
 * process.exitCode = result.exitCode;
 */
export { type ControlStatus, ExecutionStatus, type RunControl, startControlServer } from "./control/index.js";
export { maxDurationMs, maxPossibleVUs } from "./execution/schedule/index.js";
export { ExecutionTuple } from "./execution/segments/index.js";
export { BUILTIN_METRICS } from "./metrics/builtin.js";
export type { MetricBatch, SeriesPoint } from "./metrics/engine.js";
export type { Metric, MetricType, ValueType } from "./metrics/metric.js";
export type { SinkView } from "./metrics/sink-view.js";
export type { Tags } from "./metrics/tags.js";
export {
  type CliOverrides,
  normalizeOptions,
  OptionsError,
  type Scenario,
  type TestOptions,
} from "./options/index.js";
export { JsonFileOutput } from "./output/json-file.js";
export type { MetricOutput } from "./output/output.js";
export { type PointJson, pointToJson } from "./output/point-json.js";
export { ExitCode, type ExitCodeValue } from "./run/exit-codes.js";
export { RunFailure } from "./run/failure.js";
export { consoleLogger, type Logger } from "./run/logger.js";
export { type PreparedTest, type PrepareOptions, prepareTest } from "./run/prepare.js";
export { type RenderedSummary, renderSummary, summaryData } from "./run/summary.js";
export { type RunResult, type RunSettings, TestRun } from "./run/test-run.js";
export { findUnawaitedCalls, type UnawaitedCall } from "./script/await-check.js";
export { bundleScript, type ScriptBundle } from "./script/bundle.js";
export { type CompiledScript, compileBundle } from "./script/compile.js";
export { ScriptError, type SourcePosition } from "./script/errors.js";
export { buildSummaryData, type SummaryData, textSummary, toLegacySummaryExport } from "./summary/index.js";
export {
  bindThresholds,
  type MetricInfo,
  parseThresholds,
  type Sink,
  ThresholdError,
  type ThresholdRound,
  ThresholdSet,
} from "./thresholds/index.js";
