import { consoleLogger, RunFailure } from "@barrage/runner";
import type { Command } from "commander";
import { apiClient } from "../cloud/api-client.js";
import { CloudExitCode, cloudExitCode } from "../cloud/exit-codes.js";
import { followRun, type RunEvent, type RunSnapshot } from "../cloud/follow-run.js";
import { formatInsights } from "../cloud/format-insights.js";
import { ApiError, type GraphqlClient } from "../cloud/graphql-client.js";
import { collectScript } from "../cloud/script-files.js";
import { runResults, type ThresholdResult } from "../cloud/thresholds.js";
import { collectEnv } from "./flags.js";

interface CloudFlags {
  note?: string;
  project?: string;
  api?: string;
  env?: Record<string, string>;
}

/** Where `barrage cloud` reads its settings and writes its output; the process's own by default. */
export interface CloudContext {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Aborting it (Ctrl-C) stops the run in the cloud; the command still waits for its end. */
  signal?: AbortSignal;
  /** How often the run is read (default 1 s). */
  pollIntervalMs?: number;
}

/** `barrage cloud script.js`: runs a test on the platform and follows it, like `k6 cloud`. */
export function registerCloudCommand(program: Command): void {
  program
    .command("cloud")
    .description("run a test on the Barrage platform and follow it to its end")
    .argument("<script>", "the test script (an ES module, k6 style)")
    .option("--note <text>", "a note kept with the run")
    .option(
      "--project <id-or-name>",
      'the project to run in (default: the one named "default", or the only one)',
    )
    .option("--api <url>", "the API's URL (default: from barrage login, or BARRAGE_API)")
    .option(
      "-e, --env <KEY=VALUE>",
      "set an __ENV variable of the run (repeatable); values are stored with the run, so pass no secrets",
      collectEnv,
    )
    .action(async (script: string, flags: CloudFlags) => {
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once("SIGINT", onSignal);
      try {
        process.exitCode = await cloudCommand(script, flags, {
          env: process.env,
          stdout: process.stdout,
          stderr: process.stderr,
          signal: stop.signal,
        });
      } finally {
        process.off("SIGINT", onSignal);
      }
    });
}

const PROJECTS_QUERY = `query { projects(first: 100) { edges { node { id name } } } }`;
const CREATE_MUTATION = `mutation Create($input: CreateTestRunInput!) { createTestRun(input: $input) { id status } }`;
const STOP_MUTATION = `mutation Stop($id: ID!) { stopTestRun(id: $id) { id status } }`;

/**
 * Checks and packs the script locally, creates the run through the API, prints each status the run
 * takes with its reason (and a progress line on a terminal), then the summary, the thresholds and
 * the performance insights, and answers the exit code `k6 cloud` would (see `cloudExitCode`): 97
 * when the API refuses the run, 98 when it stops answering while the run goes on.
 */
export async function cloudCommand(
  scriptPath: string,
  flags: CloudFlags,
  context: CloudContext,
): Promise<number> {
  const { stdout, stderr } = context;
  const client = await apiClient("barrage cloud", flags.api, context);
  if (!client) return 1;
  let packed: Awaited<ReturnType<typeof collectScript>>;
  try {
    packed = await collectScript(scriptPath, flags.env ?? {}, consoleLogger);
  } catch (error) {
    if (!(error instanceof RunFailure)) throw error;
    stderr.write(`${error.message}\n`);
    return error.exitCode;
  }
  let run: { id: string; status: string };
  try {
    const projectId = await resolveProject(client, flags.project);
    const input = {
      projectId,
      loadTestName: packed.loadTestName,
      script: packed.script,
      scriptName: packed.scriptName,
      files: packed.files,
      note: flags.note,
      env: Object.entries(flags.env ?? {}).map(([name, value]) => ({ name, value })),
    };
    run = (
      await client.request<{ createTestRun: { id: string; status: string } }>(CREATE_MUTATION, { input })
    ).createTestRun;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    stderr.write(`the API refused the run: ${error.message}\n`);
    return CloudExitCode.testRunFailed;
  }
  stdout.write(
    `  execution: cloud (${client.endpoint})\n     script: ${scriptPath}\n        run: ${run.id}\n\n`,
  );
  context.signal?.addEventListener(
    "abort",
    () => {
      stderr.write("stopping the run in the cloud (it ends as ABORTED_BY_USER)...\n");
      client
        .request(STOP_MUTATION, { id: run.id })
        .catch((error: Error) => stderr.write(`cannot stop the run: ${error.message}\n`));
    },
    { once: true },
  );
  const progress = progressLine(stderr);
  let final: RunSnapshot;
  try {
    final = await followRun(client, run.id, {
      intervalMs: context.pollIntervalMs,
      onEvent: (event) => {
        progress.clear();
        stdout.write(formatEvent(event));
      },
      onTick: (snapshot) => progress.show(snapshot),
    });
    progress.clear();
    const results = await runResults(client, run.id);
    if (results && final.stats) stdout.write(`\n${results.summaryText}\n`);
    if (results?.thresholds.length) stdout.write(formatThresholds(results.thresholds));
    if (results) stdout.write(formatInsights(results.insights));
    stdout.write(`\n     test status: ${final.status}\n`);
    if (final.result) stdout.write(`          result: ${final.result}\n`);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    progress.clear();
    stderr.write(`lost track of run ${run.id}: ${error.message}\n`);
    return CloudExitCode.failedToGetProgress;
  }
  return cloudExitCode(final.status, final.result);
}

