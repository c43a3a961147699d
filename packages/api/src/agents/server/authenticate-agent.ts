import type { IncomingMessage } from "node:http";
import type pg from "pg";
import type { InstanceState } from "../../db/schema/runs.js";
import { identifyAgent } from "../ca/index.js";
import { HttpError } from "./http-exchange.js";
import { identifyPeer } from "./identify-peer.js";

/** The instance an authenticated request comes from, as the database knows it. */
export interface AgentPrincipal {
  runId: number;
  instanceId: number;
  zone: string;
  state: InstanceState;
}

const ID = /^[1-9][0-9]{0,15}$/;

/**
 * Authenticates a request on the agent port (docs/platform.md): a client certificate that TLS
 * verified against the platform CA and that is still valid (else 401), bound to an instance that
 * exists, belongs to the run and zone the certificate names, still holds this certificate (a
 * newer one revokes it), was not released and was not taken by an agent of a private zone that has
 * since been revoked (else 403).
 */
export async function authenticateAgent(pool: pg.Pool, req: IncomingMessage): Promise<AgentPrincipal> {
  const identity = identifyPeer(req, identifyAgent);
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
    revoked_agent: string | null;
  }>(
    `select i.run_id, i.state, i.cert_serial, z.name as zone,
            (select a.id from zone_jobs j join zone_agents a on a.id = j.agent_id
              where j.instance_id = i.id and a.revoked_at is not null) as revoked_agent
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
  if (instance.revoked_agent !== null)
    throw new HttpError(
      403,
      `agent ${instance.revoked_agent} of private zone ${instance.zone}, which took instance ${instanceId}, was revoked`,
    );
  if (instance.state === "RELEASED")
    throw new HttpError(403, `instance ${instanceId} was released: run ${runId} is over for it`);
  return { runId, instanceId, zone: instance.zone, state: instance.state };
}
