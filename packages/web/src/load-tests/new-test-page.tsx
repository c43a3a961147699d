import { useQuery } from "../graphql/index.js";
import { Link } from "../router/index.js";
import { Empty, QueryView } from "../ui/index.js";
import { ScriptWorkbench, STARTER_SCRIPT } from "./script-workbench.js";

const PROJECT_NAME = `query ProjectName($id: ID!) { project(id: $id) { id name } }`;

/** A new load test in a project: its name and script; it is stored with its first run. */
export function NewTestPage({ projectId }: { projectId: string }) {
  const state = useQuery<{ project: { id: string; name: string } | null }>(PROJECT_NAME, { id: projectId });
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
                />
              </section>
            </>
          )
        }
      </QueryView>
    </main>
  );
}
