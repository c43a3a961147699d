import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import type pg from "pg";
import type { InstanceState } from "../../db/schema/runs.js";
import { AgentIdentityError, identifyAgent } from "../ca/index.js";
import { HttpError } from "./http-exchange.js";

/** The instance an authenticated request comes from, as the database knows it. */
export interface AgentPrincipal {
  runId: number;
  instanceId: number;
  zone: string;
  state: InstanceState;
}

/** Identity problems that a new certificate (calling home again) would cure: 401. Others are 403. */
const UNAUTHENTICATED = new Set(["no-certificate", "expired", "not-yet-valid"]);
const ID = /^[1-9][0-9]{0,15}$/;

/**
 * Authenticates a request on the agent port (docs/platform.md): a client certificate that TLS
 * verified against the platform CA and that is still valid (else 401), bound to an instance that
 * exists, belongs to the run and zone the certificate names, still holds this certificate (a
 * newer one revokes it) and was not released (else 403).
 */
export async function authenticateAgent(pool: pg.Pool, req: IncomingMessage): Promise<AgentPrincipal> {
  const socket = req.socket as TLSSocket;
  if (!socket.authorized) {
    const why = socket.authorizationError ? String(socket.authorizationError) : "no certificate";
    throw new HttpError(401, `a client certificate from the platform CA is required (${why})`);
  }
  let identity: ReturnType<typeof identifyAgent>;
  try {
    identity = identifyAgent(socket.getPeerCertificate());
  } catch (error) {
    if (!(error instanceof AgentIdentityError)) throw error;
    throw new HttpError(UNAUTHENTICATED.has(error.code) ? 401 : 403, error.message, {}, { cause: error });
  }
  if (!ID.test(identity.runId) || !ID.test(identity.instanceId))
    throw new HttpError(
      403,
      `the certificate names run "${identity.runId}", instance "${identity.instanceId}": not ids of this platform`,
    );
  const instanceId = Number(identity.instanceId);
  const { rows } = await pool.query<{
    run_id: string;
    state: InstanceState;
    cert_serial: string | null;
    zone: string;
  }>(
    `select i.run_id, i.state, i.cert_serial, z.name as zone
       from run_instances i join load_zones z on z.id = i.load_zone_id
      where i.id = $1`,
    [instanceId],
  );
  const instance = rows[0];
  if (!instance) throw new HttpError(403, `instance ${instanceId} does not exist`);
  const runId = Number(instance.run_id);
  if (String(runId) !== identity.runId || instance.zone !== identity.zone)
    throw new HttpError(
      403,
      `the certificate is bound to run ${identity.runId} in zone ${identity.zone}, but instance ${instanceId} is of run ${runId} in zone ${instance.zone}`,
    );
  if (instance.cert_serial !== identity.serial)
    throw new HttpError(403, `the certificate was revoked: instance ${instanceId} holds another one`);
  if (instance.state === "RELEASED")
    throw new HttpError(403, `instance ${instanceId} was released: run ${runId} is over for it`);
  return { runId, instanceId, zone: instance.zone, state: instance.state };
}
