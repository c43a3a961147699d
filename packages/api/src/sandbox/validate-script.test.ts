import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ScriptError } from "@barrage/runner";
import { describe, expect, it } from "vitest";
import type { SandboxLimits } from "./init-worker.js";
import { type ScriptSource, validateScript } from "./validate-script.js";

/** Tight limits keep the limit tests quick; the good scripts need a fraction of them. */
const limits: SandboxLimits = { timeLimitMs: 1_000, memoryLimitMb: 64, wallClockLimitMs: 5_000 };

function source(files: Record<string, string | Buffer>, entry = "test.js"): ScriptSource {
  return {
    entry,
    files: Object.fromEntries(
      Object.entries(files).map(([name, text]) => [name, Buffer.from(text).toString("base64")]),
    ),
  };
}

async function scriptError(files: Record<string, string | Buffer>): Promise<ScriptError> {
  const error = await validateScript(source(files), { limits }).catch((caught: unknown) => caught);
  if (!(error instanceof ScriptError)) throw new Error(`expected a ScriptError, got ${String(error)}`);
  return error;
}

describe("validateScript: scripts that pass", () => {
  it("reads the options, computes the requirements and lists modules and opened files", async () => {
    const validated = await validateScript(
      source({
        "test.js": [
          'import http from "k6/http";',
          'import { Trend } from "k6/metrics";',
          'import { SharedArray } from "k6/data";',
          'import { users } from "./lib/users.js";',
          'const latency = new Trend("checkout_latency", true);',
          'const products = new SharedArray("products", () => JSON.parse(open("./data/products.json")));',
          'const logo = open("data/logo.bin", "b");',
          "http.setResponseCallback(http.expectedStatuses(200, { min: 300, max: 399 }));",
          "export const options = {",
          "  scenarios: {",
          '    browse: { executor: "constant-vus", vus: users, duration: "1m", exec: "browse" },',
          '    buy: { executor: "constant-arrival-rate", rate: 10, duration: "30s", preAllocatedVUs: 5, maxVUs: 20, startTime: "1m" },',
          "  },",
          '  thresholds: { checkout_latency: ["p(95)<500"] },',
          '  cloud: { distribution: { eu: { loadZone: "local", percent: 100 } } },',
          "};",
          "if (products.length !== 2 || new Uint8Array(logo)[1] !== 255) throw new Error('bad data');",
          "export function browse() {}",
          "export default async function () { latency.add(1); await http.get('https://example.com'); }",
        ].join("\n"),
        "lib/users.js": "export const users = 40;\n",
        "data/products.json": '["tea","cake"]',
        "data/logo.bin": Buffer.from([0, 255]),
        "data/unused.csv": "a,b",
      }),
      { limits },
    );
    expect(validated.options.scenarios.map((scenario) => scenario.name)).toEqual(["browse", "buy"]);
    expect(validated.options.cloud).toEqual({ distribution: { eu: { loadZone: "local", percent: 100 } } });
    expect(validated.requirements).toEqual({
      // browse's 40 VUs may still finish iterations (gracefulStop) while buy's 20 start.
      maxVUs: 60,
      maxDurationMs: 60_000 + 30_000 + 30_000,
      scenarios: [
        {
          name: "browse",
          executor: "constant-vus",
          exec: "browse",
          startTimeMs: 0,
          endMs: 90_000,
          maxVUs: 40,
        },
        {
          name: "buy",
          executor: "constant-arrival-rate",
          exec: "default",
          startTimeMs: 60_000,
          endMs: 120_000,
          maxVUs: 20,
        },
      ],
    });
    expect(validated.filesOpened).toEqual(["data/logo.bin", "data/products.json"]);
    expect(validated.modules).toEqual(["lib/users.js", "test.js"]);
  });

  it("gives __ENV and takes a script without options as one iteration of one VU", async () => {
    const validated = await validateScript(
      source({
        "test.js":
          'if (__ENV.TARGET !== "staging") throw new Error("no env");\nexport default function () {}\n',
      }),
      { limits, env: { TARGET: "staging" } },
    );
    expect(validated.requirements).toMatchObject({ maxVUs: 1, scenarios: [{ name: "default", maxVUs: 1 }] });
  });
});

