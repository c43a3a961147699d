import { describe, expect, it } from "vitest";
import { parseLabels } from "./zone-input.js";

describe("parseLabels", () => {
  it("reads name=value pairs separated by commas or lines", () => {
    expect(parseLabels("rack=b2, site = berlin\n\nempty=")).toEqual({
      labels: [
        { name: "rack", value: "b2" },
        { name: "site", value: "berlin" },
        { name: "empty", value: "" },
      ],
      problems: [],
    });
    expect(parseLabels("  ")).toEqual({ labels: [], problems: [] });
  });

  it("says what is wrong", () => {
    expect(parseLabels("rack, =x, a=1, a=2").problems).toEqual([
      '"rack": write name=value',
      '"=x": write name=value',
      "a is given twice",
    ]);
  });
});
