import { describe, expect, it } from "vitest";
import { pageWindow, toConnection } from "./connection.js";
import { fromGlobalId, parseGlobalId, toGlobalId } from "./global-id.js";

describe("global ids", () => {
  it("round-trip and refuse ids of another type or of no type", () => {
    expect(parseGlobalId(toGlobalId("TestRun", 42), "id")).toEqual({ type: "TestRun", id: 42 });
    expect(() => fromGlobalId(toGlobalId("Project", 1), "TestRun", "id")).toThrow(
      expect.objectContaining({ code: "NOT_FOUND" }),
    );
    for (const bad of ["", "abc", Buffer.from("User:1").toString("base64url"), toGlobalId("Project", 0)]) {
      expect(() => parseGlobalId(bad, "input.projectId")).toThrow(
        expect.objectContaining({
          code: "BAD_USER_INPUT",
          extensions: expect.objectContaining({ field: "input.projectId" }),
        }),
      );
    }
  });
});

describe("pages", () => {
  it("take the rows before the cursor and tell whether more follow", () => {
    const rows = [{ id: 9 }, { id: 7 }, { id: 4 }];
    const first = toConnection(rows, pageWindow({ first: 2 }));
    expect(first.edges.map((edge) => edge.node.id)).toEqual([9, 7]);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(pageWindow({ first: 2, after: first.pageInfo.endCursor })).toEqual({ size: 2, beforeId: 7 });
    expect(toConnection([], pageWindow({})).pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
  });

  it("refuse sizes outside 0..100 and cursors they did not give out", () => {
    expect(() => pageWindow({ first: 101 })).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ field: "first" }) }),
    );
    expect(() => pageWindow({ first: -1 })).toThrow(/between 0 and 100/);
    expect(() => pageWindow({ after: toGlobalId("Project", 1) })).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ field: "after" }) }),
    );
  });
});
