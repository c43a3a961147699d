import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RunFailure } from "./failure.js";
import { countOf, runScript, startTarget, writeScript } from "./run.test-helpers.js";

let target: Awaited<ReturnType<typeof startTarget>>;
beforeAll(async () => {
  target = await startTarget();
});
afterAll(() => target.close());

const script = (options: string, body = "await http.get(`${__ENV.URL}/`);", extra = "") => `
import http from "k6/http";
import { check, group, sleep } from "k6";
export const options = ${options};
${extra}
export default async function (data) {
  ${body}
}
`;

async function run(options: string, body?: string, extra?: string, overrides?: Record<string, unknown>) {
  const path = await writeScript(script(options, body, extra));
  return runScript(path, { env: { URL: target.url }, ...(overrides ? { overrides } : {}) });
}

describe("executors", () => {
  it("shared-iterations runs exactly its iterations", async () => {
    const before = target.requests();
    const { result } = await run(
      "{ scenarios: { s: { executor: 'shared-iterations', vus: 3, iterations: 20 } } }",
    );
    expect(result.exitCode).toBe(0);
    expect(countOf(result, "iterations")).toBe(20);
    expect(countOf(result, "http_reqs")).toBe(20);
    expect(target.requests() - before).toBe(20);
  });

  it("per-vu-iterations runs iterations per VU", async () => {
    const { result } = await run(
      "{ scenarios: { s: { executor: 'per-vu-iterations', vus: 3, iterations: 4 } } }",
    );
    expect(countOf(result, "iterations")).toBe(12);
  });

  it("per-vu-iterations gives every one of many VUs its own iterations", async () => {
    const path = await writeScript(`
import { Trend } from "k6/metrics";
const ids = new Trend("vu_ids");
export const options = { scenarios: { s: { executor: "per-vu-iterations", vus: 120, iterations: 1 } } };
export default function () { ids.add(__VU); }
`);
    const { result } = await runScript(path);
    const ids = result.sink("vu_ids");
    expect(ids).toMatchObject({ type: "trend", count: 120, min: 1, max: 120, sum: (120 * 121) / 2 });
  });

  it("constant-vus loops its VUs for the duration", async () => {
    const started = performance.now();
    const { result } = await run(
      "{ vus: 2, duration: '1s' }",
      "await http.get(`${__ENV.URL}/`); await sleep(0.1);",
    );
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeLessThan(3000);
    expect(countOf(result, "iterations")).toBeGreaterThanOrEqual(14);
    expect(countOf(result, "iterations")).toBeLessThanOrEqual(22);
    expect(result.sink("vus_max")).toMatchObject({ type: "gauge", max: 2 });
  });

  it("ramping-vus follows its stages", async () => {
    const { result } = await run(
      "{ stages: [{ duration: '600ms', target: 4 }, { duration: '600ms', target: 0 }] }",
      "await sleep(0.05);",
    );
    expect(result.exitCode).toBe(0);
    const vus = result.sink("vus");
    expect(vus?.type === "gauge" && vus.max).toBeGreaterThanOrEqual(2);
    expect(vus?.type === "gauge" && vus.max).toBeLessThanOrEqual(4);
    expect(countOf(result, "iterations")).toBeGreaterThan(10);
  });

  it("constant-arrival-rate starts its iterations on schedule", async () => {
    const { result } = await run(
      "{ scenarios: { a: { executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '1s', preAllocatedVUs: 2 } } }",
    );
    expect(countOf(result, "iterations")).toBe(20);
    expect(countOf(result, "dropped_iterations")).toBe(0);
  });

  it("drops arrival-rate iterations when no VU is free, and counts them", async () => {
    const { result } = await run(
      "{ scenarios: { a: { executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '1s', preAllocatedVUs: 1, maxVUs: 1 } } }",
      "await sleep(0.2);",
    );
    const done = countOf(result, "iterations");
    const dropped = countOf(result, "dropped_iterations");
    expect(dropped).toBeGreaterThan(5);
    expect(done + dropped).toBe(20);
  });

  it("ramping-arrival-rate starts the area under its rate curve", async () => {
    const { result } = await run(
      "{ scenarios: { a: { executor: 'ramping-arrival-rate', startRate: 0, timeUnit: '1s', preAllocatedVUs: 3, stages: [{ duration: '1s', target: 20 }] } } }",
    );
    expect(countOf(result, "iterations") + countOf(result, "dropped_iterations")).toBe(10);
  });

  it("runs several scenarios with startTime, exec, env and tags", async () => {
    const { result, summary } = await run(
      "{ scenarios: { first: { executor: 'per-vu-iterations', vus: 1, iterations: 2, exec: 'other', env: { WHO: 'first' }, tags: { kind: 'a' } }, later: { executor: 'shared-iterations', vus: 1, iterations: 3, startTime: '300ms' } }, thresholds: { 'iterations{kind:a}': ['count==2'], 'iterations{scenario:later}': ['count==3'] } }",
      "await http.get(`${__ENV.URL}/`);",
      "export async function other() { if (__ENV.WHO !== 'first') throw new Error('env'); }",
    );
    expect(result.exitCode).toBe(0);
    expect(countOf(result, "iterations")).toBe(5);
    expect(summary.data.metrics["iterations{kind:a}"]?.values.count).toBe(2);
  });
});

