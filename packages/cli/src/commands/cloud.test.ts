import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { writeConfig } from "../cloud/config.js";
import {
  type FakeAnswer,
  type ReceivedRequest,
  startFakeGraphql,
} from "../cloud/fake-graphql.test-helpers.js";
import { cloudCommand } from "./cloud.js";

const SCRIPT = [
  'import { check } from "./lib/check.js";',
  'const users = JSON.parse(open("./data/users.json"));',
  'export const options = { vus: users.length, duration: "10s", cloud: { name: "checkout flow" } };',
  "export default function () { check(users); }",
  "",
].join("\n");

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A script folder with an import and an opened file, and a config home with no file yet. */
async function workspace(script = SCRIPT): Promise<{ scriptPath: string; env: NodeJS.ProcessEnv }> {
  const dir = await mkdtemp(path.join(tmpdir(), "barrage-cloud-"));
  await mkdir(path.join(dir, "lib"));
  await mkdir(path.join(dir, "data"));
  await writeFile(path.join(dir, "test.js"), script);
  await writeFile(path.join(dir, "lib", "check.js"), "export function check(u) { return u.length > 0; }\n");
  await writeFile(path.join(dir, "data", "users.json"), '["ann","bob"]');
  return { scriptPath: path.join(dir, "test.js"), env: { XDG_CONFIG_HOME: path.join(dir, "config") } };
}

function capture() {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { stream, text: () => text };
}

interface Step {
  status: string;
  reason?: string;
  result?: string;
}

/** The summary text the fake API answers with. */
const SUMMARY_TEXT = "     http_reqs......: 1200   40/s";

/**
 * A fake API whose run takes the statuses of `steps`, one more on each read of the run, has
 * figures once it runs, and whose results are {@link SUMMARY_TEXT}, `thresholds` and `insights`.
 */
async function fakeApi(steps: Step[], thresholds: unknown[] = [], insights: unknown[] = []) {
  let reads = 0;
  const answer = (request: ReceivedRequest): FakeAnswer | undefined => {
    if (request.query.includes("projects")) {
      return { data: { projects: { edges: [{ node: { id: "UHJvamVjdDox", name: "default" } }] } } };
    }
    if (request.query.includes("createTestRun"))
      return { data: { createTestRun: { id: "VGVzdFJ1bjo3", status: "CREATED" } } };
    if (request.query.includes("stopTestRun"))
      return { data: { stopTestRun: { id: "VGVzdFJ1bjo3", status: "ABORTED_BY_USER" } } };
    if (request.query.includes("thresholds")) {
      return { data: { testRun: { summary: { text: SUMMARY_TEXT }, thresholds, insights } } };
    }
    if (request.query.includes("testRun(")) {
      const seen = steps.slice(0, Math.min(++reads, steps.length));
      const last = seen.at(-1) as Step;
      return {
        data: {
          testRun: {
            id: "VGVzdFJ1bjo3",
            status: last.status,
            statusReason: last.reason ?? null,
            result: last.result ?? null,
            startedAt: null,
            endedAt: null,
            stats:
              reads >= 5
                ? { vusMax: 2, httpRequests: 1200, httpRequestRate: 40, httpFailureRate: 0, httpP95Ms: 12.5 }
                : null,
            // One event per status, as the API keeps them; a reason that changes within a status
            // is only the run's statusReason.
            events: seen
              .filter((step, i) => i === 0 || seen[i - 1]?.status !== step.status)
              .map((step) => ({
                status: step.status,
                reason: step.reason ?? null,
                at: "2026-11-28T00:00:00Z",
              })),
          },
        },
      };
    }
    return undefined;
  };
  const server = await startFakeGraphql(answer);
  servers.push(server);
  return server;
}

