import { useApi, useQuery } from "../graphql/index.js";
import { Link, navigate } from "../router/index.js";
import { Empty, QueryView } from "../ui/index.js";
import { type SavedScript, ScriptWorkbench, STARTER_SCRIPT } from "./script-workbench.js";

const PROJECT_NAME = `query ProjectName($id: ID!) { project(id: $id) { id name } }`;

// Newest first: a test just stored by "Save" is among the first.
const PROJECT_TESTS = `query ProjectTests($id: ID!) {
  project(id: $id) { id loadTests(first: 50) { edges { node { id name } } } }
}`;

interface ProjectTestsData {
  project: { loadTests: { edges: { node: { id: string; name: string } }[] } } | null;
}

/**
 * A new load test in a project: its name and script. "Save" stores it (the test and its first
 * script version) and opens the test's Script tab; "Save and run" stores it with its first run.
 */
export function NewTestPage({ projectId }: { projectId: string }) {
  const api = useApi();
  const state = useQuery<{ project: { id: string; name: string } | null }>(PROJECT_NAME, { id: projectId });
  // `saveScript` answers the version, not its test: find the test by the name it was saved under.
  const openSaved = async (saved: SavedScript) => {
    const answer = await api.client
      .request<ProjectTestsData>(PROJECT_TESTS, { id: projectId })
      .catch(() => undefined);
    const test = answer?.project?.loadTests.edges.find((e) => e.node.name === saved.loadTestName)?.node;
    // Not found (an old test far down the list): the page stays, saying what was saved.
    if (test) navigate({ page: "load-test", loadTestId: test.id, tab: "script" });
  };
  return (
    <main class="page">
      <QueryView state={state} what="the project">
        {({ project }) =>
          !project ? (
            <Empty title="No such project" />
          ) : (
            <>
              <header class="page-header">
                <div>
                  <div class="eyebrow">
                    <Link to={{ page: "project", projectId: project.id }}>{project.name}</Link> /
                  </div>
                  <h1>New load test</h1>
                </div>
              </header>
              <section class="card">
                <ScriptWorkbench
                  projectId={project.id}
                  loadTestName=""
                  script={STARTER_SCRIPT}
                  nameEditable
                  onSaved={openSaved}
                />
              </section>
            </>
          )
        }
      </QueryView>
    </main>
  );
}
