import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startControlServer } from "../control/index.js";
import { prepareTest } from "./prepare.js";
import { countOf, memoryLogger, startTarget, writeScript } from "./run.test-helpers.js";
import { TestRun } from "./test-run.js";

let target: Awaited<ReturnType<typeof startTarget>>;
beforeAll(async () => {
  target = await startTarget();
});
afterAll(() => target.close());

async function startPaused(source: string) {
  const logger = memoryLogger();
  const prepared = await prepareTest({
    scriptPath: await writeScript(source),
    env: { URL: target.url },
    logger,
  });
  const run = new TestRun(prepared, { logger, paused: true, noSetup: true });
  const server = await startControlServer(run, "127.0.0.1:0");
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: await res.json().catch(() => undefined) };
  };
  return { run, server, api, done: run.run() };
}

const statusPatch = (attributes: Record<string, unknown>) => ({
  data: { type: "status", id: "default", attributes },
});

describe("a runner driven through the control API, as an agent drives it", () => {
  it("waits paused, takes setup data from the API, starts on unpause", async () => {
    const { server, api, done } = await startPaused(`
import http from "k6/http";
export const options = { vus: 2, iterations: 6 };
export function setup() { throw new Error("setup must not run here"); }
export default async function (data) { if (data.token !== "from-api") throw new Error("no data"); await http.get(__ENV.URL); }
`);
    try {
      await new Promise((r) => setTimeout(r, 200));
      const before = await api("GET", "/v1/status");
      expect(before.body.data.attributes).toMatchObject({ paused: true, running: false, "vus-max": 2 });
      expect((await api("PUT", "/v1/setup", { token: "from-api" })).status).toBe(200);
      expect((await api("PATCH", "/v1/status", statusPatch({ paused: false }))).status).toBe(200);
      const result = await done;
      expect(result.exitCode).toBe(0);
      expect(result.stats.iterationsFailed).toBe(0);
      expect(countOf(result, "iterations")).toBe(6);
    } finally {
      await server.close();
    }
  });

  it("scales an externally-controlled scenario and stops it", async () => {
    const { server, api, done } = await startPaused(`
import { sleep } from "k6";
export const options = { scenarios: { ext: { executor: "externally-controlled", vus: 1, maxVUs: 4, duration: "30s" } } };
export default async function () { await sleep(0.05); }
`);
    try {
      await api("PATCH", "/v1/status", statusPatch({ paused: false }));
      await new Promise((r) => setTimeout(r, 200));
      expect((await api("PATCH", "/v1/status", statusPatch({ vus: 3 }))).status).toBe(200);
      await new Promise((r) => setTimeout(r, 200));
      expect((await api("GET", "/v1/status")).body.data.attributes.vus).toBe(3);
      expect((await api("PATCH", "/v1/status", statusPatch({ vus: 9 }))).status).toBe(400);
      await api("PATCH", "/v1/status", statusPatch({ stopped: true }));
      const result = await done;
      expect(result.aborted?.cause).toBe("user");
      expect(result.exitCode).toBe(103);
    } finally {
      await server.close();
    }
  });
});
