import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { safeArchivePath } from "./safe-path.js";

const root = "/tmp/barrage-agent-x";

describe("safeArchivePath", () => {
  it("places plain relative names under the root", () => {
    expect(safeArchivePath(root, "test.js")).toBe(join(root, "test.js"));
    expect(safeArchivePath(root, "lib/data/users.json")).toBe(join(root, "lib/data/users.json"));
    expect(safeArchivePath(root, "..hidden/x..js")).toBe(join(root, "..hidden/x..js"));
  });

  it.each([
    ["/etc/passwd", "absolute"],
    ["../outside.js", '".."'],
    ["lib/../../outside.js", '".."'],
    ["lib/..", '".."'],
    ["C:/Windows/x.js", "absolute"],
    ["lib\\..\\x.js", "backslash"],
    ["lib//x.js", "empty"],
    ["./x.js", "'.'"],
    ["", "empty"],
    ["x\0.js", "NUL"],
  ])("refuses %j", (name, why) => {
    expect(() => safeArchivePath(root, name)).toThrow(why);
  });
});
