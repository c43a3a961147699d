import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveAgentBin } from "../../agent-bin.js";
import { shellQuote } from "../user-data.js";
import { type FaultRule, Faults } from "./faults.js";
import { checkFilters, matchesFilters } from "./filters.js";
import { list, filters as readFilters, tagSpecifications } from "./query-params.js";
import { startUserData, type UserDataProcess } from "./user-data-process.js";
import { actionResponse, element, errorResponse } from "./xml.js";

/** Options of {@link startEc2Emulator}. */
export interface Ec2EmulatorOptions {
  /** What `barrage-agent` runs on the instances: the agent's entry script (default `@barrage/agent`'s bin). */
  agentBin?: string;
  /** Extra environment of every instance's user data, e.g. `NODE_OPTIONS`. */
  env?: Record<string, string>;
  /** How long an instance stays `pending` before its user data starts, ms (default 50). */
  bootDelayMs?: number;
  /** On TerminateInstances, SIGTERM to the instance's processes, then SIGKILL after this, ms (default 5 s). */
  killGraceMs?: number;
  /** Where instance directories (user data, console log) go; default a temporary directory that `close` removes. */
  stateDirectory?: string;
}

/** One call the emulator received, for assertions. */
export interface RecordedRequest {
  action: string;
  region: string;
  params: URLSearchParams;
  /** The error code it was answered with, when it failed. */
  errorCode?: string;
}

/** An emulated instance as a test sees it. */
export interface EmulatedInstance {
  instanceId: string;
  region: string;
  state: InstanceStateName;
  instanceType: string;
  imageId: string | undefined;
  subnetId: string | undefined;
  tags: Record<string, string>;
  /** The user data's process (group) id while it runs. */
  pid: number | undefined;
  /** The decoded user data. */
  userData: string | undefined;
  /** Holds `user-data` and `console.log` (the script's output). */
  directory: string;
}

/** EC2's instance states. */
export type InstanceStateName =
  | "pending"
  | "running"
  | "shutting-down"
  | "terminated"
  | "stopping"
  | "stopped";
const STATE_CODES: Record<InstanceStateName, number> = {
  pending: 0,
  running: 16,
  "shutting-down": 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

interface Instance {
  instanceId: string;
  reservationId: string;
  region: string;
  state: InstanceStateName;
  stateReason: { code: string; message: string } | undefined;
  instanceType: string;
  imageId: string | undefined;
  subnetId: string | undefined;
  launchTime: Date;
  tags: Map<string, string>;
  userData: Buffer | undefined;
  shutdownBehavior: "stop" | "terminate";
  clientToken: string | undefined;
  directory: string;
  process: UserDataProcess | undefined;
  /** Settles when a termination has finished, so that `close` can wait for it. */
  stopping: Promise<void> | undefined;
}

/** An error answered to a call. */
class Ec2Fault extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
  ) {
    super(message);
  }
}

const OWNER_ID = "000000000000";
const ACCESS_KEY_ID = "AKIDEMULATOR";
const SECRET_ACCESS_KEY = "emulator-secret";
const INSTANCE_ID = /^i-[0-9a-f]{8}([0-9a-f]{9})?$/;

/**
 * A loopback emulator of the few EC2 Query API actions the `aws` provider uses — RunInstances,
 * DescribeInstances, TerminateInstances — speaking the real protocol (form-encoded POST, API
 * version 2016-11-15, XML answers in EC2's namespace, EC2's error shape and codes) to the real
 * `@aws-sdk/client-ec2`. The region of a call comes from its SigV4 credential scope, and instances
 * are kept per region. Each instance runs its user data as a local process group, with a
 * `barrage-agent` on the PATH that runs the local agent (so the user data's install step finds it
 * and installs nothing) and `BARRAGE_POWEROFF_COMMAND=true` (so the script's power-off does not
 * power off this machine); the instance goes `terminated` when its script ends (shutdown
 * behaviour `terminate`), and TerminateInstances kills the process group. Faults can be injected:
 * errors by action, region and subnet for N calls (throttling, capacity), and instances that never
 * leave `pending`.
 *
 * Not emulated: signatures are not verified (only that a call is signed), nor IAM, VPCs, AMIs,
 * quotas or the time a real instance takes to boot.
 *
 * @example
 * const emulator = await startEc2Emulator();
 * const provider = new AwsProvider({ platformId: "test", regions, clientConfig: emulator.clientConfig, pollIntervalMs: 50 });
 * emulator.insufficientCapacity({ region: "us-east-2" });
 * await emulator.close();
 */
