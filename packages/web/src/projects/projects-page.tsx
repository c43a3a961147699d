import { useState } from "preact/hooks";
import { type Connection, useMutation, useQuery } from "../graphql/index.js";
import { Link, navigate } from "../router/index.js";
import { Empty, ErrorMessage, formatInstant, QueryView } from "../ui/index.js";

interface ProjectItem {
  id: string;
  name: string;
  createdAt: string;
}

const PROJECTS = `query Projects($after: String) {
  viewer { organization { id name limits { maxVus maxDurationMs maxConcurrentRuns } } scopes }
  projects(first: 50, after: $after) { edges { node { id name createdAt } } pageInfo { hasNextPage endCursor } }
}`;

const CREATE_PROJECT = `mutation CreateProject($name: String!) { createProject(input: { name: $name }) { id } }`;

interface ProjectsData {
  viewer: {
    organization: {
      id: string;
      name: string;
      limits: { maxVus: number | null; maxDurationMs: number | null; maxConcurrentRuns: number | null };
    };
    scopes: string[];
  };
  projects: Connection<ProjectItem>;
}

/** The organization and its projects, newest first, with a form to add one. */
export function ProjectsPage() {
  const [after, setAfter] = useState<string | null>(null);
  const state = useQuery<ProjectsData>(PROJECTS, { after });
  return (
    <main class="page">
      <QueryView state={state} what="projects">
        {(data) => (
          <>
            <header class="page-header">
              <div>
                <div class="eyebrow">Organization</div>
                <h1>{data.viewer.organization.name}</h1>
                <div class="muted small">
                  Token scopes: {data.viewer.scopes.join(", ")} · Limits:{" "}
                  {limitsText(data.viewer.organization.limits)}
                </div>
              </div>
            </header>
            <section class="card">
              <h2>Projects</h2>
              {data.projects.edges.length === 0 ? (
                <Empty title="No projects yet">Create one below to hold your load tests.</Empty>
              ) : (
                <ul class="list" data-testid="projects">
                  {data.projects.edges.map(({ node }) => (
                    <li key={node.id}>
                      <Link to={{ page: "project", projectId: node.id }}>{node.name}</Link>
                      <span class="muted small">created {formatInstant(node.createdAt)}</span>
                    </li>
                  ))}
                </ul>
              )}
              <div class="row">
                {after && (
                  <button type="button" class="button secondary small" onClick={() => setAfter(null)}>
                    First page
                  </button>
                )}
                {data.projects.pageInfo.hasNextPage && (
                  <button
                    type="button"
                    class="button secondary small"
                    onClick={() => setAfter(data.projects.pageInfo.endCursor)}
                  >
                    Next page
                  </button>
                )}
              </div>
              <CreateProject />
            </section>
          </>
        )}
      </QueryView>
    </main>
  );
}

function limitsText(limits: ProjectsData["viewer"]["organization"]["limits"]): string {
  const parts = [
    limits.maxVus != null && `${limits.maxVus} VUs`,
    limits.maxDurationMs != null && `${Math.round(limits.maxDurationMs / 60000)} min`,
    limits.maxConcurrentRuns != null && `${limits.maxConcurrentRuns} concurrent runs`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(", ") : "none";
}

function CreateProject() {
  const [name, setName] = useState("");
  const create = useMutation<{ createProject: { id: string } }>(CREATE_PROJECT);
  const submit = async (event: Event) => {
    event.preventDefault();
    const created = await create.run({ name: name.trim() });
    if (created) navigate({ page: "project", projectId: created.createProject.id });
  };
  return (
    <form class="inline-form" onSubmit={submit}>
      <label>
        New project
        <input name="project-name" value={name} onInput={(e) => setName(e.currentTarget.value)} required />
      </label>
      <button type="submit" class="button" disabled={create.running || name.trim() === ""}>
        Create project
      </button>
      {create.error && <ErrorMessage error={create.error} />}
    </form>
  );
}
