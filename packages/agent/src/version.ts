/** This agent's version, reported by the agents of private zones with every heartbeat (package.json's). */
export const AGENT_VERSION = "0.1.0";
