import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EC2Client, RunInstancesCommand } from "@aws-sdk/client-ec2";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eventually, startFakeApi } from "../local/fake-api.test-helpers.js";
import type { AllocationRequest } from "../provider.js";
import { AwsAllocationError, AwsProvider } from "./aws-provider.js";
import type { AwsProviderConfig } from "./config.js";
import { type Ec2Emulator, startEc2Emulator } from "./emulator/index.js";
import { groupAlive } from "./emulator/user-data-process.js";

// Two emulators: one whose instances run the real agent (it calls home to the fake API), and one
// whose "agent" only sleeps until signalled, for the tests about EC2 behaviour: a real agent per
// instance would be slow on a 2-core machine and would prove nothing more there.
let api: Awaited<ReturnType<typeof startFakeApi>>;
let realAgents: Ec2Emulator;
let sleepers: Ec2Emulator;
let scratch: string;
const providers: AwsProvider[] = [];
const warnings: string[] = [];

const REGIONS: AwsProviderConfig["regions"] = {
  "us-east-1": { imageId: "ami-0aaaaaaaaaaaaaaaa", subnetIds: ["subnet-1a", "subnet-1b"] },
  "eu-west-1": { imageId: "ami-0bbbbbbbbbbbbbbbb" },
  "us-west-2": { launchTemplate: { launchTemplateName: "barrage-agents", version: "3" } },
};

function provider(emulator: Ec2Emulator, overrides: Partial<AwsProviderConfig> = {}): AwsProvider {
  const p = new AwsProvider({
    platformId: "test-platform",
    regions: REGIONS,
    clientConfig: emulator.clientConfig,
    pollIntervalMs: 25,
    runningTimeoutMs: 15_000,
    retry: { baseDelayMs: 5, maxDelayMs: 40 },
    logger: { info: () => {}, warn: (m) => warnings.push(m) },
    ...overrides,
  });
  providers.push(p);
  return p;
}

function request(
  runId: string,
  instances: AllocationRequest["instances"],
  zone = "amazon:us:ashburn",
): AllocationRequest {
  return {
    runId,
    zone,
    instances,
    apiUrl: api.url,
    caCertificatePem: api.caCertificatePem,
    vusPerInstance: 300,
  };
}

/** The command lines of the live processes of a process group. */
function groupCommandLines(pgid: number): string[] {
  const lines: string[] = [];
  for (const entry of readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(pgrp) === pgid && state !== "Z")
        lines.push(readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " "));
    } catch {
      // Ended meanwhile.
    }
  }
  return lines;
}

/** The value of an instance tag in a recorded RunInstances call. */
function instanceTag(params: URLSearchParams, key: string): string | undefined {
  for (let n = 1; params.has(`TagSpecification.1.Tag.${n}.Key`); n++)
    if (params.get(`TagSpecification.1.Tag.${n}.Key`) === key)
      return params.get(`TagSpecification.1.Tag.${n}.Value`) ?? "";
  return undefined;
}

beforeAll(async () => {
  api = await startFakeApi();
  scratch = await mkdtemp(join(tmpdir(), "barrage-aws-provider-test-"));
  const sleeper = join(scratch, "sleeper.mjs");
  await writeFile(sleeper, `process.on("SIGTERM", () => process.exit(0)); setInterval(() => {}, 1000);`);
  realAgents = await startEc2Emulator({ killGraceMs: 3000, bootDelayMs: 20 });
  sleepers = await startEc2Emulator({ agentBin: sleeper, killGraceMs: 2000, bootDelayMs: 20 });
});

afterAll(async () => {
  for (const p of providers) p.destroy();
  await Promise.all([realAgents?.close(), sleepers?.close()]);
  await api?.close();
  await rm(scratch, { recursive: true, force: true });
});

afterEach(() => {
  realAgents.clearFaults();
  sleepers.clearFaults();
  warnings.length = 0;
});

