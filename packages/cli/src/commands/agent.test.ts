import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
// Test-only: a real CA certificate from the API's CA code.
import { createCertificateAuthority } from "../../../api/src/agents/ca/index.js";
import { agentCommand, ENROLMENT_TOKEN_VARIABLE } from "./agent.js";

const silent = { info: () => {}, warn: () => {}, error: () => {} };

async function run(flags: Parameters<typeof agentCommand>[0], env: NodeJS.ProcessEnv = {}) {
  const stderr = new PassThrough();
  const code = await agentCommand(flags, { env, stderr, logger: silent });
  return { code, stderr: String(stderr.read() ?? ""), env };
}

describe("barrage agent", () => {
  it("needs the enrolment token, and says where to put it", async () => {
    const { code, stderr } = await run({ zone: "office", api: "https://127.0.0.1:1" });
    expect(code).toBe(2);
    expect(stderr).toContain(`give the zone's enrolment token in ${ENROLMENT_TOKEN_VARIABLE} (or --token)`);
  });

  it("takes the token out of the environment before anything runs, and refuses a CA the token does not pin", async () => {
    const directory = await mkdtemp(path.join(tmpdir(), "barrage-agent-cli-"));
    const ca = path.join(directory, "ca.pem");
    await writeFile(ca, (await createCertificateAuthority({ commonName: "Some CA" })).certificatePem);
    const token = `brz_${"a".repeat(43)}.${"0".repeat(64)}`;
    const { code, stderr, env } = await run(
      { zone: "office", api: "https://127.0.0.1:1", ca },
      { [ENROLMENT_TOKEN_VARIABLE]: token, HOME: directory },
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /the CA certificate given has SHA-256 [0-9a-f]{64}, but the enrolment token pins 0{64}/,
    );
    expect(env).toEqual({ HOME: directory });
  });

  it("asks for --ca when the token pins no CA", async () => {
    const { code, stderr } = await run({
      zone: "office",
      api: "https://127.0.0.1:1",
      token: `brz_${"a".repeat(43)}`,
    });
    expect(code).toBe(1);
    expect(stderr).toContain("pass the platform CA with --ca");
  });
});
