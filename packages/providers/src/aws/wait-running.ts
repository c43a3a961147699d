import { setTimeout as sleep } from "node:timers/promises";
import type { Ec2Regions } from "./ec2-regions.js";
import { Ec2CallError } from "./errors.js";

/** States an instance never comes back from to `running`. */
const ENDED = new Set(["shutting-down", "terminated", "stopping", "stopped"]);

/**
 * Polls DescribeInstances until every instance is `running`. Instances are asked for by an
 * `instance-id` filter, not by id: right after RunInstances EC2 may not know an id yet, and asking
 * for it by id would fail the call. An instance that ends while starting (say, an EBS or KMS
 * problem) fails at once with EC2's reason; not all running after `timeoutMs` fails with the
 * states last seen. The SDK's waiter is not used: it would bypass the throttling retries.
 *
 * @example
 * await waitUntilRunning(ec2, "us-east-1", ["i-0abc"], { timeoutMs: 300_000, pollIntervalMs: 3000 });
 */
export async function waitUntilRunning(
  ec2: Ec2Regions,
  region: string,
  ec2InstanceIds: readonly string[],
  options: { timeoutMs: number; pollIntervalMs: number },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let states = new Map<string, string>();
  for (;;) {
    const instances = await ec2.describe(region, {
      filters: [{ Name: "instance-id", Values: [...ec2InstanceIds] }],
    });
    states = new Map(instances.map((i) => [i.InstanceId ?? "", i.State?.Name ?? "unknown"]));
    for (const instance of instances) {
      if (!ENDED.has(instance.State?.Name ?? "")) continue;
      const reason = instance.StateReason;
      throw new Ec2CallError(
        reason?.Code ?? "InstanceEnded",
        region,
        "fatal",
        `instance ${instance.InstanceId} went ${instance.State?.Name} while starting: ${reason?.Message ?? "EC2 gave no reason"}`,
      );
    }
    if (ec2InstanceIds.every((id) => states.get(id) === "running")) return;
    if (Date.now() + options.pollIntervalMs > deadline) break;
    await sleep(options.pollIntervalMs);
  }
  const notRunning = ec2InstanceIds
    .filter((id) => states.get(id) !== "running")
    .map((id) => `${id} ${states.get(id) ?? "not yet visible"}`);
  throw new Ec2CallError(
    "StartTimeout",
    region,
    "fatal",
    `not running after ${seconds(options.timeoutMs)} s: ${notRunning.join(", ")}`,
  );
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(ms < 10_000 ? 1 : 0);
}
