/**
 * End-to-end: every example script runs through the real `barrage run` against the example
 * target, and its behaviour is read back from the exported summary and the exit code.
 */
import { once } from "node:events";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliNotReady, outputOf, spawnBarrage } from "../barrage-cli.js";
import { startTarget, type Target } from "../target/server.js";

const SCRIPTS_DIR = fileURLToPath(new URL(".", import.meta.url));
const RUN_TIMEOUT_MS = 40_000;

/** The parts of k6's legacy summary export these tests read. */
interface Summary {
  metrics: Record<string, Record<string, number> & { thresholds?: Record<string, boolean> }>;
  root_group: Group;
}

interface Group {
  groups: Record<string, Group>;
  checks: Record<string, { path: string; passes: number; fails: number }>;
}

/** Every check of the group tree as path -> passes (k6 paths: `::group::check`). */
function checkPasses(group: Group): Record<string, number> {
  const own = Object.values(group.checks).map((c) => [c.path, c.passes] as const);
  return Object.assign(Object.fromEntries(own), ...Object.values(group.groups).map(checkPasses));
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  summary: Summary;
}

let target: Target;
let tempDir: string;
beforeAll(async () => {
  const notReady = cliNotReady();
  if (notReady) throw new Error(notReady);
  target = await startTarget();
  tempDir = mkdtempSync(join(tmpdir(), "barrage-examples-"));
});
afterAll(async () => {
  await target?.close();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});

let runs = 0;

/**
 * Runs `barrage run --quiet --summary-export FILE -e BASE_URL=<target> [args] scripts/<name>`.
 * `whileRunning` may drive the run (control API) before the exit is awaited.
 */
