/**
 * A loopback emulator of the EC2 Query API for tests of the `aws` provider, published as
 * `@barrage/providers/aws-emulator` so that the platform's end-to-end tests can start it too.
 *
 * @example
 * import { startEc2Emulator } from "@barrage/providers/aws-emulator";
 * const emulator = await startEc2Emulator();
 * const provider = new AwsProvider({ platformId: "e2e", regions, clientConfig: emulator.clientConfig, pollIntervalMs: 50 });
 */
export {
  Ec2Emulator,
  type Ec2EmulatorOptions,
  type EmulatedInstance,
  type InstanceStateName,
  type RecordedRequest,
  startEc2Emulator,
} from "./ec2-emulator.js";
export type { FaultRule } from "./faults.js";
