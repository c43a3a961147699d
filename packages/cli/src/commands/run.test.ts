import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../../bin/barrage.js", import.meta.url));

function barrage(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

async function script(source: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "barrage-cli-"));
  const file = path.join(dir, "test.js");
  await writeFile(file, source);
  return file;
}

describe("barrage run", () => {
  it("runs a script, prints the summary and writes the summary export", async () => {
    const file = await script(
      'import { check } from "k6";\nexport const options = { iterations: 3 };\nexport default function () { check(1, { "one is one": (v) => v === 1 }); }\n',
    );
    const exported = `${file}.summary.json`;
    const { code, stdout } = await barrage(["run", "-q", "--summary-export", exported, file]);
    expect(code).toBe(0);
    expect(stdout).toContain("✓ one is one");
    expect(stdout).toMatch(/iterations\.+: 3/);
    const summary = JSON.parse(await readFile(exported, "utf8"));
    expect(summary.metrics.iterations.count).toBe(3);
  });

  it("passes -e values to __ENV and CLI shortcuts over the script's options", async () => {
    const file = await script(
      'export const options = { iterations: 1 };\nexport default function () { if (__ENV.GREETING !== "hi") throw new Error("no env"); }\n',
    );
    const { code, stdout } = await barrage([
      "run",
      "-q",
      "-e",
      "GREETING=hi",
      "--iterations",
      "4",
      "--vus",
      "2",
      file,
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/iterations\.+: 4/);
  });

  it("exits 107 with file, line and column on a syntax error, without a stack trace", async () => {
    const file = await script("export default function () {\n  return (;\n}\n");
    const { code, stderr } = await barrage(["run", file]);
    expect(code).toBe(107);
    expect(stderr).toMatch(/test\.js:2:\d+: /);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 104 naming a bad option or flag", async () => {
    const file = await script("export default function () {}\n");
    const bad = await barrage(["run", "--duration", "ten", file]);
    expect(bad.code).toBe(104);
    expect(bad.stderr).toContain("--duration");
    const out = await barrage(["run", "--out", "csv=x", file]);
    expect(out.code).toBe(104);
    expect(out.stderr).toContain("use json=FILE");
  });

  it("exits 99 when a threshold fails", async () => {
    const file = await script(
      'import { Counter } from "k6/metrics";\nconst c = new Counter("things");\nexport const options = { thresholds: { things: ["count>5"] } };\nexport default function () { c.add(1); }\n',
    );
    const { code, stdout } = await barrage(["run", "-q", file]);
    expect(code).toBe(99);
    expect(stdout).toMatch(/✗ things/);
  });
});
