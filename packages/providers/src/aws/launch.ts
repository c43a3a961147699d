import { createHash } from "node:crypto";
import type { _InstanceType, RunInstancesCommandInput, Tag } from "@aws-sdk/client-ec2";
import type { AwsRegionConfig } from "./config.js";
import type { Ec2Regions } from "./ec2-regions.js";
import { Ec2CallError } from "./errors.js";

/**
 * The tags every instance carries: the reaper and operators read the run from them.
 *
 * @example
 * // aws ec2 describe-instances --filters "Name=tag:barrage:run-id,Values=42"
 * const filter = { Name: `tag:${TAG_RUN_ID}`, Values: ["42"] };
 */
export const TAG_PLATFORM = "barrage:platform";
export const TAG_RUN_ID = "barrage:run-id";
export const TAG_INSTANCE_ID = "barrage:instance-id";
export const TAG_ZONE = "barrage:zone";

/** One instance to launch, everything decided. */
export interface LaunchSpec {
  platformId: string;
  runId: string;
  /** The platform's id of the instance (not EC2's). */
  instanceId: string;
  zone: string;
  region: string;
  regionConfig: AwsRegionConfig;
  instanceType: string;
  /** Base64 user data. */
  userData: string;
  extraTags?: Readonly<Record<string, string>>;
}

/**
 * The RunInstances input of one instance in one subnet (or none). The client token is derived
 * from everything launched, so a retried call (after a timeout whose request did reach EC2) returns
 * the instance already launched instead of launching a second one; a new attempt of the platform
 * brings new bootstrap tokens, so new user data and a new client token.
 *
 * @example
 * const input = runInstancesInput(spec, "subnet-0abc");
 */
export function runInstancesInput(spec: LaunchSpec, subnetId: string | undefined): RunInstancesCommandInput {
  const template = spec.regionConfig.launchTemplate;
  const tags: Tag[] = [
    ...Object.entries(spec.extraTags ?? {}).map(([Key, Value]) => ({ Key, Value })),
    { Key: "Name", Value: `barrage run ${spec.runId} instance ${spec.instanceId}` },
    { Key: TAG_PLATFORM, Value: spec.platformId },
    { Key: TAG_RUN_ID, Value: spec.runId },
    { Key: TAG_INSTANCE_ID, Value: spec.instanceId },
    { Key: TAG_ZONE, Value: spec.zone },
  ];
  const profile = spec.regionConfig.iamInstanceProfile;
  return {
    MinCount: 1,
    MaxCount: 1,
    ImageId: spec.regionConfig.imageId,
    LaunchTemplate: template
      ? {
          LaunchTemplateId: template.launchTemplateId,
          LaunchTemplateName: template.launchTemplateName,
          Version: template.version,
        }
      : undefined,
    // The SDK lists the types it knew when it was built; newer ones are valid too.
    InstanceType: spec.instanceType as _InstanceType,
    SubnetId: subnetId,
    SecurityGroupIds: spec.regionConfig.securityGroupIds
      ? [...spec.regionConfig.securityGroupIds]
      : undefined,
    IamInstanceProfile: profile ? { Arn: profile.arn, Name: profile.name } : undefined,
    UserData: spec.userData,
    // The user data powers the instance off when its agent exits: that must end it, not stop it.
    InstanceInitiatedShutdownBehavior: "terminate",
    // IMDSv2 only, one hop: the user data (with the bootstrap token) is served by the metadata
    // service, which must not be reachable through an SSRF in whatever runs on the instance.
    MetadataOptions: { HttpTokens: "required", HttpEndpoint: "enabled", HttpPutResponseHopLimit: 1 },
    TagSpecifications: [
      { ResourceType: "instance", Tags: tags },
      { ResourceType: "volume", Tags: tags },
    ],
    ClientToken: createHash("sha256")
      .update(
        JSON.stringify([
          spec.platformId,
          spec.runId,
          spec.instanceId,
          spec.region,
          subnetId ?? "",
          spec.userData,
        ]),
      )
      .digest("hex")
      .slice(0, 64),
  };
}

/**
 * Launches one instance and answers its EC2 id. With several subnets, a capacity error in one
 * (capacity is per availability zone) moves on to the next; each subnet is tried once, so capacity
 * errors are never retried endlessly. Quota and other errors end it at once.
 *
 * @example
 * const ec2InstanceId = await launchInstance(ec2, spec);
 */
export async function launchInstance(ec2: Ec2Regions, spec: LaunchSpec): Promise<string> {
  const subnets: (string | undefined)[] = spec.regionConfig.subnetIds?.length
    ? [...spec.regionConfig.subnetIds]
    : [undefined];
  const capacityErrors: Ec2CallError[] = [];
  for (const subnetId of subnets) {
    try {
      const [instance] = await ec2.runInstances(spec.region, runInstancesInput(spec, subnetId));
      if (!instance?.InstanceId)
        throw new Ec2CallError("NoInstance", spec.region, "fatal", "EC2 RunInstances answered no instance");
      return instance.InstanceId;
    } catch (error) {
      if (error instanceof Ec2CallError && error.kind === "capacity" && subnetId !== undefined) {
        capacityErrors.push(error);
        continue;
      }
      if (error instanceof Ec2CallError && error.kind === "quota")
        throw new Ec2CallError(
          error.code,
          error.region,
          error.kind,
          `${error.detail} (an account quota: ask AWS for an increase in Service Quotas, or use fewer or smaller instances)`,
          { cause: error.cause },
        );
      throw error;
    }
  }
  const last = capacityErrors[capacityErrors.length - 1] as Ec2CallError;
  throw new Ec2CallError(
    last.code,
    last.region,
    last.kind,
    `${last.detail} (tried subnets ${subnets.join(", ")})`,
    { cause: last.cause },
  );
}
