import "aws-sdk-client-mock-vitest/extend";
import {
  DescribeInstancesCommand,
  EC2Client,
  EC2ServiceException,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AllocationRequest } from "../provider.js";
import { AwsProvider } from "./aws-provider.js";
import type { AwsProviderConfig } from "./config.js";
import { classifyEc2Error } from "./errors.js";

// Unit tests of the provider's handling of EC2's answers, with the SDK client mocked: which errors
// are retried and how often, what the messages say, what is sent.
const ec2 = mockClient(EC2Client);
let warnings: string[];
let providers: AwsProvider[];

/** An error as the SDK throws it for an EC2 error answer. */
function ec2Error(code: string, message: string, httpStatusCode = 400): EC2ServiceException {
  return new EC2ServiceException({
    name: code,
    $fault: httpStatusCode >= 500 ? "server" : "client",
    $metadata: { httpStatusCode },
    message,
  });
}

const throttled = () => ec2Error("RequestLimitExceeded", "Request limit exceeded.", 503);
const noCapacity = () =>
  ec2Error(
    "InsufficientInstanceCapacity",
    "We currently do not have sufficient m7i.large capacity in the Availability Zone you requested (us-east-1a).",
    500,
  );

function provider(overrides: Partial<AwsProviderConfig> = {}): AwsProvider {
  const p = new AwsProvider({
    platformId: "unit",
    regions: {
      "us-east-1": { imageId: "ami-1", subnetIds: ["subnet-a", "subnet-b"] },
      "eu-west-1": { imageId: "ami-2" },
    },
    clientConfig: { credentials: { accessKeyId: "a", secretAccessKey: "b" } },
    retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 },
    pollIntervalMs: 1,
    logger: { info: () => {}, warn: (m) => warnings.push(m) },
    ...overrides,
  });
  providers.push(p);
  return p;
}

const request: AllocationRequest = {
  runId: "42",
  zone: "amazon:us:ashburn",
  instances: [{ instanceId: "7", bootstrapToken: "it's-a-secret" }],
  apiUrl: "https://api.example:8443",
  caCertificatePem: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
};

const launched = { Instances: [{ InstanceId: "i-0000000000000000a", State: { Name: "pending" as const } }] };
const runningNow = {
  Reservations: [{ Instances: [{ InstanceId: "i-0000000000000000a", State: { Name: "running" as const } }] }],
};

beforeEach(() => {
  ec2.reset();
  warnings = [];
  providers = [];
});

afterEach(() => {
  for (const p of providers) p.destroy();
});

