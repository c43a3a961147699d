import {
  type Connection,
  type RunResult,
  type RunStats,
  type RunStatus,
  useQuery,
} from "../graphql/index.js";
import { Link } from "../router/index.js";
import { Empty, formatInstant, formatMs, QueryView, ResultBadge, StatusBadge } from "../ui/index.js";
import { TrendSparkline } from "./trend-sparkline.js";

const PROJECT = `query Project($id: ID!) {
  project(id: $id) {
    id name createdAt
    loadTests(first: 50) {
      edges { node {
        id name createdAt
        runs(first: 1) { edges { node { id status result createdAt stats { httpP95Ms } } } }
      } }
    }
  }
}`;

interface LastRun {
  id: string;
  status: RunStatus;
  result: RunResult | null;
  createdAt: string;
  stats: Pick<RunStats, "httpP95Ms"> | null;
}

interface ProjectData {
  project: {
    id: string;
    name: string;
    loadTests: Connection<{ id: string; name: string; createdAt: string; runs: Connection<LastRun> }>;
  } | null;
}

/** A project's load tests, each with its last run and its p95 trend. */
export function ProjectPage({ projectId }: { projectId: string }) {
  const state = useQuery<ProjectData>(PROJECT, { id: projectId });
  return (
    <main class="page">
      <QueryView state={state} what="the project">
        {({ project }) =>
          !project ? (
            <Empty title="No such project">It does not exist, or belongs to another organization.</Empty>
          ) : (
            <>
              <header class="page-header">
                <div>
                  <div class="eyebrow">
                    <Link to={{ page: "projects" }}>Projects</Link> /
                  </div>
                  <h1>{project.name}</h1>
                </div>
                <Link class="button" to={{ page: "new-test", projectId: project.id }}>
                  New load test
                </Link>
              </header>
              <section class="card">
                <h2>Load tests</h2>
                {project.loadTests.edges.length === 0 ? (
                  <Empty title="No load tests yet">
                    Write one with “New load test”, or run one with barrage cloud.
                  </Empty>
                ) : (
                  <div class="table-scroll">
                    <table class="table" data-testid="load-tests">
                      <thead>
                        <tr>
                          <th>Test</th>
                          <th>Last run</th>
                          <th>Result</th>
                          <th class="num">p95</th>
                          <th>p95 over the last runs</th>
                        </tr>
                      </thead>
                      <tbody>
                        {project.loadTests.edges.map(({ node: test }) => {
                          const last = test.runs.edges[0]?.node;
                          return (
                            <tr key={test.id}>
                              <td>
                                <Link to={{ page: "load-test", loadTestId: test.id, tab: "runs" }}>
                                  {test.name}
                                </Link>
                              </td>
                              <td>
                                {last ? (
                                  <Link to={{ page: "run", runId: last.id }}>
                                    <StatusBadge status={last.status} /> {formatInstant(last.createdAt)}
                                  </Link>
                                ) : (
                                  <span class="muted">never run</span>
                                )}
                              </td>
                              <td>
                                <ResultBadge result={last?.result} />
                              </td>
                              <td class="num">{formatMs(last?.stats?.httpP95Ms)}</td>
                              <td>
                                <TrendSparkline loadTestId={test.id} />
                              </td>
                            </tr>
                          );
                        })}
                      </tbody>
                    </table>
                  </div>
                )}
              </section>
            </>
          )
        }
      </QueryView>
    </main>
  );
}
