import type { IncomingMessage } from "node:http";
import type { PeerCertificate, TLSSocket } from "node:tls";
import { AgentIdentityError } from "../ca/index.js";
import { HttpError } from "./http-exchange.js";

/** Identity problems that a new certificate (calling home or enrolling again) would cure: 401. Others are 403. */
const UNAUTHENTICATED = new Set(["no-certificate", "expired", "not-yet-valid"]);

/**
 * What a request's client certificate says, read with `identify` (`identifyAgent`, or another kind's
 * reader): the certificate must have been verified by TLS against the platform CA, else 401; an
 * {@link AgentIdentityError} of `identify` becomes 401 when a new certificate would cure it, else 403.
 *
 * @example const identity = identifyPeer(req, identifyAgent);
 */
export function identifyPeer<T>(req: IncomingMessage, identify: (certificate: PeerCertificate) => T): T {
  const socket = req.socket as TLSSocket;
  if (!socket.authorized) {
    const why = socket.authorizationError ? String(socket.authorizationError) : "no certificate";
    throw new HttpError(401, `a client certificate from the platform CA is required (${why})`);
  }
  try {
    return identify(socket.getPeerCertificate());
  } catch (error) {
    if (!(error instanceof AgentIdentityError)) throw error;
    throw new HttpError(UNAUTHENTICATED.has(error.code) ? 401 : 403, error.message, {}, { cause: error });
  }
}
