import { readCaCertificate, runZoneAgent } from "@barrage/agent";
import { consoleLogger, type Logger } from "@barrage/runner";
import { type Command, InvalidArgumentError } from "commander";

interface AgentFlags {
  zone: string;
  api: string;
  token?: string;
  ca?: string;
  name?: string;
  vus?: number;
  memoryLimit?: number;
}

/** Where `barrage agent` reads its settings and writes its log; the process's own by default. */
export interface AgentContext {
  env: NodeJS.ProcessEnv;
  stderr: NodeJS.WritableStream;
  logger: Logger;
  /** Aborting it (SIGINT, SIGTERM) stops the job in hand and ends the agent after saying goodbye. */
  signal?: AbortSignal;
}

/** The variable the enrolment token may come in: command lines are visible to every user of the machine. */
export const ENROLMENT_TOKEN_VARIABLE = "BARRAGE_ENROLMENT_TOKEN";

/** `barrage agent --zone NAME --api URL`: runs this machine as an agent of a private load zone. */
export function registerAgentCommand(program: Command): void {
  program
    .command("agent")
    .description(
      "run this machine as an agent of a private load zone: enrol, then take the zone's run instances one at a time (outbound connections only)",
    )
    .requiredOption("--zone <name>", "the private zone to join, as createPrivateLoadZone named it")
    .requiredOption("--api <url>", "the platform's agent port, e.g. https://barrage.example.com:4443")
    .option(
      "--token <token>",
      `the zone's enrolment token (brz_...); prefer ${ENROLMENT_TOKEN_VARIABLE}, since command lines are visible to every user`,
    )
    .option(
      "--ca <file>",
      "the platform CA certificate (PEM); default: fetched from the agent port and checked against the token's pin",
    )
    .option("--name <name>", "how the agent is listed (default: the host name)")
    .option(
      "--vus <n>",
      "the most VUs this machine runs in one instance (default: the zone's VUs per agent)",
      positive,
    )
    .option(
      "--memory-limit <size>",
      "the memory this agent may use on a machine it shares, e.g. 512MB or 2GB; the platform warns when a test nears it (default: the machine's, or its container's limit)",
      byteSize,
    )
    .action(async (flags: AgentFlags) => {
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      try {
        process.exitCode = await agentCommand(flags, {
          env: process.env,
          stderr: process.stderr,
          logger: consoleLogger,
          signal: stop.signal,
        });
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
    });
}

/**
 * Runs the agent until `signal` aborts (exit code 0) or the platform refuses it: revoked, unknown
 * token, token of another zone, CA not matching the token's pin (exit code 1, with the reason).
 * The token is taken out of the environment first, so that no test script run here can read it.
 */
export async function agentCommand(flags: AgentFlags, context: AgentContext): Promise<number> {
  const token = flags.token ?? context.env[ENROLMENT_TOKEN_VARIABLE];
  delete context.env[ENROLMENT_TOKEN_VARIABLE];
  if (!token) {
    context.stderr.write(
      `barrage agent: give the zone's enrolment token in ${ENROLMENT_TOKEN_VARIABLE} (or --token)\n`,
    );
    return 2;
  }
  try {
    const caCertificatePem = flags.ca ? await readCaCertificate(flags.ca, true) : undefined;
    await runZoneAgent({
      apiUrl: flags.api,
      zone: flags.zone,
      token,
      ...(caCertificatePem && { caCertificatePem }),
      ...(flags.name && { name: flags.name }),
      ...(flags.vus !== undefined && { capacityVus: flags.vus }),
      ...(flags.memoryLimit !== undefined && { memoryBudgetBytes: flags.memoryLimit }),
      logger: context.logger,
      ...(context.signal && { signal: context.signal }),
    });
    return 0;
  } catch (error) {
    context.stderr.write(`barrage agent: ${(error as Error).message}\n`);
    return 1;
  }
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`"${value}" is not a whole number >= 1`);
  return n;
}

const BYTE_UNITS: Readonly<Record<string, number>> = {
  "": 1,
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  KIB: 1024,
  MIB: 1024 ** 2,
  GIB: 1024 ** 3,
};

/** A size such as `512MB`, `2GB`, `1.5GiB` or a number of bytes. */
export function byteSize(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  const factor = match ? BYTE_UNITS[(match[2] ?? "").toUpperCase()] : undefined;
  const bytes = match && factor !== undefined ? Math.round(Number(match[1]) * factor) : Number.NaN;
  if (!(bytes > 0)) throw new InvalidArgumentError("give a size such as 512MB, 2GB or 1.5GiB");
  return bytes;
}
