import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAwsConfigFile } from "./aws-config.js";

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "barrage-aws-config-"));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

async function file(content: string): Promise<string> {
  const path = join(directory, `${Math.random().toString(36).slice(2)}.json`);
  await writeFile(path, content);
  return path;
}

describe("loadAwsConfigFile", () => {
  it("reads the provider's config and the platform's vusPerAgent", async () => {
    const config = {
      platformId: "barrage-prod",
      vusPerAgent: 300,
      regions: { "us-east-1": { imageId: "ami-0abc", subnetIds: ["subnet-a"] } },
      clientConfig: { endpoint: "https://ec2.us-east-1.amazonaws.com" },
      tags: { team: "qa" },
    };
    expect(await loadAwsConfigFile(await file(JSON.stringify(config)))).toEqual(config);
  });

  it("refuses credentials, unknown fields and bad values, listing every problem with the file's name", async () => {
    const path = await file(
      JSON.stringify({
        platformId: 7,
        regions: { "us-east-1": { imageId: "ami-0abc" } },
        vusPerAgent: 0,
        clientConfig: { credentials: { accessKeyId: "AKIA", secretAccessKey: "x" } },
        region: "us-east-1",
      }),
    );
    const error = await loadAwsConfigFile(path).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      [
        `the aws provider config ${path} is not valid:`,
        '- unknown field "region"; the fields are platformId, regions, zones, instanceTypes, agentInstallScript, agentPackage, clientConfig, retry, runningTimeoutMs, pollIntervalMs, launchConcurrency, tags, vusPerAgent',
        '- platformId must be text, e.g. "barrage-prod"',
        "- vusPerAgent must be a positive whole number, not 0",
        "- clientConfig.credentials cannot be set in a file: only endpoint can (credentials come from the AWS SDK's chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or the instance role)",
      ].join("\n"),
    );
  });

  it("says which file is missing or not JSON", async () => {
    await expect(loadAwsConfigFile(join(directory, "absent.json"))).rejects.toThrow(
      /^cannot read the aws provider config .*absent\.json \(BARRAGE_AWS_CONFIG\): ENOENT/,
    );
    await expect(loadAwsConfigFile(await file("{ regions: "))).rejects.toThrow(/is not JSON: /);
  });
});
