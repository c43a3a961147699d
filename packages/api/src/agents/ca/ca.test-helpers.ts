import { webcrypto } from "node:crypto";
import { exportPrivateKeyPem } from "./keys.js";
import * as x509 from "./x509.js";

/** A key pair and a CSR for it, as an agent would make them; `algorithm` defaults to ECDSA P-256. */
export async function makeCsr(
  options: { subject?: string; algorithm?: "P-256" | "P-384" | "RSA" } = {},
): Promise<{ csrPem: string; privateKeyPem: string }> {
  const algorithm = options.algorithm ?? "P-256";
  const params =
    algorithm === "RSA"
      ? {
          name: "RSASSA-PKCS1-v1_5",
          hash: "SHA-256",
          publicExponent: new Uint8Array([1, 0, 1]),
          modulusLength: 2048,
        }
      : { name: "ECDSA", namedCurve: algorithm, hash: algorithm === "P-256" ? "SHA-256" : "SHA-384" };
  const keys = (await webcrypto.subtle.generateKey(params, true, [
    "sign",
    "verify",
  ])) as webcrypto.CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: options.subject ?? "CN=agent",
    keys,
    signingAlgorithm: params,
  });
  return { csrPem: csr.toString("pem"), privateKeyPem: await exportPrivateKeyPem(keys.privateKey) };
}
