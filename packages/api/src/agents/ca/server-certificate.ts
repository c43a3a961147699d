import { isIP } from "node:net";
import { type CertificateAuthority, CLOCK_SKEW_MS } from "./authority.js";
import { exportPrivateKeyPem, generateP256KeyPair } from "./keys.js";
import { issueLeafCertificate } from "./leaf-certificate.js";
import * as x509 from "./x509.js";

/** A certificate and its private key, both PEM, as Node's `https.createServer({cert, key})` takes them. */
export interface CertificateAndKeyPems {
  certificatePem: string;
  privateKeyPem: string;
}

const DEFAULT_SERVER_VALIDITY_MS = 365 * 24 * 3600 * 1000;

/**
 * Issues the certificate of the API's agent port, with a new P-256 key. Each host becomes an IP
 * SAN when it is an IP address and a DNS SAN otherwise; TLS clients check the host they dialled
 * against these, not against the common name.
 *
 * @example
 * const server = await issueServerCertificate(ca, { hosts: ["127.0.0.1", "localhost"] });
 * https.createServer({ cert: server.certificatePem, key: server.privateKeyPem, ca: ca.certificatePem,
 *   requestCert: true, rejectUnauthorized: false });
 */
export async function issueServerCertificate(
  ca: CertificateAuthority,
  options: { hosts: readonly string[]; validityMs?: number },
): Promise<CertificateAndKeyPems> {
  const [first] = options.hosts;
  if (first === undefined)
    throw new TypeError("hosts is empty: name at least one host name or IP address the agents dial");
  const subjectAltNames = options.hosts.map((host): x509.JsonGeneralName => {
    if (host.length === 0 || /[\s/]/.test(host))
      throw new TypeError(`hosts: ${JSON.stringify(host)} is neither a host name nor an IP address`);
    return { type: isIP(host) ? "ip" : "dns", value: host };
  });
  const keys = await generateP256KeyPair();
  const now = Date.now();
  const certificate = await issueLeafCertificate(ca, {
    commonName: first,
    publicKey: keys.publicKey,
    notBefore: new Date(now - CLOCK_SKEW_MS),
    notAfter: new Date(now + (options.validityMs ?? DEFAULT_SERVER_VALIDITY_MS)),
    extendedKeyUsage: x509.ExtendedKeyUsage.serverAuth,
    subjectAltNames,
  });
  return {
    certificatePem: certificate.toString("pem"),
    privateKeyPem: await exportPrivateKeyPem(keys.privateKey),
  };
}
