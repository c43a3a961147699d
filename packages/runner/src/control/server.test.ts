import { type AddressInfo, createServer } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ControlError } from "./control-error.js";
import { ExecutionStatus } from "./execution-status.js";
import type { ControlGroup, ControlMetric, ControlStatus, RunControl } from "./run-control.js";
import { type ControlServer, startControlServer } from "./server.js";

/** A runner stand-in that records what the API asked of it; each test sets the failures it needs. */
class FakeRunControl implements RunControl {
  calls: string[] = [];
  state: ControlStatus = {
    status: ExecutionStatus.PausedBeforeRun,
    paused: true,
    vus: 2,
    vusMax: 5,
    stopped: false,
    running: false,
    tainted: false,
    externallyControlled: true,
  };
  setupData: unknown;
  failure: { pause?: Error; vus?: Error; setup?: Error; teardown?: Error; status?: Error } = {};
  metricList: ControlMetric[] = [];
  groupList: ControlGroup[] = [];

  status(): ControlStatus {
    if (this.failure.status) throw this.failure.status;
    return { ...this.state };
  }
  setPaused(paused: boolean): void {
    this.calls.push(`setPaused(${paused})`);
    if (this.failure.pause) throw this.failure.pause;
    this.state.paused = paused;
  }
  setVUs(vus: number): void {
    this.calls.push(`setVUs(${vus})`);
    if (this.failure.vus) throw this.failure.vus;
    this.state.vus = vus;
  }
  setMaxVUs(vusMax: number): void {
    this.calls.push(`setMaxVUs(${vusMax})`);
    this.state.vusMax = vusMax;
  }
  stop(): void {
    this.calls.push("stop()");
    this.state.stopped = true;
  }
  metrics(): ControlMetric[] {
    return this.metricList;
  }
  groups(): ControlGroup[] {
    return this.groupList;
  }
  async runSetup(): Promise<void> {
    this.calls.push("runSetup()");
    if (this.failure.setup) throw this.failure.setup;
    this.setupData = { token: "from setup" };
  }
  getSetupData(): unknown {
    return this.setupData;
  }
  setSetupData(data: unknown): void {
    this.calls.push(`setSetupData(${JSON.stringify(data)})`);
    this.setupData = data;
  }
  async runTeardown(): Promise<void> {
    this.calls.push("runTeardown()");
    if (this.failure.teardown) throw this.failure.teardown;
  }
}

let control: FakeRunControl;
let server: ControlServer;

beforeEach(async () => {
  control = new FakeRunControl();
  server = await startControlServer(control, "127.0.0.1:0");
});

afterEach(async () => {
  await server.close();
});

async function call(method: string, path: string, body?: string) {
  const response = await fetch(`${server.url}${path}`, { method, body });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: response.headers.get("content-type")?.startsWith("application/json")
      ? (JSON.parse(text) as unknown)
      : undefined,
  };
}

function patchStatus(attributes: Record<string, unknown>) {
  return call("PATCH", "/v1/status", JSON.stringify({ data: { type: "status", id: "default", attributes } }));
}

function k6Error(status: number, title: string) {
  return { errors: [{ status: String(status), title, detail: expect.any(String) }] };
}

describe("GET /v1/status", () => {
  it("sends k6's status document", async () => {
    const reply = await call("GET", "/v1/status");
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(reply.text).toBe(
      '{"data":{"type":"status","id":"default","attributes":' +
        '{"status":4,"paused":true,"vus":2,"vus-max":5,"stopped":false,"running":false,"tainted":false}}}',
    );
  });

  it("answers 500 with the runner's message when reading the status fails, and keeps serving", async () => {
    control.failure.status = new Error("scheduler state unavailable");
    const failed = await call("GET", "/v1/status");
    expect(failed.status).toBe(500);
    expect(failed.json).toEqual({
      errors: [{ status: "500", title: "Internal error", detail: "scheduler state unavailable" }],
    });
    control.failure.status = undefined;
    expect((await call("GET", "/v1/status")).status).toBe(200);
  });
});

