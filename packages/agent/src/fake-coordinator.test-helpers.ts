import { once } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
// Test-only: the fake signs with the platform CA's own code, so these tests also prove that the
// agent and the API's CA agree. Nothing outside tests imports the API.
import {
  AgentIdentityError,
  type CertificateAuthority,
  CsrRejectedError,
  createCertificateAuthority,
  identifyAgent,
  issueServerCertificate,
  loadCertificateAuthority,
  signAgentCsr,
} from "../../api/src/agents/ca/index.js";
import type {
  Assignment,
  Command,
  Heartbeat,
  MetricDocument,
  SetupResult,
  StateReport,
} from "./transport/index.js";

/** Everything the fake saw from one instance. */
export interface InstanceRecord {
  assignment: Assignment;
  token: string;
  tokenUsed: boolean;
  commands: Command[];
  states: StateReport[];
  setupResults: SetupResult[];
  /** Every metric document received, in arrival order (resends included). */
  metricPosts: MetricDocument[];
  heartbeats: Heartbeat[];
}

/** One request over the agent port, as TLS saw it. */
export interface SeenRequest {
  route: string;
  authorized: boolean;
  instanceId: string | undefined;
}

/**
 * A simulated outage: matching routes answer 503, or have their connection dropped before the
 * request is handled ("drop") or after it was ("lose-answer": the agent cannot know it arrived).
 */
export interface Outage {
  mode: "503" | "drop" | "lose-answer";
  /** Path prefixes it hits, e.g. `/agent/v1/metrics`; all mTLS routes when absent. */
  paths?: string[];
}

type NewCommand =
  | { type: "run-setup" }
  | { type: "set-setup-data"; data: unknown }
  | { type: "start"; atEpochMs: number }
  | { type: "stop"; reason: string }
  | { type: "run-teardown" };

/**
 * An in-memory API agent port for tests: real HTTPS with the platform CA, certificates requested
 * and checked per route as docs/platform.md says, call-home consuming tokens, a command long poll,
 * and a record of everything received. `outage` simulates the API going away.
 */
export class FakeCoordinator {
  readonly runId = "run-1";
  readonly instances = new Map<string, InstanceRecord>();
  readonly requests: SeenRequest[] = [];
  outage: Outage | undefined;
  readonly #server: https.Server;
  readonly #ca: CertificateAuthority;
  readonly #archive: { bytes: Buffer; sha256: string };
  readonly #pollHoldMs: number;
  readonly #waiters = new Set<() => void>();

  private constructor(
    server: https.Server,
    ca: CertificateAuthority,
    archive: { bytes: Buffer; sha256: string },
    pollHoldMs: number,
  ) {
    this.#server = server;
    this.#ca = ca;
    this.#archive = archive;
    this.#pollHoldMs = pollHoldMs;
  }

