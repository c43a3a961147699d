import { readFile } from "node:fs/promises";
import type { AwsProviderConfig } from "@barrage/providers";

/**
 * How the platform runs the `aws` provider: the provider's own config (packages/providers/README.md,
 * "`aws`") plus what the platform needs around it.
 *
 * @example
 * const aws: AwsPlatformConfig = {
 *   platformId: "barrage-prod",
 *   vusPerAgent: 500,
 *   regions: { "us-east-1": { imageId: "ami-0abc", subnetIds: ["subnet-a"] }, "eu-west-1": { imageId: "ami-0def" } },
 * };
 */
export interface AwsPlatformConfig extends AwsProviderConfig {
  /**
   * The most VUs one instance of the built-in AWS zones runs (`load_zones.vus_per_agent`), default
   * {@link DEFAULT_AWS_VUS_PER_AGENT}: the plan splits a zone's share into instances of at most this
   * many, and the provider picks each instance's type from the VUs it really gets.
   */
  vusPerAgent?: number;
}

/**
 * One agent is one Node.js event loop, whatever the machine's cores: 500 VUs fit the default
 * m7i.xlarge (4 vCPU, 16 GiB; the cores serve TLS, GC and the kernel's network stack), and a
 * saturated load generator measures itself rather than the target. Raise it for light scripts.
 */
export const DEFAULT_AWS_VUS_PER_AGENT = 500;

/** The settings a config file may hold: every field of the provider's config that is plain data. */
const FILE_FIELDS = new Set([
  "platformId",
  "regions",
  "zones",
  "instanceTypes",
  "agentInstallScript",
  "agentPackage",
  "clientConfig",
  "retry",
  "runningTimeoutMs",
  "pollIntervalMs",
  "launchConcurrency",
  "tags",
  "vusPerAgent",
]);

/**
 * Reads the `aws` provider's config from a JSON file (the platform's `BARRAGE_AWS_CONFIG`):
 * {@link AwsPlatformConfig} as JSON, `logger` aside. Of the EC2 client's settings only `endpoint`
 * may be given (a VPC endpoint, an emulator): credentials come from the AWS SDK's own chain
 * (environment, `AWS_PROFILE`, the instance role), never from a file the platform reads. Unknown
 * fields are refused, so that a misspelt setting is not silently ignored. The provider checks the
 * rest (regions, AMIs, instance types) when it is made.
 *
 * @throws Error naming the file and what is wrong with it
 * @example
 * const aws = await loadAwsConfigFile(process.env.BARRAGE_AWS_CONFIG);
 */
export async function loadAwsConfigFile(path: string): Promise<AwsPlatformConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new Error(
      `cannot read the aws provider config ${path} (BARRAGE_AWS_CONFIG): ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`the aws provider config ${path} is not JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const problems = checkAwsConfigShape(parsed);
  if (problems.length > 0)
    throw new Error(`the aws provider config ${path} is not valid:\n- ${problems.join("\n- ")}`);
  return parsed as AwsPlatformConfig;
}

/** What is wrong with a parsed config file's shape; empty when nothing. */
export function checkAwsConfigShape(config: unknown): string[] {
  if (typeof config !== "object" || config === null || Array.isArray(config))
    return [
      'it must be a JSON object like {"platformId": "barrage", "regions": {"us-east-1": {"imageId": "ami-..."}}}',
    ];
  const problems: string[] = [];
  const fields = config as Record<string, unknown>;
  for (const field of Object.keys(fields))
    if (!FILE_FIELDS.has(field))
      problems.push(`unknown field ${JSON.stringify(field)}; the fields are ${[...FILE_FIELDS].join(", ")}`);
  if (typeof fields.platformId !== "string") problems.push('platformId must be text, e.g. "barrage-prod"');
  if (typeof fields.regions !== "object" || fields.regions === null || Array.isArray(fields.regions))
    problems.push(
      'regions must be an object of region name to settings, e.g. {"us-east-1": {"imageId": "ami-0abc"}}',
    );
  const vus = fields.vusPerAgent;
  if (vus !== undefined && !(Number.isInteger(vus) && (vus as number) > 0))
    problems.push(`vusPerAgent must be a positive whole number, not ${JSON.stringify(vus)}`);
  const client = fields.clientConfig;
  if (client !== undefined) {
    if (typeof client !== "object" || client === null || Array.isArray(client))
      problems.push(
        'clientConfig must be an object like {"endpoint": "https://ec2.us-east-1.amazonaws.com"}',
      );
    else
      for (const [name, value] of Object.entries(client)) {
        if (name !== "endpoint")
          problems.push(
            `clientConfig.${name} cannot be set in a file: only endpoint can (credentials come from the AWS SDK's chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or the instance role)`,
          );
        else if (typeof value !== "string") problems.push("clientConfig.endpoint must be a URL");
      }
  }
  return problems;
}
