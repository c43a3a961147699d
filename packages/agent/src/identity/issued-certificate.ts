import type { AgentKey } from "./agent-key.js";
import * as x509 from "./x509.js";

/**
 * Checks the certificate call-home returned before the agent relies on it: it must certify the
 * agent's own key and be signed by the CA the agent trusts. A mismatch here would otherwise surface
 * later as an opaque TLS handshake failure on every request.
 */
export async function checkIssuedCertificate(
  key: AgentKey,
  certificatePem: string,
  caCertificatePem: string,
): Promise<void> {
  let certificate: x509.X509Certificate;
  try {
    certificate = new x509.X509Certificate(certificatePem);
  } catch (error) {
    throw new Error(
      `call-home answered with a certificate that cannot be parsed: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  if (!(await key.certifies(certificatePem)))
    throw new Error(
      `call-home answered with a certificate for another key (subject "${certificate.subject}")`,
    );
  const ca = new x509.X509Certificate(caCertificatePem);
  if (!(await certificate.verify({ publicKey: ca.publicKey, signatureOnly: true })))
    throw new Error(
      `call-home answered with a certificate issued by "${certificate.issuer}" that the CA "${ca.subject}" did not sign`,
    );
}
