import { describe, expect, it } from "vitest";
import { tagsKey } from "./tags-key.js";

describe("tagsKey", () => {
  it("is the same for the same tags in any order", () => {
    expect(tagsKey({ b: "2", a: "1" })).toBe(tagsKey({ a: "1", b: "2" }));
    expect(tagsKey({})).toBe("[]");
  });

  it("cannot be faked by separators inside names or values", () => {
    expect(tagsKey({ a: 'x"],["b', b: "c" })).not.toBe(tagsKey({ a: "x", b: "c" }));
    expect(tagsKey({ "a,b": "c" })).not.toBe(tagsKey({ a: "b,c" }));
  });
});
