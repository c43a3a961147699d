export type { IngestFunction } from "./agent-port.js";
export { type AgentServer, type AgentServerOptions, startAgentServer } from "./start-agent-server.js";
