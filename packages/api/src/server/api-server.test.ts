import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queuedJobs } from "../db/worker-jobs.test-helpers.js";
import { type SeededOrganization, seedOrganization } from "../test-fixtures.test-helpers.js";
import { startTestApi, type TestApi } from "./test-api.test-helpers.js";

let api: TestApi;
let acme: SeededOrganization;
const logged: unknown[] = [];

beforeAll(async () => {
  api = await startTestApi(logged);
  acme = await seedOrganization(api.db, "acme");
});
afterAll(() => api.close());

const projectId = () => Buffer.from(`Project:${acme.projectId}`).toString("base64url");

describe("the API server over HTTP", () => {
  it("answers /healthz", async () => {
    const response = await fetch(new URL("/healthz", api.server.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("refuses a request without a valid token with 401 UNAUTHENTICATED", async () => {
    for (const token of [null, "brg_nope", `brg_${"x".repeat(43)}`]) {
      const answer = await api.graphql(token, "{ viewer { scopes } }");
      expect(answer.status).toBe(401);
      expect(answer.errors?.[0]?.extensions.code).toBe("UNAUTHENTICATED");
      expect(answer.data ?? null).toBeNull();
    }
  });

  it("tells the viewer its organization, limits and scopes", async () => {
    const answer = await api.graphql(
      acme.tokens.write,
      "{ viewer { scopes organization { id name limits { maxVus maxDurationMs maxConcurrentRuns } } } }",
    );
    expect(answer.data).toEqual({
      viewer: {
        scopes: ["WRITE"],
        organization: {
          id: Buffer.from(`Organization:${acme.organizationId}`).toString("base64url"),
          name: "acme",
          limits: { maxVus: null, maxDurationMs: null, maxConcurrentRuns: null },
        },
      },
    });
  });

  it("creates a run with its script version, first event and validate job in one go", async () => {
    const answer = await api.graphql(
      acme.tokens.write,
      `mutation ($input: CreateTestRunInput!) {
        createTestRun(input: $input) {
          id status statusCode note tags startedAt
          events { status reason }
          loadTest { name project { name } }
          scriptVersion { version script files { path base64 } options }
        }
      }`,
      {
        input: {
          projectId: projectId(),
          loadTestName: "checkout",
          script: "export default function () {}",
          files: [{ path: "users.csv", base64: "YSxi" }],
          note: "first try",
          tags: ["ci"],
        },
      },
    );
    expect(answer.errors).toBeUndefined();
    const run = answer.data?.createTestRun;
    expect(run).toMatchObject({
      status: "CREATED",
      statusCode: -2,
      note: "first try",
      tags: ["ci"],
      startedAt: null,
      events: [{ status: "CREATED", reason: null }],
      loadTest: { name: "checkout", project: { name: "default" } },
      scriptVersion: {
        version: 1,
        script: "export default function () {}",
        files: [{ path: "users.csv", base64: "YSxi" }],
        options: null,
      },
    });
    const runId = Number(Buffer.from(run.id, "base64url").toString().split(":")[1]);
    expect(await queuedJobs(api.database.pool)).toContainEqual({
      task: "validate",
      payload: { runId },
      key: `validate:${runId}`,
    });
  });

  it("needs WRITE to change things and ADMIN to set limits", async () => {
    const create = await api.graphql(
      acme.tokens.read,
      'mutation { createProject(input: {name: "x"}) { id } }',
    );
    expect(create.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", requiredScope: "WRITE" });
    const limits =
      "mutation { setOrganizationLimits(input: {maxVus: 100}) { limits { maxVus maxConcurrentRuns } } }";
    expect((await api.graphql(acme.tokens.write, limits)).errors?.[0]?.extensions.code).toBe("FORBIDDEN");
    expect((await api.graphql(acme.tokens.admin, limits)).data).toEqual({
      setOrganizationLimits: { limits: { maxVus: 100, maxConcurrentRuns: null } },
    });
  });

  it("pages connections forward with opaque cursors", async () => {
    for (const name of ["p1", "p2", "p3"]) {
      await api.graphql(
        acme.tokens.write,
        "mutation ($name: String!) { createProject(input: {name: $name}) { id } }",
        {
          name,
        },
      );
    }
    const page = `query ($after: String) { projects(first: 2, after: $after) {
      edges { cursor node { name } } pageInfo { hasNextPage endCursor } } }`;
    const first = await api.graphql(acme.tokens.read, page);
    expect(first.data?.projects.edges.map((edge: { node: { name: string } }) => edge.node.name)).toEqual([
      "p3",
      "p2",
    ]);
    expect(first.data?.projects.pageInfo.hasNextPage).toBe(true);
    const second = await api.graphql(acme.tokens.read, page, {
      after: first.data?.projects.pageInfo.endCursor,
    });
    expect(second.data?.projects.edges.map((edge: { node: { name: string } }) => edge.node.name)).toEqual([
      "p1",
      "default",
    ]);
    expect(second.data?.projects.pageInfo.hasNextPage).toBe(false);
  });

  it("filters runs by status and tags and keeps notes and tags as set", async () => {
    const create = `mutation ($input: CreateTestRunInput!) { createTestRun(input: $input) { id } }`;
    const input = { projectId: projectId(), loadTestName: "filtered", script: "export default () => {}" };
    const tagged = await api.graphql(acme.tokens.write, create, {
      input: { ...input, tags: ["nightly", "eu"] },
    });
    const plain = await api.graphql(acme.tokens.write, create, { input });
    const taggedId = tagged.data?.createTestRun.id;
    const plainId = plain.data?.createTestRun.id;
    await api.graphql(acme.tokens.write, "mutation ($id: ID!) { stopTestRun(id: $id) { status } }", {
      id: plainId,
    });
    const relabel = await api.graphql(
      acme.tokens.write,
      `mutation ($id: ID!) { setRunNote(id: $id, note: "slow") { note }
         setRunTags(id: $id, tags: ["nightly", "eu", "slow"]) { tags } }`,
      { id: taggedId },
    );
    expect(relabel.data).toEqual({
      setRunNote: { note: "slow" },
      setRunTags: { tags: ["nightly", "eu", "slow"] },
    });
    const ids = async (filter: Record<string, unknown>) => {
      const answer = await api.graphql(
        acme.tokens.read,
        "query ($filter: TestRunFilter) { testRuns(filter: $filter) { edges { node { id } } } }",
        { filter },
      );
      return answer.data?.testRuns.edges.map((edge: { node: { id: string } }) => edge.node.id);
    };
    expect(await ids({ tags: ["eu", "nightly"] })).toEqual([taggedId]);
    expect(await ids({ tags: ["eu", "weekly"] })).toEqual([]);
    expect(await ids({ statuses: ["ABORTED_BY_USER"] })).toEqual([plainId]);
    expect(await ids({ statuses: ["CREATED"], tags: ["slow"] })).toEqual([taggedId]);
  });

  it("answers a taken project name with CONFLICT naming the field", async () => {
    const answer = await api.graphql(
      acme.tokens.write,
      'mutation { createProject(input: {name: "default"}) { id } }',
    );
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "input.name" });
  });
});

describe("malformed input", () => {
  it("answers a body that is not JSON with a GraphQL-shaped 400, without a stack", async () => {
    const response = await fetch(api.server.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${acme.tokens.read}` },
      body: '{"query": ',
    });
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(JSON.parse(body).errors[0].extensions.code).toBe("BAD_REQUEST");
    expect(body).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it.each([
    ["a syntax error", "{ viewer { ", "GRAPHQL_PARSE_FAILED", undefined],
    ["an unknown field", "{ viewer { password } }", "GRAPHQL_VALIDATION_FAILED", undefined],
    [
      "a variable of the wrong type",
      "query ($n: Int) { projects(first: $n) { pageInfo { hasNextPage } } }",
      "BAD_USER_INPUT",
      undefined,
    ],
    ["a malformed id", '{ project(id: "nope") { id } }', "BAD_USER_INPUT", "id"],
    ["an id of another type", '{ testRun(id: "UHJvamVjdDox") { id } }', "NOT_FOUND", undefined],
    ["a page too large", "{ projects(first: 1000) { pageInfo { hasNextPage } } }", "BAD_USER_INPUT", "first"],
    [
      "a cursor it did not give out",
      '{ projects(after: "abc") { pageInfo { hasNextPage } } }',
      "BAD_USER_INPUT",
      "after",
    ],
    [
      "a file path outside the script's folder",
      `mutation { createTestRun(input: {projectId: "${Buffer.from("Project:1").toString("base64url")}", loadTestName: "x",
        script: "x", files: [{path: "../x", base64: ""}]}) { id } }`,
      "BAD_USER_INPUT",
      "input.files[0].path",
    ],
  ])("answers %s with a typed error", async (_, query, code, field) => {
    // `n` only matters to the operation that declares it.
    const answer = await api.graphql(acme.tokens.write, query, { n: "many" });
    const [error] = answer.errors ?? [];
    expect(error?.extensions.code).toBe(code);
    if (field) expect(error?.extensions.field).toBe(field);
    expect(JSON.stringify(answer)).not.toMatch(/stacktrace|node_modules/);
  });

  it("hides platform faults behind 'Internal server error' and logs them", async () => {
    await api.database.pool.query("alter table projects rename to projects_gone");
    try {
      const answer = await api.graphql(acme.tokens.read, "{ projects { edges { node { id } } } }");
      expect(answer.errors?.[0]).toMatchObject({
        message: "Internal server error",
        extensions: { code: "INTERNAL_SERVER_ERROR" },
      });
      expect(JSON.stringify(answer)).not.toMatch(/relation|does not exist|projects_gone/);
      expect(JSON.stringify(logged)).toContain("GraphQL request failed inside the platform");
    } finally {
      await api.database.pool.query("alter table projects_gone rename to projects");
    }
  });
});

describe("operation limits", () => {
  it("refuses a query nested deeper than 10 with BAD_USER_INPUT stating the limit", async () => {
    const answer = await api.graphql(
      acme.tokens.read,
      `{ projects { edges { node { loadTests { edges { node { runs { edges { node {
          loadTest { name } } } } } } } } } } }`,
    );
    expect(answer.status).toBe(400);
    expect(answer.errors?.[0]).toMatchObject({
      message: expect.stringContaining("more than 10 deep"),
      extensions: { code: "BAD_USER_INPUT", limit: "depth", maxDepth: 10 },
    });
    expect(answer.data ?? null).toBeNull();
  });

  it("refuses a query over the cost budget, counting page sizes given as variables", async () => {
    const query = `query ($n: Int) { projects(first: $n) { edges { node { loadTests(first: $n) { edges { node {
      runs(first: $n) { edges { node { id } } } } } } } } } }`;
    const cheap = await api.graphql(acme.tokens.read, query, { n: 5 });
    expect(cheap.errors).toBeUndefined();
    const costly = await api.graphql(acme.tokens.read, query, { n: 100 });
    expect(costly.errors?.[0]).toMatchObject({
      message: expect.stringContaining("over the budget of 10000"),
      extensions: { code: "BAD_USER_INPUT", limit: "cost", maxCost: 10_000 },
    });
  });

  it("still answers introspection, which nests deeply", async () => {
    const answer = await api.graphql(
      acme.tokens.read,
      "{ __schema { types { name fields { type { ofType { ofType { ofType { ofType { name } } } } } } } } }",
    );
    expect(answer.errors).toBeUndefined();
  });
});
