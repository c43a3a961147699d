import type { EC2ClientConfig } from "@aws-sdk/client-ec2";
import type { RetryPolicy } from "./retry.js";
import { AWS_LOAD_ZONES, type AwsZone } from "./zones.js";

/** One bracket of the instance-type table: instances running at most this many VUs get this type. */
export interface InstanceTypeBracket {
  maxVusPerInstance: number;
  instanceType: string;
}

/** How to launch instances in one region. */
export interface AwsRegionConfig {
  /** The AMI: Node.js 20 at least, ideally with `barrage-agent` installed (then the user data installs nothing). */
  imageId?: string;
  /**
   * A launch template holding what this config does not (network, disks, IAM profile, ...). Its AMI
   * is used when `imageId` is not set. `version` defaults to the template's default version.
   */
  launchTemplate?: { launchTemplateId?: string; launchTemplateName?: string; version?: string };
  /**
   * Subnets to launch in, tried in this order when one answers a capacity error (capacity is per
   * availability zone, so another subnet often has it). None: the default VPC, or the template's.
   */
  subnetIds?: readonly string[];
  securityGroupIds?: readonly string[];
  /** The instance profile; agents need no AWS permissions, so usually none. */
  iamInstanceProfile?: { arn?: string; name?: string };
  /** Overrides the provider's table here, e.g. where a family is not offered. */
  instanceTypes?: readonly InstanceTypeBracket[];
}

/** Where the provider's progress messages go; `consoleLogger` of `@barrage/runner` fits. */
export interface AwsProviderLogger {
  info(message: string): void;
  warn(message: string): void;
}

/**
 * Configuration of the `aws` provider.
 *
 * @example
 * const config: AwsProviderConfig = {
 *   platformId: "barrage-prod",
 *   regions: { "us-east-1": { imageId: "ami-0abc", subnetIds: ["subnet-a", "subnet-b"] } },
 *   instanceTypes: [{ maxVusPerInstance: 300, instanceType: "c7i.xlarge" }],
 * };
 */
export interface AwsProviderConfig {
  /**
   * This platform's id, tagged `barrage:platform` on every instance it launches: the reaper only
   * ever touches instances with this tag, so two platforms can share an account.
   */
  platformId: string;
  /** The regions the provider launches in, each with how to launch there. */
  regions: Readonly<Record<string, AwsRegionConfig>>;
  /** Zones by name, added to (and overriding) {@link AWS_LOAD_ZONES}; only zones whose region is configured are served. */
  zones?: Readonly<Record<string, AwsZone>>;
  /** Instance type by VUs per instance, any order; default {@link DEFAULT_INSTANCE_TYPES}. */
  instanceTypes?: readonly InstanceTypeBracket[];
  /**
   * Shell commands the user data runs as root to install the agent before starting it. Default:
   * `npm install --global <agentPackage>` unless `barrage-agent` is already on the PATH.
   */
  agentInstallScript?: string;
  /** The npm package the default install step installs (default `@barrage/agent@0.1.0`). */
  agentPackage?: string;
  /**
   * Settings of every region's `EC2Client` but the region: credentials, endpoint (the emulator's
   * in tests), ... The SDK's own retries are off (`maxAttempts: 1`) unless set here, since this
   * provider retries itself and must tell throttling from capacity errors.
   */
  clientConfig?: Omit<EC2ClientConfig, "region">;
  /** Retries of throttled or transiently failed EC2 calls (default 6 attempts, 0.5 s doubling to 20 s). */
  retry?: Partial<RetryPolicy>;
  /** How long `allocate` waits for every instance to be running, ms (default 5 min). */
  runningTimeoutMs?: number;
  /** How often `allocate` asks EC2 whether the instances run yet, ms (default 3 s). */
  pollIntervalMs?: number;
  /** RunInstances calls in flight at once per region (default 8): more only draws throttling. */
  launchConcurrency?: number;
  /** Extra tags on every instance and volume, e.g. for cost allocation. */
  tags?: Readonly<Record<string, string>>;
  logger?: AwsProviderLogger;
}

/**
 * The default instance types: general purpose (m7i, 4 GiB per vCPU), since JavaScript VUs need
 * memory as much as CPU, and one bracket per doubling so that an instance is neither idle nor
 * saturated (a saturated load generator measures itself, not the target). Measure with your own
 * scripts and override.
 *
 * @example
 * new AwsProvider({ platformId, regions, instanceTypes: [...DEFAULT_INSTANCE_TYPES, { maxVusPerInstance: 4000, instanceType: "m7i.8xlarge" }] });
 */
