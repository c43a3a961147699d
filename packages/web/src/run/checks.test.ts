import { describe, expect, it } from "vitest";
import { checksOf } from "./checks.js";

describe("checksOf", () => {
  it("lists every check of the group tree with its group path", () => {
    const data = {
      root_group: {
        name: "",
        path: "",
        groups: [
          {
            name: "browse",
            path: "::browse",
            groups: [
              {
                name: "deep",
                path: "::browse::deep",
                groups: [],
                checks: [{ name: "c", passes: 1, fails: 0 }],
              },
            ],
            checks: [{ name: "list is 200", path: "::browse::list is 200", passes: 40, fails: 2 }],
          },
        ],
        checks: [{ name: "logged in", path: "::logged in", passes: 1, fails: 0 }],
      },
    };
    expect(checksOf(data)).toEqual([
      { group: "", name: "logged in", passes: 1, fails: 0 },
      { group: "::browse", name: "list is 200", passes: 40, fails: 2 },
      { group: "::browse::deep", name: "c", passes: 1, fails: 0 },
    ]);
  });

  it("finds no checks in a summary without a group tree", () => {
    expect(checksOf({})).toEqual([]);
    expect(checksOf(null)).toEqual([]);
    expect(checksOf({ root_group: { checks: "nonsense" } })).toEqual([]);
  });
});