describe("setup, teardown, thresholds and the summary", () => {
  it("runs setup once, hands its data to every iteration, and teardown once", async () => {
    const { result } = await run(
      "{ vus: 3, iterations: 9 }",
      "if (data.token !== 'abc') throw new Error('no setup data'); await http.get(`${__ENV.URL}/?it=1`);",
      "export async function setup() { await http.get(`${__ENV.URL}/setup`); return { token: 'abc' }; }\nexport async function teardown(data) { if (data.token === 'abc') await http.get(`${__ENV.URL}/teardown`); }",
    );
    expect(result.stats.iterationsFailed).toBe(0);
    expect(countOf(result, "http_reqs")).toBe(11);
  });

  it("exits 99 when a threshold fails, and reports it in the summary", async () => {
    const { result, summary } = await run(
      "{ iterations: 3, thresholds: { http_req_duration: ['p(95)<0.0001'], checks: ['rate>0.5'] } }",
      "check(await http.get(`${__ENV.URL}/`), { ok: (r) => r.status === 200 });",
    );
    expect(result.exitCode).toBe(99);
    expect(result.thresholds.results.map((r) => [r.source, r.ok])).toEqual([
      ["p(95)<0.0001", false],
      ["rate>0.5", true],
    ]);
    expect(summary.stdout).toMatch(/✗ http_req_duration/);
    expect(summary.data.root_group.checks[0]).toMatchObject({ name: "ok", passes: 3, fails: 0 });
  });

  it("aborts early on an abortOnFail threshold", async () => {
    const started = performance.now();
    const { result } = await run(
      "{ vus: 2, duration: '20s', thresholds: { http_req_failed: [{ threshold: 'rate<0.1', abortOnFail: true }] } }",
      "await http.get(`${__ENV.URL}/?status=500`); await sleep(0.05);",
    );
    expect(performance.now() - started).toBeLessThan(8000);
    expect(result.aborted?.cause).toBe("threshold");
    expect(result.exitCode).toBe(99);
  });

  it("lets handleSummary decide the output", async () => {
    const { summary } = await run(
      "{ iterations: 2 }",
      "await http.get(`${__ENV.URL}/`);",
      "export function handleSummary(data) { return { stdout: 'custom ' + data.metrics.iterations.values.count, 'x.json': { n: 1 } }; }",
    );
    expect(summary.stdout).toBe("custom 2");
    expect(summary.files).toEqual({ "x.json": '{"n":1}' });
  });

  it("keeps going after an exception in an iteration, and logs it with the script's line", async () => {
    const { result, logger } = await run(
      "{ iterations: 4 }",
      "if (__ITER >= 0) throw new Error('bad thing');",
    );
    expect(result.exitCode).toBe(0);
    expect(result.stats.iterationsFailed).toBe(4);
    expect(logger.lines.some((l) => l.includes("bad thing") && l.includes("test.js:7:"))).toBe(true);
  });
});

