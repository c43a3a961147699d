import type {
  AllocatedInstance,
  AllocationRequest,
  InstanceStatus,
  LoadZoneProvider,
  ZoneDescription,
} from "@barrage/providers";
import { sql } from "drizzle-orm";
import type pg from "pg";
import { createDb, type Db } from "../../db/database.js";
import { jobStatus } from "../store/job-status.js";
import { queueJobs } from "../store/queue-jobs.js";
import { releaseJobs } from "../store/release-jobs.js";

const REF_PREFIX = "private:";

/**
 * The `private` load-zone provider: agents that organizations run on their own machines
 * (`barrage agent`) and that keep a long poll open to the agent port. It starts nothing itself:
 * `allocate` queues each instance as a job of its zone, holding the instance's bootstrap token, and
 * returns at once; an idle agent of the zone takes the job through its poll and runs the usual
 * per-run flow with the token. A run whose zone has too few agents waits in INITIALIZING (its status
 * reason says for how many) until the coordinator's ready deadline ends it.
 *
 * It lives in the API rather than in `@barrage/providers` because the queue is in PostgreSQL:
 * allocation, the agent port and the coordinator may be in different processes.
 *
 * @example
 * const privateZones = new PrivateZoneProvider({ pool });
 * const providers = new Map([["local", local], ["private", privateZones]]);
 */
export class PrivateZoneProvider implements LoadZoneProvider {
  readonly name = "private";
  readonly #db: Db;

  constructor(options: { pool: pg.Pool }) {
    this.#db = createDb(options.pool);
  }

  /** Queues every instance of the request or none (one transaction); references are `private:<instanceId>`. */
  async allocate(request: AllocationRequest): Promise<AllocatedInstance[]> {
    const jobs = request.instances.map(({ instanceId, bootstrapToken }) => ({
      instanceId: parseInstanceId(instanceId),
      bootstrapToken,
    }));
    try {
      await queueJobs(this.#db, Number(request.runId), jobs);
    } catch (error) {
      throw new Error(
        `cannot queue run ${request.runId}'s instances in private zone "${request.zone}": ${(error as Error).message}`,
        { cause: error },
      );
    }
    return jobs.map(({ instanceId }) => ({
      instanceId: String(instanceId),
      providerRef: `${REF_PREFIX}${instanceId}`,
    }));
  }

  async status(providerRef: string): Promise<InstanceStatus> {
    const instanceId = instanceIdOfRef(providerRef);
    return instanceId === undefined ? { state: "unknown" } : jobStatus(this.#db, instanceId);
  }

  /**
   * Takes the jobs out of the queue, or tells the agents holding them to stop (through their next
   * heartbeat): the user's machines are never stopped, only given back to idle.
   */
  async release(providerRefs: readonly string[]): Promise<void> {
    const ids = providerRefs.flatMap((ref) => {
      const id = instanceIdOfRef(ref);
      return id === undefined ? [] : [id];
    });
    await releaseJobs(this.#db, ids);
  }

  /** Every organization's private zones: a provider has no organization to narrow them to. */
  async listZones(): Promise<ZoneDescription[]> {
    const { rows } = await this.#db.execute<{ name: string; organization_id: string }>(sql`
      select name, organization_id from load_zones where provider = 'private' order by organization_id, name`);
    return rows.map((row) => ({
      name: row.name,
      provider: this.name,
      description: `agents of organization ${row.organization_id} on its own machines`,
    }));
  }
}

function parseInstanceId(instanceId: string): number {
  const id = Number(instanceId);
  if (!/^[1-9][0-9]{0,15}$/.test(instanceId) || !Number.isSafeInteger(id))
    throw new Error(`instance id ${JSON.stringify(instanceId)} is not an id of this platform`);
  return id;
}

/** The instance id in a `private:<id>` reference; undefined for anything else (another provider's). */
function instanceIdOfRef(ref: string): number | undefined {
  if (!ref.startsWith(REF_PREFIX)) return undefined;
  const id = ref.slice(REF_PREFIX.length);
  return /^[1-9][0-9]{0,15}$/.test(id) ? Number(id) : undefined;
}