describe("AwsProvider against the EC2 emulator", () => {
  it("boots an agent per instance in two regions that calls home with its token; status; release", async () => {
    const aws = provider(realAgents);
    const started = await aws.allocate(
      request("101", [
        { instanceId: "1", bootstrapToken: "token-one-secret" },
        { instanceId: "2", bootstrapToken: "token-two-secret", zone: "amazon:ie:dublin" },
      ]),
    );
    expect(started.map((s) => s.instanceId)).toEqual(["1", "2"]);
    expect(started[0]?.providerRef).toMatch(/^aws:us-east-1:i-[0-9a-f]{17}$/);
    expect(started[1]?.providerRef).toMatch(/^aws:eu-west-1:i-[0-9a-f]{17}$/);

    const [east, west] = started.map((s) => realAgents.instance(s.providerRef.split(":")[2] as string));
    expect(east?.region).toBe("us-east-1");
    expect(west?.region).toBe("eu-west-1");
    expect(east?.instanceType).toBe("m7i.xlarge"); // 300 VUs per instance
    expect(east?.subnetId).toBe("subnet-1a");
    expect(east?.tags).toMatchObject({
      "barrage:platform": "test-platform",
      "barrage:run-id": "101",
      "barrage:instance-id": "1",
      "barrage:zone": "amazon:us:ashburn",
    });
    expect(west?.tags).toMatchObject({ "barrage:instance-id": "2", "barrage:zone": "amazon:ie:dublin" });

    // The user data installed nothing (barrage-agent was on the PATH) and started the real agent.
    await eventually("both agents to call home", () => new Set(api.callHomes.map((c) => c.token)).size >= 2);
    expect(new Set(api.callHomes.map((c) => c.token))).toEqual(
      new Set(["token-one-secret", "token-two-secret"]),
    );
    for (const instance of [east, west]) {
      const commandLines = groupCommandLines(instance?.pid as number);
      expect(commandLines.some((c) => c.includes("barrage-agent"))).toBe(true);
      // The secrets travel in the environment only.
      for (const c of commandLines) expect(c).not.toContain("secret");
    }

    for (const { providerRef } of started)
      expect(await aws.status(providerRef)).toEqual({ state: "running" });

    await aws.release(started.map((s) => s.providerRef));
    for (const { providerRef } of started)
      expect(await aws.status(providerRef)).toEqual({ state: "exited", exitCode: null, signal: null });
    for (const instance of [east, west])
      await eventually("the agent's processes to end", () => !groupAlive(instance?.pid as number), 10_000);
    const console = await realAgents.consoleOutput(east?.instanceId as string);
    expect(console).toContain("barrage: starting the agent");
    expect(console).not.toContain("secret");

    // Idempotent: again, and with references EC2 does not know or that are not ours.
    await aws.release([
      ...started.map((s) => s.providerRef),
      "aws:us-east-1:i-0123456789abcdef0",
      "local:42",
    ]);
    expect(await aws.status("aws:us-east-1:i-0123456789abcdef0")).toEqual({ state: "unknown" });
    expect(await aws.status("local:42")).toEqual({ state: "unknown" });
  });

  it("an instance whose agent ends shuts itself down: exited", async () => {
    const aws = provider(realAgents);
    // The agent refuses a plain-HTTP API at once and exits 1; the user data then powers off.
    const [instance] = await aws.allocate({
      ...request("102", [{ instanceId: "3", bootstrapToken: "t" }]),
      apiUrl: "http://127.0.0.1:1",
    });
    const ref = instance?.providerRef as string;
    await eventually("the instance to end", async () => (await aws.status(ref)).state === "exited");
    const id = ref.split(":")[2] as string;
    expect(realAgents.instance(id)?.state).toBe("terminated");
    expect(await realAgents.consoleOutput(id)).toContain("barrage: the agent exited with status 1");
  });

  it("a capacity error in the second region terminates the first region's instances and throws the reason", async () => {
    const aws = provider(sleepers);
    // Throttled once before the capacity error, so that the other region's launches are surely done.
    sleepers.throttle({ action: "RunInstances", region: "eu-west-1", times: 1 });
    sleepers.insufficientCapacity({ region: "eu-west-1" });
    const failure = aws.allocate(
      request("103", [
        { instanceId: "4", bootstrapToken: "t4" },
        { instanceId: "5", bootstrapToken: "t5" },
        { instanceId: "6", bootstrapToken: "t6", zone: "amazon:ie:dublin" },
      ]),
    );
    await expect(failure).rejects.toThrow(
      /^InsufficientInstanceCapacity in eu-west-1: EC2 RunInstances: We currently do not have sufficient m7i\.xlarge capacity/,
    );
    const error = (await failure.catch((e) => e)) as AwsAllocationError;
    expect(error).toBeInstanceOf(AwsAllocationError);
    expect(error.message).toMatch(/2 started instance\(s\) terminated$/);

    const launched = sleepers.instances().filter((i) => i.tags["barrage:run-id"] === "103");
    expect(launched.map((i) => i.region)).toEqual(["us-east-1", "us-east-1"]);
    expect([...error.terminated].sort()).toEqual(launched.map((i) => i.instanceId).sort());
    for (const i of launched)
      await eventually(
        "the rolled-back instance to end",
        () => sleepers.instance(i.instanceId)?.state === "terminated",
      );
    // A capacity error is not retried in the same place: one call (eu-west-1 has no subnets to move to).
    const capacityCalls = sleepers.requests.filter((r) => r.errorCode === "InsufficientInstanceCapacity");
    expect(capacityCalls).toHaveLength(1);
  });

  it("moves to the next subnet on a capacity error", async () => {
    const aws = provider(sleepers);
    sleepers.insufficientCapacity({ region: "us-east-1", subnetId: "subnet-1a" });
    const [instance] = await aws.allocate(request("104", [{ instanceId: "7", bootstrapToken: "t7" }]));
    const id = instance?.providerRef.split(":")[2] as string;
    expect(sleepers.instance(id)?.subnetId).toBe("subnet-1b");
    await aws.release([instance?.providerRef as string]);
  });

  it("retries throttled calls with back-off and says so", async () => {
    const aws = provider(sleepers);
    sleepers.throttle({ action: "RunInstances", times: 2 });
    sleepers.throttle({ action: "DescribeInstances", times: 2 });
    sleepers.throttle({ action: "TerminateInstances", times: 1 });
    const started = await aws.allocate(request("105", [{ instanceId: "8", bootstrapToken: "t8" }]));
    expect(await aws.status(started[0]?.providerRef as string)).toEqual({ state: "running" });
    await aws.release(started.map((s) => s.providerRef));
    expect(warnings.filter((w) => w.includes("RunInstances"))).toEqual([
      expect.stringMatching(
        /^EC2 RunInstances in us-east-1 throttled \(RequestLimitExceeded\), attempt 1 of 6; retrying in \d+ ms$/,
      ),
      expect.stringMatching(/attempt 2 of 6/),
    ]);
    expect(warnings.some((w) => w.startsWith("EC2 TerminateInstances in us-east-1 throttled"))).toBe(true);
    // One instance, though RunInstances was called three times: the client token is the same.
    expect(sleepers.instances().filter((i) => i.tags["barrage:run-id"] === "105")).toHaveLength(1);
    const tokens = sleepers.requests
      .filter((r) => r.action === "RunInstances" && instanceTag(r.params, "barrage:run-id") === "105")
      .map((r) => r.params.get("ClientToken"));
    expect(tokens).toHaveLength(3);
    expect(new Set(tokens).size).toBe(1);
  });

  it("gives up on throttling after the configured attempts, with a clear message", async () => {
    const aws = provider(sleepers, { retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 10 } });
    sleepers.throttle({ action: "RunInstances", region: "us-west-2", times: 3 });
    await expect(
      aws.allocate(request("106", [{ instanceId: "9", bootstrapToken: "t9" }], "amazon:us:portland")),
    ).rejects.toThrow(
      /^RequestLimitExceeded in us-west-2: EC2 RunInstances still failing after 3 attempts over [\d.]+ s: Request limit exceeded\.; no instance had started$/,
    );
  });

  it("terminates instances that never reach running, and says which", async () => {
    const aws = provider(sleepers, { runningTimeoutMs: 300 });
    sleepers.stayPending("us-west-2");
    const failure = aws.allocate(
      request("107", [{ instanceId: "10", bootstrapToken: "t10" }], "amazon:us:portland"),
    );
    await expect(failure).rejects.toThrow(
      /^StartTimeout in us-west-2: not running after 0\.3 s: i-[0-9a-f]{17} pending; 1 started/,
    );
    const [stuck] = sleepers.instances().filter((i) => i.tags["barrage:run-id"] === "107");
    expect(stuck?.state).toBe("terminated");
    // The launch template named in the config was used, since the region has no AMI of its own.
    const call = sleepers.requests.find((r) => r.action === "RunInstances" && r.region === "us-west-2");
    expect(call?.params.get("LaunchTemplate.LaunchTemplateName")).toBe("barrage-agents");
    expect(call?.params.get("LaunchTemplate.Version")).toBe("3");
  });

  it("refuses a zone it does not serve before launching anything", async () => {
    const aws = provider(sleepers);
    const before = sleepers.requests.length;
    await expect(
      aws.allocate(request("108", [{ instanceId: "11", bootstrapToken: "t" }], "amazon:jp:tokyo")),
    ).rejects.toThrow(
      /does not serve zone "amazon:jp:tokyo" \(it serves: amazon:ie:dublin, amazon:us:ashburn, amazon:us:portland\)/,
    );
    expect(sleepers.requests.length).toBe(before);
  });

  it("the reaper terminates the instances of runs that are over or unknown, and keeps live ones and others'", async () => {
    const aws = provider(sleepers);
    const [live] = await aws.allocate(request("201", [{ instanceId: "21", bootstrapToken: "t" }]));
    const [over] = await aws.allocate(
      request("202", [{ instanceId: "22", bootstrapToken: "t" }], "amazon:ie:dublin"),
    );
    const [unknownRun] = await aws.allocate(request("203", [{ instanceId: "23", bootstrapToken: "t" }]));
    // Launched by hand: one of this platform without a run, one of another platform, one untagged.
    const ec2 = new EC2Client({ region: "us-east-1", maxAttempts: 1, ...sleepers.clientConfig });
    const launch = async (tags: Record<string, string>) => {
      const out = await ec2.send(
        new RunInstancesCommand({
          ImageId: "ami-1",
          MinCount: 1,
          MaxCount: 1,
          TagSpecifications: [
            { ResourceType: "instance", Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
          ],
        }),
      );
      return out.Instances?.[0]?.InstanceId as string;
    };
    const runless = await launch({ "barrage:platform": "test-platform" });
    const otherPlatform = await launch({ "barrage:platform": "someone-else", "barrage:run-id": "202" });
    const untagged = await launch({});
    ec2.destroy();

    const asked: string[] = [];
    const report = await aws.reapInstances({
      isRunLive: async (runId) => {
        asked.push(runId);
        return runId === "201";
      },
    });
    const idOf = (ref: string | undefined) => ref?.split(":")[2] as string;
    expect(report.terminated.map((t) => t.ec2InstanceId).sort()).toEqual(
      [idOf(over?.providerRef), idOf(unknownRun?.providerRef), runless].sort(),
    );
    expect(report.terminated.find((t) => t.ec2InstanceId === runless)?.reason).toBe("no run tag");
    expect(report.terminated.find((t) => t.ec2InstanceId === idOf(over?.providerRef))).toMatchObject({
      region: "eu-west-1",
      runId: "202",
      reason: "run over",
    });
    expect(report.errors).toEqual([]);
    // Each run is asked about once, however many instances it has; other platforms' runs never.
    expect(asked.sort()).toEqual(["201", "202", "203"]);
    expect(await aws.status(live?.providerRef as string)).toEqual({ state: "running" });
    expect(await aws.status(over?.providerRef as string)).toMatchObject({ state: "exited" });
    expect(sleepers.instance(otherPlatform)?.state).toBe("running");
    expect(sleepers.instance(untagged)?.state).toBe("running");

    // A run whose liveness cannot be told keeps its instances.
    const cautious = await aws.reapInstances({
      isRunLive: async () => {
        throw new Error("database unreachable");
      },
    });
    expect(cautious.terminated).toEqual([]);
    expect(cautious.errors[0]).toMatch(
      /cannot tell whether run 201 is live, kept i-[0-9a-f]+: database unreachable/,
    );
    await aws.release([live?.providerRef as string]);
  });
});