async function runExample(
  name: string,
  {
    env = {},
    args = [],
    whileRunning,
  }: {
    env?: Record<string, string>;
    args?: string[];
    whileRunning?: () => Promise<void>;
  } = {},
): Promise<Run> {
  const summaryFile = join(tempDir, `summary-${++runs}.json`);
  const envArgs = Object.entries({ BASE_URL: target.url, ...env }).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
  const started = performance.now();
  const child = spawnBarrage(
    ["run", "--quiet", "--summary-export", summaryFile, ...envArgs, ...args, join(SCRIPTS_DIR, name)],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const output = outputOf(child);
  try {
    await whileRunning?.();
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  const { code, stdout, stderr } = await output;
  const ms = performance.now() - started;
  let summary: Summary;
  try {
    summary = JSON.parse(readFileSync(summaryFile, "utf8"));
  } catch (error) {
    throw new Error(`${name}: no summary export (exit ${code}); stderr:\n${stderr}`, { cause: error });
  }
  return { code, stdout, stderr, ms, summary };
}

const metric = (run: Run, name: string) => run.summary.metrics[name] ?? {};
const count = (run: Run, name: string) => metric(run, name).count ?? 0;

/** Every threshold that failed, as "metric: expression". */
function failedThresholds(run: Run): string[] {
  return Object.entries(run.summary.metrics).flatMap(([name, m]) =>
    Object.entries(m.thresholds ?? {})
      .filter(([, failed]) => failed)
      .map(([expression]) => `${name}: ${expression}`),
  );
}

/** Expects a clean run: exit 0, no failed threshold, every check passed at least once. */
function expectPassed(run: Run) {
  expect(failedThresholds(run), run.stderr).toEqual([]);
  expect(run.code, run.stderr).toBe(0);
  expect(metric(run, "checks").fails).toBe(0);
  expect(metric(run, "checks").passes).toBeGreaterThan(0);
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}

const TESTED = new Set<string>();
function example(name: string, test: () => Promise<void>) {
  TESTED.add(name);
  it(name, test, RUN_TIMEOUT_MS);
}

describe("example scripts", () => {
  it("every script in examples/scripts has a test here and opens with Run: and Expect:", () => {
    const scripts = readdirSync(SCRIPTS_DIR).filter((file) => file.endsWith(".js"));
    expect(scripts.sort()).toEqual([...TESTED].sort());
    for (const file of scripts) {
      const header = readFileSync(join(SCRIPTS_DIR, file), "utf8").split("\nimport ")[0] ?? "";
      expect(header, file).toMatch(/^\/\/ .+/);
      expect(header, file).toContain("// Run:    barrage run ");
      expect(header, file).toContain("-e BASE_URL=http://127.0.0.1:PORT");
      expect(header, file).toContain(`examples/scripts/${file}`);
      expect(header, file).toContain("// Expect: ");
    }
  });

  example("shared-iterations.js", async () => {
    const run = await runExample("shared-iterations.js");
    expectPassed(run);
    expect(count(run, "iterations")).toBe(40);
    expect(count(run, "http_reqs")).toBe(40);
  });

  example("per-vu-iterations.js", async () => {
    const run = await runExample("per-vu-iterations.js");
    expectPassed(run);
    expect(count(run, "iterations")).toBe(4 * 5);
    // Two checks per iteration, all passing: __ITER stayed within each VU's 5.
    expect(metric(run, "checks").passes).toBe(2 * 20);
  });

  example("constant-vus.js", async () => {
    const run = await runExample("constant-vus.js");
    expectPassed(run);
    expect(metric(run, "vus_max").value).toBe(5);
    // 5 VUs for 3 s at ~0.31 s an iteration: at most 10 each.
    expect(count(run, "iterations")).toBeGreaterThanOrEqual(30);
    expect(count(run, "iterations")).toBeLessThanOrEqual(50);
  });

  example("ramping-vus.js", async () => {
    const run = await runExample("ramping-vus.js");
    expectPassed(run);
    expect(metric(run, "vus").max).toBe(6);
    expect(metric(run, "vus_max").value).toBe(6);
    expect(run.ms).toBeGreaterThan(3500);
  });

  example("constant-arrival-rate.js", async () => {
    const run = await runExample("constant-arrival-rate.js");
    expectPassed(run);
    // 20/s for 3 s: 60 planned starts, all made since 10 VUs are plenty.
    expect(count(run, "iterations")).toBeGreaterThanOrEqual(59);
    expect(count(run, "iterations")).toBeLessThanOrEqual(60);
    expect(count(run, "dropped_iterations")).toBe(0);
  });

  it(
    "constant-arrival-rate.js with one slow VU drops iterations and fails its threshold",
    async () => {
      const run = await runExample("constant-arrival-rate.js", { env: { MAX_VUS: "1", LATENCY_MS: "200" } });
      expect(run.code).toBe(99);
      expect(failedThresholds(run)).toEqual(["dropped_iterations: count==0"]);
      const made = count(run, "iterations");
      const dropped = count(run, "dropped_iterations");
      // One VU at 200 ms an iteration makes at most 5 a second of the 20 planned.
      expect(made).toBeLessThanOrEqual(16);
      expect(dropped).toBeGreaterThanOrEqual(40);
      expect(made + dropped).toBeGreaterThanOrEqual(59);
      expect(made + dropped).toBeLessThanOrEqual(60);
    },
    RUN_TIMEOUT_MS,
  );

  example("ramping-arrival-rate.js", async () => {
    const run = await runExample("ramping-arrival-rate.js");
    expectPassed(run);
    // The area under 5 -> 30 over 2 s then 30 for 2 s is 95 iterations.
    expect(count(run, "iterations")).toBeGreaterThanOrEqual(94);
    expect(count(run, "iterations")).toBeLessThanOrEqual(95);
    expect(count(run, "dropped_iterations")).toBe(0);
  });

  example("externally-controlled.js", async () => {
    const port = await freePort();
    const statusUrl = `http://127.0.0.1:${port}/v1/status`;
    type Attributes = { vus: number; "vus-max": number; running: boolean; stopped: boolean };
    const status = async (init?: RequestInit): Promise<Attributes> => {
      const res = await fetch(statusUrl, init);
      const body = (await res.json()) as { data: { attributes: Attributes } };
      expect(res.status, JSON.stringify(body)).toBe(200);
      return body.data.attributes;
    };
    const patch = (attributes: Partial<Attributes>) =>
      status({
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ data: { type: "status", id: "default", attributes } }),
      });
    /** Polls the status until `ready` holds for it. */
    async function waitFor(ready: (a: Attributes) => boolean): Promise<Attributes> {
      const deadline = performance.now() + 8000;
      for (;;) {
        try {
          const attributes = await status();
          if (ready(attributes)) return attributes;
        } catch (error) {
          if (performance.now() > deadline) throw error;
        }
        if (performance.now() > deadline) throw new Error("the control API never reached the awaited status");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    let stoppedAt = 0;
    const run = await runExample("externally-controlled.js", {
      args: ["--address", `127.0.0.1:${port}`],
      whileRunning: async () => {
        const started = await waitFor((a) => a.running);
        expect(started).toMatchObject({ vus: 2, "vus-max": 10, stopped: false });
        expect((await patch({ vus: 6 })).vus).toBe(6);
        expect((await status()).vus).toBe(6);
        // Let the 6 VUs work for a moment so the summary shows their requests.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        stoppedAt = performance.now();
        await patch({ stopped: true });
      },
    });
    // k6 exits 103 (ScriptStoppedFromRESTAPI) when stopped through the API; 105 is for signals.
    expect(run.code).toBe(103);
    // It stopped when told, long before its 10 s duration.
    expect(run.ms).toBeLessThan(9000);
    expect(performance.now() - stoppedAt).toBeLessThan(3000);
    expect(metric(run, "vus_max").value).toBe(10);
    expect(count(run, "iterations")).toBeGreaterThan(10);
  });

  example("api-login.js", async () => {
    const run = await runExample("api-login.js");
    expectPassed(run);
    // setup() runs once, in k6's "setup" group; the iterations' checks sit in their groups.
    const iterations = count(run, "iterations");
    expect(checkPasses(run.summary.root_group)).toEqual({
      "::setup::logged in": 1,
      "::browse::list is 200": iterations,
      "::browse::list has items": iterations,
      "::browse::item has the asked id": iterations,
      "::create::created is 201": iterations,
      "::create::created is owned by alice": iterations,
    });
    expect(count(run, "items_created")).toBeGreaterThan(10);
    expect(metric(run, "item_found").value).toBe(1);
    expect(metric(run, "catalog_size").value).toBeGreaterThanOrEqual(5);
    expect(metric(run, "http_req_duration{group:::browse}").thresholds).toEqual({
      "p(95)<300": false,
      "max<2000": false,
    });
  });

  example("multi-scenario.js", async () => {
    const run = await runExample("multi-scenario.js");
    expectPassed(run);
    expect(count(run, "iterations{scenario:writers}")).toBe(12);
    expect(metric(run, "http_req_duration{scenario:readers}").thresholds).toEqual({ "p(95)<500": false });
    // Readers ran from the start for 4 s; writers started 1 s in.
    expect(run.ms).toBeGreaterThan(3500);
  });

  example("thresholds-abort.js", async () => {
    const run = await runExample("thresholds-abort.js");
    expect(run.code).toBe(99);
    expect(metric(run, "http_req_failed").thresholds).toEqual({ "rate<0.1": true });
    expect(metric(run, "http_req_failed").value).toBeGreaterThan(0.3);
    // Aborted at an evaluation soon after the 1 s delay; a full run would take over 10 s.
    expect(run.ms).toBeLessThan(8000);
  });

  example("data-files.js", async () => {
    const run = await runExample("data-files.js");
    expectPassed(run);
    expect(count(run, "iterations")).toBe(20);
    expect(metric(run, "checks").passes).toBe(20);
    // The data holds refused logins: they answer 401, which http_req_failed counts.
    expect(metric(run, "http_req_failed").passes).toBeGreaterThan(0);
  });

  example("handle-summary.js", async () => {
    const file = join(tempDir, "handle-summary.json");
    const run = await runExample("handle-summary.js", { env: { SUMMARY_FILE: file } });
    expectPassed(run);
    expect(run.stdout).toMatch(
      /^handle-summary: 10 iterations, 10 requests, p\(95\) \d+\.\d ms, checks 10\/10$/m,
    );
    // handleSummary replaces the default text summary.
    expect(run.stdout).not.toContain("http_req_duration");
    const data = JSON.parse(readFileSync(file, "utf8"));
    expect(data.metrics.iterations.values.count).toBe(10);
  });
});
