import { describe, expect, it } from "vitest";
import { scriptErrors } from "./script-errors.js";

describe("scriptErrors", () => {
  it("reads file:line:column: message of the entry script, skipping the code excerpt", () => {
    const reason = "script.js:3:7: ReferenceError: x is not defined\n\n3 | const y = x();\n          ^";
    expect(scriptErrors(reason)).toEqual([
      { line: 3, column: 7, message: "ReferenceError: x is not defined" },
    ]);
  });

  it("reads every error of a reason with several, and only those in the entry script", () => {
    const reason = [
      "load.js:2:1: http.get() must be awaited",
      "",
      "lib/helpers.js:9:3: sleep() must be awaited",
      "",
      "/tmp/run/load.js:5:10: check() takes an object",
    ].join("\n");
    expect(scriptErrors(reason, "load.js")).toEqual([
      { line: 2, column: 1, message: "http.get() must be awaited" },
      { line: 5, column: 10, message: "check() takes an object" },
    ]);
  });

  it("finds nothing in reasons without a position", () => {
    expect(scriptErrors("options.vus: must be a positive integer")).toEqual([]);
    expect(scriptErrors(null)).toEqual([]);
  });
});