describe("PATCH /v1/status", () => {
  it("unpauses and answers with the new status", async () => {
    const reply = await patchStatus({ paused: false });
    expect(reply.status).toBe(200);
    expect(control.calls).toEqual(["setPaused(false)"]);
    expect(reply.json).toMatchObject({ data: { attributes: { paused: false } } });
  });

  it("reports a refused pause as k6's 500 Pause error", async () => {
    control.failure.pause = new Error(
      "cannot pause the externally controlled executor before it has started",
    );
    const reply = await patchStatus({ paused: true });
    expect(reply.status).toBe(500);
    expect(reply.json).toEqual({
      errors: [
        {
          status: "500",
          title: "Pause error",
          detail: "cannot pause the externally controlled executor before it has started",
        },
      ],
    });
  });

  it("stops the run on stopped: true and ignores the other attributes", async () => {
    const reply = await patchStatus({ stopped: true, paused: false, vus: 4 });
    expect(reply.status).toBe(200);
    expect(control.calls).toEqual(["stop()"]);
    expect(reply.json).toMatchObject({ data: { attributes: { stopped: true } } });
  });

  it("sets vus within vus-max", async () => {
    const reply = await patchStatus({ vus: 4 });
    expect(reply.status).toBe(200);
    expect(control.calls).toEqual(["setVUs(4)"]);
    expect(reply.json).toMatchObject({ data: { attributes: { vus: 4, "vus-max": 5 } } });
  });

  it("raises vus-max before adding VUs, and removes VUs before lowering vus-max", async () => {
    await patchStatus({ vus: 8, "vus-max": 10 });
    await patchStatus({ vus: 1, "vus-max": 3 });
    expect(control.calls).toEqual(["setMaxVUs(10)", "setVUs(8)", "setVUs(1)", "setMaxVUs(3)"]);
  });

  it("refuses vus above vus-max with k6's 400 Config update error and changes nothing", async () => {
    const reply = await patchStatus({ vus: 6 });
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({
      errors: [
        {
          status: "400",
          title: "Config update error",
          detail:
            "invalid configuration supplied: the number of active VUs (6) must be less than or equal to the number of maxVUs (5)",
        },
      ],
    });
    expect(control.calls).toEqual([]);
  });

  it("refuses negative vus", async () => {
    const reply = await patchStatus({ vus: -1 });
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({ errors: [{ detail: expect.stringContaining("can't be negative") }] });
  });

  it("refuses to change vus-max while the test is running, but accepts an unchanged value", async () => {
    control.state = { ...control.state, running: true, paused: false, status: ExecutionStatus.Running };
    const changed = await patchStatus({ "vus-max": 9 });
    expect(changed.status).toBe(400);
    expect(changed.json).toMatchObject({
      errors: [
        { title: "Config update error", detail: expect.stringContaining("while the test is running") },
      ],
    });
    const unchanged = await patchStatus({ vus: 3, "vus-max": 5 });
    expect(unchanged.status).toBe(200);
    expect(control.calls).toEqual(["setVUs(3)"]);
  });

  it("refuses vus changes without an externally-controlled scenario with k6's 500", async () => {
    control.state.externallyControlled = false;
    const reply = await patchStatus({ vus: 1 });
    expect(reply.status).toBe(500);
    expect(reply.json).toEqual({
      errors: [
        {
          status: "500",
          title: "Execution config error",
          detail: "an externally-controlled executor needs to be configured for live configuration updates",
        },
      ],
    });
  });

  it("applies paused before vus, as k6 does", async () => {
    await patchStatus({ paused: false, vus: 3 });
    expect(control.calls).toEqual(["setPaused(false)", "setVUs(3)"]);
  });

  it("passes the runner's ControlError through unchanged", async () => {
    control.failure.vus = new ControlError(409, "Scale error", "the runner is draining");
    const reply = await patchStatus({ vus: 1 });
    expect(reply.status).toBe(409);
    expect(reply.json).toEqual({
      errors: [{ status: "409", title: "Scale error", detail: "the runner is draining" }],
    });
  });

  it("reports a plain error from setVUs as 400 Config update error", async () => {
    control.failure.vus = new Error("VU initialisation failed");
    const reply = await patchStatus({ vus: 1 });
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({
      errors: [{ status: "400", title: "Config update error", detail: "VU initialisation failed" }],
    });
  });

  it.each([
    ["malformed JSON", "{"],
    ["a wrong attribute type", '{"data":{"attributes":{"vus":"3"}}}'],
    ["an array", "[1]"],
  ])("answers %s with 400 Invalid data and changes nothing", async (_case, body) => {
    const reply = await call("PATCH", "/v1/status", body);
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual(k6Error(400, "Invalid data"));
    expect(control.calls).toEqual([]);
  });

  it("answers an empty document with the unchanged status", async () => {
    const reply = await call("PATCH", "/v1/status", "{}");
    expect(reply.status).toBe(200);
    expect(control.calls).toEqual([]);
  });
});

