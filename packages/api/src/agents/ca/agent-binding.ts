/** The run, load zone and instance an agent certificate is bound to. */
export interface AgentBinding {
  runId: string;
  zone: string;
  instanceId: string;
}

/**
 * Ids, zone names ("amazon:us:ashburn") and instance ids ("i-0abc", UUIDs) all fit this. Keeping
 * "/" and anything that needs escaping out lets the URI below be parsed with one exact pattern.
 */
const COMPONENT = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const AGENT_URI = /^barrage:\/\/run\/([^/]+)\/zone\/([^/]+)\/instance\/([^/]+)$/;

/** Throws unless every part of the binding can be written into a certificate and read back unchanged. */
export function checkBinding(binding: AgentBinding): void {
  for (const key of ["runId", "zone", "instanceId"] as const) {
    const value = binding[key];
    if (typeof value !== "string" || !COMPONENT.test(value))
      throw new TypeError(
        `${key} ${JSON.stringify(value)} cannot be bound into an agent certificate: use 1 to 64 characters of A-Z a-z 0-9 . _ : - starting with a letter or digit`,
      );
  }
}

/** The URI SAN of an agent certificate: `barrage://run/<runId>/zone/<zone>/instance/<instanceId>`. */
export function agentUri(binding: AgentBinding): string {
  return `barrage://run/${binding.runId}/zone/${binding.zone}/instance/${binding.instanceId}`;
}

/** The subject common name of an agent certificate: `agent:<instanceId>`. */
export function agentCommonName(instanceId: string): string {
  return `agent:${instanceId}`;
}

/** The binding an agent URI names, or undefined when `uri` is not one. */
export function parseAgentUri(uri: string): AgentBinding | undefined {
  const match = AGENT_URI.exec(uri);
  if (!match) return undefined;
  const [, runId = "", zone = "", instanceId = ""] = match;
  const binding = { runId, zone, instanceId };
  return [runId, zone, instanceId].every((part) => COMPONENT.test(part)) ? binding : undefined;
}
