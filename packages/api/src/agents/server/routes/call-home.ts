import { createHash, X509Certificate } from "node:crypto";
import { sql } from "drizzle-orm";
import type { InstanceState } from "../../../db/schema/runs.js";
import { isTerminal, type RunStatus } from "../../../runs/status.js";
import { CsrRejectedError, identifyAgent, signAgentCsr } from "../../ca/index.js";
import { notifyAgentEvent } from "../../channels.js";
import type { AgentPort } from "../agent-port.js";
import { objectBody, stringField } from "../body-fields.js";
import { HttpError, type Reply } from "../http-exchange.js";

/** States an instance has before it called home: its token is still unused. */
const NOT_CALLED_HOME: readonly InstanceState[] = ["REQUESTED", "STARTING"];

/**
 * `POST /agent/v1/call-home` `{token, csr}`: the one route without a client certificate. The
 * instance is found by the SHA-256 of its one-time bootstrap token (only the hash is stored). In one
 * transaction, under the instance's row lock so that two calls with one token cannot both win: the
 * CSR is signed into a certificate bound to the instance's run, zone and instance, the
 * certificate's serial is stored (a request with any other certificate of the instance is refused
 * from then on), and the instance becomes CALLED_HOME, which consumes the token. A CSR that cannot
 * be signed leaves the token unused.
 */
export async function callHome(port: AgentPort, rawBody: unknown): Promise<Reply> {
  const route = "POST /agent/v1/call-home";
  const body = objectBody(rawBody, route);
  const token = stringField(body, "token", { maxLength: 512 }) as string;
  const csr = stringField(body, "csr", { maxLength: 16 * 1024 }) as string;
  const tokenHash = createHash("sha256").update(token).digest("hex");
  const answer = await port.db.transaction(async (tx) => {
    const found = await tx.execute<{
      id: string;
      run_id: string;
      state: InstanceState;
      zone: string;
      status: RunStatus;
    }>(sql`
      select i.id, i.run_id, i.state, z.name as zone, t.status
        from run_instances i
        join load_zones z on z.id = i.load_zone_id
        join test_runs t on t.id = i.run_id
       where i.bootstrap_token_hash = ${tokenHash}
         for update of i`);
    const instance = found.rows[0];
    if (!instance) throw new HttpError(401, "unknown bootstrap token");
    if (!NOT_CALLED_HOME.includes(instance.state))
      throw new HttpError(401, "this bootstrap token was already used: an instance calls home once");
    if (isTerminal(instance.status))
      throw new HttpError(
        403,
        `run ${instance.run_id} is over (${instance.status}); this instance is no longer needed`,
      );
    let certificate: string;
    try {
      certificate = await signAgentCsr(port.ca, csr, {
        runId: instance.run_id,
        zone: instance.zone,
        instanceId: instance.id,
        ttlMs: port.certificateTtlMs,
      });
    } catch (error) {
      if (error instanceof CsrRejectedError) throw new HttpError(400, error.message, {}, { cause: error });
      throw error;
    }
    const { serial } = identifyAgent(new X509Certificate(certificate));
    await tx.execute(sql`
      update run_instances set state = 'CALLED_HOME', cert_serial = ${serial}, last_heartbeat_at = now()
       where id = ${instance.id}`);
    await notifyAgentEvent(tx, Number(instance.run_id));
    return {
      certificate,
      caCertificate: port.ca.certificatePem,
      runId: instance.run_id,
      instanceId: instance.id,
      zone: instance.zone,
    };
  });
  port.logger.info(`agent port: instance ${answer.instanceId} of run ${answer.runId} called home`);
  return { status: 200, json: answer };
}