describe("/v1/metrics", () => {
  beforeEach(() => {
    control.metricList = [
      {
        name: "http_reqs",
        type: "counter",
        contains: "default",
        tainted: null,
        sample: { count: 10, rate: 2.5 },
      },
      {
        name: "http_req_duration{status:200}",
        type: "trend",
        contains: "time",
        tainted: true,
        sample: { min: 1, max: 9, avg: 4, med: 3, "p(90)": 8, "p(95)": 8.5 },
      },
      { name: "vus", type: "gauge", contains: "default", tainted: false, sample: { value: Number.NaN } },
    ];
  });

  it("lists every metric as a k6 metrics resource", async () => {
    const reply = await call("GET", "/v1/metrics");
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      data: [
        {
          type: "metrics",
          id: "http_reqs",
          attributes: {
            type: "counter",
            contains: "default",
            tainted: null,
            sample: { count: 10, rate: 2.5 },
          },
        },
        {
          type: "metrics",
          id: "http_req_duration{status:200}",
          attributes: {
            type: "trend",
            contains: "time",
            tainted: true,
            sample: { min: 1, max: 9, avg: 4, med: 3, "p(90)": 8, "p(95)": 8.5 },
          },
        },
        // NaN cannot be written in JSON; it is sent as null rather than failing the whole list.
        {
          type: "metrics",
          id: "vus",
          attributes: { type: "gauge", contains: "default", tainted: false, sample: { value: null } },
        },
      ],
    });
  });

  it("finds one metric by its percent-encoded name", async () => {
    const reply = await call("GET", `/v1/metrics/${encodeURIComponent("http_req_duration{status:200}")}`);
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ data: { type: "metrics", id: "http_req_duration{status:200}" } });
  });

  it("answers an unknown metric with k6's 404", async () => {
    const reply = await call("GET", "/v1/metrics/nope");
    expect(reply.status).toBe(404);
    expect(reply.json).toEqual(k6Error(404, "Not Found"));
  });

  it("answers a malformed percent-encoding with 400", async () => {
    const reply = await call("GET", "/v1/metrics/%E0%A4%A");
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual(k6Error(400, "Invalid id"));
  });
});

describe("/v1/groups", () => {
  const root: ControlGroup = { id: "r", path: "", name: "", parentId: null, checks: [] };
  const login: ControlGroup = {
    id: "l",
    path: "::login",
    name: "login",
    parentId: "r",
    checks: [{ id: "c1", path: "::login::status is 200", name: "status is 200", passes: 9, fails: 1 }],
  };
  const cart: ControlGroup = { id: "c", path: "::cart", name: "cart", parentId: "r", checks: [] };

  beforeEach(() => {
    control.groupList = [root, login, cart];
  });

  it("lists groups with their parent and child relationships", async () => {
    const reply = await call("GET", "/v1/groups");
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      data: [
        {
          type: "groups",
          id: "r",
          attributes: { path: "", name: "", checks: null },
          relationships: {
            groups: {
              data: [
                { type: "groups", id: "l" },
                { type: "groups", id: "c" },
              ],
            },
            parent: { data: null },
          },
        },
        {
          type: "groups",
          id: "l",
          attributes: { path: "::login", name: "login", checks: login.checks },
          relationships: { groups: { data: [] }, parent: { data: { type: "groups", id: "r" } } },
        },
        {
          type: "groups",
          id: "c",
          attributes: { path: "::cart", name: "cart", checks: null },
          relationships: { groups: { data: [] }, parent: { data: { type: "groups", id: "r" } } },
        },
      ],
    });
  });

  it("finds one group by id, and answers an unknown one with 404", async () => {
    const found = await call("GET", "/v1/groups/l");
    expect(found.json).toMatchObject({ data: { id: "l", attributes: { name: "login" } } });
    const missing = await call("GET", "/v1/groups/zzz");
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual(k6Error(404, "Not Found"));
  });
});

