/**
 * Load-zone provider plugins: each boots the agents of a run in its zones, tells whether they are
 * still there and releases them. `local` runs agents as child processes of the platform.
 *
 * @example
 * const provider = new LocalProvider({ logDirectory: "/var/lib/barrage/agents" });
 * const started = await provider.allocate({ runId, zone: "local", instances, apiUrl, caCertificatePem });
 * await provider.release(started.map((s) => s.providerRef));
 */
export { LocalProvider, type LocalProviderOptions } from "./local/local-provider.js";
export type {
  AllocatedInstance,
  AllocationRequest,
  InstanceStatus,
  InstanceToBoot,
  LoadZoneProvider,
  ZoneDescription,
} from "./provider.js";
