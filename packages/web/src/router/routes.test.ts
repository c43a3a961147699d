import { describe, expect, it } from "vitest";
import { hrefFor, parseRoute, type Route } from "./routes.js";

describe("routes", () => {
  it("reads every page from its path and writes the same path back", () => {
    const routes: Route[] = [
      { page: "sign-in" },
      { page: "projects" },
      { page: "project", projectId: "UHJvamVjdDox" },
      { page: "new-test", projectId: "UHJvamVjdDox" },
      { page: "load-test", loadTestId: "TG9hZFRlc3Q6Mg", tab: "runs" },
      { page: "load-test", loadTestId: "TG9hZFRlc3Q6Mg", tab: "script" },
      { page: "run", runId: "VGVzdFJ1bjo3" },
      { page: "zones" },
    ];
    for (const route of routes) expect(parseRoute(hrefFor(route))).toEqual(route);
  });

  it("takes / for the projects and ignores a trailing slash", () => {
    expect(parseRoute("/")).toEqual({ page: "projects" });
    expect(parseRoute("/runs/abc/")).toEqual({ page: "run", runId: "abc" });
  });

  it("escapes ids in paths", () => {
    expect(hrefFor({ page: "run", runId: "a/b c" })).toBe("/runs/a%2Fb%20c");
    expect(parseRoute("/runs/a%2Fb%20c")).toEqual({ page: "run", runId: "a/b c" });
  });

  it("answers not-found for unknown paths and broken escapes", () => {
    expect(parseRoute("/runs")).toEqual({ page: "not-found", path: "/runs" });
    expect(parseRoute("/runs/%E0%A4%A")).toEqual({ page: "not-found", path: "/runs/%E0%A4%A" });
  });
});
