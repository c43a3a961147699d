import { setTimeout as sleep } from "node:timers/promises";
import {
  DescribeInstancesCommand,
  EC2Client,
  type EC2ClientConfig,
  type Filter,
  type Instance,
  type InstanceStateChange,
  RunInstancesCommand,
  type RunInstancesCommandInput,
  TerminateInstancesCommand,
} from "@aws-sdk/client-ec2";
import type { AwsProviderLogger } from "./config.js";
import { Ec2CallError } from "./errors.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withEc2Retries } from "./retry.js";

/** What {@link Ec2Regions} needs: how to build clients, how to retry, where to say so. */
export interface Ec2RegionsOptions {
  clientConfig?: Omit<EC2ClientConfig, "region">;
  retry?: Partial<RetryPolicy>;
  logger?: AwsProviderLogger;
}

/** A described instance's fields the provider reads, with its region. */
export type RegionInstance = Instance & { region: string };

/**
 * The EC2 calls of the provider and the reaper, one client per region, each call retried while
 * throttled. One concern: talking to EC2 robustly; what to launch and when is decided elsewhere.
 *
 * @example
 * const ec2 = new Ec2Regions({ clientConfig: { credentials } });
 * const running = await ec2.describe("us-east-1", { filters: [{ Name: "tag:barrage:platform", Values: ["prod"] }] });
 */
export class Ec2Regions {
  readonly #clients = new Map<string, EC2Client>();
  readonly #options: Ec2RegionsOptions;
  readonly #policy: RetryPolicy;

  constructor(options: Ec2RegionsOptions = {}) {
    this.#options = options;
    this.#policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  }

  /** The region's client, made on first use. */
  client(region: string): EC2Client {
    let client = this.#clients.get(region);
    if (!client) {
      // maxAttempts 1: the SDK would otherwise retry throttling (and capacity errors, which are 5xx)
      // on its own, multiplying with the retries here and hiding what happened.
      client = new EC2Client({ maxAttempts: 1, ...this.#options.clientConfig, region });
      this.#clients.set(region, client);
    }
    return client;
  }

  /** RunInstances, retried while throttled; safe to retry since the input carries a client token. */
  async runInstances(region: string, input: RunInstancesCommandInput): Promise<Instance[]> {
    const out = await this.#call({ action: "RunInstances", region }, () =>
      this.client(region).send(new RunInstancesCommand(input)),
    );
    return out.Instances ?? [];
  }

  /**
   * DescribeInstances of every page. With `instanceIds`, an unknown id fails the call
   * (`InvalidInstanceID.NotFound`); with an `instance-id` filter instead, it is just absent.
   */
  async describe(
    region: string,
    query: { instanceIds?: readonly string[]; filters?: Filter[] },
  ): Promise<RegionInstance[]> {
    const instances: RegionInstance[] = [];
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const out = await this.#call({ action: "DescribeInstances", region }, () =>
        this.client(region).send(
          new DescribeInstancesCommand({
            InstanceIds: query.instanceIds ? [...query.instanceIds] : undefined,
            Filters: query.filters,
            // EC2 refuses MaxResults together with InstanceIds.
            MaxResults: query.instanceIds ? undefined : 1000,
            NextToken: token,
          }),
        ),
      );
      for (const reservation of out.Reservations ?? [])
        for (const instance of reservation.Instances ?? []) instances.push({ ...instance, region });
      nextToken = out.NextToken || undefined;
    } while (nextToken);
    return instances;
  }

  /**
   * TerminateInstances, idempotent: ids EC2 does not know are left out and reported as `unknown`
   * instead of failing the call (EC2 fails the whole call for one unknown id). An instance launched
   * a moment ago may not be known yet (EC2 is eventually consistent): `unknownRetries` asks again
   * for those, `unknownDelayMs` apart.
   */
  async terminate(
    region: string,
    instanceIds: readonly string[],
    options: { unknownRetries?: number; unknownDelayMs?: number } = {},
  ): Promise<{ changes: InstanceStateChange[]; unknown: string[] }> {
    const changes: InstanceStateChange[] = [];
    let unknown: string[] = [];
    let pending = [...new Set(instanceIds)];
    while (pending.length > 0) {
      try {
        const out = await this.#call({ action: "TerminateInstances", region }, () =>
          this.client(region).send(new TerminateInstancesCommand({ InstanceIds: pending })),
        );
        changes.push(...(out.TerminatingInstances ?? []));
        pending = [];
      } catch (error) {
        if (!(error instanceof Ec2CallError) || error.kind !== "not-found") throw error;
        // EC2 names the unknown ids in its message ("The instance IDs 'i-1, i-2' do not exist").
        const named = pending.filter((id) => namesId(error.message, id));
        if (named.length > 0) {
          unknown.push(...named);
          pending = pending.filter((id) => !named.includes(id));
        } else if (pending.length > 1) {
          // No id named: find them one by one.
          for (const id of pending) {
            const one = await this.terminate(region, [id]);
            changes.push(...one.changes);
            unknown.push(...one.unknown);
          }
          pending = [];
        } else {
          unknown.push(...pending);
          pending = [];
        }
      }
    }
    if (unknown.length > 0 && (options.unknownRetries ?? 0) > 0) {
      await sleep(options.unknownDelayMs ?? 1000);
      const again = await this.terminate(region, unknown, {
        ...options,
        unknownRetries: (options.unknownRetries ?? 0) - 1,
      });
      changes.push(...again.changes);
      unknown = again.unknown;
    }
    return { changes, unknown };
  }

  /** Closes every client's connections. */
  destroy(): void {
    for (const client of this.#clients.values()) client.destroy();
    this.#clients.clear();
  }

  #call<T>(site: { action: string; region: string }, call: () => Promise<T>): Promise<T> {
    return withEc2Retries(site, call, this.#policy, (message) => this.#options.logger?.warn(message));
  }
}

/** Whether a message names this id as a whole word ("i-1" is not named by "i-12"). */
function namesId(message: string, id: string): boolean {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^A-Za-z0-9-])${escaped}($|[^A-Za-z0-9-])`).test(message);
}
