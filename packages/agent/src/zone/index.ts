/**
 * The long-lived agent of a private zone (`barrage agent`): enrols with the zone's token, keeps an
 * outbound long poll open for work, and runs each run instance it is given with `runAgent`.
 */
export { caPinOf, certificateSha256, fetchPinnedCa } from "./pinned-ca.js";
export { runZoneAgent, type ZoneAgentOptions, type ZoneAgentTuning } from "./zone-agent.js";
