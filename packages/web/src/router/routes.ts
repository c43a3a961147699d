/** Every page of the app, with what its address carries. */
export type Route =
  | { page: "sign-in" }
  | { page: "projects" }
  | { page: "project"; projectId: string }
  | { page: "new-test"; projectId: string }
  | { page: "load-test"; loadTestId: string; tab: "runs" | "script" }
  | { page: "run"; runId: string }
  | { page: "zones" }
  | { page: "not-found"; path: string };

/** Path patterns, in the order they are tried; `:name` matches one segment. */
const PATTERNS: readonly [string, (params: Record<string, string>) => Route][] = [
  ["/", () => ({ page: "projects" })],
  ["/sign-in", () => ({ page: "sign-in" })],
  ["/projects", () => ({ page: "projects" })],
  ["/projects/:projectId", (p) => ({ page: "project", projectId: p.projectId ?? "" })],
  ["/projects/:projectId/new-test", (p) => ({ page: "new-test", projectId: p.projectId ?? "" })],
  ["/tests/:loadTestId", (p) => ({ page: "load-test", loadTestId: p.loadTestId ?? "", tab: "runs" })],
  [
    "/tests/:loadTestId/script",
    (p) => ({ page: "load-test", loadTestId: p.loadTestId ?? "", tab: "script" }),
  ],
  ["/runs/:runId", (p) => ({ page: "run", runId: p.runId ?? "" })],
  ["/zones", () => ({ page: "zones" })],
];

function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split("/").filter(Boolean);
  const have = path.split("/").filter(Boolean);
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const value = have[i] ?? "";
    if (segment.startsWith(":")) {
      try {
        params[segment.slice(1)] = decodeURIComponent(value);
      } catch {
        return undefined;
      }
    } else if (segment !== value) return undefined;
  }
  return params;
}

/**
 * The page at a path (ignoring a trailing slash).
 *
 * @example
 * parseRoute("/runs/VGVzdFJ1bjox") // { page: "run", runId: "VGVzdFJ1bjox" }
 */
export function parseRoute(path: string): Route {
  for (const [pattern, build] of PATTERNS) {
    const params = match(pattern, path);
    if (params) return build(params);
  }
  return { page: "not-found", path };
}

const segment = (value: string) => encodeURIComponent(value);

/** The path of a page: the inverse of {@link parseRoute}. */
export function hrefFor(route: Route): string {
  switch (route.page) {
    case "sign-in":
      return "/sign-in";
    case "projects":
      return "/projects";
    case "project":
      return `/projects/${segment(route.projectId)}`;
    case "new-test":
      return `/projects/${segment(route.projectId)}/new-test`;
    case "load-test":
      return `/tests/${segment(route.loadTestId)}${route.tab === "script" ? "/script" : ""}`;
    case "run":
      return `/runs/${segment(route.runId)}`;
    case "zones":
      return "/zones";
    case "not-found":
      return route.path;
  }
}
