/**
 * Load-zone provider plugins: each boots the agents of a run in its zones, tells whether they are
 * still there and releases them. `local` runs agents as child processes of the platform; `aws`
 * runs each agent on an EC2 instance. The EC2 emulator for tests is `@barrage/providers/aws-emulator`.
 *
 * @example
 * const provider = new LocalProvider({ logDirectory: "/var/lib/barrage/agents" });
 * const started = await provider.allocate({ runId, zone: "local", instances, apiUrl, caCertificatePem });
 * await provider.release(started.map((s) => s.providerRef));
 */
export { AwsAllocationError, AwsProvider } from "./aws/aws-provider.js";
export {
  type AwsProviderConfig,
  type AwsProviderLogger,
  type AwsRegionConfig,
  DEFAULT_INSTANCE_TYPES,
  type InstanceTypeBracket,
  instanceTypeFor,
} from "./aws/config.js";
export { classifyEc2Error, Ec2CallError, type Ec2ErrorKind } from "./aws/errors.js";
export { TAG_INSTANCE_ID, TAG_PLATFORM, TAG_RUN_ID, TAG_ZONE } from "./aws/launch.js";
export { type PresignArchiveOptions, presignArchiveUrl } from "./aws/presign.js";
export type { RetryPolicy } from "./aws/retry.js";
export { renderUserData } from "./aws/user-data.js";
export { AWS_LOAD_ZONES, type AwsZone } from "./aws/zones.js";
export { LocalProvider, type LocalProviderOptions } from "./local/local-provider.js";
export type {
  AllocatedInstance,
  AllocationRequest,
  InstanceStatus,
  InstanceToBoot,
  LoadZoneProvider,
  ReapedInstance,
  ReapOptions,
  ReapReport,
  ZoneDescription,
} from "./provider.js";