describe("/v1/setup and /v1/teardown", () => {
  it("reads, runs, replaces and clears the setup data in k6's shapes", async () => {
    expect((await call("GET", "/v1/setup")).json).toEqual({
      data: { type: "setupData", id: "default", attributes: {} },
    });

    const ran = await call("POST", "/v1/setup");
    expect(ran.status).toBe(200);
    expect(ran.json).toEqual({
      data: { type: "setupData", id: "default", attributes: { data: { token: "from setup" } } },
    });

    const replaced = await call("PUT", "/v1/setup", '{"v": 2, "test": "mest"}');
    expect(replaced.json).toMatchObject({ data: { attributes: { data: { v: 2, test: "mest" } } } });
    expect((await call("GET", "/v1/setup")).json).toMatchObject({
      data: { attributes: { data: { v: 2, test: "mest" } } },
    });

    const nulled = await call("PUT", "/v1/setup", "null");
    expect(nulled.json).toMatchObject({ data: { attributes: { data: null } } });

    const cleared = await call("PUT", "/v1/setup", "");
    expect(cleared.json).toMatchObject({ data: { attributes: {} } });
    expect(control.calls).toEqual([
      "runSetup()",
      'setSetupData({"v":2,"test":"mest"})',
      "setSetupData(null)",
      "setSetupData(undefined)",
    ]);
  });

  it("refuses setup data that is not JSON", async () => {
    const reply = await call("PUT", "/v1/setup", "{v: 2}");
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual(k6Error(400, "Error parsing request body"));
    expect(control.calls).toEqual([]);
  });

  it("reports a failing setup() as k6's 500 Error executing setup", async () => {
    control.failure.setup = new Error("ReferenceError: token is not defined at setup (script.js:12:3)");
    const reply = await call("POST", "/v1/setup");
    expect(reply.status).toBe(500);
    expect(reply.json).toEqual({
      errors: [
        {
          status: "500",
          title: "Error executing setup",
          detail: "ReferenceError: token is not defined at setup (script.js:12:3)",
        },
      ],
    });
  });

  it("reports setup data JSON cannot hold as k6's 500 Encoding error", async () => {
    control.setupData = { big: 1n };
    const reply = await call("GET", "/v1/setup");
    expect(reply.status).toBe(500);
    expect(reply.json).toEqual(k6Error(500, "Encoding error"));
  });

  it("runs teardown and answers 200 with no body, like k6", async () => {
    const reply = await call("POST", "/v1/teardown");
    expect(reply.status).toBe(200);
    expect(reply.text).toBe("");
    expect(control.calls).toEqual(["runTeardown()"]);
  });

  it("reports a failing teardown() as k6's 500 Error executing teardown", async () => {
    control.failure.teardown = new Error("boom");
    const reply = await call("POST", "/v1/teardown");
    expect(reply.status).toBe(500);
    expect(reply.json).toEqual({
      errors: [{ status: "500", title: "Error executing teardown", detail: "boom" }],
    });
  });
});

describe("routing", () => {
  it("answers ok outside /v1/, like k6's ping", async () => {
    for (const path of ["/", "/ping"]) {
      const reply = await call("GET", path);
      expect(reply.status).toBe(200);
      expect(reply.text).toBe("ok");
    }
  });

  it("answers an unknown /v1/ route with 404 listing the routes", async () => {
    const reply = await call("GET", "/v1/nothing");
    expect(reply.status).toBe(404);
    expect(reply.json).toMatchObject({
      errors: [{ status: "404", detail: expect.stringContaining("GET/PATCH /v1/status") }],
    });
  });

  it("answers an unsupported method with 405 and Allow", async () => {
    const reply = await call("DELETE", "/v1/setup");
    expect(reply.status).toBe(405);
    expect(reply.headers.get("allow")).toBe("GET, POST, PUT");
    expect(reply.json).toEqual(k6Error(405, "Method Not Allowed"));
  });

  it("ignores the query string", async () => {
    expect((await call("GET", "/v1/status?verbose=1")).status).toBe(200);
  });

  it("answers a body over 16 MiB with 413 and stays up", async () => {
    const reply = await call("PUT", "/v1/setup", `"${"x".repeat(16 * 1024 * 1024)}"`);
    expect(reply.status).toBe(413);
    expect(reply.json).toEqual(k6Error(413, "Request body too large"));
    expect(control.calls).toEqual([]);
    expect((await call("GET", "/v1/status")).status).toBe(200);
  });
});

describe("startControlServer", () => {
  it("reports the bound port in its url and stops answering once closed", async () => {
    const own = await startControlServer(control, "localhost:0");
    expect(own.url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(own.url).not.toBe("http://localhost:0");
    expect((await fetch(`${own.url}/v1/status`)).status).toBe(200);
    await own.close();
    await expect(fetch(`${own.url}/v1/status`)).rejects.toThrow();
  });

  it("names the address and says what to do when the port is in use", async () => {
    const port = Number(new URL(server.url).port);
    await expect(startControlServer(control, `127.0.0.1:${port}`)).rejects.toThrow(
      `the control API cannot listen on --address "127.0.0.1:${port}": port ${port} is already in use`,
    );
  });

  it("refuses a malformed address before listening", async () => {
    await expect(startControlServer(control, "localhost")).rejects.toThrow('invalid --address "localhost"');
  });

  it("refuses a host that is not an address of this machine", async () => {
    await expect(startControlServer(control, "192.0.2.1:0")).rejects.toThrow(
      '"192.0.2.1" is not an address of this machine',
    );
  });

  it("binds every interface for :port and is reached through loopback", async () => {
    const port = await freePort();
    const own = await startControlServer(control, `:${port}`);
    expect(own.url).toBe(`http://localhost:${port}`);
    expect((await fetch(`http://127.0.0.1:${port}/ping`)).status).toBe(200);
    await own.close();
  });
});

/** A port nothing listens on right now, found by binding port 0 and releasing it. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
