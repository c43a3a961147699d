import { writeFile } from "node:fs/promises";
import path from "node:path";
import {
  type CliOverrides,
  consoleLogger,
  ExitCode,
  JsonFileOutput,
  type MetricOutput,
  prepareTest,
  RunFailure,
  renderSummary,
  startControlServer,
  TestRun,
} from "@barrage/runner";
import type { Command } from "commander";
import { collect, collectEnv, count } from "./flags.js";
import { showProgress } from "./progress.js";

interface RunFlags {
  env?: Record<string, string>;
  vus?: number;
  duration?: string;
  iterations?: number;
  stage?: string[];
  executionSegment?: string;
  executionSegmentSequence?: string;
  paused?: boolean;
  address?: string;
  setup: boolean;
  teardown: boolean;
  linger?: boolean;
  out?: string[];
  summaryExport?: string;
  summaryTrendStats?: string;
  summary: boolean;
  quiet?: boolean;
  insecureSkipTlsVerify?: boolean;
  systemEnvVars: boolean;
  color: boolean;
}

/** `barrage run script.js`: runs a test on this machine, like `k6 run`. */
export function registerRunCommand(program: Command): void {
  program
    .command("run")
    .description("run a test script on this machine")
    .argument("<script>", "the test script (an ES module, k6 style)")
    .option("-e, --env <KEY=VALUE>", "set an __ENV variable (repeatable)", collectEnv)
    .option("-u, --vus <n>", "number of VUs (shortcut for one scenario)", count)
    .option("-d, --duration <duration>", "test duration, e.g. 30s, 1m30s")
    .option("-i, --iterations <n>", "total iterations (shared by the VUs)", count)
    .option("-s, --stage <duration:target>", "a ramping stage, e.g. 30s:10 (repeatable)", collect)
    .option("--execution-segment <segment>", "the part of the test this runner runs, e.g. 1/3:2/3")
    .option("--execution-segment-sequence <sequence>", "all segments of the test, e.g. 0,1/3,2/3,1")
    .option("--paused", "initialise VUs, then wait to be started through the control API")
    .option(
      "-a, --address <host:port>",
      "serve the control API on this address (default with --paused: localhost:6565)",
    )
    .option("--no-setup", "do not run setup()")
    .option("--no-teardown", "do not run teardown()")
    .option("--linger", "keep the control API up after the test ends, until stopped")
    .option("-o, --out <output>", "send the metric stream to an output: json=FILE (repeatable)", collect)
    .option("--summary-export <file>", "write the end-of-test summary as JSON (k6's format)")
    .option("--summary-trend-stats <stats>", "trend stats in the summary, e.g. avg,p(99),max")
    .option("--no-summary", "do not print the end-of-test summary")
    .option("-q, --quiet", "no progress output")
    .option("--insecure-skip-tls-verify", "accept any TLS certificate")
    .option("--no-system-env-vars", "do not pass the process environment to __ENV")
    .option("--no-color", "no colours in the summary")
    .action(async (script: string, flags: RunFlags) => {
      process.exitCode = await runCommand(script, flags);
    });
}

async function runCommand(scriptPath: string, flags: RunFlags): Promise<number> {
  const logger = consoleLogger;
  const outputs: MetricOutput[] = [];
  try {
    for (const out of flags.out ?? []) outputs.push(parseOutput(out));
    const env = { ...(flags.systemEnvVars ? stringEnv(process.env) : {}), ...flags.env };
    const prepared = await prepareTest({ scriptPath, env, overrides: overridesFrom(flags), logger });
    const run = new TestRun(prepared, {
      paused: flags.paused,
      noSetup: !flags.setup,
      noTeardown: !flags.teardown,
      outputs,
      logger,
    });
    const address = flags.address ?? (flags.paused ? "localhost:6565" : undefined);
    const server = address ? await startControlServerOrFail(run, address) : undefined;
    if (server) logger.info(`control API on ${server.url}`);
    const stopOnSignal = () => run.stopBySignal();
    process.once("SIGINT", stopOnSignal);
    process.once("SIGTERM", stopOnSignal);
    const stopProgress = flags.quiet ? () => {} : showProgress(run, process.stderr);
    let result: Awaited<ReturnType<TestRun["run"]>>;
    try {
      result = await run.run();
    } finally {
      stopProgress();
      process.off("SIGINT", stopOnSignal);
      process.off("SIGTERM", stopOnSignal);
    }
    if (result.aborted) logger.warn(`test aborted: ${result.aborted.reason}`);
    const rendered = await renderSummary(result, {
      summaryExport: flags.summaryExport !== undefined,
      colors: flags.color && process.stdout.isTTY === true,
    });
    if (flags.summaryExport)
      await writeFile(flags.summaryExport, `${JSON.stringify(rendered.export, null, 2)}\n`);
    for (const [file, content] of Object.entries(rendered.files))
      await writeFile(path.resolve(file), content);
    if (flags.summary && rendered.stdout) process.stdout.write(rendered.stdout);
    if (flags.linger && server) {
      logger.info(
        "lingering: the control API stays up until stopped (Ctrl-C, or PATCH /v1/status {stopped: true})",
      );
      await run.lingered();
    }
    await server?.close();
    return result.exitCode;
  } catch (error) {
    if (error instanceof RunFailure) {
      process.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

async function startControlServerOrFail(run: TestRun, address: string) {
  try {
    return await startControlServer(run, address);
  } catch (error) {
    throw new RunFailure(
      `cannot start the control API on ${address}: ${(error as Error).message}`,
      ExitCode.cannotStartRestApi,
      { cause: error },
    );
  }
}

function parseOutput(spec: string): MetricOutput {
  const eq = spec.indexOf("=");
  const kind = eq < 0 ? spec : spec.slice(0, eq);
  const arg = eq < 0 ? "" : spec.slice(eq + 1);
  if (kind === "json" && arg) return new JsonFileOutput(arg);
  throw new RunFailure(`--out ${spec}: unknown output; use json=FILE`, ExitCode.invalidConfig);
}

function overridesFrom(flags: RunFlags): CliOverrides {
  const overrides: CliOverrides = {};
  if (flags.vus !== undefined) overrides.vus = flags.vus;
  if (flags.duration !== undefined) overrides.duration = flags.duration;
  if (flags.iterations !== undefined) overrides.iterations = flags.iterations;
  if (flags.stage) overrides.stages = flags.stage;
  if (flags.executionSegment) overrides.executionSegment = flags.executionSegment;
  if (flags.executionSegmentSequence) overrides.executionSegmentSequence = flags.executionSegmentSequence;
  if (flags.summaryTrendStats) overrides.summaryTrendStats = flags.summaryTrendStats.split(",");
  if (flags.insecureSkipTlsVerify) overrides.insecureSkipTLSVerify = true;
  return overrides;
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}
