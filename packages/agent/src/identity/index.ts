/** The agent's identity: its own key pair, the CSR it sends at call-home, and the check of what comes back. */
export { AgentKey } from "./agent-key.js";
export { checkIssuedCertificate } from "./issued-certificate.js";