describe("script errors", () => {
  const failure = async (source: string, siblings?: Record<string, string>) => {
    const path = await writeScript(source, siblings);
    return runScript(path).then(
      () => undefined,
      (error: unknown) => error as RunFailure,
    );
  };

  it("names file, line and column of a syntax error (exit 107)", async () => {
    const error = await failure("export default function () {\n  const = 1;\n}\n");
    expect(error).toBeInstanceOf(RunFailure);
    expect(error?.exitCode).toBe(107);
    expect(error?.message).toMatch(/^test\.js:2:9: /);
  });

  it("names where the init code threw", async () => {
    const error = await failure("const x = null;\nx.y = 1;\nexport default function () {}\n");
    expect(error?.exitCode).toBe(107);
    expect(error?.message).toMatch(
      /^test\.js:2:\d+: the script threw in the init context: Cannot set properties of null/,
    );
  });

  it("reports waiting calls without await with their line", async () => {
    const error = await failure(
      'import http from "k6/http";\nexport default async function () {\n  http.get("http://127.0.0.1:1/");\n}\n',
    );
    expect(error?.exitCode).toBe(107);
    expect(error?.message).toContain("test.js:3:3");
    expect(error?.message).toContain("await http.get");
  });

  it("names a bad option and what is allowed (exit 104)", async () => {
    const error = await failure(
      "export const options = { scenarios: { s: { executor: 'ramping-vu' } } };\nexport default function () {}\n",
    );
    expect(error?.exitCode).toBe(104);
    expect(error?.message).toContain("scenarios.s.executor");
    expect(error?.message).toContain("ramping-vus");
  });

  it("names a threshold on an unknown metric", async () => {
    const error = await failure(
      "export const options = { thresholds: { http_req_duraton: ['p(95)<1'] } };\nexport default function () {}\n",
    );
    expect(error?.exitCode).toBe(104);
    expect(error?.message).toContain("http_req_duration");
  });
});

describe("modules", () => {
  it("open(), SharedArray and local imports work in the init context", async () => {
    const path = await writeScript(
      `import { SharedArray } from "k6/data";
import { Counter } from "k6/metrics";
import { double } from "./lib.js";
const users = new SharedArray("users", () => JSON.parse(open("./users.json")));
const seen = new Counter("seen_users");
export const options = { iterations: 4 };
export default function () { seen.add(double(users.length)); }
`,
      { "users.json": '[{"name":"a"},{"name":"b"}]', "lib.js": "export const double = (n) => n * 2;\n" },
    );
    const { result } = await runScript(path);
    expect(result.exitCode).toBe(0);
    expect(countOf(result, "seen_users")).toBe(16);
  });

  it("--out json writes one line per series per period", async () => {
    const { JsonFileOutput } = await import("../output/json-file.js");
    const file = `${await writeScript("")}.jsonl`;
    const path = await writeScript(script("{ iterations: 3 }"));
    await runScript(path, { env: { URL: target.url }, settings: { outputs: [new JsonFileOutput(file)] } });
    const lines = (await readFile(file, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const reqs = lines.filter((l) => l.metric === "http_reqs").reduce((sum, l) => sum + l.data.sum, 0);
    expect(reqs).toBe(3);
    const trend = lines.find((l) => l.metric === "http_req_duration");
    expect(trend).toMatchObject({
      type: "trend",
      tags: { method: "GET", status: "200", scenario: "default" },
    });
    expect(typeof trend.data.hdr).toBe("string");
  });
});

describe("execution segments", () => {
  it("instances of one sequence together run exactly the whole test", async () => {
    const options =
      "{ scenarios: { s: { executor: 'shared-iterations', vus: 5, iterations: 23 }, a: { executor: 'constant-arrival-rate', rate: 31, duration: '1s', preAllocatedVUs: 4 } } }";
    const path = await writeScript(script(options, "await sleep(0.01);"));
    const sequence = "0,1/4,1/2,3/4,1";
    const parts = await Promise.all(
      ["0:1/4", "1/4:1/2", "1/2:3/4", "3/4:1"].map((segment) =>
        runScript(path, { overrides: { executionSegment: segment, executionSegmentSequence: sequence } }),
      ),
    );
    const total = parts.reduce(
      (sum, p) => sum + countOf(p.result, "iterations") + countOf(p.result, "dropped_iterations"),
      0,
    );
    expect(total).toBe(23 + 31);
  });
});

describe("a runner that leaves thresholds to the platform", () => {
  it("neither aborts nor fails on them", async () => {
    const path = await writeScript(
      script("{ iterations: 3, thresholds: { http_reqs: [{ threshold: 'count>100', abortOnFail: true }] } }"),
    );
    const { result } = await runScript(path, { env: { URL: target.url }, settings: { thresholds: false } });
    expect(result.exitCode).toBe(0);
    expect(result.aborted).toBeUndefined();
    expect(result.thresholds.results).toEqual([]);
    expect(countOf(result, "http_reqs")).toBe(3);
  });
});
