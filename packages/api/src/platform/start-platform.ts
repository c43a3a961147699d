import { join } from "node:path";
import { eq } from "drizzle-orm";
import { Logger } from "graphile-worker";
import { startAgentServer } from "../agents/index.js";
import { createApiToken } from "../auth/create-api-token.js";
import {
  type CoordinatorTuning,
  coordinateTask,
  REAP_TASK,
  reapTask,
  startCoordinator,
} from "../coordinator/index.js";
import { connectDatabase } from "../db/connect.js";
import { createDb } from "../db/database.js";
import { migrate } from "../db/migrate.js";
import type { TokenScope } from "../db/schema/core.js";
import { organizations } from "../db/schema/core.js";
import { defaultStateDirectory } from "../db/state-directory.js";
import { computeRunInsights, startLiveInsights } from "../insights/index.js";
import { partitionsTask, prepareMetricStore } from "../metrics/index.js";
import { ensureDefaultOrganization } from "../organizations/ensure-default-organization.js";
import { COORDINATE_TASK, startPipelineWorker } from "../pipeline/index.js";
import { startApiServer } from "../server/index.js";
import { LocalDirectoryObjectStore } from "../storage/index.js";
import { PrivateZoneProvider, startZoneAgentRoutes } from "../zones/index.js";
import type { AwsPlatformConfig } from "./aws-config.js";
import { loadOrCreateCertificateAuthority } from "./certificate-authority-files.js";
import { startProviders } from "./provider-registry.js";
import { serveWebApp } from "./web-app.js";

/**
 * The platform's recurring jobs: metric partitions made ahead and dropped past retention every
 * hour, and the reaper every minute. A job key keeps a slow round from piling up behind itself.
 */
const PLATFORM_CRONTAB = [
  "7 * * * * metrics_partitions ?jobKey=metrics_partitions",
  `* * * * * ${REAP_TASK} ?jobKey=${REAP_TASK}`,
].join("\n");

/** Where and how the one-process platform runs. */
export interface PlatformOptions {
  /** PostgreSQL to use; without it an embedded server is started in the state directory. */
  databaseUrl?: string;
  /** Where the embedded database, the CA, archives and agent logs live. */
  stateDir?: string;
  host?: string;
  /** GraphQL port (default 4000); 0 picks a free one. */
  port?: number;
  /** Agent port (mutual TLS; default 4443); 0 picks a free one. */
  agentPort?: number;
  /** The address the agent port listens on (default `host`), e.g. `0.0.0.0` for agents on other machines. */
  agentHost?: string;
  /**
   * The names or addresses agents dial to reach the agent port (its server certificate holds them;
   * the first is in the URL agents get). Default `agentHost`, which must then not be a wildcard.
   * Agents on EC2 need one they can reach, e.g. the platform's public DNS name.
   */
  agentHosts?: readonly string[];
  /**
   * The `aws` provider (EC2 instances in the configured regions); off without it. Its regions' zones
   * (`amazon:us:ashburn`, ...) become built-in load zones at start-up. See docs/aws.md.
   */
  aws?: AwsPlatformConfig;
  /** The coordinator's timings (ready deadline, heartbeat timeout, partition tolerance, ...). */
  coordinatorTuning?: Partial<CoordinatorTuning>;
  /** A built web app (a directory with `index.html`) to serve at `/` beside the API. */
  webAppDirectory?: string;
  log?: (line: string) => void;
}

/** A running platform. */
export interface Platform {
  /** The GraphQL endpoint. */
  url: string;
  /** Where agents call home. */
  agentUrl: string;
  /** The web app, when one is served. */
  webUrl?: string;
  /**
   * Makes an API token of the organization "default" (for scripts that embed the platform, such as
   * the demo) and returns its secret, which is shown nowhere else.
   */
  createApiToken(label: string, scopes: readonly TokenScope[]): Promise<string>;
  close(): Promise<void>;
}

