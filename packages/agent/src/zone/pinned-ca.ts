import { X509Certificate } from "node:crypto";
import { Agent, request } from "undici";
import { ProtocolError } from "../transport/errors.js";

/** The CA pin an enrolment token carries after its last dot (`brz_<secret>.<sha256 hex>`), if any. */
export function caPinOf(token: string): string | undefined {
  return /\.([0-9a-f]{64})$/.exec(token)?.[1];
}

/** The SHA-256 of a certificate's DER bytes, lower-case hex: `openssl x509 -fingerprint -sha256` without colons. */
export function certificateSha256(certificatePem: string): string {
  return new X509Certificate(certificatePem).fingerprint256.replaceAll(":", "").toLowerCase();
}

/**
 * Fetches the platform CA certificate from the agent port (`GET /agent/v1/ca-certificate`) and
 * accepts it only if its SHA-256 is `pin`, the one the enrolment token carries. This first request
 * cannot verify the server (the agent has no trust anchor yet), so it carries nothing secret; what
 * it brings back is checked against the pin, and every later request, the token's first of all,
 * verifies the agent port with that CA. A man in the middle can only make it fail.
 *
 * @throws Error when the answer's certificate does not match the pin
 * @example const caPem = await fetchPinnedCa("https://barrage.example.com:4443", caPinOf(token));
 */
export async function fetchPinnedCa(apiUrl: string, pin: string, signal?: AbortSignal): Promise<string> {
  const dispatcher = new Agent({ connect: { rejectUnauthorized: false } });
  const route = "GET /agent/v1/ca-certificate";
  try {
    const response = await request(new URL("agent/v1/ca-certificate", withSlash(apiUrl)), {
      dispatcher,
      signal,
      headersTimeout: 30_000,
      bodyTimeout: 30_000,
    });
    const text = await response.body.text();
    if (response.statusCode !== 200)
      throw new ProtocolError(`${route} answered ${response.statusCode}: ${text.slice(0, 200)}`);
    const pem = (JSON.parse(text) as { caCertificate?: unknown }).caCertificate;
    if (typeof pem !== "string") throw new ProtocolError(`${route}: the answer has no "caCertificate"`);
    const actual = certificateSha256(pem);
    if (actual !== pin)
      throw new Error(
        `the agent port at ${apiUrl} presented a CA certificate with SHA-256 ${actual}, but the enrolment token pins ${pin}: ` +
          "wrong URL, a man in the middle, or a token of another platform; nothing was sent",
      );
    return pem;
  } finally {
    await dispatcher.close();
  }
}

function withSlash(apiUrl: string): URL {
  const url = new URL(apiUrl);
  if (url.protocol !== "https:") throw new TypeError(`the API URL must be https://, got ${url.protocol}//`);
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url;
}
