import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DescribeInstancesCommand,
  EC2Client,
  EC2ServiceException,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../local/fake-api.test-helpers.js";
import { type Ec2Emulator, startEc2Emulator } from "./index.js";
import { groupAlive } from "./user-data-process.js";

let emulator: Ec2Emulator;
let scratch: string;
const clients: EC2Client[] = [];

function client(region: string): EC2Client {
  const c = new EC2Client({ region, maxAttempts: 1, ...emulator.clientConfig });
  clients.push(c);
  return c;
}

/** The error the SDK threw, as the SDK parsed it from the emulator's XML. */
async function sdkError(promise: Promise<unknown>): Promise<EC2ServiceException> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(EC2ServiceException);
    return error as EC2ServiceException;
  }
  throw new Error("the call did not fail");
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "barrage-ec2-emulator-test-"));
  // A stand-in for the agent: it records that it ran, with which environment, then waits for a signal.
  const agentBin = join(scratch, "agent.mjs");
  await writeFile(
    agentBin,
    `import { writeFileSync } from "node:fs";
     writeFileSync(process.env.BARRAGE_API.replace("file://", ""), JSON.stringify({ argv: process.argv, token: process.env.BARRAGE_TOKEN }));
     process.on("SIGTERM", () => process.exit(0));
     setInterval(() => {}, 1000);`,
  );
  emulator = await startEc2Emulator({ agentBin, killGraceMs: 2000, bootDelayMs: 10 });
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await emulator.close();
  await rm(scratch, { recursive: true, force: true });
});

describe("the EC2 emulator, through the real SDK", () => {
  it("keeps instances per region, with their tags, and runs their user data until terminated", async () => {
    const marker = join(scratch, "ran.json");
    const script = `#!/bin/bash\nBARRAGE_API=file://${marker} BARRAGE_TOKEN=tok barrage-agent\n`;
    const out = await client("eu-west-1").send(
      new RunInstancesCommand({
        ImageId: "ami-12345678",
        MinCount: 1,
        MaxCount: 1,
        InstanceType: "m7i.large",
        UserData: Buffer.from(script).toString("base64"),
        TagSpecifications: [{ ResourceType: "instance", Tags: [{ Key: "team", Value: "load" }] }],
      }),
    );
    const id = out.Instances?.[0]?.InstanceId as string;
    expect(id).toMatch(/^i-[0-9a-f]{17}$/);
    expect(out.Instances?.[0]?.State?.Name).toBe("pending");

    // Not in another region.
    const elsewhere = await client("us-east-1").send(new DescribeInstancesCommand({}));
    expect(elsewhere.Reservations ?? []).toEqual([]);

    await eventually("the instance to run", async () => {
      const d = await client("eu-west-1").send(new DescribeInstancesCommand({ InstanceIds: [id] }));
      return d.Reservations?.[0]?.Instances?.[0]?.State?.Name === "running";
    });
    await eventually("the agent to start", async () => {
      try {
        return JSON.parse(await (await import("node:fs/promises")).readFile(marker, "utf8")).token === "tok";
      } catch {
        return false;
      }
    });
    const described = await client("eu-west-1").send(
      new DescribeInstancesCommand({ Filters: [{ Name: "tag:team", Values: ["load"] }] }),
    );
    expect(described.Reservations?.[0]?.Instances?.[0]?.Tags).toEqual([{ Key: "team", Value: "load" }]);
    expect(described.Reservations?.[0]?.Instances?.[0]?.InstanceType).toBe("m7i.large");

    const pid = emulator.instance(id)?.pid as number;
    expect(groupAlive(pid)).toBe(true);
    const terminated = await client("eu-west-1").send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    expect(terminated.TerminatingInstances?.[0]?.CurrentState?.Name).toBe("shutting-down");
    expect(terminated.TerminatingInstances?.[0]?.PreviousState?.Name).toBe("running");
    await eventually("the process group to end", () => !groupAlive(pid));
    await eventually("the instance to be terminated", () => emulator.instance(id)?.state === "terminated");
  });

  it("answers EC2's errors in EC2's shape: unknown and malformed ids, unknown filters", async () => {
    const notFound = await sdkError(
      client("us-east-1").send(new DescribeInstancesCommand({ InstanceIds: ["i-0123456789abcdef0"] })),
    );
    expect(notFound.name).toBe("InvalidInstanceID.NotFound");
    expect(notFound.message).toBe("The instance ID 'i-0123456789abcdef0' does not exist");
    expect(notFound.$metadata.httpStatusCode).toBe(400);

    const two = await sdkError(
      client("us-east-1").send(
        new TerminateInstancesCommand({ InstanceIds: ["i-0123456789abcdef0", "i-0123456789abcdef1"] }),
      ),
    );
    expect(two.message).toBe("The instance IDs 'i-0123456789abcdef0, i-0123456789abcdef1' do not exist");

    const malformed = await sdkError(
      client("us-east-1").send(new TerminateInstancesCommand({ InstanceIds: ["nope"] })),
    );
    expect(malformed.name).toBe("InvalidInstanceID.Malformed");

    const filter = await sdkError(
      client("us-east-1").send(
        new DescribeInstancesCommand({ Filters: [{ Name: "flavour", Values: ["x"] }] }),
      ),
    );
    expect(filter.name).toBe("InvalidParameterValue");
  });

  it("injects throttling (503) and capacity errors (500) for a number of calls", async () => {
    emulator.throttle({ action: "DescribeInstances", region: "ap-south-1", times: 1 });
    const throttled = await sdkError(client("ap-south-1").send(new DescribeInstancesCommand({})));
    expect(throttled.name).toBe("RequestLimitExceeded");
    expect(throttled.$metadata.httpStatusCode).toBe(503);
    await client("ap-south-1").send(new DescribeInstancesCommand({}));

    emulator.insufficientCapacity({ region: "ap-south-1", times: 1 });
    const run = () =>
      client("ap-south-1").send(
        new RunInstancesCommand({ ImageId: "ami-1", MinCount: 1, MaxCount: 1, InstanceType: "c7i.large" }),
      );
    const capacity = await sdkError(run());
    expect(capacity.name).toBe("InsufficientInstanceCapacity");
    expect(capacity.$metadata.httpStatusCode).toBe(500);
    expect(capacity.message).toContain("sufficient c7i.large capacity");
    const second = await run();
    expect(second.Instances).toHaveLength(1);
    emulator.clearFaults();
  });

  it("pages DescribeInstances and honours client tokens", async () => {
    const c = client("sa-east-1");
    const first = await c.send(
      new RunInstancesCommand({ ImageId: "ami-1", MinCount: 7, MaxCount: 7, ClientToken: "same-token" }),
    );
    const again = await c.send(
      new RunInstancesCommand({ ImageId: "ami-1", MinCount: 7, MaxCount: 7, ClientToken: "same-token" }),
    );
    expect(again.Instances?.map((i) => i.InstanceId)).toEqual(first.Instances?.map((i) => i.InstanceId));

    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await c.send(new DescribeInstancesCommand({ MaxResults: 5, NextToken }));
      for (const r of page.Reservations ?? [])
        for (const i of r.Instances ?? []) seen.push(i.InstanceId as string);
      NextToken = page.NextToken;
      pages++;
    } while (NextToken);
    expect(pages).toBe(2);
    expect(seen.sort()).toEqual(first.Instances?.map((i) => i.InstanceId as string).sort());
  });
});
