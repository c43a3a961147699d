import { webcrypto } from "node:crypto";
import { inspect } from "node:util";
import * as x509 from "./x509.js";

const P256_SIGNING = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const REDACTED = "[agent private key]";

/**
 * The agent's own ECDSA P-256 key pair, generated in this process. The private key exists only
 * in memory: it is never written to disk and never sent anywhere; Node's TLS gets it as PEM through
 * {@link AgentKey.tlsKeyPem} because that is the form `tls.connect` takes. Printing, logging or
 * JSON-serializing the object shows a placeholder instead of the key.
 */
export class AgentKey {
  readonly #keys: webcrypto.CryptoKeyPair;
  readonly #pem: string;

  private constructor(keys: webcrypto.CryptoKeyPair, pem: string) {
    this.#keys = keys;
    this.#pem = pem;
  }

  /** Generates a new key pair. */
  static async generate(): Promise<AgentKey> {
    const keys = (await webcrypto.subtle.generateKey(P256_SIGNING, true, [
      "sign",
      "verify",
    ])) as webcrypto.CryptoKeyPair;
    const pkcs8 = await webcrypto.subtle.exportKey("pkcs8", keys.privateKey);
    return new AgentKey(keys, x509.PemConverter.encode(pkcs8, "PRIVATE KEY"));
  }

  /**
   * A PKCS#10 CSR for this key. The subject is informational: the CA binds the certificate to the
   * run, zone and instance it knows the bootstrap token was issued for.
   */
  async csrPem(commonName = "barrage-agent"): Promise<string> {
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({
      name: [{ CN: [commonName] }],
      keys: this.#keys,
      signingAlgorithm: P256_SIGNING,
    });
    return csr.toString("pem");
  }

  /** Whether `certificatePem` certifies this key's public half. */
  async certifies(certificatePem: string): Promise<boolean> {
    const certified = Buffer.from(new x509.X509Certificate(certificatePem).publicKey.rawData);
    const own = Buffer.from(await webcrypto.subtle.exportKey("spki", this.#keys.publicKey));
    return certified.equals(own);
  }

  /** The private key as PKCS#8 PEM, for `tls.connect({key})` only. */
  tlsKeyPem(): string {
    return this.#pem;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
