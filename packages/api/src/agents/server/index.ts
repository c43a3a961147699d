export type {
  AgentPort,
  IngestFunction,
  SelfAuthenticatingRequest,
  SelfAuthenticatingRoute,
} from "./agent-port.js";
export { type AgentServer, type AgentServerOptions, startAgentServer } from "./start-agent-server.js";
