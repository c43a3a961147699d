import type { IncomingMessage } from "node:http";
import type { PeerCertificate, TLSSocket } from "node:tls";
import { AgentIdentityError } from "../ca/index.js";
import { HttpError } from "./http-exchange.js";

/** Identity problems that a new certificate (calling home or enrolling again) would cure: 401. Others are 403. */
const UNAUTHENTICATED = new Set(["no-certificate", "expired", "not-yet-valid"]);

/**
 * Identities already read from a connection's certificate, per reader. A keep-alive connection keeps
 * its certificate, and parsing it (ASN.1) was a quarter of the agent port's CPU per metric batch.
 */
const readOnConnection = new WeakMap<TLSSocket, Map<unknown, { identity: unknown; notAfterMs: number }>>();

/**
 * What a request's client certificate says, read with `identify` (`identifyAgent`, or another kind's
 * reader): the certificate must have been verified by TLS against the platform CA, else 401; an
 * {@link AgentIdentityError} of `identify` becomes 401 when a new certificate would cure it, else 403.
 * An identity with a `notAfter` is read once per connection and read again once that has passed,
 * so that an expired certificate is refused on a connection opened before it expired.
 *
 * @example const identity = identifyPeer(req, identifyAgent);
 */
export function identifyPeer<T>(req: IncomingMessage, identify: (certificate: PeerCertificate) => T): T {
  const socket = req.socket as TLSSocket;
  if (!socket.authorized) {
    const why = socket.authorizationError ? String(socket.authorizationError) : "no certificate";
    throw new HttpError(401, `a client certificate from the platform CA is required (${why})`);
  }
  const known = readOnConnection.get(socket)?.get(identify);
  if (known && Date.now() <= known.notAfterMs) return known.identity as T;
  let identity: T;
  try {
    identity = identify(socket.getPeerCertificate());
  } catch (error) {
    if (!(error instanceof AgentIdentityError)) throw error;
    throw new HttpError(UNAUTHENTICATED.has(error.code) ? 401 : 403, error.message, {}, { cause: error });
  }
  const notAfter = (identity as { notAfter?: unknown }).notAfter;
  if (notAfter instanceof Date) {
    const readers = readOnConnection.get(socket) ?? new Map();
    readers.set(identify, { identity, notAfterMs: notAfter.getTime() });
    readOnConnection.set(socket, readers);
  }
  return identity;
}
