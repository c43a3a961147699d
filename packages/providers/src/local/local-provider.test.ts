import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alive, eventually, startFakeApi } from "./fake-api.test-helpers.js";
import { LocalProvider } from "./local-provider.js";

let api: Awaited<ReturnType<typeof startFakeApi>>;
let logDirectory: string;

beforeAll(async () => {
  api = await startFakeApi();
  logDirectory = await mkdtemp(join(tmpdir(), "barrage-local-provider-"));
});

afterAll(async () => {
  await api.close();
  await rm(logDirectory, { recursive: true, force: true });
});

describe("LocalProvider", () => {
  it("starts one agent per instance that calls home with its token, and kills them on release", async () => {
    const provider = new LocalProvider({ logDirectory, killGraceMs: 3000 });
    const instances = [
      { instanceId: "11", bootstrapToken: "token-eleven-secret" },
      { instanceId: "12", bootstrapToken: "token-twelve-secret" },
    ];
    const started = await provider.allocate({
      runId: "7",
      zone: "local",
      instances,
      apiUrl: api.url,
      caCertificatePem: api.caCertificatePem,
    });
    expect(started.map((s) => s.instanceId)).toEqual(["11", "12"]);
    const pids = started.map((s) => provider.pid(s.providerRef) as number);
    expect(new Set(pids).size).toBe(2);

    // The fake API refuses call-home, so an agent retries: count distinct tokens, not calls.
    await eventually("both agents to call home", () => new Set(api.callHomes.map((c) => c.token)).size >= 2);
    expect(new Set(api.callHomes.map((c) => c.token))).toEqual(
      new Set(["token-eleven-secret", "token-twelve-secret"]),
    );
    for (const pid of pids) {
      const argv = await readFile(`/proc/${pid}/cmdline`, "utf8");
      expect(argv).toContain(api.url);
      expect(argv).not.toContain("secret");
    }
    for (const { providerRef } of started)
      expect(await provider.status(providerRef)).toEqual({ state: "running" });

    await provider.release(started.map((s) => s.providerRef));
    for (const pid of pids) expect(alive(pid)).toBe(false);
    expect(await provider.status(started[0]?.providerRef ?? "")).toEqual({ state: "unknown" });
    // The agent's own output, with the refused call-home it kept retrying.
    const log = await readFile(join(logDirectory, "run-7", "instance-11.log"), "utf8");
    expect(log).toContain("call-home");
    expect(log).not.toContain("secret");
  });

  it("reports an agent that exited on its own, and releases it without error", async () => {
    const provider = new LocalProvider({ logDirectory });
    const [instance] = await provider.allocate({
      runId: "8",
      zone: "local",
      instances: [{ instanceId: "13", bootstrapToken: "t" }],
      apiUrl: "http://127.0.0.1:1", // refused by the agent at once: it only speaks https
      caCertificatePem: api.caCertificatePem,
    });
    const ref = instance?.providerRef ?? "";
    await eventually("the agent to exit", async () => (await provider.status(ref)).state === "exited");
    expect(await provider.status(ref)).toEqual({ state: "exited", exitCode: 1, signal: null });
    await provider.release([ref, "local:unknown"]);
  });

  it("refuses ids that could leave the log directory", async () => {
    const provider = new LocalProvider({ logDirectory });
    await expect(
      provider.allocate({
        runId: "../etc",
        zone: "local",
        instances: [{ instanceId: "1", bootstrapToken: "t" }],
        apiUrl: api.url,
        caCertificatePem: api.caCertificatePem,
      }),
    ).rejects.toThrow(/cannot name a log file/);
  });

  it("an agent stops when the process that started it dies, even by SIGKILL", async () => {
    // A stand-in for the platform process, spawning an agent exactly as the provider does (the
    // provider itself is TypeScript, which a plain child Node cannot load).
    const parentWatch = new URL("../../preload/parent-watch.js", import.meta.url).href;
    const childScript = `process.on("SIGTERM", () => process.exit(0)); setInterval(() => {}, 1000);`;
    const parentScript = `
      const { spawn } = require("node:child_process");
      const child = spawn(process.execPath, ["--import", ${JSON.stringify(parentWatch)}, "-e", ${JSON.stringify(childScript)}],
        { stdio: ["ignore", "ignore", "ignore", "ipc"] });
      child.channel.unref();
      child.on("spawn", () => console.log(child.pid));
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ["-e", parentScript], { stdio: ["ignore", "pipe", "inherit"] });
    const agentPid = await new Promise<number>((resolve) =>
      parent.stdout.once("data", (d) => resolve(Number(String(d)))),
    );
    expect(alive(agentPid)).toBe(true);
    parent.kill("SIGKILL");
    await eventually("the orphaned agent to stop", () => !alive(agentPid), 5000);
  });
});
