import { join } from "node:path";
import { LocalProvider } from "@barrage/providers";
import { eq } from "drizzle-orm";
import { startAgentServer } from "../agents/index.js";
import { createApiToken } from "../auth/create-api-token.js";
import { coordinateTask, REAP_TASK, reapTask, startCoordinator } from "../coordinator/index.js";
import { connectDatabase } from "../db/connect.js";
import { createDb } from "../db/database.js";
import { migrate } from "../db/migrate.js";
import type { TokenScope } from "../db/schema/core.js";
import { organizations } from "../db/schema/core.js";
import { defaultStateDirectory } from "../db/state-directory.js";
import { partitionsTask, prepareMetricStore } from "../metrics/index.js";
import { ensureDefaultOrganization } from "../organizations/ensure-default-organization.js";
import { COORDINATE_TASK, startPipelineWorker } from "../pipeline/index.js";
import { startApiServer } from "../server/index.js";
import { LocalDirectoryObjectStore } from "../storage/index.js";
import { loadOrCreateCertificateAuthority } from "./certificate-authority-files.js";
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
 * run pipeline worker, the coordinator, the agent port and the `local` load zone. In production the
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
    const agentServer = await startAgentServer({
      pool,
      ca,
      objectStore,
      host,
      port: options.agentPort ?? 4443,
    });
    closers.push(() => agentServer.close());
    const local = new LocalProvider({ logDirectory: join(stateDir, "agents") });
    const providers = new Map([["local", local]]);
    const worker = await startPipelineWorker({
      pool,
      deps: {
        objectStore,
        providerFor: () => local,
        agentEndpoint: { apiUrl: agentServer.url, caCertificatePem: ca.certificatePem },
      },
      extraTasks: {
        [COORDINATE_TASK]: coordinateTask({ pool, providers }),
        [REAP_TASK]: reapTask({ pool, providers }),
        metrics_partitions: partitionsTask,
      },
      crontab: PLATFORM_CRONTAB,
    });
    closers.push(() => worker.stop());
    await worker.addJob("metrics_partitions", {}, { jobKey: "metrics_partitions:startup" });
    const coordinator = await startCoordinator({ pool, providers });
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