export const DEFAULT_INSTANCE_TYPES: readonly InstanceTypeBracket[] = Object.freeze([
  { maxVusPerInstance: 250, instanceType: "m7i.large" },
  { maxVusPerInstance: 500, instanceType: "m7i.xlarge" },
  { maxVusPerInstance: 1000, instanceType: "m7i.2xlarge" },
  { maxVusPerInstance: 2000, instanceType: "m7i.4xlarge" },
]);

/** The npm package the default install step installs: the agent of this release. */
export const DEFAULT_AGENT_PACKAGE = "@barrage/agent@0.1.0";

/**
 * Picks the smallest instance type whose bracket holds `vusPerInstance`; without a number (the
 * platform did not say), the smallest type. Throws when no bracket is big enough: a smaller
 * instance would skew the test, and the zone's VUs per agent should be lowered instead.
 *
 * @example
 * instanceTypeFor(DEFAULT_INSTANCE_TYPES, 300); // "m7i.xlarge"
 */
export function instanceTypeFor(brackets: readonly InstanceTypeBracket[], vusPerInstance?: number): string {
  const sorted = [...brackets].sort((a, b) => a.maxVusPerInstance - b.maxVusPerInstance);
  const largest = sorted[sorted.length - 1];
  if (!largest) throw new Error("the instance-type table is empty");
  if (vusPerInstance === undefined) return (sorted[0] as InstanceTypeBracket).instanceType;
  const fit = sorted.find((b) => b.maxVusPerInstance >= vusPerInstance);
  if (!fit)
    throw new Error(
      `no instance type is configured for ${vusPerInstance} VUs per instance: the largest, ${largest.instanceType}, takes ${largest.maxVusPerInstance}; lower the zone's VUs per agent or add a bracket`,
    );
  return fit.instanceType;
}

/**
 * Checks a config once, at construction, so that a mistake shows when the platform starts rather
 * than in the middle of a run. Throws listing every problem.
 *
 * @example
 * validateAwsConfig({ platformId: "prod", regions: { "us-east-1": { imageId: "ami-0abc" } } });
 */
export function validateAwsConfig(config: AwsProviderConfig): void {
  const problems: string[] = [];
  // Tag values allow these characters; the id is also matched exactly by the reaper's filter.
  if (!/^[A-Za-z0-9 _.:/=+\-@]{1,128}$/.test(config.platformId ?? ""))
    problems.push("platformId must be 1 to 128 characters of letters, digits, spaces and _ . : / = + - @");
  const regions = Object.entries(config.regions ?? {});
  if (regions.length === 0) problems.push("regions must name at least one region");
  for (const [region, settings] of regions) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) problems.push(`${region} is not an AWS region name`);
    const template = settings.launchTemplate;
    if (!settings.imageId && !template)
      problems.push(`region ${region}: set imageId or launchTemplate (where the AMI comes from)`);
    if (template && !template.launchTemplateId === !template.launchTemplateName)
      problems.push(
        `region ${region}: launchTemplate needs exactly one of launchTemplateId and launchTemplateName`,
      );
    if (settings.instanceTypes)
      checkBrackets(settings.instanceTypes, `region ${region}: instanceTypes`, problems);
  }
  if (config.instanceTypes) checkBrackets(config.instanceTypes, "instanceTypes", problems);
  for (const [name, zone] of Object.entries(config.zones ?? {}))
    if (!config.regions?.[zone.region])
      problems.push(`zone ${name} points to region ${zone.region}, which regions does not configure`);
  if (problems.length > 0) throw new Error(`invalid aws provider config:\n- ${problems.join("\n- ")}`);
}

function checkBrackets(brackets: readonly InstanceTypeBracket[], what: string, problems: string[]): void {
  if (brackets.length === 0) problems.push(`${what} is empty`);
  for (const b of brackets)
    if (!(Number.isInteger(b.maxVusPerInstance) && b.maxVusPerInstance > 0) || !b.instanceType)
      problems.push(
        `${what}: ${JSON.stringify(b)} needs a positive integer maxVusPerInstance and an instanceType`,
      );
}

/**
 * The zones this config serves: the built-in table plus `config.zones`, limited to configured regions.
 *
 * @example
 * servedZones({ platformId: "p", regions: { "eu-west-1": { imageId: "ami-1" } } }).get("amazon:ie:dublin");
 */
export function servedZones(config: AwsProviderConfig): Map<string, AwsZone> {
  const all = { ...AWS_LOAD_ZONES, ...config.zones };
  return new Map(Object.entries(all).filter(([, zone]) => config.regions[zone.region] !== undefined));
}
