import type { SelfAuthenticatingRequest } from "../../agents/server/agent-port.js";
import type { Reply } from "../../agents/server/http-exchange.js";

/**
 * `GET /agent/v1/ca-certificate`, without a client certificate: the platform CA certificate (public).
 * An agent given only an enrolment token fetches it before trusting anything, checks it against the
 * SHA-256 pinned in the token, and only then verifies the agent port with it and sends the token.
 */
export async function caCertificate({ port }: SelfAuthenticatingRequest): Promise<Reply> {
  return { status: 200, json: { caCertificate: port.ca.certificatePem } };
}
