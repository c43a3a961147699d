import { webcrypto } from "node:crypto";
import * as x509 from "./x509.js";

/** A WebCrypto key (Node's types do not declare the DOM globals). */
export type CryptoKey = webcrypto.CryptoKey;

/** ECDSA on P-256 with SHA-256: the only key type the platform CA issues for and signs with. */
export const P256_SIGNING = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

/**
 * A new P-256 key pair. The private key is extractable only because it has to become PEM for the
 * caller to store or hand to Node's TLS (which takes PEM, not a WebCrypto key).
 */
export async function generateP256KeyPair(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(P256_SIGNING, true, ["sign", "verify"]);
}

/** The private key as an unencrypted PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). */
export async function exportPrivateKeyPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey("pkcs8", key);
  return x509.PemConverter.encode(der, "PRIVATE KEY");
}

/**
 * Reads a PKCS#8 P-256 private key for signing. The key is imported non-extractable: once loaded,
 * nothing in the process can read it back out.
 */
export async function importPrivateKeyPem(pem: string): Promise<CryptoKey> {
  const blocks = x509.PemConverter.decodeWithHeaders(pem).filter((b) => b.type === "PRIVATE KEY");
  const block = blocks[0];
  if (blocks.length !== 1 || !block)
    throw new Error(
      `expected exactly one "-----BEGIN PRIVATE KEY-----" (PKCS#8) block, found ${blocks.length}`,
    );
  return webcrypto.subtle.importKey("pkcs8", block.rawData, P256_SIGNING, false, ["sign"]);
}

/** Whether a public key is ECDSA on P-256. */
export function isP256(publicKey: x509.PublicKey): boolean {
  const algorithm = publicKey.algorithm as { name?: string; namedCurve?: string };
  return algorithm.name === "ECDSA" && algorithm.namedCurve === "P-256";
}

/** A short description of a public key's algorithm for error messages ("RSASSA-PKCS1-v1_5", "ECDSA P-384"). */
export function describeKey(publicKey: x509.PublicKey): string {
  const algorithm = publicKey.algorithm as { name?: string; namedCurve?: string };
  return [algorithm.name ?? "unknown algorithm", algorithm.namedCurve].filter(Boolean).join(" ");
}