async function cloud(scriptPath: string, env: NodeJS.ProcessEnv, flags = {}, signal?: AbortSignal) {
  const stdout = capture();
  const stderr = capture();
  const code = await cloudCommand(scriptPath, flags, {
    env,
    stdout: stdout.stream,
    stderr: stderr.stream,
    pollIntervalMs: 5,
    signal,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const PATH_TO_RUNNING: Step[] = [
  { status: "CREATED" },
  { status: "VALIDATED" },
  { status: "QUEUED" },
  { status: "INITIALIZING" },
  { status: "RUNNING" },
];

describe("barrage cloud", () => {
  it("uploads the script with its imports and opened files, follows the run and exits 0 when it passes", async () => {
    const { scriptPath, env } = await workspace();
    const api = await fakeApi(
      [...PATH_TO_RUNNING, { status: "FINISHED", result: "PASSED" }],
      [{ metric: "http_req_duration", expression: "p(95)<500", ok: true, value: 120.5 }],
    );
    await writeConfig({ api: api.url, token: "brg_test" }, env);
    const { code, stdout } = await cloud(scriptPath, env, { note: "nightly", env: { BASE_URL: "http://x" } });
    expect(code).toBe(0);
    const create = api.received.find((request) => request.query.includes("createTestRun"));
    expect(create?.authorization).toBe("Bearer brg_test");
    expect(create?.variables.input).toEqual({
      projectId: "UHJvamVjdDox",
      loadTestName: "checkout flow",
      script: SCRIPT,
      scriptName: "test.js",
      env: [{ name: "BASE_URL", value: "http://x" }],
      files: [
        { path: "data/users.json", base64: Buffer.from('["ann","bob"]').toString("base64") },
        {
          path: "lib/check.js",
          base64: Buffer.from("export function check(u) { return u.length > 0; }\n").toString("base64"),
        },
      ],
      note: "nightly",
    });
    expect(stdout).toContain("  CREATED\n  VALIDATED\n  QUEUED\n  INITIALIZING\n  RUNNING\n  FINISHED\n");
    expect(stdout).toContain("     test status: FINISHED\n          result: PASSED\n");
    expect(stdout).toContain("  ✓ http_req_duration: p(95)<500 (120.5)");
    expect(stdout).toContain(SUMMARY_TEXT);
  });

  it("prints the platform's insights under the summary, each title with its explanation wrapped beneath", async () => {
    const { scriptPath, env } = await workspace();
    const explanation =
      "From 12s to 40s into the test, 1,204 of 3,980 requests failed (30.3%), 29.8 points above the 0.5% of the first 100 iterations.";
    const api = await fakeApi(
      [...PATH_TO_RUNNING, { status: "FINISHED", result: "PASSED" }],
      [],
      [
        { severity: "CRITICAL", title: "Increased HTTP failure rate: 30.3% of requests failed", explanation },
        { severity: "INFO", title: "Duration too short", explanation: "Run it longer." },
      ],
    );
    const { code, stdout } = await cloud(scriptPath, {
      ...env,
      BARRAGE_API: api.url,
      BARRAGE_TOKEN: "brg_env",
    });
    expect(code).toBe(0);
    const results = api.received.find((request) => request.query.includes("thresholds"));
    expect(results?.query).toContain("insights { severity title explanation }");
    expect(stdout).toContain(
      [
        "  insights:",
        "  ✗ critical  Increased HTTP failure rate: 30.3% of requests failed",
        "      From 12s to 40s into the test, 1,204 of 3,980 requests failed (30.3%), 29.8 points above the",
        "      0.5% of the first 100 iterations.",
        "",
        "  i info      Duration too short",
        "      Run it longer.",
      ].join("\n"),
    );
    expect(stdout.indexOf("insights:")).toBeGreaterThan(stdout.indexOf(SUMMARY_TEXT));
    expect(stdout.indexOf("insights:")).toBeLessThan(stdout.indexOf("test status: FINISHED"));
  });

  it("prints no insights section when the platform found none", async () => {
    const { scriptPath, env } = await workspace();
    const api = await fakeApi([...PATH_TO_RUNNING, { status: "FINISHED", result: "PASSED" }]);
    const { stdout } = await cloud(scriptPath, { ...env, BARRAGE_API: api.url, BARRAGE_TOKEN: "brg_env" });
    expect(stdout).not.toContain("insights:");
  });

  it.each([
    [[{ status: "FINISHED", result: "FAILED" }], 99],
    [[{ status: "ABORTED_BY_THRESHOLD", reason: "http_req_failed rate<0.01 crossed" }], 99],
    [
      [{ status: "ABORTED_BY_SCRIPT_ERROR", reason: "script.js:3:7: x is not defined\n\n3 | x;\n    ^" }],
      107,
    ],
    [
      [
        {
          status: "ABORTED_BY_LIMIT",
          reason: "the run needs 2 VUs; the organization allows at most 1 (maxVus)",
        },
      ],
      97,
    ],
    [[{ status: "ABORTED_BY_SYSTEM", reason: "agent lost" }], 97],
    [[{ status: "TIMED_OUT" }], 97],
    [[{ status: "ABORTED_BY_USER", reason: "Stopped by a user" }], 105],
    [[{ status: "FINISHED", result: "ERROR" }], 97],
  ])("maps a run ending %j to exit code %i, printing the reason", async (end, exitCode) => {
    const { scriptPath, env } = await workspace();
    const api = await fakeApi([{ status: "CREATED" }, ...end]);
    const { code, stdout } = await cloud(scriptPath, {
      ...env,
      BARRAGE_API: api.url,
      BARRAGE_TOKEN: "brg_env",
    });
    expect(code).toBe(exitCode);
    const last = end.at(-1) as Step;
    expect(stdout).toContain(`     test status: ${last.status}\n`);
    if (last.reason) expect(stdout).toContain(`  ${last.status}: ${last.reason.split("\n")[0]}`);
  });

  it("shows why a run waits when its reason changes within a status", async () => {
    const { scriptPath, env } = await workspace();
    const waiting = 'waiting for 1 more agent in private zone "office" (1 online, 0 idle)';
    const api = await fakeApi([
      { status: "CREATED" },
      { status: "INITIALIZING" },
      { status: "INITIALIZING", reason: waiting },
      { status: "INITIALIZING", reason: waiting },
      { status: "RUNNING" },
      { status: "FINISHED", result: "PASSED" },
    ]);
    const { code, stdout } = await cloud(scriptPath, {
      ...env,
      BARRAGE_API: api.url,
      BARRAGE_TOKEN: "brg_env",
    });
    expect(code).toBe(0);
    expect(stdout).toContain(`  INITIALIZING\n  INITIALIZING: ${waiting}\n  RUNNING\n`);
  });

  it("stops the run in the cloud when interrupted, and exits as k6 does for an external abort", async () => {
    const { scriptPath, env } = await workspace();
    const steps: Step[] = [...PATH_TO_RUNNING, ...Array.from({ length: 50 }, () => ({ status: "RUNNING" }))];
    const api = await fakeApi(steps);
    const stop = new AbortController();
    const running = cloud(
      scriptPath,
      { ...env, BARRAGE_API: api.url, BARRAGE_TOKEN: "brg_env" },
      {},
      stop.signal,
    );
    await expect
      .poll(() => api.received.filter((r) => r.query.includes("testRun(")).length)
      .toBeGreaterThan(5);
    stop.abort();
    await expect.poll(() => api.received.some((r) => r.query.includes("stopTestRun"))).toBe(true);
    steps.splice(6, steps.length, { status: "ABORTED_BY_USER", reason: "Stopped by a user" });
    const { code, stderr } = await running;
    expect(code).toBe(105);
    expect(stderr).toContain("stopping the run in the cloud");
    expect(api.received.find((r) => r.query.includes("stopTestRun"))?.variables).toEqual({
      id: "VGVzdFJ1bjo3",
    });
  });

  it("exits 107 with the place of a script error before sending anything", async () => {
    const { scriptPath, env } = await workspace("export default function () {\n  let x = ;\n}\n");
    const api = await fakeApi([]);
    const { code, stderr } = await cloud(scriptPath, {
      ...env,
      BARRAGE_API: api.url,
      BARRAGE_TOKEN: "brg_env",
    });
    expect(code).toBe(107);
    expect(stderr).toMatch(/test\.js:2:\d+: /);
    expect(api.received).toEqual([]);
  });

  it("refuses files outside the script's folder, which the cloud could not place", async () => {
    const { scriptPath, env } = await workspace('open("../outside.txt");\nexport default function () {}\n');
    await writeFile(path.join(path.dirname(scriptPath), "..", "outside.txt"), "x");
    const { code, stderr } = await cloud(scriptPath, {
      ...env,
      BARRAGE_API: "http://127.0.0.1:9",
      BARRAGE_TOKEN: "t",
    });
    expect(code).toBe(107);
    expect(stderr).toMatch(/outside\.txt is outside the script's folder/);
  });

  it("asks for a login when it has no token", async () => {
    const { scriptPath, env } = await workspace();
    const { code, stderr } = await cloud(scriptPath, env);
    expect(code).toBe(1);
    expect(stderr).toContain("barrage login --api URL --token brg_...");
  });

  it("exits 97 when the API refuses the run, and 98 when it stops answering during the run", async () => {
    const { scriptPath, env } = await workspace();
    const refusing = await startFakeGraphql(() => ({
      errors: [{ message: "Send an API token", extensions: { code: "UNAUTHENTICATED" } }],
    }));
    servers.push(refusing);
    const refused = await cloud(scriptPath, { ...env, BARRAGE_API: refusing.url, BARRAGE_TOKEN: "t" });
    expect(refused).toMatchObject({ code: 97, stderr: "the API refused the run: Send an API token\n" });

    const steps: Step[] = Array.from({ length: 1000 }, () => ({ status: "RUNNING" }));
    const api = await fakeApi(steps);
    const following = cloud(scriptPath, { ...env, BARRAGE_API: api.url, BARRAGE_TOKEN: "t" });
    await expect.poll(() => api.received.some((r) => r.query.includes("testRun("))).toBe(true);
    await api.close();
    const lost = await following;
    expect(lost.code).toBe(98);
    expect(lost.stderr).toMatch(/^lost track of run VGVzdFJ1bjo3: cannot reach the API/);
  });
});
