import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeUserData, MAX_USER_DATA_BYTES, renderUserData } from "./user-data.js";

const run = promisify(execFile);
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "barrage-user-data-test-"));
  // A stand-in agent that writes down what it was given and exits 3.
  await writeFile(
    join(scratch, "barrage-agent"),
    `#!/bin/sh\nnode -e 'require("fs").writeFileSync(process.env.OUT, JSON.stringify({ argv: process.argv.slice(1), api: process.env.BARRAGE_API, ca: process.env.BARRAGE_CA, token: process.env.BARRAGE_TOKEN }))'\nexit 3\n`,
    { mode: 0o755 },
  );
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const hostile = `it's $(touch pwned) \`id\` "quoted" \\ $HOME`;
const bootstrap = {
  runId: "42",
  instanceId: "7",
  zone: "amazon:us:ashburn",
  apiUrl: "https://api.example:8443",
  caCertificatePem: "-----BEGIN CERTIFICATE-----\nMIIB'x\n-----END CERTIFICATE-----\n",
  bootstrapToken: hostile,
};

describe("user data", () => {
  it("runs the agent with the values exactly as given, in its environment, then powers off", async () => {
    const script = join(scratch, "user-data");
    await writeFile(script, renderUserData({ ...bootstrap, agentInstallScript: "echo installing" }), {
      mode: 0o700,
    });
    const out = join(scratch, "agent.json");
    const result = await run("/bin/bash", [script], {
      cwd: scratch,
      env: {
        PATH: `${scratch}:${process.env.PATH}`,
        OUT: out,
        BARRAGE_POWEROFF_COMMAND: "echo powering-off",
      },
    }).catch((e) => e as { code: number; stdout: string });
    // The script exits with the agent's status, after the power-off command.
    expect(result.code).toBe(3);
    expect(result.stdout).toBe(
      "installing\nbarrage: starting the agent\nbarrage: the agent exited with status 3\npowering-off\n",
    );
    const seen = JSON.parse(await readFile(out, "utf8"));
    expect(seen).toEqual({ argv: [], api: bootstrap.apiUrl, ca: bootstrap.caCertificatePem, token: hostile });
    await expect(readFile(join(scratch, "pwned"))).rejects.toThrow(/ENOENT/);
  });

  it("does not start the agent when installing it failed, and still powers off", async () => {
    const script = join(scratch, "user-data-failing");
    await writeFile(script, renderUserData({ ...bootstrap, agentInstallScript: "false" }), { mode: 0o700 });
    const result = await run("/bin/bash", [script], {
      env: {
        PATH: `${scratch}:${process.env.PATH}`,
        OUT: join(scratch, "never.json"),
        BARRAGE_POWEROFF_COMMAND: "echo powering-off",
      },
    }).catch((e) => e as { code: number; stdout: string; stderr: string });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("installing the agent failed with status 1");
    expect(result.stdout).toBe("powering-off\n");
    await expect(readFile(join(scratch, "never.json"))).rejects.toThrow(/ENOENT/);
  });

  it("by default installs the agent with npm only when it is not on the PATH", () => {
    const script = renderUserData(bootstrap);
    expect(script).toContain("if ! command -v barrage-agent >/dev/null 2>&1; then");
    expect(script).toContain("npm install --global --no-fund --no-audit '@barrage/agent@0.1.0'");
    expect(script).not.toMatch(/^\s*set -[a-z]*x/m);
  });

  it("refuses user data over EC2's 16 KB", () => {
    expect(() => encodeUserData("x".repeat(MAX_USER_DATA_BYTES + 1))).toThrow(
      /16385 bytes, over EC2's limit of 16384/,
    );
    expect(Buffer.from(encodeUserData("#!/bin/bash\n"), "base64").toString()).toBe("#!/bin/bash\n");
  });
});
