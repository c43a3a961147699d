/**
 * Private load zones (README.md here): an organization registers a zone and gets an enrolment
 * token; `barrage agent` on its machines enrols (own key, CSR, certificate bound to organization,
 * zone and agent), keeps an outbound long poll open and takes the run instances the `private`
 * provider queues for the zone, one at a time.
 *
 * @example
 * const zones = await startZoneAgentRoutes({ pool, ca, logger });                 // agent port side
 * const agentServer = await startAgentServer({ ..., extraRoutes: zones.routes });
 * const providers = new Map([["local", local], ["private", new PrivateZoneProvider({ pool })]]);
 * const { zone, enrolmentToken } = await createPrivateLoadZone(db, organizationId, { name: "office", vusPerAgent: 200 });
 */

export { startZoneAgentRoutes, type ZoneAgentRoutes } from "./agent-routes/index.js";
export { ZONE_AGENT_OFFLINE_AFTER_MS, ZONE_AGENT_STATES, type ZoneAgentState } from "./agent-state.js";
export {
  type CreatePrivateLoadZoneInput,
  createPrivateLoadZone,
  type PrivateLoadZoneEnrolment,
} from "./create-private-load-zone.js";
export { PrivateZoneProvider } from "./provider/private-provider.js";
export { type EnrolmentTokenInfo, enrolmentTokenInfo } from "./store/enrolment-token-info.js";
export { findLoadZone, findPrivateZone, listLoadZones } from "./store/find-load-zones.js";
export { issueEnrolmentToken } from "./store/issue-enrolment-token.js";
export { findZoneAgent, listZoneAgents } from "./store/list-zone-agents.js";
export { revokeEnrolmentToken } from "./store/revoke-enrolment-token.js";
export { revokeZoneAgent } from "./store/revoke-zone-agent.js";
export type { LoadZoneRecord, ZoneAgentRecord } from "./store/zone-records.js";
