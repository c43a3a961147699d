import { useState } from "preact/hooks";
import {
  type ComparisonFigure,
  type Connection,
  type EnvVariable,
  type RunResult,
  type RunStats,
  type RunStatus,
  type ScriptVersion,
  useQuery,
} from "../graphql/index.js";
import { Link } from "../router/index.js";
import {
  Empty,
  elapsedMs,
  formatDuration,
  formatInstant,
  formatMs,
  formatNumber,
  Loading,
  QueryView,
  ResultBadge,
  StatusBadge,
} from "../ui/index.js";
import { ScriptWorkbench, STARTER_SCRIPT } from "./script-workbench.js";
import { TrendSparkline } from "./trend-sparkline.js";

const LOAD_TEST = `query LoadTest($id: ID!, $after: String) {
  loadTest(id: $id) {
    id name createdAt
    project { id name }
    baseline { id }
    runs(first: 25, after: $after) {
      edges { node {
        id status result note createdAt startedAt endedAt
        stats { vusMax durationMs httpP95Ms httpRequests }
      } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

interface RunRow {
  id: string;
  status: RunStatus;
  result: RunResult | null;
  note: string | null;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  stats: Pick<RunStats, "vusMax" | "durationMs" | "httpP95Ms" | "httpRequests"> | null;
}

interface LoadTestData {
  loadTest: {
    id: string;
    name: string;
    createdAt: string;
    project: { id: string; name: string };
    baseline: { id: string } | null;
    runs: Connection<RunRow>;
  } | null;
}

const FIGURES: { figure: ComparisonFigure; label: string }[] = [
  { figure: "P95", label: "p95" },
  { figure: "P99", label: "p99" },
  { figure: "P50", label: "p50" },
  { figure: "REQUEST_RATE", label: "request rate" },
  { figure: "FAILURE_RATE", label: "failure rate" },
];

/** A load test: its runs with their figures and trend, and its script to edit and run. */
export function LoadTestPage({ loadTestId, tab }: { loadTestId: string; tab: "runs" | "script" }) {
  const [after, setAfter] = useState<string | null>(null);
  const state = useQuery<LoadTestData>(
    LOAD_TEST,
    { id: loadTestId, after },
    { pollMs: tab === "runs" ? 5000 : undefined },
  );
  return (
    <main class="page">
      <QueryView state={state} what="the load test">
        {({ loadTest: test }) =>
          !test ? (
            <Empty title="No such load test">It does not exist, or belongs to another organization.</Empty>
          ) : (
            <>
              <header class="page-header">
                <div>
                  <div class="eyebrow">
                    <Link to={{ page: "projects" }}>Projects</Link> /{" "}
                    <Link to={{ page: "project", projectId: test.project.id }}>{test.project.name}</Link> /
                  </div>
                  <h1>{test.name}</h1>
                </div>
              </header>
              <nav class="tabs" aria-label="Load test">
                <Link
                  to={{ page: "load-test", loadTestId, tab: "runs" }}
                  class={tab === "runs" ? "tab active" : "tab"}
                  aria-current={tab === "runs" ? "page" : undefined}
                >
                  Runs
                </Link>
                <Link
                  to={{ page: "load-test", loadTestId, tab: "script" }}
                  class={tab === "script" ? "tab active" : "tab"}
                  aria-current={tab === "script" ? "page" : undefined}
                >
                  Script
                </Link>
              </nav>
              {tab === "runs" ? (
                <RunsTab
                  test={test}
                  onNextPage={() => setAfter(test.runs.pageInfo.endCursor)}
                  onFirstPage={after ? () => setAfter(null) : undefined}
                />
              ) : (
                <ScriptTab projectId={test.project.id} loadTestId={test.id} name={test.name} />
              )}
            </>
          )
        }
      </QueryView>
    </main>
  );
}

function RunsTab({
  test,
  onNextPage,
  onFirstPage,
}: {
  test: NonNullable<LoadTestData["loadTest"]>;
  onNextPage: () => void;
  onFirstPage: (() => void) | undefined;
}) {
  const [figure, setFigure] = useState<ComparisonFigure>("P95");
  return (
    <>
      <section class="card">
        <div class="card-header">
          <h2>Trend</h2>
          <label class="inline">
            Figure
            <select value={figure} onChange={(e) => setFigure(e.currentTarget.value as ComparisonFigure)}>
              {FIGURES.map((f) => (
                <option key={f.figure} value={f.figure}>
                  {f.label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <TrendSparkline loadTestId={test.id} figure={figure} last={30} width={320} height={60} summary />
      </section>
      <section class="card">
        <h2>Runs</h2>
        {test.runs.edges.length === 0 ? (
          <Empty title="No runs yet">
            Write the script in the{" "}
            <Link to={{ page: "load-test", loadTestId: test.id, tab: "script" }}>Script</Link> tab and press
            “Save and run”.
          </Empty>
        ) : (
          <div class="table-scroll">
            <table class="table" data-testid="runs">
              <thead>
                <tr>
                  <th>Run</th>
                  <th>Status</th>
                  <th class="num">Duration</th>
                  <th class="num">VUs</th>
                  <th class="num">Requests</th>
                  <th class="num">p95</th>
                  <th>Result</th>
                  <th>Note</th>
                </tr>
              </thead>
              <tbody>
                {test.runs.edges.map(({ node: run }) => (
                  <tr key={run.id}>
                    <td>
                      <Link to={{ page: "run", runId: run.id }}>{formatInstant(run.createdAt)}</Link>
                      {test.baseline?.id === run.id && <span class="badge tone-neutral">baseline</span>}
                    </td>
                    <td>
                      <StatusBadge status={run.status} />
                    </td>
                    <td class="num">
                      {formatDuration(run.stats?.durationMs ?? elapsedMs(run.startedAt, run.endedAt))}
                    </td>
                    <td class="num">{formatNumber(run.stats?.vusMax)}</td>
                    <td class="num">{formatNumber(run.stats?.httpRequests)}</td>
                    <td class="num">{formatMs(run.stats?.httpP95Ms)}</td>
                    <td>
                      <ResultBadge result={run.result} />
                    </td>
                    <td class="note-cell">{run.note ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div class="row">
          {onFirstPage && (
            <button type="button" class="button secondary small" onClick={onFirstPage}>
              Newest runs
            </button>
          )}
          {test.runs.pageInfo.hasNextPage && (
            <button type="button" class="button secondary small" onClick={onNextPage}>
              Older runs
            </button>
          )}
        </div>
      </section>
    </>
  );
}

const LATEST_SCRIPT = `query LatestScript($id: ID!) {
  loadTest(id: $id) {
    id
    scriptVersions(first: 1) { edges { node { id version script createdAt } } }
    runs(first: 1) { edges { node { id createdAt } } }
  }
}`;

const RUN_ENV = `query RunEnv($id: ID!) { testRun(id: $id) { id env { name value } } }`;

interface LatestScriptData {
  loadTest: {
    id: string;
    scriptVersions: Connection<ScriptVersion>;
    runs: Connection<{ id: string; createdAt: string }>;
  } | null;
}

/**
 * The test's latest script version (saved or run) in the workbench, with the environment of its
 * last run (or the one saved with the script in this browser, when newer).
 */
function ScriptTab({ projectId, loadTestId, name }: { projectId: string; loadTestId: string; name: string }) {
  const latest = useQuery<LatestScriptData>(LATEST_SCRIPT, { id: loadTestId });
  const lastRun = latest.data?.loadTest?.runs.edges[0]?.node;
  const lastRunId = lastRun?.id;
  const env = useQuery<{ testRun: { env: EnvVariable[] } | null }>(
    RUN_ENV,
    { id: lastRunId ?? "" },
    { skip: !lastRunId },
  );
  return (
    <section class="card">
      <QueryView state={latest} what="the script">
        {(data) => {
          const version = data.loadTest?.scriptVersions.edges[0]?.node;
          if (lastRunId && env.loading && !env.error) return <Loading what="Loading the environment" />;
          return (
            <>
              <p class="muted small" data-testid="script-version">
                {version
                  ? `Script version ${version.version}, stored ${formatInstant(version.createdAt)}.`
                  : "This test has no script yet."}{" "}
                “Save” stores the script as a new version; each run stores the script it ran.
              </p>
              <ScriptWorkbench
                key={loadTestId}
                projectId={projectId}
                loadTestName={name}
                script={version?.script ?? STARTER_SCRIPT}
                env={env.data?.testRun?.env ?? []}
                envRunAt={lastRun?.createdAt}
                onSaved={latest.refetch}
              />
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
