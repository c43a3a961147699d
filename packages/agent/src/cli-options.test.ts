import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCliOptions } from "./cli-options.js";

const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

async function caFile(content = pem): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), "agent-cli-")), "ca.pem");
  await writeFile(path, content);
  return path;
}

describe("parseCliOptions", () => {
  it("reads the flags, the CA from its file", async () => {
    const ca = await caFile();
    await expect(parseCliOptions(["--api", "https://h:1", "--token", "t", "--ca", ca], {})).resolves.toEqual({
      apiUrl: "https://h:1",
      token: "t",
      caCertificatePem: pem,
    });
  });

  it("falls back to the environment, where the CA may be inline PEM; flags win", async () => {
    const env = { BARRAGE_API: "https://env:1", BARRAGE_TOKEN: "env-token", BARRAGE_CA: pem };
    await expect(parseCliOptions([], env)).resolves.toEqual({
      apiUrl: "https://env:1",
      token: "env-token",
      caCertificatePem: pem,
    });
    await expect(parseCliOptions(["--api", "https://flag:1"], env)).resolves.toMatchObject({
      apiUrl: "https://flag:1",
    });
  });

  it("names what is missing or wrong, with the usage", async () => {
    await expect(parseCliOptions(["--token", "t"], {})).rejects.toThrow(
      /^missing --api \(or BARRAGE_API\), --ca \(or BARRAGE_CA\)\n\nusage: barrage-agent/,
    );
    await expect(parseCliOptions(["--tokn", "t"], {})).rejects.toThrow(
      /Unknown option '--tokn'[\s\S]*usage:/,
    );
    await expect(
      parseCliOptions(["--api", "https://h", "--token", "t", "--ca", "/nonexistent/ca.pem"], {}),
    ).rejects.toThrow(/cannot read the CA certificate file \/nonexistent\/ca.pem: ENOENT/);
    const notPem = await caFile("hello");
    await expect(parseCliOptions(["--api", "https://h", "--token", "t", "--ca", notPem], {})).rejects.toThrow(
      /holds no PEM certificate/,
    );
  });
});