/**
 * Runs the whole platform in this process, for a laptop or a single server: the GraphQL API, the
 * run pipeline worker, the coordinator, the agent port, the `local` load zone, organizations'
 * private zones (`src/zones/`) and, when configured, the `aws` provider's zones. In production the
 * same parts run as separate processes sharing only PostgreSQL and the object store.
 *
 * @example
 * const platform = await startPlatform({ databaseUrl: process.env.DATABASE_URL });
 * console.log(`GraphQL endpoint: ${platform.url}`);
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const stateDir = options.stateDir ?? defaultStateDirectory();
  const host = options.host ?? "127.0.0.1";
  const database = await connectDatabase({ databaseUrl: options.databaseUrl, stateDir, log });
  const { pool } = database;
  const closers: (() => Promise<unknown>)[] = [() => database.close()];
  const close = async () => {
    for (const closer of closers.reverse())
      await closer().catch((error) => log(`while stopping: ${(error as Error).message}`));
  };
  try {
    const applied = await migrate(pool);
    if (applied.length > 0) log(`database migrated: ${applied.join(", ")}`);
    await ensureDefaultOrganization(pool);
    await prepareMetricStore(pool, { logger: { info: log } });
    const ca = await loadOrCreateCertificateAuthority(stateDir);
    const objectStore = new LocalDirectoryObjectStore(join(stateDir, "objects"));
    // The agents of private zones (src/zones/) enrol, poll for work and beat on the agent port too.
    const zoneAgents = await startZoneAgentRoutes({ pool, ca, logger: { info: log, warn: log, error: log } });
    closers.push(() => zoneAgents.close());
    const agentServer = await startAgentServer({
      pool,
      ca,
      objectStore,
      extraRoutes: zoneAgents.routes,
      host: options.agentHost ?? host,
      port: options.agentPort ?? 4443,
      ...(options.agentHosts ? { hosts: options.agentHosts } : {}),
    });
    closers.push(() => agentServer.close());
    const {
      providers,
      providerFor,
      close: closeProviders,
    } = await startProviders(pool, {
      stateDir,
      aws: options.aws,
      log,
    });
    closers.push(async () => closeProviders());
    providers.set("private", new PrivateZoneProvider({ pool }));
    const tuning = options.coordinatorTuning;
    // The final insights are computed before the run takes its end status, so that a client that
    // waits for the status (barrage cloud, the web app) finds them.
    const judgeRun = async (runId: number) => {
      await computeRunInsights(pool, runId, "final");
    };
    const worker = await startPipelineWorker({
      pool,
      logger: workerLogger(log),
      deps: {
        objectStore,
        providerFor,
        agentEndpoint: { apiUrl: agentServer.url, caCertificatePem: ca.certificatePem },
      },
      extraTasks: {
        [COORDINATE_TASK]: coordinateTask({ pool, providers, judgeRun, ...(tuning && { tuning }) }),
        [REAP_TASK]: reapTask({ pool, providers }),
        metrics_partitions: partitionsTask,
      },
      crontab: PLATFORM_CRONTAB,
    });
    closers.push(() => worker.stop());
    await worker.addJob("metrics_partitions", {}, { jobKey: "metrics_partitions:startup" });
    const coordinator = await startCoordinator({ pool, providers, judgeRun, ...(tuning && { tuning }) });
    const liveInsights = startLiveInsights({ pool, log });
    closers.push(() => liveInsights.close());
    closers.push(() => coordinator.close());
    const webApp = options.webAppDirectory;
    const api = await startApiServer({
      pool,
      host,
      port: options.port ?? 4000,
      ...(webApp ? { fallback: serveWebApp(webApp) } : {}),
    });
    closers.push(() => api.close());
    const webUrl = webApp ? new URL("/", api.url).toString() : undefined;
    return {
      url: api.url,
      agentUrl: agentServer.url,
      ...(webUrl ? { webUrl } : {}),
      createApiToken: async (label, scopes) => {
        const db = createDb(pool);
        const [organization] = await db
          .select({ id: organizations.id })
          .from(organizations)
          .where(eq(organizations.name, "default"));
        if (!organization) throw new Error('the platform has no organization "default" to make a token for');
        return (await createApiToken(db, organization.id, label, [...scopes])).secret;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * graphile-worker's messages into the platform's log, warnings and errors only: at info level it
 * reports every completed job, and the coordinator's job runs every few hundred milliseconds per run.
 */
function workerLogger(log: (line: string) => void): Logger {
  return new Logger(() => (level, message) => {
    if (level === "error" || level === "warning") log(`worker ${level}: ${message}`);
  });
}
