import { describe, expect, it } from "vitest";
import { suggestion } from "./suggest.js";

describe("suggestion", () => {
  const executors = ["shared-iterations", "ramping-vus", "constant-vus", "ramping-arrival-rate"];

  it("proposes the closest name for a near miss", () => {
    expect(suggestion("ramping-vu", executors)).toBe(' (did you mean "ramping-vus"?)');
    expect(suggestion("Constant-VUs", executors)).toBe(' (did you mean "constant-vus"?)');
    expect(suggestion("vu", ["vus", "duration"])).toBe(' (did you mean "vus"?)');
  });

  it("stays quiet when nothing is close, or the value is not a string", () => {
    expect(suggestion("banana", executors)).toBe("");
    expect(suggestion(42, executors)).toBe("");
    expect(suggestion("", executors)).toBe("");
  });
});
