/**
 * The platform with the `aws` provider pointed at the loopback EC2 emulator, as the AWS end-to-end
 * tests share it: two regions (Ashburn, Dublin) of small instances, each booting a stand-in that
 * runs the real agent, a target service, and what a failure message needs.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Ec2Emulator, startEc2Emulator } from "@barrage/providers/aws-emulator";
import { startTarget, type Target } from "../coordinator/platform.test-helpers.js";
import { createTestDatabase, type TestDatabase } from "../db/test-database.test-helpers.js";
import {
  eventually,
  freePort,
  type GraphQLClient,
  graphqlClient,
  startE2ePlatform,
  writeAgentStandIn,
} from "./platform-e2e.test-helpers.js";
import type { Platform, PlatformOptions } from "./start-platform.js";

// The SDK's notice that its 2027 releases need Node 22 (README of @barrage/providers): noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

export const ASHBURN = "amazon:us:ashburn";
export const DUBLIN = "amazon:ie:dublin";

/** A running AWS end-to-end fixture. */
export interface AwsE2e {
  database: TestDatabase;
  emulator: Ec2Emulator;
  /** The platform now: {@link restart} replaces it. */
  readonly platform: Platform;
  client: GraphQLClient;
  target: Target;
  /** Makes the instances launched from now on boot no agent (true) or boot one again (false). */
  noAgent(on: boolean): Promise<void>;
  /** Stops the platform, waits `downMs`, and starts it again on the same database and ports. */
  restart(downMs: number): Promise<void>;
  /** The platform's log and every instance's console, for a failure's message. */
  context(): Promise<string>;
  /** The emulated instances of one run. */
  instancesOf(runId: number): ReturnType<Ec2Emulator["instances"]>;
  /** Waits until every instance of the run is terminated: nothing runs, nothing is billed. */
  expectAllTerminated(runId: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts an {@link AwsE2e}; `readyTimeoutMs` bounds how long a run waits for its agents. */
export async function startAwsE2e(name: string, readyTimeoutMs: number): Promise<AwsE2e> {
  const database = await createTestDatabase({ workerSchema: false });
  const stateDir = await mkdtemp(join(tmpdir(), `barrage-${name}-`));
  const standIn = await writeAgentStandIn(stateDir);
  const emulator = await startEc2Emulator({ agentBin: standIn.path, killGraceMs: 3000 });
  const logs: string[] = [];
  const options: PlatformOptions = {
    databaseUrl: database.url,
    stateDir,
    // Fixed, so that agents find the platform again after it restarts.
    agentPort: await freePort(),
    aws: {
      platformId: "barrage-e2e",
      regions: {
        "us-east-1": { imageId: "ami-0e2e0000000000001" },
        "eu-west-1": { imageId: "ami-0e2e0000000000002" },
      },
      clientConfig: emulator.clientConfig,
      pollIntervalMs: 50,
      retry: { baseDelayMs: 10, maxDelayMs: 50 },
      // Small instances, so that a few VUs already make several agents per zone.
      vusPerAgent: 2,
    },
    coordinatorTuning: { readyTimeoutMs, recheckMs: 200 },
  };
  let platform = await startE2ePlatform(options, logs);
  const client = await graphqlClient(() => platform);
  const target = await startTarget();
  const instancesOf = (runId: number) =>
    emulator.instances().filter((i) => i.tags["barrage:run-id"] === String(runId));
  const context = async () => {
    const consoles = await Promise.all(
      emulator
        .instances()
        .map(
          async (i) =>
            `--- ${i.instanceId} ${i.region} ${i.state}\n${await emulator.consoleOutput(i.instanceId)}`,
        ),
    );
    return `${logs.join("\n")}\n${consoles.join("\n")}`;
  };
  return {
    database,
    emulator,
    get platform() {
      return platform;
    },
    client,
    target,
    noAgent: standIn.noAgent,
    async restart(downMs) {
      await platform.close();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      platform = await startE2ePlatform(options, logs);
    },
    context,
    instancesOf,
    expectAllTerminated: async (runId) => {
      await eventually(
        `the instances of run ${runId} to be terminated`,
        async () => (instancesOf(runId).every((i) => i.state === "terminated") ? true : undefined),
        15_000,
        context,
      );
    },
    async close() {
      await platform.close();
      await emulator.close();
      await target.close();
      await database.drop();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}
