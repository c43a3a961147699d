import type { Logger } from "@barrage/runner";
import type pg from "pg";
import type { CertificateAuthority } from "../../agents/ca/index.js";
import { listen } from "../../agents/pg-listener.js";
import type { SelfAuthenticatingRoute } from "../../agents/server/agent-port.js";
import { PollWaiters } from "../../agents/server/poll-waiters.js";
import { createDb } from "../../db/database.js";
import { ZONE_WORK_CHANNEL, zoneIdOfNotification } from "../channel.js";
import { recordPlatformCa } from "../store/platform-ca.js";
import { caCertificate } from "./ca-certificate.js";
import { enrol } from "./enrol.js";
import { goodbye } from "./goodbye.js";
import { heartbeat } from "./heartbeat.js";
import { renew } from "./renew.js";
import { work } from "./work.js";

/** The routes of private zones' agents on the agent port, and what keeps their long polls awake. */
export interface ZoneAgentRoutes {
  /** For `startAgentServer({ extraRoutes })`. */
  routes: Readonly<Record<string, SelfAuthenticatingRoute>>;
  /** Stops listening for queued work; held polls then answer at their hold. */
  close(): Promise<void>;
}

const KIB = 1024;

/**
 * Serves the agents of private zones on the agent port (docs/platform.md, "Private zone agents"):
 * the CA certificate and enrolment without a client certificate; heartbeats, the work long poll,
 * certificate renewal and goodbye with the zone agent's certificate. Listens on
 * `barrage_zone_work`, so that work queued by another process reaches held polls within
 * milliseconds, and records the CA certificate in the database for the API to pin in enrolment
 * tokens.
 *
 * @example
 * const zones = await startZoneAgentRoutes({ pool, ca, logger });
 * const agentServer = await startAgentServer({ pool, ca, objectStore, host, port, extraRoutes: zones.routes });
 */
export async function startZoneAgentRoutes(options: {
  pool: pg.Pool;
  ca: CertificateAuthority;
  logger: Logger;
}): Promise<ZoneAgentRoutes> {
  await recordPlatformCa(createDb(options.pool), options.ca.certificatePem);
  const waiters = new PollWaiters();
  const listener = await listen(
    options.pool,
    [ZONE_WORK_CHANNEL],
    (_channel, payload) => {
      const zoneId = zoneIdOfNotification(payload);
      if (zoneId !== undefined) waiters.wake(zoneId);
    },
    { onResume: () => waiters.wakeAll(), log: (message) => options.logger.warn(`private zones: ${message}`) },
  );
  return {
    routes: {
      "GET /agent/v1/ca-certificate": { handle: caCertificate },
      "POST /agent/v1/zone/enrol": { handle: enrol, bodyLimit: 32 * KIB },
      "POST /agent/v1/zone/renew": { handle: renew, bodyLimit: 32 * KIB },
      "POST /agent/v1/zone/heartbeat": { handle: heartbeat, bodyLimit: 4 * KIB },
      "POST /agent/v1/zone/goodbye": { handle: goodbye, bodyLimit: 1 * KIB },
      "GET /agent/v1/zone/work": { handle: work(waiters) },
    },
    close: async () => {
      waiters.wakeAll();
      await listener.close();
    },
  };
}
