import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { collect, collectEnv, count } from "./flags.js";

describe("flags", () => {
  it("collects -e KEY=VALUE, keeping '=' inside values", () => {
    expect(collectEnv("A=1", collectEnv("B=x=y"))).toEqual({ A: "1", B: "x=y" });
    expect(() => collectEnv("NOEQUALS")).toThrow(InvalidArgumentError);
    expect(() => collectEnv("=v")).toThrow(/is not KEY=VALUE/);
  });

  it("collects repeatable values and whole numbers", () => {
    expect(collect("b", collect("a"))).toEqual(["a", "b"]);
    expect(count("10")).toBe(10);
    expect(() => count("-1")).toThrow(/whole number/);
    expect(() => count("1.5")).toThrow(/whole number/);
  });
});
