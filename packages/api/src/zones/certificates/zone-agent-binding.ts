/** The organization, private load zone and agent a zone agent's certificate is bound to (ids, as strings). */
export interface ZoneAgentBinding {
  organizationId: string;
  zoneId: string;
  agentId: string;
}

const ID = /^[1-9][0-9]{0,15}$/;
const ZONE_AGENT_URI = /^barrage:\/\/org\/([^/]+)\/zone\/([^/]+)\/agent\/([^/]+)$/;

/**
 * The URI SAN of a zone agent's certificate: `barrage://org/<organizationId>/zone/<zoneId>/agent/<agentId>`.
 * Ids rather than names, so that a renamed zone cannot make a certificate name another one.
 *
 * @throws TypeError when a part is not an id
 */
export function zoneAgentUri(binding: ZoneAgentBinding): string {
  for (const key of ["organizationId", "zoneId", "agentId"] as const)
    if (!ID.test(binding[key]))
      throw new TypeError(`${key} ${JSON.stringify(binding[key])} is not an id of this platform`);
  return `barrage://org/${binding.organizationId}/zone/${binding.zoneId}/agent/${binding.agentId}`;
}

/** The subject common name of a zone agent's certificate: `zone-agent:<agentId>`. */
export function zoneAgentCommonName(agentId: string): string {
  return `zone-agent:${agentId}`;
}

/** The binding a zone agent URI names, or undefined when `uri` is not one. */
export function parseZoneAgentUri(uri: string): ZoneAgentBinding | undefined {
  const match = ZONE_AGENT_URI.exec(uri);
  if (!match) return undefined;
  const [, organizationId = "", zoneId = "", agentId = ""] = match;
  return [organizationId, zoneId, agentId].every((part) => ID.test(part))
    ? { organizationId, zoneId, agentId }
    : undefined;
}