describe("AwsProvider with a mocked EC2 client", () => {
  it("retries throttled RunInstances with the same client token, and says so", async () => {
    ec2.on(RunInstancesCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves(launched);
    ec2.on(DescribeInstancesCommand).resolves(runningNow);
    const started = await provider().allocate(request);
    expect(started).toEqual([{ instanceId: "7", providerRef: "aws:us-east-1:i-0000000000000000a" }]);
    expect(ec2).toHaveReceivedCommandTimes(RunInstancesCommand, 3);
    const tokens = ec2.commandCalls(RunInstancesCommand).map((c) => c.args[0].input.ClientToken);
    expect(new Set(tokens).size).toBe(1);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^EC2 RunInstances in us-east-1 throttled \(RequestLimitExceeded\), attempt 1 of 4; retrying in \d+ ms$/,
      ),
      expect.stringMatching(
        /^EC2 RunInstances in us-east-1 throttled \(RequestLimitExceeded\), attempt 2 of 4; retrying in \d+ ms$/,
      ),
    ]);
  });

  it("stops retrying throttling after maxAttempts and names the code, region and attempts", async () => {
    ec2.on(RunInstancesCommand).rejects(throttled());
    await expect(provider().allocate(request)).rejects.toThrow(
      /^RequestLimitExceeded in us-east-1: EC2 RunInstances still failing after 4 attempts over [\d.]+ s: Request limit exceeded\.; no instance had started$/,
    );
    expect(ec2).toHaveReceivedCommandTimes(RunInstancesCommand, 4);
    expect(ec2).not.toHaveReceivedCommand(TerminateInstancesCommand);
  });

  it("does not retry a capacity error in place: one call per configured subnet, then the reason", async () => {
    ec2.on(RunInstancesCommand).rejects(noCapacity());
    await expect(provider().allocate(request)).rejects.toThrow(
      "InsufficientInstanceCapacity in us-east-1: EC2 RunInstances: We currently do not have sufficient m7i.large capacity in the Availability Zone you requested (us-east-1a). (tried subnets subnet-a, subnet-b); no instance had started",
    );
    expect(ec2.commandCalls(RunInstancesCommand).map((c) => c.args[0].input.SubnetId)).toEqual([
      "subnet-a",
      "subnet-b",
    ]);
  });

  it("launches in the next subnet when the first has no capacity", async () => {
    ec2.on(RunInstancesCommand, { SubnetId: "subnet-a" }).rejects(noCapacity());
    ec2.on(RunInstancesCommand, { SubnetId: "subnet-b" }).resolves(launched);
    ec2.on(DescribeInstancesCommand).resolves(runningNow);
    await provider().allocate(request);
    expect(ec2).toHaveReceivedCommandTimes(RunInstancesCommand, 2);
    expect(warnings).toEqual([]);
  });

  it("fails at once on a quota error, with what to do about it", async () => {
    ec2
      .on(RunInstancesCommand)
      .rejects(
        ec2Error(
          "VcpuLimitExceeded",
          "You have requested more vCPU capacity than your current vCPU limit of 32 allows.",
        ),
      );
    await expect(provider().allocate(request)).rejects.toThrow(
      /^VcpuLimitExceeded in us-east-1: EC2 RunInstances: You have requested more vCPU .* \(an account quota: ask AWS for an increase in Service Quotas/,
    );
    expect(ec2).toHaveReceivedCommandTimes(RunInstancesCommand, 1);
  });

  it("a failure in one region terminates what another region launched", async () => {
    ec2.on(RunInstancesCommand, { ImageId: "ami-1" }).resolves(launched);
    ec2
      .on(RunInstancesCommand, { ImageId: "ami-2" })
      .rejects(ec2Error("InvalidAMIID.NotFound", "The image id '[ami-2]' does not exist"));
    ec2.on(TerminateInstancesCommand).resolves({});
    const twoRegions = {
      ...request,
      instances: [...request.instances, { instanceId: "8", bootstrapToken: "t", zone: "amazon:ie:dublin" }],
    };
    await expect(provider().allocate(twoRegions)).rejects.toThrow(
      "InvalidAMIID.NotFound in eu-west-1: EC2 RunInstances: The image id '[ami-2]' does not exist; 1 started instance(s) terminated",
    );
    expect(ec2).toHaveReceivedCommandWith(TerminateInstancesCommand, {
      InstanceIds: ["i-0000000000000000a"],
    });
  });

  it("sends user data with the secrets in the agent's environment, tags, IMDSv2 and self-termination", async () => {
    ec2.on(RunInstancesCommand).resolves(launched);
    ec2.on(DescribeInstancesCommand).resolves(runningNow);
    await provider({ tags: { "cost-center": "qa" } }).allocate({ ...request, vusPerInstance: 1000 });
    const input = ec2.commandCalls(RunInstancesCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      ImageId: "ami-1",
      InstanceType: "m7i.2xlarge",
      MinCount: 1,
      MaxCount: 1,
      SubnetId: "subnet-a",
      InstanceInitiatedShutdownBehavior: "terminate",
      MetadataOptions: { HttpTokens: "required", HttpEndpoint: "enabled", HttpPutResponseHopLimit: 1 },
    });
    expect(input?.TagSpecifications?.[0]).toEqual({
      ResourceType: "instance",
      Tags: [
        { Key: "cost-center", Value: "qa" },
        { Key: "Name", Value: "barrage run 42 instance 7" },
        { Key: "barrage:platform", Value: "unit" },
        { Key: "barrage:run-id", Value: "42" },
        { Key: "barrage:instance-id", Value: "7" },
        { Key: "barrage:zone", Value: "amazon:us:ashburn" },
      ],
    });
    const script = Buffer.from(input?.UserData ?? "", "base64").toString("utf8");
    expect(script.startsWith("#!/bin/bash\n")).toBe(true);
    expect(script).toContain(`BARRAGE_TOKEN='it'\\''s-a-secret' \\\n    barrage-agent\n`);
    expect(script).toContain(`BARRAGE_API='https://api.example:8443'`);
    expect(script).toContain(`BARRAGE_CA='-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'`);
  });

  it("release is idempotent: ids EC2 does not know are dropped and the rest terminated", async () => {
    ec2
      .on(TerminateInstancesCommand, { InstanceIds: ["i-0000000000000000a", "i-0000000000000000b"] })
      .rejects(
        ec2Error("InvalidInstanceID.NotFound", "The instance ID 'i-0000000000000000b' does not exist"),
      );
    ec2.on(TerminateInstancesCommand, { InstanceIds: ["i-0000000000000000a"] }).resolves({});
    await provider().release([
      "aws:us-east-1:i-0000000000000000a",
      "aws:us-east-1:i-0000000000000000b",
      "aws:ap-east-1:i-0000000000000000c", // a region not configured: not ours
      "local:123",
    ]);
    expect(ec2).toHaveReceivedCommandTimes(TerminateInstancesCommand, 2);
  });

  it("maps EC2 states to statuses, and unknown or foreign instances to unknown", async () => {
    const aws = provider();
    const answer = (state: string, platform = "unit") => ({
      Reservations: [
        {
          Instances: [
            {
              InstanceId: "i-0000000000000000a",
              State: { Name: state as "running" },
              Tags: [{ Key: "barrage:platform", Value: platform }],
            },
          ],
        },
      ],
    });
    const ref = "aws:us-east-1:i-0000000000000000a";
    for (const [state, expected] of [
      ["pending", "running"],
      ["running", "running"],
      ["shutting-down", "exited"],
      ["stopped", "exited"],
      ["terminated", "exited"],
    ] as const) {
      ec2.on(DescribeInstancesCommand).resolves(answer(state));
      expect((await aws.status(ref)).state).toBe(expected);
    }
    ec2.on(DescribeInstancesCommand).resolves(answer("running", "another-platform"));
    expect(await aws.status(ref)).toEqual({ state: "unknown" });
    ec2
      .on(DescribeInstancesCommand)
      .rejects(
        ec2Error("InvalidInstanceID.NotFound", "The instance ID 'i-0000000000000000a' does not exist"),
      );
    expect(await aws.status(ref)).toEqual({ state: "unknown" });
    expect(await aws.status("aws:nowhere:i-1")).toEqual({ state: "unknown" });
  });

  it("classifies errors: throttling and 5xx retried, capacity, quota, not-found and the rest not", () => {
    expect(classifyEc2Error(throttled())).toBe("throttled");
    expect(classifyEc2Error(ec2Error("Throttling", "Rate exceeded", 400))).toBe("throttled");
    expect(classifyEc2Error(noCapacity())).toBe("capacity");
    expect(classifyEc2Error(ec2Error("InstanceLimitExceeded", "limit"))).toBe("quota");
    expect(classifyEc2Error(ec2Error("InvalidInstanceID.NotFound", "gone"))).toBe("not-found");
    expect(classifyEc2Error(ec2Error("InternalError", "oops", 500))).toBe("transient");
    expect(classifyEc2Error(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).toBe(
      "transient",
    );
    expect(classifyEc2Error(ec2Error("UnauthorizedOperation", "You are not authorized", 403))).toBe("fatal");
  });
});
