import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { createSchema } from "../schema.js";
import { assertOperationWithinLimits, operationSize } from "./operation-size.js";

const schema = createSchema();
const size = (query: string, variables?: Record<string, unknown>) =>
  operationSize(schema, parse(query), undefined, variables, 10);

describe("operationSize", () => {
  it("counts each field once and multiplies connections by their page size", () => {
    expect(size("{ viewer { scopes } }")).toEqual({ depth: 2, cost: 2 });
    // projects + 3 × (edges + node + name)
    expect(size("{ projects(first: 3) { edges { node { name } } } }")).toEqual({ depth: 4, cost: 10 });
    // the default page size is 20
    expect(size("{ projects { edges { node { name } } } }").cost).toBe(61);
    expect(size("query ($n: Int) { projects(first: $n) { edges { node { name } } } }", { n: 5 }).cost).toBe(
      16,
    );
  });

  it("follows fragments, inline and named, at the depth where they are spread", () => {
    const query = `{ node(id: "x") { ...P ... on TestRun { status } } } fragment P on Project { name loadTests(first: 2) { edges { node { id } } } }`;
    // node + name + loadTests + 2 × (edges + node + id) + status
    expect(size(query)).toEqual({ depth: 5, cost: 10 });
  });

  it("does not count introspection", () => {
    expect(size("{ __schema { types { name fields { name } } } viewer { scopes } }")).toEqual({
      depth: 2,
      cost: 2,
    });
  });

  it("stops measuring just below the depth limit", () => {
    const deep = `{ projects { edges { node { loadTests { edges { node { runs { edges { node { loadTest { project { name } } } } } } } } } } } }`;
    expect(operationSize(schema, parse(deep), undefined, {}, 10).depth).toBe(11);
    expect(() => assertOperationWithinLimits(schema, parse(deep), undefined, {})).toThrow(
      /more than 10 deep/,
    );
  });

  it("survives a fragment cycle in a document that was not validated", () => {
    const cyclic = `{ viewer { ...A } } fragment A on Viewer { scopes ...B } fragment B on Viewer { ...A }`;
    expect(size(cyclic)).toEqual({ depth: 2, cost: 2 });
  });
});
