import { sql } from "drizzle-orm";

/** What an agent of a private zone is doing, as listings show it. */
export const ZONE_AGENT_STATES = ["IDLE", "BUSY", "OFFLINE", "REVOKED"] as const;
/** One of {@link ZONE_AGENT_STATES}. */
export type ZoneAgentState = (typeof ZONE_AGENT_STATES)[number];

/** Between an agent's heartbeats, ms; told to the agent when it enrols. */
export const ZONE_HEARTBEAT_INTERVAL_MS = 5000;

/**
 * An agent not heard from for this long is OFFLINE, ms: three missed heartbeats. Its work poll,
 * held up to 25 s, is no sign of life on its own, which is why agents send heartbeats at all.
 */
export const ZONE_AGENT_OFFLINE_AFTER_MS = 3 * ZONE_HEARTBEAT_INTERVAL_MS;

/** `a` (a `zone_agents` row) has been heard from recently and did not say goodbye. */
export const AGENT_ONLINE = sql.raw(
  `(a.revoked_at is null and a.offline_at is null and a.last_seen_at > now() - interval '${ZONE_AGENT_OFFLINE_AFTER_MS} milliseconds')`,
);

/** `a` holds a job it has not closed yet (it asks for work again when it is done). */
export const AGENT_HOLDS_JOB = sql.raw(
  "exists (select 1 from zone_jobs j where j.agent_id = a.id and j.closed_at is null)",
);

/**
 * The state of the `zone_agents` row `a`: REVOKED once revoked; OFFLINE when it said goodbye or
 * was not heard from for {@link ZONE_AGENT_OFFLINE_AFTER_MS}; BUSY while it holds a job; else IDLE.
 */
export const AGENT_STATE = sql`case
  when a.revoked_at is not null then 'REVOKED'
  when not ${AGENT_ONLINE} then 'OFFLINE'
  when ${AGENT_HOLDS_JOB} then 'BUSY'
  else 'IDLE' end`;
