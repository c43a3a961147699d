import { S3Client } from "@aws-sdk/client-s3";
import { afterAll, describe, expect, it } from "vitest";
import { presignArchiveUrl } from "./presign.js";

const s3 = new S3Client({
  region: "eu-west-1",
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
});

afterAll(() => s3.destroy());

describe("presignArchiveUrl", () => {
  it("signs a GET of the archive that expires when asked, without credentials in the URL", async () => {
    const url = new URL(
      await presignArchiveUrl(s3, {
        bucket: "barrage-archives",
        key: "archives/ab12.json",
        expiresInSeconds: 300,
      }),
    );
    expect(url.protocol).toBe("https:");
    expect(url.hostname).toBe("barrage-archives.s3.eu-west-1.amazonaws.com");
    expect(url.pathname).toBe("/archives/ab12.json");
    const q = url.searchParams;
    expect(q.get("X-Amz-Algorithm")).toBe("AWS4-HMAC-SHA256");
    expect(q.get("X-Amz-Expires")).toBe("300");
    expect(q.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
    expect(q.get("X-Amz-Credential")).toMatch(/^AKIDEXAMPLE\/\d{8}\/eu-west-1\/s3\/aws4_request$/);
    expect(q.get("X-Amz-SignedHeaders")).toBe("host");
    expect(q.get("x-id")).toBe("GetObject");
    expect(url.href).not.toContain("wJalrXUtnFEMI");
  });

  it("defaults to 10 minutes and refuses what SigV4 cannot sign", async () => {
    const url = new URL(await presignArchiveUrl(s3, { bucket: "b", key: "k" }));
    expect(url.searchParams.get("X-Amz-Expires")).toBe("600");
    await expect(
      presignArchiveUrl(s3, { bucket: "b", key: "k", expiresInSeconds: 8 * 24 * 3600 }),
    ).rejects.toThrow(/expiresInSeconds must be a whole number from 1 to 604800/);
    await expect(presignArchiveUrl(s3, { bucket: "b", key: "k", expiresInSeconds: 0 })).rejects.toThrow(
      RangeError,
    );
  });
});
