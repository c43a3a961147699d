import { DEFAULT_AGENT_PACKAGE } from "./config.js";

/** What the user data of one instance carries. */
export interface AgentBootstrap {
  runId: string;
  instanceId: string;
  zone: string;
  /** The API's agent endpoint, `https://host:port`. */
  apiUrl: string;
  caCertificatePem: string;
  /** Secret: one-time token of this instance. */
  bootstrapToken: string;
  /** Shell commands that install the agent; default {@link defaultAgentInstallScript}. */
  agentInstallScript?: string;
}

/**
 * EC2 refuses user data over 16 KB (before base64).
 *
 * @example
 * if (script.length > MAX_USER_DATA_BYTES) shortenTheInstallScript();
 */
export const MAX_USER_DATA_BYTES = 16 * 1024;

/**
 * The default install step: the agent from npm, unless the image already has `barrage-agent`
 * on the PATH (the fast path: bake it into the AMI). Needs Node.js 20 on the image.
 *
 * @example
 * defaultAgentInstallScript("@barrage/agent@0.1.0");
 */
export function defaultAgentInstallScript(agentPackage: string = DEFAULT_AGENT_PACKAGE): string {
  return [
    "if ! command -v barrage-agent >/dev/null 2>&1; then",
    `  npm install --global --no-fund --no-audit ${shellQuote(agentPackage)}`,
    "fi",
  ].join("\n");
}

/**
 * The shell script cloud-init runs once, as root, at the instance's first boot. It installs the
 * agent, runs it in the foreground with `BARRAGE_API`, `BARRAGE_CA` (the PEM itself) and
 * `BARRAGE_TOKEN` in its environment only (a command line is readable by every user of the
 * machine; the agent drops the token from its environment at start), and powers the instance off
 * when the agent exits: launched with shutdown behaviour `terminate`, the instance then ends with
 * its agent, so nothing is billed for an instance whose agent is done, even if the platform is gone.
 * `BARRAGE_POWEROFF_COMMAND` replaces the power-off where that makes no sense (the emulator, which
 * runs this script on a developer's machine). Values are single-quoted, so no value can inject a
 * command, whatever it holds.
 *
 * @example
 * const script = renderUserData({ runId: "42", instanceId: "7", zone: "amazon:us:ashburn", apiUrl, caCertificatePem, bootstrapToken });
 */
export function renderUserData(bootstrap: AgentBootstrap): string {
  const install = bootstrap.agentInstallScript ?? defaultAgentInstallScript();
  return `#!/bin/bash
# Barrage agent of run ${oneLine(bootstrap.runId)}, instance ${oneLine(bootstrap.instanceId)}, zone ${oneLine(bootstrap.zone)}.
# Run once by cloud-init as root. Never add "set -x": the environment below holds a secret.
set -uo pipefail
umask 077
export HOME="\${HOME:-/root}"
export PATH="\${PATH:-/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin}"

install_agent() {
  : # an empty install step is valid
${install}
}

if install_agent; then
  echo "barrage: starting the agent"
  BARRAGE_API=${shellQuote(bootstrap.apiUrl)} \\
  BARRAGE_CA=${shellQuote(bootstrap.caCertificatePem)} \\
  BARRAGE_TOKEN=${shellQuote(bootstrap.bootstrapToken)} \\
    barrage-agent
  status=$?
  echo "barrage: the agent exited with status $status"
else
  status=$?
  echo "barrage: installing the agent failed with status $status" >&2
fi
# The instance ends with its agent (shutdown behaviour "terminate").
\${BARRAGE_POWEROFF_COMMAND:-shutdown -h now}
exit "$status"
`;
}

/**
 * The script as RunInstances takes it: base64 (the v3 SDK does not encode it). Throws when it is
 * over EC2's 16 KB limit, naming the size, rather than letting EC2 refuse it without saying why.
 *
 * @example
 * const UserData = encodeUserData(renderUserData(bootstrap));
 */
export function encodeUserData(script: string): string {
  const bytes = Buffer.from(script, "utf8");
  if (bytes.length > MAX_USER_DATA_BYTES)
    throw new Error(
      `the user data is ${bytes.length} bytes, over EC2's limit of ${MAX_USER_DATA_BYTES}: shorten the agent install script or the CA certificate chain`,
    );
  return bytes.toString("base64");
}

/**
 * Quotes a value for a POSIX shell: inside single quotes nothing is special but the quote itself.
 *
 * @example
 * shellQuote("it's"); // 'it'\''s'
 */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Ids go into a comment line: keep them on it. */
function oneLine(value: string): string {
  return value.replace(/[\r\n]/g, " ");
}
