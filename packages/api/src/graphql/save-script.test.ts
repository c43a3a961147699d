import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type TestApi } from "../server/test-api.test-helpers.js";
import { type SeededOrganization, seedOrganization, seedRun } from "../test-fixtures.test-helpers.js";
import { toGlobalId } from "./global-id.js";

let api: TestApi;
let acme: SeededOrganization;
let other: SeededOrganization;
let acmeProject: string;

beforeAll(async () => {
  api = await startTestApi();
  acme = await seedOrganization(api.db, "acme");
  other = await seedOrganization(api.db, "other");
  acmeProject = toGlobalId("Project", acme.projectId);
  await seedRun(api.db, acme, "checkout");
});
afterAll(() => api.close());

const SAVE = `mutation Save($input: SaveScriptInput!) {
  saveScript(input: $input) { id version script files { path base64 } options }
}`;

const VERSIONS = `query Versions($id: ID!) {
  project(id: $id) { loadTests { edges { node { name
    scriptVersions(first: 5) { edges { node { version script } } }
    runs { edges { node { id } } }
  } } } }
}`;

describe("the saveScript mutation", () => {
  it("answers the stored version, which the load test lists first, without a run", async () => {
    const answer = await api.graphql(acme.tokens.write, SAVE, {
      input: {
        projectId: acmeProject,
        loadTestName: "checkout",
        script: "export default () => {} // saved",
        files: [{ path: "users.csv", base64: "YQ==" }],
      },
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.saveScript).toMatchObject({
      version: 2,
      script: "export default () => {} // saved",
      files: [{ path: "users.csv", base64: "YQ==" }],
      options: null,
    });
    const listed = await api.graphql(acme.tokens.read, VERSIONS, { id: acmeProject });
    const test = listed.data?.project.loadTests.edges.find(
      (edge: { node: { name: string } }) => edge.node.name === "checkout",
    )?.node;
    expect(test.scriptVersions.edges.map((edge: { node: { version: number } }) => edge.node.version)).toEqual(
      [2, 1],
    );
    expect(test.runs.edges).toHaveLength(1);
  });

  it("needs the WRITE scope", async () => {
    const answer = await api.graphql(acme.tokens.read, SAVE, {
      input: { projectId: acmeProject, loadTestName: "checkout", script: "export default () => {}" },
    });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", requiredScope: "WRITE" });
  });

  it("names the input field at fault", async () => {
    const answer = await api.graphql(acme.tokens.write, SAVE, {
      input: { projectId: acmeProject, loadTestName: "checkout", script: "   " },
    });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.script" });
  });

  it("answers NOT_FOUND for another organization's project, as for one that does not exist", async () => {
    const foreign = await api.graphql(other.tokens.admin, SAVE, {
      input: { projectId: acmeProject, loadTestName: "checkout", script: "export default () => {}" },
    });
    const missing = await api.graphql(other.tokens.admin, SAVE, {
      input: {
        projectId: toGlobalId("Project", 999_999),
        loadTestName: "checkout",
        script: "export default () => {}",
      },
    });
    expect(foreign.errors?.[0]?.extensions.code).toBe("NOT_FOUND");
    expect(foreign.errors?.[0]?.message).toBe(missing.errors?.[0]?.message);
    expect(foreign.data).toBeNull();
  });
});
