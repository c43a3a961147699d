import type pg from "pg";
import { ensureMetricPartitions } from "../partitions/ensure-partitions.js";
import { batchKey } from "./claim-batches.js";
import type { SourcedBatch } from "./sourced-batch.js";
import { sqlState } from "./transaction.js";
import { writeGroup } from "./write-group.js";

/** Points one transaction takes at most: large enough to amortize it, small enough to keep latency low. */
const MAX_GROUP_POINTS = 20_000;
/** Transactions in flight per pool: one builds its statements while the other waits on the database. */
const WRITERS = 2;

interface Pending {
  item: SourcedBatch;
  resolve(duplicate: boolean): void;
  reject(error: unknown): void;
}

/**
 * Writes the batches of all agents of a pool's database in groups: while a transaction is in flight,
 * the batches arriving meanwhile queue up and go together in the next one. Under load this turns
 * thousands of small transactions (each with its round trips, its commit and its own update of the
 * same derived rows) into a few large ones; when idle, a batch goes alone at once. Every batch is
 * still stored all or nothing. A group that fails is retried batch by batch, so that one bad batch
 * fails alone and gets its own error.
 */
class BatchWriter {
  readonly #pending: Pending[] = [];
  #active = 0;

  constructor(readonly pool: pg.Pool) {}

  /** Stores a batch; resolves with whether it was a duplicate once its transaction committed. */
  submit(item: SourcedBatch): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ item, resolve, reject });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#active < WRITERS && this.#pending.length > 0) {
      const group = this.#take();
      this.#active++;
      void this.#write(group).finally(() => {
        this.#active--;
        this.#pump();
      });
    }
  }

  /** The oldest pending batches up to the group size, leaving a second copy of a batch for later. */
  #take(): Pending[] {
    const group: Pending[] = [];
    const keys = new Set<string>();
    let points = 0;
    for (let i = 0; i < this.#pending.length && points < MAX_GROUP_POINTS; ) {
      const entry = this.#pending[i] as Pending;
      const key = batchKey(entry.item);
      if (keys.has(key)) {
        i++;
        continue;
      }
      keys.add(key);
      group.push(entry);
      points += entry.item.batch.points.length;
      this.#pending.splice(i, 1);
    }
    return group;
  }

  async #write(group: readonly Pending[], partitionsEnsured = false): Promise<void> {
    try {
      const duplicates = await writeGroup(
        this.pool,
        group.map((p) => p.item),
      );
      for (const [i, p] of group.entries()) p.resolve(duplicates[i] === true);
    } catch (error) {
      if (isMissingPartition(error) && !partitionsEnsured) {
        const ends = group.map((p) => p.item.batch.end);
        try {
          await ensureMetricPartitions(this.pool, { from: Math.min(...ends), to: Math.max(...ends) });
        } catch (ensureError) {
          for (const p of group) p.reject(ensureError);
          return;
        }
        return this.#write(group, true);
      }
      if (group.length > 1) {
        for (const entry of group) await this.#write([entry], partitionsEnsured);
        return;
      }
      for (const p of group) p.reject(error);
    }
  }
}

// "no partition of relation ... found for row" is a check_violation raised by the partition routing.
function isMissingPartition(error: unknown): boolean {
  return sqlState(error) === "23514" && /no partition of relation/.test((error as Error).message);
}

const writers = new WeakMap<pg.Pool, BatchWriter>();

/** Stores a validated batch through the pool's writer; resolves with whether it was a duplicate. */
export function submitBatch(pool: pg.Pool, item: SourcedBatch): Promise<boolean> {
  let writer = writers.get(pool);
  if (writer === undefined) {
    writer = new BatchWriter(pool);
    writers.set(pool, writer);
  }
  return writer.submit(item);
}
