/**
 * The Barrage agent: the daemon on each load generator. It calls home with a one-time token,
 * gets a short-lived certificate for a key it generated, runs its execution segment of the test in
 * the runner as the coordinator commands, and streams metrics and heartbeats over mutual TLS.
 * `runZoneAgent` is the long-lived agent of a private zone, which runs one such agent per job.
 *
 * @example
 * const { exitCode } = await runAgent({ apiUrl, token, caCertificatePem, logger: consoleLogger, signal });
 * await runZoneAgent({ apiUrl, zone: "office", token: enrolmentToken, logger: consoleLogger, signal });
 */
export { type AgentOptions, type AgentTuning, runAgent } from "./agent.js";
export { type CliOptions, parseCliOptions, readCaCertificate } from "./cli-options.js";
export { AGENT_VERSION } from "./version.js";
export { runZoneAgent, type ZoneAgentOptions, type ZoneAgentTuning } from "./zone/index.js";
