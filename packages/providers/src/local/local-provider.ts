import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, open } from "node:fs/promises";
import { join } from "node:path";
import { resolveAgentBin } from "../agent-bin.js";
import type {
  AllocatedInstance,
  AllocationRequest,
  InstanceStatus,
  InstanceToBoot,
  LoadZoneProvider,
  ZoneDescription,
} from "../provider.js";

/** Options of the local provider. */
export interface LocalProviderOptions {
  /** Each agent writes its output to `<logDirectory>/run-<runId>/instance-<instanceId>.log`. */
  logDirectory: string;
  /** The agent's entry script; by default `@barrage/agent`'s `bin/barrage-agent.js`. */
  agentBin?: string;
  /** How long `release` waits after SIGTERM before SIGKILL, ms (default 10 s). */
  killGraceMs?: number;
  /**
   * Extra environment of every agent (e.g. `NODE_OPTIONS`). Agents do not inherit this process's
   * environment, which may hold the database URL and other secrets.
   */
  env?: Record<string, string>;
}

/** The variables of this process an agent needs to run at all; nothing else is passed on. */
const INHERITED_ENV = ["PATH", "TMPDIR", "TZ", "LANG", "SYSTEMROOT"] as const;
const DEFAULT_KILL_GRACE_MS = 10_000;

/**
 * `node --import` this into each agent: it ends the agent when the IPC channel to this process
 * closes. `src/local/` and `dist/local/` sit at the same depth, so one path serves both.
 */
const PARENT_WATCH = new URL("../../preload/parent-watch.js", import.meta.url).href;

/** Every agent process of this process, whatever provider object started it, for the exit hook. */
const liveAgents = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Ends the agents when this process exits normally; the IPC watch covers the other ways to die. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const child of liveAgents) child.kill("SIGTERM");
  });
}

interface TrackedAgent {
  child: ChildProcess;
  exited: Promise<{ exitCode: number | null; signal: string | null }>;
  ended: { exitCode: number | null; signal: string | null } | undefined;
}

/**
 * The `local` load zone (design.md, "Running it"): every instance is a child process of this
 * process running `barrage-agent --api URL`, with its bootstrap token and the platform CA in its
 * environment (`BARRAGE_TOKEN`, `BARRAGE_CA` as PEM), never on its command line, which every user of
 * the machine can read. Agents are tracked and die with this process: on a normal exit through
 * an exit hook, on any other death through a closed IPC channel that each agent watches.
 *
 * @example
 * const provider = new LocalProvider({ logDirectory: join(stateDir, "agents") });
 * const started = await provider.allocate({ runId: "42", zone: "local", instances, apiUrl, caCertificatePem });
 */
export class LocalProvider implements LoadZoneProvider {
  readonly name = "local";
  readonly #options: LocalProviderOptions;
  readonly #agentBin: string;
  readonly #agents = new Map<string, TrackedAgent>();

  constructor(options: LocalProviderOptions) {
    this.#options = options;
    this.#agentBin = options.agentBin ?? resolveAgentBin();
  }

  async allocate(request: AllocationRequest): Promise<AllocatedInstance[]> {
    const directory = join(this.#options.logDirectory, `run-${safeFileName(request.runId)}`);
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const started: AllocatedInstance[] = [];
    try {
      for (const instance of request.instances) {
        const logPath = join(directory, `instance-${safeFileName(instance.instanceId)}.log`);
        const providerRef = await this.#start(request, instance, logPath);
        started.push({ instanceId: instance.instanceId, providerRef });
      }
    } catch (error) {
      await this.release(started.map((s) => s.providerRef));
      throw error;
    }
    return started;
  }

  async status(providerRef: string): Promise<InstanceStatus> {
    const agent = this.#agents.get(providerRef);
    if (!agent) return { state: "unknown" };
    return agent.ended ? { state: "exited", ...agent.ended } : { state: "running" };
  }

  /** SIGTERM (the agent stops its test and reports), SIGKILL after the grace; resolves once every process was reaped. */
  async release(providerRefs: readonly string[]): Promise<void> {
    const grace = this.#options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
    await Promise.all(
      providerRefs.map(async (ref) => {
        const agent = this.#agents.get(ref);
        if (!agent) return;
        if (!agent.ended) {
          agent.child.kill("SIGTERM");
          const timer = setTimeout(() => agent.child.kill("SIGKILL"), grace);
          await agent.exited;
          clearTimeout(timer);
        }
        this.#agents.delete(ref);
      }),
    );
  }

  async listZones(): Promise<ZoneDescription[]> {
    return [
      { name: "local", provider: this.name, description: "agents as processes on the platform's host" },
    ];
  }

  /** The process id behind a reference, while this provider tracks it (for operators and tests). */
  pid(providerRef: string): number | undefined {
    return this.#agents.get(providerRef)?.child.pid;
  }

  async #start(request: AllocationRequest, instance: InstanceToBoot, logPath: string): Promise<string> {
    const log = await open(logPath, "a", 0o600);
    let child: ChildProcess;
    try {
      child = spawn(process.execPath, ["--import", PARENT_WATCH, this.#agentBin, "--api", request.apiUrl], {
        env: {
          ...inheritedEnv(),
          ...this.#options.env,
          BARRAGE_TOKEN: instance.bootstrapToken,
          BARRAGE_CA: request.caCertificatePem,
        },
        stdio: ["ignore", log.fd, log.fd, "ipc"],
      });
      await once(child, "spawn");
    } catch (error) {
      throw new Error(
        `cannot start the agent of run ${request.runId}, instance ${instance.instanceId}: ${(error as Error).message}`,
        { cause: error },
      );
    } finally {
      // The child has its own copy of the descriptor.
      await log.close();
    }
    const pid = child.pid as number;
    const providerRef = `local:${pid}`;
    const agent: TrackedAgent = {
      child,
      ended: undefined,
      exited: new Promise((resolve) => {
        child.once("exit", (exitCode, signal) => {
          agent.ended = { exitCode, signal };
          liveAgents.delete(child);
          resolve(agent.ended);
        });
      }),
    };
    // Nothing is ever sent over the channel; it exists so that the agent notices when this process dies.
    child.channel?.unref();
    liveAgents.add(child);
    installExitHook();
    this.#agents.set(providerRef, agent);
    return providerRef;
  }
}

function inheritedEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED_ENV) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** Ids become file names: refuse anything that could leave the log directory. */
function safeFileName(id: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/.test(id))
    throw new TypeError(
      `${JSON.stringify(id)} cannot name a log file: use 1 to 64 characters of A-Z a-z 0-9 . _ : - starting with a letter or digit`,
    );
  return id;
}
