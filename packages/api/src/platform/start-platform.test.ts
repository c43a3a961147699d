import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../auth/index.js";
import { createDb } from "../db/database.js";
import { createTestDatabase } from "../db/test-database.test-helpers.js";
import { type Platform, startPlatform } from "./start-platform.js";

const CLI = fileURLToPath(new URL("../../../cli/bin/barrage.js", import.meta.url));

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let platform: Platform;
let stateDir: string;
let targetUrl: string;
let hits = 0;
const target = createServer((_, res) => {
  hits++;
  res.end("ok");
});

beforeAll(async () => {
  database = await createTestDatabase({ workerSchema: false });
  stateDir = await mkdtemp(join(tmpdir(), "barrage-platform-"));
  platform = await startPlatform({
    databaseUrl: database.url,
    stateDir,
    port: 0,
    agentPort: 0,
    log: () => {},
  });
  await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  target.closeAllConnections();
  target.close();
  await platform?.close();
  await database?.drop();
  await rm(stateDir, { recursive: true, force: true });
});

function barrageCloud(
  script: string,
  token: string,
  ...flags: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, "cloud", "--api", platform.url, ...flags, script],
      { timeout: 90_000, env: { ...process.env, BARRAGE_TOKEN: token, XDG_CONFIG_HOME: stateDir } },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe("the one-process platform", () => {
  it("runs barrage cloud end to end: validate, plan, a local agent, metrics, thresholds, summary, FINISHED", async () => {
    const { rows } = await database.pool.query<{ id: string }>("select id from organizations limit 1");
    const { secret } = await createApiToken(createDb(database.pool), Number(rows[0]?.id), "test", ["ADMIN"]);
    const script = join(stateDir, "cloud-test.js");
    await writeFile(
      script,
      `import http from "k6/http";
export const options = { vus: 2, iterations: 10, thresholds: { http_reqs: ["count==10"] } };
export default async function () { await http.get(\`\${__ENV.TARGET}/\`); }
`,
    );
    const { code, stdout, stderr } = await barrageCloud(script, secret, "-e", `TARGET=${targetUrl}`);
    expect({ code, stderr }).toMatchObject({ code: 0 });
    expect(stdout).toContain("FINISHED");
    expect(hits).toBe(10);
    // The summary and the verdicts come from the platform's aggregate, not from the agent.
    expect(stdout).toMatch(/http_reqs\.*: 10\s/);
    expect(stdout).toContain("✓ http_reqs: count==10 (10)");
  }, 120_000);
});
