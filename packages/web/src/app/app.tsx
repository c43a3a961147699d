import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import {
  type Api,
  ApiContext,
  createGraphQLClient,
  createSubscriptions,
  type GraphQLRequestError,
  useQuery,
  websocketUrl,
} from "../graphql/index.js";
import { Link, navigate, type Route, useRoute } from "../router/index.js";
import {
  clearSession,
  loadSession,
  type SessionSettings,
  SignInPage,
  saveSession,
} from "../session/index.js";
import { Empty, lazyComponent } from "../ui/index.js";

// Each page is its own chunk: the sign-in page needs none of them, the run page brings uPlot.
const ProjectsPage = lazyComponent(() => import("../projects/index.js").then((m) => m.ProjectsPage));
const ProjectPage = lazyComponent(() => import("../load-tests/index.js").then((m) => m.ProjectPage));
const NewTestPage = lazyComponent(() => import("../load-tests/index.js").then((m) => m.NewTestPage));
const LoadTestPage = lazyComponent(() => import("../load-tests/index.js").then((m) => m.LoadTestPage));
const RunPage = lazyComponent(() => import("../run/index.js").then((m) => m.RunPage));
const ZonesPage = lazyComponent(() => import("../zones/index.js").then((m) => m.ZonesPage));

function createApi(settings: SessionSettings, onUnauthenticated: (error: GraphQLRequestError) => void): Api {
  return {
    client: createGraphQLClient(settings),
    subscriptions: createSubscriptions({
      url: websocketUrl(settings.endpoint, location.href),
      token: settings.token,
    }),
    onUnauthenticated,
  };
}

/** The app: the sign-in until there is a session, then the page of the address. */
export function App() {
  const [settings, setSettings] = useState(() => loadSession(localStorage));
  const [refused, setRefused] = useState<string>();
  const route = useRoute();
  const signOut = useCallback((reason?: string) => {
    clearSession(localStorage);
    setSettings(undefined);
    setRefused(reason);
  }, []);
  const api = useMemo(
    () => settings && createApi(settings, (error) => signOut(`The token was refused: ${error.message}`)),
    [settings, signOut],
  );
  useEffect(() => () => api?.subscriptions.dispose(), [api]);

  if (!api || route.page === "sign-in") {
    return (
      <>
        {refused && (
          <div class="banner" role="alert">
            {refused}
          </div>
        )}
        <SignInPage
          initial={settings}
          onSignedIn={(next) => {
            saveSession(localStorage, next);
            setRefused(undefined);
            setSettings(next);
            if (route.page === "sign-in") navigate({ page: "projects" }, { replace: true });
          }}
        />
      </>
    );
  }
  return (
    <ApiContext.Provider value={api}>
      <Shell route={route} onSignOut={() => signOut()}>
        <Page route={route} />
      </Shell>
    </ApiContext.Provider>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case "projects":
      return <ProjectsPage />;
    case "project":
      return <ProjectPage projectId={route.projectId} />;
    case "new-test":
      return <NewTestPage projectId={route.projectId} />;
    case "load-test":
      return <LoadTestPage loadTestId={route.loadTestId} tab={route.tab} />;
    case "run":
      return <RunPage runId={route.runId} />;
    case "zones":
      return <ZonesPage />;
    default:
      return (
        <main class="page">
          <Empty title="No such page">
            Nothing lives at <code>{location.pathname}</code>.{" "}
            <Link to={{ page: "projects" }}>Go to the projects</Link>.
          </Empty>
        </main>
      );
  }
}

const ORGANIZATION = "query Organization { viewer { organization { id name } } }";

function Shell({
  route,
  onSignOut,
  children,
}: {
  route: Route;
  onSignOut: () => void;
  children: ComponentChildren;
}) {
  const viewer = useQuery<{ viewer: { organization: { name: string } } }>(ORGANIZATION);
  const section = route.page === "zones" ? "zones" : "projects";
  return (
    <>
      <header class="topbar">
        <Link to={{ page: "projects" }} class="brand">
          <span class="brand-mark" aria-hidden="true" />
          Barrage
        </Link>
        <nav aria-label="Main">
          <Link to={{ page: "projects" }} class={section === "projects" ? "active" : ""}>
            Projects
          </Link>
          <Link to={{ page: "zones" }} class={section === "zones" ? "active" : ""}>
            Load zones
          </Link>
        </nav>
        <div class="topbar-end">
          <span class="muted small org-name" data-testid="organization">
            {viewer.data?.viewer.organization.name ?? ""}
          </span>
          <button type="button" class="button secondary small" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      {children}
    </>
  );
}
