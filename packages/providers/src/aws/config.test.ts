import { describe, expect, it } from "vitest";
import { AwsProvider } from "./aws-provider.js";
import { DEFAULT_INSTANCE_TYPES, instanceTypeFor, servedZones, validateAwsConfig } from "./config.js";
import { formatProviderRef, parseProviderRef } from "./provider-ref.js";

describe("aws provider config", () => {
  it("picks the smallest instance type whose bracket holds the VUs", () => {
    expect(instanceTypeFor(DEFAULT_INSTANCE_TYPES, 1)).toBe("m7i.large");
    expect(instanceTypeFor(DEFAULT_INSTANCE_TYPES, 250)).toBe("m7i.large");
    expect(instanceTypeFor(DEFAULT_INSTANCE_TYPES, 251)).toBe("m7i.xlarge");
    expect(instanceTypeFor(DEFAULT_INSTANCE_TYPES, 2000)).toBe("m7i.4xlarge");
    expect(instanceTypeFor(DEFAULT_INSTANCE_TYPES)).toBe("m7i.large");
    // Any order.
    expect(
      instanceTypeFor(
        [
          { maxVusPerInstance: 900, instanceType: "c7i.2xlarge" },
          { maxVusPerInstance: 100, instanceType: "c7i.large" },
        ],
        50,
      ),
    ).toBe("c7i.large");
    expect(() => instanceTypeFor(DEFAULT_INSTANCE_TYPES, 2001)).toThrow(
      "no instance type is configured for 2001 VUs per instance: the largest, m7i.4xlarge, takes 2000; lower the zone's VUs per agent or add a bracket",
    );
  });

  it("lists every problem of a config at once", () => {
    expect(() =>
      validateAwsConfig({
        platformId: "",
        regions: {
          "us-east-1": {},
          "mars-1": { imageId: "ami-1" },
          "eu-west-1": { launchTemplate: { launchTemplateId: "lt-1", launchTemplateName: "both" } },
        },
        instanceTypes: [{ maxVusPerInstance: 0, instanceType: "x" }],
        zones: { "amazon:xx:nowhere": { region: "ap-south-1", description: "" } },
      }),
    ).toThrow(
      [
        "invalid aws provider config:",
        "- platformId must be 1 to 128 characters of letters, digits, spaces and _ . : / = + - @",
        "- region us-east-1: set imageId or launchTemplate (where the AMI comes from)",
        "- mars-1 is not an AWS region name",
        "- region eu-west-1: launchTemplate needs exactly one of launchTemplateId and launchTemplateName",
        '- instanceTypes: {"maxVusPerInstance":0,"instanceType":"x"} needs a positive integer maxVusPerInstance and an instanceType',
        "- zone amazon:xx:nowhere points to region ap-south-1, which regions does not configure",
      ].join("\n"),
    );
  });

  it("serves the k6 Cloud zones of the configured regions, plus its own", async () => {
    const config = {
      platformId: "p",
      regions: { "us-east-1": { imageId: "ami-1" }, "eu-central-1": { imageId: "ami-2" } },
      zones: { "amazon:de:falkenstein-lab": { region: "eu-central-1", description: "lab" } },
    };
    expect([...servedZones(config).keys()].sort()).toEqual([
      "amazon:de:falkenstein-lab",
      "amazon:de:frankfurt",
      "amazon:us:ashburn",
    ]);
    const aws = new AwsProvider(config);
    expect(await aws.listZones()).toEqual([
      { name: "amazon:de:falkenstein-lab", provider: "aws", description: "lab" },
      { name: "amazon:de:frankfurt", provider: "aws", description: "Frankfurt, Germany (AWS eu-central-1)" },
      { name: "amazon:us:ashburn", provider: "aws", description: "Ashburn, US (AWS us-east-1, N. Virginia)" },
    ]);
    aws.destroy();
  });

  it("round-trips provider references and refuses others", () => {
    const ref = formatProviderRef({ region: "ap-southeast-2", ec2InstanceId: "i-0abc123" });
    expect(ref).toBe("aws:ap-southeast-2:i-0abc123");
    expect(parseProviderRef(ref)).toEqual({ region: "ap-southeast-2", ec2InstanceId: "i-0abc123" });
    for (const bad of ["local:12", "aws:us-east-1", "aws:us-east-1:i-1;rm", "aws:../x:i-1"])
      expect(parseProviderRef(bad)).toBeUndefined();
  });
});
