/** An EC2 instance as the platform stores it: region and instance id. */
export interface AwsInstanceRef {
  region: string;
  ec2InstanceId: string;
}

const PREFIX = "aws:";

/**
 * The `providerRef` of an instance, `aws:<region>:<instance id>`: it carries the region, since
 * every EC2 call is regional and the platform keeps nothing else.
 *
 * @example
 * formatProviderRef({ region: "us-east-1", ec2InstanceId: "i-0abc" }); // "aws:us-east-1:i-0abc"
 */
export function formatProviderRef(ref: AwsInstanceRef): string {
  return `${PREFIX}${ref.region}:${ref.ec2InstanceId}`;
}

/**
 * Reads a `providerRef`; undefined when it is not one of this provider's (then it is `unknown`).
 *
 * @example
 * parseProviderRef("aws:us-east-1:i-0abc"); // { region: "us-east-1", ec2InstanceId: "i-0abc" }
 */
export function parseProviderRef(providerRef: string): AwsInstanceRef | undefined {
  const match = /^aws:([a-z]{2}(?:-[a-z]+)+-\d+):(i-[0-9a-zA-Z]+)$/.exec(providerRef);
  return match ? { region: match[1] as string, ec2InstanceId: match[2] as string } : undefined;
}