  /** Starts the fake on a loopback port, serving `archive` to every instance. */
  static async start(archive: { bytes: Buffer; sha256: string }, options: { pollHoldMs?: number } = {}) {
    const ca = await loadCertificateAuthority(
      await createCertificateAuthority({ commonName: "Fake platform CA" }),
    );
    const cert = await issueServerCertificate(ca, { hosts: ["127.0.0.1", "localhost"] });
    const server = https.createServer({
      cert: cert.certificatePem,
      key: cert.privateKeyPem,
      ca: [ca.certificatePem],
      requestCert: true,
      rejectUnauthorized: false,
    });
    const fake = new FakeCoordinator(server, ca, archive, options.pollHoldMs ?? 500);
    server.on("request", (req, res) => {
      fake.#route(req, res).catch((error) => fake.#reply(res, 500, { error: String(error) }));
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    return fake;
  }

  get url(): string {
    return `https://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  get caCertificatePem(): string {
    return this.#ca.certificatePem;
  }

  /** Registers an instance of the run and returns its one-time bootstrap token. */
  addInstance(
    instanceId: string,
    plan: { segment?: string; sequence?: string; env?: Record<string, string> },
  ) {
    const token = `token-${instanceId}-${Math.random().toString(36).slice(2)}`;
    this.instances.set(instanceId, {
      token,
      tokenUsed: false,
      assignment: {
        runId: this.runId,
        instanceId,
        zone: "local",
        segment: plan.segment ?? "0:1",
        sequence: plan.sequence ?? "0,1",
        archiveSha256: this.#archive.sha256,
        env: plan.env ?? {},
        aggregationPeriodMs: 200,
      },
      commands: [],
      states: [],
      setupResults: [],
      metricPosts: [],
      heartbeats: [],
    });
    return token;
  }

  instance(instanceId: string): InstanceRecord {
    const record = this.instances.get(instanceId);
    if (!record) throw new Error(`no instance ${instanceId}`);
    return record;
  }

  /** Queues a command for an instance; the long poll delivers it. */
  command(instanceId: string, command: NewCommand): void {
    const record = this.instance(instanceId);
    record.commands.push({ seq: record.commands.length + 1, ...command } as Command);
    this.#notify();
  }

  /** The distinct metric documents of an instance, by seq (the API's dedupe). */
  metrics(instanceId: string): Map<number, MetricDocument> {
    return new Map(this.instance(instanceId).metricPosts.map((doc) => [doc.seq, doc]));
  }

  /** Resolves when `predicate` holds, checking after every request; rejects after `timeoutMs`. */
  async waitFor(what: string, predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
    if (predicate()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve();
      };
      this.#waiters.add(check);
    });
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    this.#server.close();
  }

  #notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  #reply(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
    this.#notify();
  }

  async #route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "https://fake");
    const route = `${req.method} ${url.pathname}`;
    const body = await readBody(req);
    if (route === "POST /agent/v1/call-home") return this.#callHome(res, body);
    const socket = req.socket as TLSSocket;
    let instanceId: string | undefined;
    if (socket.authorized) {
      try {
        const identity = identifyAgent(socket.getPeerCertificate());
        if (identity.runId === this.runId) instanceId = identity.instanceId;
      } catch (error) {
        if (!(error instanceof AgentIdentityError)) throw error;
      }
    }
    this.requests.push({ route, authorized: socket.authorized, instanceId });
    if (!socket.authorized)
      return this.#reply(res, 401, { error: `client certificate required: ${socket.authorizationError}` });
    const record = instanceId === undefined ? undefined : this.instances.get(instanceId);
    if (!record) return this.#reply(res, 403, { error: "this certificate does not belong to this run" });
    const outage = this.outage;
    const hit = outage && (!outage.paths || outage.paths.some((p) => url.pathname.startsWith(p)));
    if (hit && outage.mode === "503") return this.#reply(res, 503, { error: "simulated outage" });
    if (hit && outage.mode === "drop") {
      req.socket.destroy();
      return;
    }
    if (hit && outage.mode === "lose-answer") {
      res.write = () => true;
      res.end = () => {
        req.socket.destroy();
        return res;
      };
    }
    switch (route) {
      case "GET /agent/v1/assignment":
        return this.#reply(res, 200, record.assignment);
      case "GET /agent/v1/archive":
        res.writeHead(200, { "content-type": "application/octet-stream" });
        res.end(this.#archive.bytes);
        return;
      case "POST /agent/v1/state":
        record.states.push(body as StateReport);
        return this.#reply(res, 200, {});
      case "POST /agent/v1/setup-result":
        record.setupResults.push(body as SetupResult);
        return this.#reply(res, 200, {});
      case "POST /agent/v1/heartbeat":
        record.heartbeats.push(body as Heartbeat);
        return this.#reply(res, 200, {});
      case "POST /agent/v1/metrics": {
        const doc = body as MetricDocument;
        if (typeof doc?.seq !== "number" || !Array.isArray(doc.points))
          return this.#reply(res, 400, { error: "not a metric-stream document" });
        const duplicate = record.metricPosts.some((d) => d.seq === doc.seq);
        record.metricPosts.push(doc);
        return this.#reply(res, 200, { accepted: true, duplicate });
      }
      case "GET /agent/v1/commands":
        return this.#poll(res, record, Number(url.searchParams.get("after") ?? 0));
      default:
        return this.#reply(res, 404, { error: `no route ${route}` });
    }
  }

  async #callHome(res: ServerResponse, body: unknown): Promise<void> {
    this.requests.push({ route: "POST /agent/v1/call-home", authorized: false, instanceId: undefined });
    const { token, csr } = (body ?? {}) as { token?: string; csr?: string };
    const record = [...this.instances.values()].find((r) => r.token === token);
    if (!record || record.tokenUsed)
      return this.#reply(res, 401, { error: "unknown or already used bootstrap token" });
    record.tokenUsed = true;
    const { runId, zone, instanceId } = record.assignment;
    try {
      const certificate = await signAgentCsr(this.#ca, String(csr), {
        runId,
        zone,
        instanceId,
        ttlMs: 3_600_000,
      });
      return this.#reply(res, 200, {
        certificate,
        caCertificate: this.#ca.certificatePem,
        runId,
        instanceId,
        zone,
      });
    } catch (error) {
      if (error instanceof CsrRejectedError) return this.#reply(res, 400, { error: error.message });
      throw error;
    }
  }

  #poll(res: ServerResponse, record: InstanceRecord, after: number): void {
    const ready = () => record.commands.filter((c) => c.seq > after);
    if (ready().length > 0) {
      this.#reply(res, 200, { commands: ready() });
      return;
    }
    const answer = () => {
      clearTimeout(timer);
      this.#waiters.delete(check);
      if (!res.writableEnded) this.#reply(res, 200, { commands: ready() });
    };
    const check = () => {
      if (ready().length > 0) answer();
    };
    const timer = setTimeout(answer, this.#pollHoldMs);
    this.#waiters.add(check);
    res.on("close", () => {
      clearTimeout(timer);
      this.#waiters.delete(check);
    });
  }
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text === "" ? undefined : JSON.parse(text);
}
