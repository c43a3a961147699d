import { X509Certificate as NodeX509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signAgentCsr } from "./agent-certificate.js";
import { AgentIdentityError, identifyAgent } from "./agent-identity.js";
import { createCertificateAuthority, loadCertificateAuthority } from "./authority.js";
import { makeCsr } from "./ca.test-helpers.js";
import { issueServerCertificate } from "./server-certificate.js";
import * as x509 from "./x509.js";

const ca = await loadCertificateAuthority(await createCertificateAuthority({ commonName: "Test CA" }));
const { csrPem } = await makeCsr();
const agentPem = await signAgentCsr(ca, csrPem, { runId: "7", zone: "local", instanceId: "3" });

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof AgentIdentityError) return error.code;
    throw error;
  }
  return undefined;
}

describe("identifyAgent", () => {
  it("reads the binding and serial from Node's and @peculiar/x509's certificate objects alike", () => {
    const parsed = new x509.X509Certificate(agentPem);
    const expected = {
      runId: "7",
      zone: "local",
      instanceId: "3",
      serial: parsed.serialNumber.toLowerCase(),
    };
    expect(identifyAgent(parsed)).toMatchObject(expected);
    expect(identifyAgent(new NodeX509Certificate(agentPem))).toMatchObject(expected);
    expect(identifyAgent(parsed).notAfter).toEqual(parsed.notAfter);
  });

  it("says there is no certificate when TLS got none", () => {
    expect(codeOf(() => identifyAgent({} as never))).toBe("no-certificate");
    expect(codeOf(() => identifyAgent(undefined))).toBe("no-certificate");
  });

  it("refuses certificates of the same CA that are not agent certificates", async () => {
    const server = await issueServerCertificate(ca, { hosts: ["127.0.0.1"] });
    expect(codeOf(() => identifyAgent(new x509.X509Certificate(server.certificatePem)))).toBe(
      "not-an-agent-certificate",
    );
  });

  it("checks the validity window, since a kept-alive connection can outlive its certificate", () => {
    const cert = new x509.X509Certificate(agentPem);
    expect(codeOf(() => identifyAgent(cert, new Date(cert.notAfter.getTime() + 1000)))).toBe("expired");
    expect(codeOf(() => identifyAgent(cert, new Date(cert.notBefore.getTime() - 1000)))).toBe(
      "not-yet-valid",
    );
  });
});
