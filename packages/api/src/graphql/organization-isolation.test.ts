import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../server/test-api.test-helpers.js";
import { type SeededOrganization, seedOrganization, seedRun } from "../test-fixtures.test-helpers.js";
import { toGlobalId } from "./global-id.js";

let api: TestApi;
let a: SeededOrganization;
let b: SeededOrganization;
const ids = { project: "", loadTest: "", run: "", scriptVersion: "", organization: "" };

beforeAll(async () => {
  api = await startTestApi();
  a = await seedOrganization(api.db, "a");
  b = await seedOrganization(api.db, "b");
  const run = await seedRun(api.db, a);
  await seedRun(api.db, b);
  ids.project = toGlobalId("Project", a.projectId);
  ids.loadTest = toGlobalId("LoadTest", run.loadTestId);
  ids.run = toGlobalId("TestRun", run.id);
  ids.scriptVersion = toGlobalId("ScriptVersion", run.scriptVersionId);
  ids.organization = toGlobalId("Organization", a.organizationId);
});
afterAll(() => api.close());

/** The error code of the first error, asserting that no data of A came back. */
async function codeFor(query: string, variables?: Record<string, unknown>): Promise<string> {
  const answer = await api.graphql(b.tokens.admin, query, variables);
  expect(JSON.stringify(answer.data ?? null)).not.toMatch(/checkout|export default/);
  return answer.errors?.[0]?.extensions.code;
}

describe("organization isolation: B's token and A's ids", () => {
  it.each([
    ["project", () => `{ project(id: "${ids.project}") { name } }`],
    [
      "loadTests of the project",
      () => `{ loadTests(projectId: "${ids.project}") { edges { node { name } } } }`,
    ],
    ["loadTest", () => `{ loadTest(id: "${ids.loadTest}") { name } }`],
    ["testRun", () => `{ testRun(id: "${ids.run}") { status scriptVersion { script } } }`],
    ["node: project", () => `{ node(id: "${ids.project}") { id } }`],
    ["node: run", () => `{ node(id: "${ids.run}") { id } }`],
    [
      "node: script version",
      () => `{ node(id: "${ids.scriptVersion}") { ... on ScriptVersion { script } } }`,
    ],
    ["node: organization", () => `{ node(id: "${ids.organization}") { id } }`],
  ])("cannot read A's %s: NOT_FOUND", async (_, query) => {
    expect(await codeFor(query())).toBe("NOT_FOUND");
  });

  it.each([
    ["setRunNote", () => `mutation { setRunNote(id: "${ids.run}", note: "mine now") { id } }`],
    ["setRunTags", () => `mutation { setRunTags(id: "${ids.run}", tags: ["mine"]) { id } }`],
    ["stopTestRun", () => `mutation { stopTestRun(id: "${ids.run}") { status } }`],
    [
      "createTestRun in A's project",
      () => `mutation { createTestRun(input: {projectId: "${ids.project}", loadTestName: "checkout",
        script: "export default () => {}"}) { id } }`,
    ],
  ])("cannot change A's run through %s: NOT_FOUND", async (_, mutation) => {
    expect(await codeFor(mutation())).toBe("NOT_FOUND");
  });

  it("left A's run as it was", async () => {
    const answer = await api.graphql(
      a.tokens.read,
      `{ testRun(id: "${ids.run}") { status note tags events { status } loadTest { runs { edges { node { id } } } } } }`,
    );
    expect(answer.data?.testRun).toEqual({
      status: "CREATED",
      note: null,
      tags: [],
      events: [{ status: "CREATED" }],
      loadTest: { runs: { edges: [{ node: { id: ids.run } }] } },
    });
  });

  it("never lists A's rows, even when filtering by A's ids", async () => {
    const answer = await api.graphql(
      b.tokens.read,
      `{
        projects { edges { node { id name } } }
        testRuns { edges { node { id } } }
        byProject: testRuns(filter: {projectId: "${ids.project}"}) { edges { node { id } } }
        byTest: testRuns(filter: {loadTestId: "${ids.loadTest}"}) { edges { node { id } } }
      }`,
    );
    expect(answer.errors).toBeUndefined();
    const text = JSON.stringify(answer.data);
    expect(text).not.toContain(ids.project);
    expect(text).not.toContain(ids.run);
    expect(answer.data?.projects.edges).toEqual([
      { node: { id: toGlobalId("Project", b.projectId), name: "default" } },
    ]);
    expect(answer.data?.testRuns.edges).toHaveLength(1);
    expect(answer.data?.byProject.edges).toEqual([]);
    expect(answer.data?.byTest.edges).toEqual([]);
  });

  it("answers the same for A's ids as for ids that do not exist", async () => {
    const missing = toGlobalId("TestRun", 999_999);
    const mine = await api.graphql(b.tokens.read, `{ testRun(id: "${ids.run}") { id } }`);
    const none = await api.graphql(b.tokens.read, `{ testRun(id: "${missing}") { id } }`);
    expect(mine.errors?.[0]?.message.replace(ids.run, "ID")).toBe(
      none.errors?.[0]?.message.replace(missing, "ID"),
    );
  });
});