export class Ec2Emulator {
  /** The endpoint to give the SDK client. */
  readonly url: string;
  /** Spread into `EC2ClientConfig` (or `AwsProviderConfig.clientConfig`): the endpoint and dummy credentials. */
  readonly clientConfig: { endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  /** Every call received, in order. */
  readonly requests: RecordedRequest[] = [];
  readonly #server: http.Server;
  readonly #options: Ec2EmulatorOptions;
  readonly #root: string;
  readonly #ownsRoot: boolean;
  readonly #shimDirectory: string;
  readonly #instances = new Map<string, Instance>();
  readonly #faults = new Faults();
  readonly #timers = new Set<NodeJS.Timeout>();
  #closed = false;

  private constructor(server: http.Server, options: Ec2EmulatorOptions, root: string, ownsRoot: boolean) {
    this.#server = server;
    this.#options = options;
    this.#root = root;
    this.#ownsRoot = ownsRoot;
    this.#shimDirectory = join(root, "bin");
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    this.clientConfig = {
      endpoint: this.url,
      credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
    };
  }

  /** Starts an emulator on 127.0.0.1 and a free port. */
  static async start(options: Ec2EmulatorOptions = {}): Promise<Ec2Emulator> {
    const root = options.stateDirectory ?? (await mkdtemp(join(tmpdir(), "barrage-ec2-emulator-")));
    await mkdir(root, { recursive: true, mode: 0o700 });
    await chmod(root, 0o700);
    const server = http.createServer();
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const emulator = new Ec2Emulator(server, options, root, options.stateDirectory === undefined);
    server.on("request", (req, res) => emulator.#handle(req, res));
    await emulator.#writeShims(options.agentBin ?? resolveAgentBin());
    return emulator;
  }

  /** Any error for matching calls; see {@link FaultRule}. */
  injectFault(rule: FaultRule): void {
    this.#faults.add(rule);
  }

  /** The next `times` matching calls are throttled (`RequestLimitExceeded`, HTTP 503). */
  throttle(options: { action?: string; region?: string; times: number }): void {
    this.#faults.add({ ...options, code: "RequestLimitExceeded" });
  }

  /** RunInstances in the region (or one subnet of it) answers `InsufficientInstanceCapacity`, `times` times (always by default). */
  insufficientCapacity(options: { region: string; subnetId?: string; times?: number }): void {
    this.#faults.add({ ...options, action: "RunInstances", code: "InsufficientInstanceCapacity" });
  }

  /** Instances launched from now on in the region (every region when not given) never leave `pending`. */
  stayPending(region?: string): void {
    this.#faults.stayPending(region);
  }

  clearFaults(): void {
    this.#faults.clear();
  }

  /** Every instance, or those of one region, launch order. */
  instances(filter: { region?: string } = {}): EmulatedInstance[] {
    return [...this.#instances.values()]
      .filter((i) => filter.region === undefined || i.region === filter.region)
      .map((i) => this.#view(i));
  }

  instance(instanceId: string): EmulatedInstance | undefined {
    const instance = this.#instances.get(instanceId);
    return instance ? this.#view(instance) : undefined;
  }

  /** What the instance's user data printed (EC2's GetConsoleOutput, roughly). */
  async consoleOutput(instanceId: string): Promise<string> {
    const instance = this.#instances.get(instanceId);
    if (!instance) throw new Error(`no instance ${instanceId}`);
    return readFile(join(instance.directory, "console.log"), "utf8").catch(() => "");
  }

  /** Terminates every instance (killing its processes), stops the server, removes its temporary files. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    for (const instance of this.#instances.values())
      if (instance.state !== "terminated") this.#terminate(instance, "Client.UserInitiatedShutdown");
    await Promise.all([...this.#instances.values()].map((i) => i.stopping));
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    if (this.#ownsRoot) await rm(this.#root, { recursive: true, force: true });
  }

  #handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const params = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const action = params.get("Action") ?? "";
      // The SDK signs every call with SigV4; its credential scope names the region.
      const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/ec2\/aws4_request/.exec(
        req.headers.authorization ?? "",
      );
      const region = scope?.[1] ?? "";
      const recorded: RecordedRequest = { action, region, params };
      this.requests.push(recorded);
      let body: string;
      let status = 200;
      try {
        if (req.method !== "POST")
          throw new Ec2Fault("InvalidAction", "the emulator takes POST requests only");
        if (!scope)
          throw new Ec2Fault(
            "AuthFailure",
            "AWS was not able to validate the provided access credentials",
            401,
          );
        if (params.get("Version") !== "2016-11-15")
          throw new Ec2Fault("NoSuchVersion", `An unknown version '${params.get("Version")}' was specified.`);
        const fault = this.#faults.take(action, region, params);
        if (fault) throw new Ec2Fault(fault.code, fault.message, fault.httpStatus);
        body = actionResponse(action, this.#dispatch(action, region, params));
      } catch (error) {
        const fault =
          error instanceof Ec2Fault ? error : new Ec2Fault("InternalError", (error as Error).message, 500);
        recorded.errorCode = fault.code;
        status = fault.httpStatus;
        body = errorResponse(fault.code, fault.message);
      }
      res.writeHead(status, { "content-type": "text/xml;charset=UTF-8" });
      res.end(body);
    });
  }

  #dispatch(action: string, region: string, params: URLSearchParams): string {
    switch (action) {
      case "RunInstances":
        return this.#runInstances(region, params);
      case "DescribeInstances":
        return this.#describeInstances(region, params);
      case "TerminateInstances":
        return this.#terminateInstances(region, params);
      default:
        throw new Ec2Fault("InvalidAction", `The action ${action} is not valid for this web service.`);
    }
  }

  #runInstances(region: string, params: URLSearchParams): string {
    const min = Number(params.get("MinCount"));
    const max = Number(params.get("MaxCount"));
    if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min)
      throw new Ec2Fault(
        "InvalidParameterValue",
        "MinCount and MaxCount must be positive, MinCount <= MaxCount",
      );
    const imageId = params.get("ImageId") ?? undefined;
    if (
      !imageId &&
      !params.has("LaunchTemplate.LaunchTemplateId") &&
      !params.has("LaunchTemplate.LaunchTemplateName")
    )
      throw new Ec2Fault("MissingParameter", "The request must contain the parameter ImageId");
    const clientToken = params.get("ClientToken") ?? undefined;
    if (clientToken) {
      // Idempotency: the same token in the same region answers the instances it launched then.
      const earlier = [...this.#instances.values()].filter(
        (i) => i.region === region && i.clientToken === clientToken,
      );
      if (earlier.length > 0) return reservationBody(earlier);
    }
    const tags = new Map(
      tagSpecifications(params)
        .filter((s) => s.resourceType === "instance")
        .flatMap((s) => s.tags.map((t) => [t.key, t.value] as const)),
    );
    const userData = params.get("UserData");
    const reservationId = `r-${randomBytes(9).toString("hex").slice(0, 17)}`;
    const launched: Instance[] = [];
    for (let n = 0; n < max; n++) {
      const instanceId = `i-${randomBytes(9).toString("hex").slice(0, 17)}`;
      const instance: Instance = {
        instanceId,
        reservationId,
        region,
        state: "pending",
        stateReason: undefined,
        instanceType: params.get("InstanceType") ?? "m1.small",
        imageId:
          imageId ??
          `ami-from-${params.get("LaunchTemplate.LaunchTemplateName") ?? params.get("LaunchTemplate.LaunchTemplateId")}`,
        subnetId: params.get("SubnetId") ?? undefined,
        launchTime: new Date(),
        tags: new Map(tags),
        userData: userData ? Buffer.from(userData, "base64") : undefined,
        shutdownBehavior:
          params.get("InstanceInitiatedShutdownBehavior") === "terminate" ? "terminate" : "stop",
        clientToken,
        directory: join(this.#root, instanceId),
        process: undefined,
        stopping: undefined,
      };
      this.#instances.set(instanceId, instance);
      launched.push(instance);
      if (!this.#faults.staysPending(region))
        this.#later(this.#options.bootDelayMs ?? 50, () => this.#boot(instance));
    }
    return reservationBody(launched);
  }

  #describeInstances(region: string, params: URLSearchParams): string {
    const ids = list(params, "InstanceId");
    const filters = readFilters(params);
    const invalid = checkFilters(filters);
    if (invalid) throw new Ec2Fault("InvalidParameterValue", invalid);
    const maxResults = params.get("MaxResults");
    if (maxResults !== null && ids.length > 0)
      throw new Ec2Fault(
        "InvalidParameterCombination",
        "The parameter instancesSet cannot be used with the parameter maxResults",
      );
    const inRegion = this.#known(region, ids);
    let matching = (
      ids.length > 0 ? inRegion : [...this.#instances.values()].filter((i) => i.region === region)
    ).filter((i) => matchesFilters({ ...i, tags: i.tags }, filters));
    // Pages: the token is the offset of the next page.
    const offset = Number(params.get("NextToken") ?? "0") || 0;
    const size =
      maxResults === null ? Number.POSITIVE_INFINITY : Math.min(1000, Math.max(5, Number(maxResults)));
    const next = offset + size < matching.length ? String(offset + size) : undefined;
    matching = matching.slice(offset, offset + size);
    const byReservation = new Map<string, Instance[]>();
    for (const i of matching)
      byReservation.set(i.reservationId, [...(byReservation.get(i.reservationId) ?? []), i]);
    const reservations = [...byReservation.values()]
      .map((group) => `<item>${reservationBody(group)}</item>`)
      .join("");
    return `<reservationSet>${reservations}</reservationSet>${element("nextToken", next)}`;
  }

  #terminateInstances(region: string, params: URLSearchParams): string {
    const ids = list(params, "InstanceId");
    if (ids.length === 0)
      throw new Ec2Fault("MissingParameter", "The request must contain the parameter InstanceId");
    const items = this.#known(region, ids).map((instance) => {
      const previous = instance.state;
      if (previous !== "terminated" && previous !== "shutting-down")
        this.#terminate(instance, "Client.UserInitiatedShutdown");
      return `<item>${element("instanceId", instance.instanceId)}<currentState>${stateBody(instance.state)}</currentState><previousState>${stateBody(previous)}</previousState></item>`;
    });
    return `<instancesSet>${items.join("")}</instancesSet>`;
  }

  /** The instances of these ids in this region, or EC2's error for the first malformed or unknown ones. */
  #known(region: string, ids: readonly string[]): Instance[] {
    const malformed = ids.find((id) => !INSTANCE_ID.test(id));
    if (malformed) throw new Ec2Fault("InvalidInstanceID.Malformed", `Invalid id: "${malformed}"`);
    const unknown = ids.filter((id) => this.#instances.get(id)?.region !== region);
    if (unknown.length === 1)
      throw new Ec2Fault("InvalidInstanceID.NotFound", `The instance ID '${unknown[0]}' does not exist`);
    if (unknown.length > 1)
      throw new Ec2Fault(
        "InvalidInstanceID.NotFound",
        `The instance IDs '${unknown.join(", ")}' do not exist`,
      );
    return ids.map((id) => this.#instances.get(id) as Instance);
  }

  /** pending → running: the user data starts, as cloud-init would start it. */
  async #boot(instance: Instance): Promise<void> {
    if (instance.state !== "pending" || this.#closed) return;
    try {
      await mkdir(instance.directory, { recursive: true, mode: 0o700 });
      if (instance.userData && instance.userData.length > 0) {
        instance.process = await startUserData({
          directory: instance.directory,
          script: instance.userData,
          env: this.#env(),
        });
      }
    } catch (error) {
      instance.state = "terminated";
      instance.stateReason = {
        code: "Server.InternalError",
        message: `the emulator could not start the user data: ${(error as Error).message}`,
      };
      return;
    }
    // Terminated while the process was being started.
    if (instance.state !== "pending") {
      instance.stopping = instance.process?.kill(this.#options.killGraceMs ?? 5000);
      instance.process = undefined;
      return;
    }
    instance.state = "running";
    // The script ended on its own: the instance shut itself down.
    instance.process?.ended.then(() => {
      if (instance.state !== "running") return;
      instance.state = instance.shutdownBehavior === "terminate" ? "terminated" : "stopped";
      instance.stateReason = {
        code: "Client.InstanceInitiatedShutdown",
        message: "Client.InstanceInitiatedShutdown: Instance initiated shutdown",
      };
      instance.process = undefined;
    });
  }

  /** → shutting-down now, → terminated once its processes are gone. */
  #terminate(instance: Instance, reason: string): void {
    const running = instance.process;
    instance.state = running ? "shutting-down" : "terminated";
    instance.stateReason = { code: reason, message: `${reason}: User initiated shutdown` };
    if (!running) return;
    instance.stopping = running.kill(this.#options.killGraceMs ?? 5000).then(() => {
      instance.state = "terminated";
      instance.process = undefined;
    });
  }

  /** The environment of every user data: a minimal PATH with the shims first, as on a fresh image. */
  #env(): Record<string, string> {
    return {
      PATH: `${this.#shimDirectory}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
      HOME: this.#root,
      LANG: process.env.LANG ?? "C.UTF-8",
      ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
      ...this.#options.env,
      // Never power off the machine the tests run on, whatever the script does.
      BARRAGE_POWEROFF_COMMAND: "true",
    };
  }

  /**
   * `barrage-agent` runs the local agent with this Node.js. `shutdown`, `poweroff` and `halt` do
   * nothing but say so: a second guard, after `BARRAGE_POWEROFF_COMMAND`, against a script that
   * would power off this machine.
   */
  async #writeShims(agentBin: string): Promise<void> {
    await mkdir(this.#shimDirectory, { recursive: true, mode: 0o700 });
    const agent = `#!/bin/sh\nexec ${shellQuote(process.execPath)} ${shellQuote(agentBin)} "$@"\n`;
    await writeFile(join(this.#shimDirectory, "barrage-agent"), agent, { mode: 0o755 });
    for (const name of ["shutdown", "poweroff", "halt"])
      await writeFile(join(this.#shimDirectory, name), `#!/bin/sh\necho "emulator: ${name} $* ignored"\n`, {
        mode: 0o755,
      });
  }

  #later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, ms);
    this.#timers.add(timer);
  }

  #view(i: Instance): EmulatedInstance {
    return {
      instanceId: i.instanceId,
      region: i.region,
      state: i.state,
      instanceType: i.instanceType,
      imageId: i.imageId,
      subnetId: i.subnetId,
      tags: Object.fromEntries(i.tags),
      pid: i.process?.pid,
      userData: i.userData?.toString("utf8"),
      directory: i.directory,
    };
  }
}

/**
 * Starts an EC2 emulator on 127.0.0.1; see {@link Ec2Emulator}.
 *
 * @example
 * const emulator = await startEc2Emulator({ killGraceMs: 3000 });
 * const ec2 = new EC2Client({ region: "us-east-1", ...emulator.clientConfig });
 */
export function startEc2Emulator(options: Ec2EmulatorOptions = {}): Promise<Ec2Emulator> {
  return Ec2Emulator.start(options);
}

function reservationBody(instances: Instance[]): string {
  const first = instances[0] as Instance;
  return `${element("reservationId", first.reservationId)}${element("ownerId", OWNER_ID)}<groupSet/><instancesSet>${instances.map(instanceXml).join("")}</instancesSet>`;
}

function stateBody(state: InstanceStateName): string {
  return `${element("code", STATE_CODES[state])}${element("name", state)}`;
}

function instanceXml(i: Instance): string {
  const tags = [...i.tags]
    .map(([key, value]) => `<item>${element("key", key)}${element("value", value)}</item>`)
    .join("");
  return [
    "<item>",
    element("instanceId", i.instanceId),
    element("imageId", i.imageId),
    `<instanceState>${stateBody(i.state)}</instanceState>`,
    element("privateDnsName", ""),
    element("dnsName", ""),
    element("amiLaunchIndex", 0),
    element("instanceType", i.instanceType),
    element("launchTime", i.launchTime.toISOString()),
    `<placement>${element("availabilityZone", `${i.region}a`)}${element("tenancy", "default")}</placement>`,
    element("subnetId", i.subnetId),
    i.stateReason
      ? `<stateReason>${element("code", i.stateReason.code)}${element("message", i.stateReason.message)}</stateReason>`
      : "",
    element("clientToken", i.clientToken),
    tags ? `<tagSet>${tags}</tagSet>` : "",
    "</item>",
  ].join("");
}