/** The project id for `--project` (an id or a name); without it, "default" or the only project. */
async function resolveProject(client: GraphqlClient, wanted: string | undefined): Promise<string> {
  const data = await client.request<{ projects: { edges: { node: { id: string; name: string } }[] } }>(
    PROJECTS_QUERY,
  );
  const projects = data.projects.edges.map((edge) => edge.node);
  const found =
    wanted === undefined
      ? (projects.find((project) => project.name === "default") ??
        (projects.length === 1 ? projects[0] : undefined))
      : projects.find((project) => project.id === wanted || project.name === wanted);
  if (found) return found.id;
  const names = projects.map((project) => `"${project.name}"`).join(", ") || "none";
  throw new ApiError(
    wanted === undefined
      ? `pick a project with --project; the organization has ${names}`
      : `no project "${wanted}" in the organization; it has ${names}`,
  );
}

/** A status line with its reason; a reason of several lines (a script error's excerpt) is indented. */
function formatEvent(event: RunEvent): string {
  const lines = event.reason
    ?.split("\n")
    .map((line, index) => (index === 0 || !line ? line : `      ${line}`));
  const reason = lines ? `: ${lines.join("\n")}` : "";
  return `  ${event.status}${reason}\n`;
}

function formatThresholds(thresholds: readonly ThresholdResult[]): string {
  const lines = thresholds.map(
    (t) =>
      `  ${t.ok ? "✓" : "✗"} ${t.metric}: ${t.expression}${t.value === null ? "" : ` (${Number(t.value.toPrecision(6))})`}`,
  );
  return `\n  thresholds:\n${lines.join("\n")}\n`;
}

/** The figures so far, for the progress line. */
function formatStats(stats: RunSnapshot["stats"]): string {
  if (!stats) return "";
  const p95 = stats.httpP95Ms === null ? "" : `, p95 ${stats.httpP95Ms.toFixed(1)} ms`;
  const failed = stats.httpFailureRate > 0 ? `, ${(stats.httpFailureRate * 100).toFixed(2)}% failed` : "";
  return `, ${stats.vusMax} VUs max, ${stats.httpRequests} requests (${stats.httpRequestRate.toFixed(0)}/s)${p95}${failed}`;
}

/** One line redrawn in place on a terminal while the run is under way; nothing in a log. */
function progressLine(stream: NodeJS.WritableStream & { isTTY?: boolean }) {
  let shown = false;
  return {
    show(run: RunSnapshot) {
      if (!stream.isTTY || (run.status !== "INITIALIZING" && run.status !== "RUNNING")) return;
      const since = run.startedAt ?? run.events.at(-1)?.at;
      const elapsed = since ? Math.max(0, (Date.now() - Date.parse(since)) / 1000).toFixed(0) : "0";
      stream.write(`\r\x1b[K  ${run.status.toLowerCase()} (${elapsed}s)${formatStats(run.stats)}`);
      shown = true;
    },
    clear() {
      if (shown) stream.write("\r\x1b[K");
      shown = false;
    },
  };
}
