import type { SelfAuthenticatingRequest } from "../../agents/server/agent-port.js";
import { HttpError, type Reply } from "../../agents/server/http-exchange.js";
import type { PollWaiters } from "../../agents/server/poll-waiters.js";
import { takeWork, ZoneAgentRevokedError } from "../store/take-work.js";
import { authenticateZoneAgent } from "./authenticate-zone-agent.js";

/**
 * `GET /agent/v1/zone/work`, the idle agent's long poll: at once `{job: {runId, instanceId,
 * bootstrapToken}}` when the zone has a job for it (see `takeWork`), else as soon as one is queued,
 * else `{job: null}` after the hold (25 s). The agent's connection is outbound, so nothing on the
 * user's network needs to accept connections. Every wake re-authenticates: a revocation answers
 * 403 at once, even to a poll already held.
 */
export function work(waiters: PollWaiters) {
  return async ({ port, req, signal }: SelfAuthenticatingRequest): Promise<Reply> => {
    const deadline = Date.now() + port.pollHoldMs;
    for (;;) {
      const agent = await authenticateZoneAgent(port.db, req);
      let job: Awaited<ReturnType<typeof takeWork>>;
      try {
        job = await takeWork(port.db, agent);
      } catch (error) {
        if (error instanceof ZoneAgentRevokedError)
          throw new HttpError(403, error.message, {}, { cause: error });
        throw error;
      }
      const left = deadline - Date.now();
      if (job || left <= 0 || signal.aborted)
        return {
          status: 200,
          json: {
            job: job
              ? {
                  runId: String(job.runId),
                  instanceId: String(job.instanceId),
                  bootstrapToken: job.bootstrapToken,
                }
              : null,
          },
        };
      await waiters.wait(agent.zoneId, left, signal);
    }
  };
}
