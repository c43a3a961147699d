/**
 * The agent's HTTPS client for docs/platform.md's agent protocol: call-home with the bootstrap
 * token, then every route over mutual TLS, with retries on connection errors and 5xx.
 */
export { AgentClient, callHome, DEFAULT_RETRY_POLICIES, type RetryPolicies } from "./agent-client.js";
export { Backoff, DEFAULT_RETRY, type RetryPolicy, withRetry } from "./backoff.js";
export { AgentApiError, describeError, isRetryable, ProtocolError } from "./errors.js";
export type {
  Assignment,
  CallHomeAnswer,
  Command,
  Heartbeat,
  MetricDocument,
  SetupResult,
  StateReport,
  UnknownCommand,
} from "./protocol.js";
