import { asControlError, attempt, ControlError, errorDocument } from "./control-error.js";
import { groupResource, metricResource, setupDocument, statusDocument } from "./json-api.js";
import type { RunControl } from "./run-control.js";
import { parseStatusPatch } from "./status-patch.js";
import { applyStatusPatch } from "./status-rules.js";

/** What to answer: a JSON document, a plain-text body, or nothing. */
export type ControlReply = { status: number; headers?: Record<string, string> } & (
  | { kind: "json"; body: unknown }
  | { kind: "text"; body: string }
  | { kind: "empty" }
);

/** One request, as the routes need it: the body is read only by the routes that take one. */
export interface ControlRequest {
  method: string;
  /** The URL path, still percent-encoded. */
  path: string;
  readBody(): Promise<string>;
}

type Handler = (control: RunControl, request: ControlRequest, id: string) => Promise<ControlReply>;

interface Route {
  /** The path, or its prefix when the route takes an id after it (`/v1/metrics/:id`). */
  path: string;
  takesId: boolean;
  methods: Record<string, Handler>;
}

const routes: readonly Route[] = [
  {
    path: "/v1/status",
    takesId: false,
    methods: {
      GET: async (control) => json(200, statusDocument(control.status())),
      PATCH: async (control, request) => {
        await applyStatusPatch(control, parseStatusPatch(await request.readBody()));
        return json(200, statusDocument(control.status()));
      },
    },
  },
  {
    path: "/v1/metrics",
    takesId: false,
    methods: { GET: async (control) => json(200, { data: control.metrics().map(metricResource) }) },
  },
  {
    path: "/v1/metrics/",
    takesId: true,
    methods: {
      GET: async (control, _request, id) => {
        const metric = control.metrics().find((candidate) => candidate.name === id);
        if (metric === undefined) throw notFound("metric", id, "GET /v1/metrics lists them");
        return json(200, { data: metricResource(metric) });
      },
    },
  },
  {
    path: "/v1/groups",
    takesId: false,
    methods: {
      GET: async (control) => {
        const groups = control.groups();
        return json(200, { data: groups.map((group) => groupResource(group, groups)) });
      },
    },
  },
  {
    path: "/v1/groups/",
    takesId: true,
    methods: {
      GET: async (control, _request, id) => {
        const groups = control.groups();
        const group = groups.find((candidate) => candidate.id === id);
        if (group === undefined) throw notFound("group", id, "GET /v1/groups lists them");
        return json(200, { data: groupResource(group, groups) });
      },
    },
  },
  {
    path: "/v1/setup",
    takesId: false,
    methods: {
      GET: async (control) => json(200, setupDocument(control.getSetupData())),
      POST: async (control) => {
        await attempt(() => control.runSetup(), 500, "Error executing setup");
        return json(200, setupDocument(control.getSetupData()));
      },
      PUT: async (control, request) => {
        control.setSetupData(parseSetupData(await request.readBody()));
        return json(200, setupDocument(control.getSetupData()));
      },
    },
  },
  {
    path: "/v1/teardown",
    takesId: false,
    methods: {
      // k6 answers a successful teardown with 200 and no body.
      POST: async (control) => {
        await attempt(() => control.runTeardown(), 500, "Error executing teardown");
        return { status: 200, kind: "empty" };
      },
    },
  },
];

/**
 * Answers one control API request. Paths outside `/v1/` answer `ok` like k6's `/ping`; unknown
 * `/v1/` paths are 404 and unsupported methods 405 (with `Allow`). Every failure, including an
 * unexpected exception from the runner, becomes a k6-style error document; nothing throws.
 */
export async function routeControlRequest(
  control: RunControl,
  request: ControlRequest,
): Promise<ControlReply> {
  if (!request.path.startsWith("/v1/")) return { status: 200, kind: "text", body: "ok" };
  try {
    const match = findRoute(request.path);
    if (match === undefined) {
      throw new ControlError(404, "Not Found", `no control API route ${request.path}; ${routeList()}`);
    }
    const handler = match.route.methods[request.method];
    if (handler === undefined) {
      const allowed = Object.keys(match.route.methods);
      return {
        ...errorReply(
          new ControlError(
            405,
            "Method Not Allowed",
            `${request.method} is not supported on ${request.path}; allowed: ${allowed.join(", ")}`,
          ),
        ),
        headers: { Allow: allowed.join(", ") },
      };
    }
    return await handler(control, request, match.id);
  } catch (thrown) {
    return errorReply(asControlError(thrown, 500, "Internal error"));
  }
}

function errorReply(error: ControlError): ControlReply {
  return json(error.status, errorDocument(error));
}

function findRoute(path: string): { route: Route; id: string } | undefined {
  for (const route of routes) {
    if (!route.takesId && path === route.path) return { route, id: "" };
    if (route.takesId && path.startsWith(route.path)) {
      return { route, id: decodeId(path.slice(route.path.length)) };
    }
  }
  return undefined;
}

function decodeId(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch (error) {
    throw new ControlError(400, "Invalid id", `"${encoded}" is not a valid percent-encoded id`, {
      cause: error,
    });
  }
}

/** Setup data from a PUT body: an empty body clears it, as in k6. */
function parseSetupData(body: string): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new ControlError(
      400,
      "Error parsing request body",
      `the body must be the setup data as JSON (or empty to clear it): ${(error as Error).message}`,
      { cause: error },
    );
  }
}

function notFound(kind: string, id: string, hint: string): ControlError {
  return new ControlError(404, "Not Found", `no ${kind} with the id "${id}"; ${hint}`);
}

function routeList(): string {
  const lines = routes.map(
    (route) => `${Object.keys(route.methods).join("/")} ${route.path}${route.takesId ? ":id" : ""}`,
  );
  return `the routes are ${lines.join(", ")}`;
}

function json(status: number, body: unknown): ControlReply {
  return { status, kind: "json", body };
}
