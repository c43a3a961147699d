/** Running this instance's share of the test in the runner, as the coordinator commands. */
export { AGENT_ERROR_EXIT_CODE, exitCodeOf } from "./exit-code.js";
export { type FollowOptions, followCommands } from "./follow-commands.js";
export { RunnerSession, type SessionPlan } from "./runner-session.js";
export { waitUntil } from "./start-at.js";
export { StateReporter } from "./state-reporter.js";
