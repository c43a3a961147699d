import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bundleScript } from "./bundle.js";
import { compileBundle } from "./compile.js";
import { ScriptError } from "./errors.js";

async function files(entries: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "barrage-bundle-"));
  for (const [name, text] of Object.entries(entries)) await writeFile(path.join(dir, name), text);
  return dir;
}

describe("bundleScript", () => {
  it("names the file, line and column of a syntax error", async () => {
    const dir = await files({ "test.js": "export default function () {\n  let x = ;\n}\n" });
    const error = await bundleScript(path.join(dir, "test.js")).catch((e) => e);
    expect(error).toBeInstanceOf(ScriptError);
    expect(error.position).toEqual({ file: "test.js", line: 2, column: 11 });
    expect(error.format()).toContain('test.js:2:11: Unexpected ";"');
    expect(error.format()).toContain("2 |   let x = ;");
  });

  it("points at the imported file when the error is there", async () => {
    const dir = await files({
      "test.js": 'import { f } from "./lib.js";\nexport default f;\n',
      "lib.js": "export const f = () => {\n  return )\n};\n",
    });
    const error = await bundleScript(path.join(dir, "test.js")).catch((e) => e);
    expect(error.position).toMatchObject({ file: "lib.js", line: 2 });
  });

  it("refuses unknown k6 modules and remote imports with a way out", async () => {
    const dir = await files({
      "a.js": 'import ws from "k6/ws";\n',
      "b.js": 'import x from "https://example.com/x.js";\n',
    });
    await expect(bundleScript(path.join(dir, "a.js"))).rejects.toThrow(
      /unknown module "k6\/ws"; Barrage provides k6, k6\/http/,
    );
    await expect(bundleScript(path.join(dir, "b.js"))).rejects.toThrow(/download it next to the script/);
  });

  it("reports a missing script file clearly", async () => {
    await expect(bundleScript("/nonexistent/test.js")).rejects.toThrow(
      /cannot read the script \/nonexistent\/test.js/,
    );
  });
});

describe("compileBundle", () => {
  it("gives every instance its own module state and keeps __ITER live", async () => {
    const dir = await files({
      "test.js": 'import { bump } from "./counter.js";\nexport const seen = () => [bump(), __VU, __ITER];\n',
      "counter.js": "let n = 0;\nexport function bump() { return ++n; }\n",
    });
    const script = compileBundle(await bundleScript(path.join(dir, "test.js")));
    const noRequire = () => ({});
    const open = () => "";
    const a = script.factory(noRequire, open, {}, 1);
    const b = script.factory(noRequire, open, {}, 2);
    const seen = (m: typeof a) => (m.exports.seen as () => number[])();
    expect(seen(a)).toEqual([1, 1, 0]);
    expect(seen(a)).toEqual([2, 1, 0]);
    a.setIteration(5);
    expect(seen(a)).toEqual([3, 1, 5]);
    expect(seen(b)).toEqual([1, 2, 0]);
  });

  it("maps a runtime error's stack to the user's file and line", async () => {
    const dir = await files({
      "test.js": 'import { boom } from "./lib.js";\nexport default function () {\n  boom();\n}\n',
      "lib.js": 'export function boom() {\n  throw new Error("kaput");\n}\n',
    });
    const script = compileBundle(await bundleScript(path.join(dir, "test.js")));
    const instance = script.factory(
      () => ({}),
      () => "",
      {},
      1,
    );
    let thrown: unknown;
    try {
      (instance.exports.default as () => void)();
    } catch (error) {
      thrown = error;
    }
    const described = script.describeError(thrown);
    expect(described.message).toBe("kaput");
    expect(described.position).toEqual({ file: "lib.js", line: 2, column: 9 });
    expect(described.stack).toContain("test.js:3:3");
  });
});
