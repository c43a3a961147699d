import { setTimeout as sleep } from "node:timers/promises";
import type { Logger, MetricBatch, MetricOutput } from "@barrage/runner";
import { AgentApiError, Backoff, describeError, ProtocolError } from "../transport/index.js";
import { toStreamDocument } from "./stream-document.js";

/** How the shipper buffers and retries. */
export interface MetricShipperOptions {
  logger: Logger;
  /** The run's aggregation period, ms: sizes the buffer in time. */
  periodMs: number;
  /** How much of the stream to keep while the API is unreachable, ms (default 10 minutes). */
  bufferMs?: number;
  /** How long `close()` keeps trying to deliver what is left, ms (default 2 minutes). */
  drainTimeoutMs?: number;
  /** Waits between attempts (default 0.25 s doubling to 5 s). */
  backoff?: { initialDelayMs: number; maxDelayMs: number };
}

interface Pending {
  seq: number;
  body: string;
}

/**
 * The runner's metric output on an agent: each period's batch becomes a stream document with
 * `seq` 1, 2, 3, ... and is sent to the API in order, one at a time. A batch that fails with a
 * connection error or 5xx stays at the head of the queue and is resent after a backoff, so a
 * network cut loses nothing: the API stores each seq once, and a resend of a batch it did receive
 * is harmless. The queue holds `bufferMs` of batches; beyond that the oldest is dropped with an
 * error in the log. A 4xx answer is final: that batch is dropped with the server's reason.
 *
 * @example
 * const shipper = new MetricShipper((body) => client.sendMetrics(body), { logger, periodMs: 1000 });
 * new TestRun(prepared, { outputs: [shipper], periodMs: 1000, logger });
 */
export class MetricShipper implements MetricOutput {
  readonly #send: (body: string) => Promise<void>;
  readonly #logger: Logger;
  readonly #capacity: number;
  readonly #drainTimeoutMs: number;
  readonly #backoff: Backoff;
  readonly #queue: Pending[] = [];
  readonly #stop = new AbortController();
  #seq = 0;
  #pump: Promise<void> | undefined;
  #failing = false;

  constructor(send: (body: string) => Promise<void>, options: MetricShipperOptions) {
    this.#send = send;
    this.#logger = options.logger;
    this.#capacity = Math.max(1, Math.ceil((options.bufferMs ?? 600_000) / options.periodMs));
    this.#drainTimeoutMs = options.drainTimeoutMs ?? 120_000;
    this.#backoff = new Backoff(options.backoff ?? { initialDelayMs: 250, maxDelayMs: 5000 });
  }

  /** The seq of the last batch written: how many documents the stream has. */
  get lastSeq(): number {
    return this.#seq;
  }

  /** Batches written and not yet accepted by the API. */
  get pending(): number {
    return this.#queue.length;
  }

  write(batch: MetricBatch): void {
    const seq = ++this.#seq;
    this.#queue.push({ seq, body: JSON.stringify(toStreamDocument(seq, batch)) });
    if (this.#queue.length > this.#capacity) {
      const dropped = this.#queue.shift();
      this.#logger.error(
        `metric buffer full (${this.#capacity} batches): dropped batch seq ${dropped?.seq}; the API has been unreachable too long and this period's metrics are lost`,
      );
    }
    this.#pump ??= this.#drain().finally(() => {
      this.#pump = undefined;
    });
  }

  /** Delivers what is queued, giving up after the drain timeout with an error naming what was lost. */
  async close(): Promise<void> {
    const pump = this.#pump;
    if (!pump) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.#drainTimeoutMs);
    });
    await Promise.race([pump, timeout]);
    clearTimeout(timer);
    if (this.#queue.length === 0) return;
    this.#stop.abort();
    const seqs = this.#queue.map((p) => p.seq);
    this.#logger.error(
      `could not deliver ${seqs.length} metric batches (seq ${seqs[0]} to ${seqs.at(-1)}) within ${this.#drainTimeoutMs} ms after the run; they are lost`,
    );
  }

  async #drain(): Promise<void> {
    for (let head = this.#queue[0]; head && !this.#stop.signal.aborted; head = this.#queue[0]) {
      try {
        await this.#send(head.body);
        this.#delivered(head);
      } catch (error) {
        if (isFinal(error)) {
          this.#rejected(head, error);
          continue;
        }
        if (!this.#failing)
          this.#logger.warn(
            `sending metric batch seq ${head.seq} failed, keeping it and retrying: ${describeError(error)}`,
          );
        this.#failing = true;
        await sleep(this.#backoff.next(), undefined, { signal: this.#stop.signal }).catch(() => undefined);
      }
    }
  }

  #delivered(head: Pending): void {
    if (this.#queue[0] === head) this.#queue.shift();
    if (this.#failing)
      this.#logger.info(`metric stream recovered; ${this.#queue.length} batches left to resend`);
    this.#failing = false;
    this.#backoff.reset();
  }

  #rejected(head: Pending, error: unknown): void {
    if (this.#queue[0] === head) this.#queue.shift();
    const reason = error instanceof AgentApiError ? error.message : describeError(error);
    this.#logger.error(`the API refused metric batch seq ${head.seq}; dropping it: ${reason}`);
  }
}

/**
 * A refusal (4xx) or an answer that is not the protocol's means the API saw the batch and will not
 * take it; anything else (5xx, connection and TLS errors) may pass later, and the buffer bounds
 * how long the shipper keeps trying.
 */
function isFinal(error: unknown): boolean {
  return error instanceof AgentApiError ? error.status < 500 : error instanceof ProtocolError;
}