describe("validateScript: script errors with their place", () => {
  it("names the file, line and column of a syntax error", async () => {
    const error = await scriptError({ "test.js": "export default function () {\n  let x = ;\n}\n" });
    expect(error.stage).toBe("syntax");
    expect(error.position).toEqual({ file: "test.js", line: 2, column: 11 });
  });

  it("maps an exception in init code to the imported file, line and column", async () => {
    const error = await scriptError({
      "test.js": 'import { setUp } from "./lib.js";\nsetUp();\nexport default function () {}\n',
      "lib.js": "export function setUp() {\n  const config = undefined;\n  return config.url;\n}\n",
    });
    expect(error.stage).toBe("init");
    expect(error.position).toEqual({ file: "lib.js", line: 3, column: 17 });
    expect(error.message).toMatch(
      /^the script threw in the init context: TypeError: Cannot read properties of undefined/,
    );
    expect(error.lineText).toBe("  return config.url;");
  });

  it("refuses un-awaited requests, options the runner refuses and a missing exec function", async () => {
    const unawaited = await scriptError({
      "test.js": 'import http from "k6/http";\nexport default function () {\n  http.get("https://x");\n}\n',
    });
    expect(unawaited).toMatchObject({
      stage: "validation",
      position: { file: "test.js", line: 3, column: 3 },
    });
    const options = await scriptError({
      "test.js": 'export const options = { vus: 5, duration: "forever" };\nexport default function () {}\n',
    });
    expect(options.message).toMatch(/duration/);
    const thresholds = await scriptError({
      "test.js":
        'export const options = { thresholds: { http_req_duration: ["p(95) <<< 5"] } };\nexport default function () {}\n',
    });
    expect(thresholds.stage).toBe("validation");
    const exec = await scriptError({
      "test.js":
        'export const options = { scenarios: { a: { executor: "shared-iterations", exec: "nope" } } };\n',
    });
    expect(exec.message).toBe('scenarios.a.exec: the script exports no function "nope"');
  });

  it("refuses imports from outside the script's folder without showing their text", async () => {
    // The script is bundled in a folder under the temporary directory, so "../" reaches these.
    const name = `barrage-outside-${process.pid}`;
    await writeFile(path.join(tmpdir(), `${name}.js`), "export const secret = 42;\n");
    await writeFile(path.join(tmpdir(), `${name}-broken.js`), "const secret = 'hunter2' +;\n");
    try {
      const valid = await scriptError({
        "test.js": `import "../${name}.js";\nexport default function () {}\n`,
      });
      expect(valid.stage).toBe("module");
      expect(valid.message).toBe(
        `the script imports "../${name}.js", which is outside the script's folder; only files sent with the script can be imported`,
      );
      const broken = await scriptError({
        "test.js": `import "../${name}-broken.js";\nexport default function () {}\n`,
      });
      expect(broken.format()).toBe(
        `"../${name}-broken.js" is outside the script's folder; only files sent with the script can be imported`,
      );
    } finally {
      await rm(path.join(tmpdir(), `${name}.js`));
      await rm(path.join(tmpdir(), `${name}-broken.js`));
    }
  });

  it("lets open() read only the script's own files", async () => {
    const missing = await scriptError({
      "test.js": 'open("/etc/hostname");\nexport default function () {}\n',
    });
    expect(missing.message).toMatch(/"\/etc\/hostname" is not among the script's files/);
    const escaping = await scriptError({ "test.js": 'open("../test.js");\nexport default function () {}\n' });
    expect(escaping.message).toMatch(/is not among the script's files/);
  });

  it("refuses requests made in the init context", async () => {
    const error = await scriptError({
      "test.js":
        'import http from "k6/http";\nconst token = await http.post("https://auth");\nexport default function () {}\n',
    });
    // Top-level await is not valid in the CommonJS bundle either way; what matters is that no request is made.
    expect(error).toBeInstanceOf(ScriptError);
    const direct = await scriptError({
      "test.js":
        'import http from "k6/http";\nhttp.post("https://auth").then(() => {});\nexport default function () {}\n',
    });
    expect(direct.message).toMatch(/making HTTP requests in the init context is not supported/);
  });
});

describe("validateScript: the sandbox holds", () => {
  it.each([
    ["fetch", 'fetch("http://127.0.0.1:5432/");', /fetch is not defined/],
    ["require from eval", 'new Function("return require")()("fs");', /require is not defined/],
    ["process.exit", "process.exit(1);", /process is not defined/],
    ["timers", "setTimeout(() => {}, 1);", /setTimeout is not defined/],
    [
      "the global's constructor",
      'globalThis.constructor.constructor("return process")().exit(1);',
      /process is not defined/,
    ],
    ["a stand-in's constructor", 'open.constructor("return process")().exit(1);', /process is not defined/],
    ["a module's constructor", 'http.get.constructor("return process")().exit(1);', /process is not defined/],
  ])("keeps %s out of reach", async (_case, line, message) => {
    const error = await scriptError({
      "test.js": `import http from "k6/http";\n${line}\nexport default function () {}\n`,
    });
    expect(error.stage).toBe("init");
    expect(error.message).toMatch(message);
    expect(error.position).toMatchObject({ file: "test.js", line: 2 });
  });

  it("stops an endless loop at the time limit", async () => {
    const started = Date.now();
    const error = await scriptError({ "test.js": "for (;;) {}\nexport default function () {}\n" });
    expect(error.message).toBe(
      "the init context ran for more than 1 s; top-level code may only declare options, metrics and data",
    );
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it("terminates the Worker at the wall-clock limit, whatever the vm timeout says", async () => {
    const started = Date.now();
    const error = await validateScript(
      source({ "test.js": "for (;;) {}\nexport default function () {}\n" }),
      {
        limits: { timeLimitMs: 60_000, memoryLimitMb: 64, wallClockLimitMs: 500 },
      },
    ).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ stage: "init", message: "the init context did not finish within 0.5 s" });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("stops promise jobs that never end at the time limit too", async () => {
    const error = await scriptError({
      "test.js": "(async () => { for (;;) await null; })();\nexport default function () {}\n",
    });
    expect(error.message).toMatch(/ran for more than 1 s/);
  });

  it("stops a heap that grows without bound, and the API goes on", async () => {
    const error = await scriptError({
      "test.js":
        "const keep = [];\nfor (;;) keep.push(new Array(100000).fill(keep.length));\nexport default function () {}\n",
    });
    expect(error.message).toBe("the init context used more than 64 MB of memory");
    const after = await validateScript(source({ "test.js": "export default function () {}\n" }), { limits });
    expect(after.requirements.maxVUs).toBe(1);
  });

  it("counts binary data, which lives outside the heap", async () => {
    const error = await scriptError({
      "test.js": "const big = new Uint8Array(2 ** 32);\nexport default function () {}\n",
    });
    expect(error.message).toMatch(/may allocate at most 67108864 bytes of binary data/);
    expect(error.position).toMatchObject({ file: "test.js", line: 1 });
    const piecemeal = await scriptError({
      "test.js":
        "const keep = [];\nfor (;;) keep.push(new ArrayBuffer(8 * 1024 * 1024).slice(0));\nexport default function () {}\n",
    });
    expect(piecemeal.message).toMatch(/binary data/);
  });

  it("never runs script code outside the time limit, even through a thrown Proxy", async () => {
    // The sandbox reads the thrown value inside the context, under the vm timeout; were it read
    // outside, this would loop until the wall-clock limit.
    const error = await scriptError({
      "test.js": "throw new Proxy({}, { get() { for (;;) {} } });\nexport default function () {}\n",
    });
    expect(error.message).toMatch(/ran for more than 1 s/);
  });
});
